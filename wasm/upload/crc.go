package upload

import (
	"hash/crc64"
	"strconv"
)

// crcTable is CRC64-ECMA as OSS computes it (x-oss-hash-crc64ecma).
var crcTable = crc64.MakeTable(crc64.ECMA)

// CRC64 returns the OSS CRC64-ECMA of b.
func CRC64(b []byte) uint64 { return crc64.Update(0, crcTable, b) }

// CombineCRC64 returns the CRC64-ECMA of A||B given crcA, crcB and len(B),
// without the data: it shifts crcA through lenB zero bytes in O(log lenB)
// (zlib's crc32_combine method applied to the reflected ECMA polynomial), so
// the object CRC is known from part CRCs alone.
func CombineCRC64(crcA, crcB uint64, lenB int64) uint64 {
	if lenB <= 0 {
		return crcA
	}
	// Go's crc64 pre- and post-inverts; the operator below works on the raw
	// register, for which the inversions cancel out in the combination.
	var even, odd [64]uint64
	odd[0] = 0xC96C5795D7870F42 // reflected ECMA polynomial
	row := uint64(1)
	for i := 1; i < 64; i++ {
		odd[i] = row
		row <<= 1
	}
	gf2Square(even[:], odd[:]) // 2 zero bits
	gf2Square(odd[:], even[:]) // 4 zero bits
	n := lenB
	for {
		gf2Square(even[:], odd[:]) // first time: one zero byte
		if n&1 != 0 {
			crcA = gf2Times(even[:], crcA)
		}
		n >>= 1
		if n == 0 {
			break
		}
		gf2Square(odd[:], even[:])
		if n&1 != 0 {
			crcA = gf2Times(odd[:], crcA)
		}
		n >>= 1
		if n == 0 {
			break
		}
	}
	return crcA ^ crcB
}

func gf2Times(mat []uint64, vec uint64) uint64 {
	var sum uint64
	for i := 0; vec != 0; i++ {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
		vec >>= 1
	}
	return sum
}

func gf2Square(square, mat []uint64) {
	for n := range 64 {
		square[n] = gf2Times(mat, mat[n])
	}
}

func formatCRC(c uint64) string { return strconv.FormatUint(c, 10) }

func parseCRC(s string) (uint64, bool) {
	v, err := strconv.ParseUint(s, 10, 64)
	return v, err == nil
}

// CRC64Decimal returns b's CRC64-ECMA as OSS writes it in x-oss-hash-crc64ecma.
func CRC64Decimal(b []byte) string { return formatCRC(CRC64(b)) }
