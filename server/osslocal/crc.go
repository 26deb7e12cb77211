package osslocal

import "hash/crc64"

var crcTable = crc64.MakeTable(crc64.ECMA)

// crc64Combine returns the CRC64-ECMA of A||B from crc(A), crc(B) and len(B),
// so a completed object's CRC follows from its parts' without rereading them
// (zlib's crc32_combine, widened to 64 bits).
func crc64Combine(crc1, crc2 uint64, len2 int64) uint64 {
	if len2 == 0 {
		return crc1
	}
	var even, odd [64]uint64
	odd[0] = 0xC96C5795D7870F42 // reflected ECMA polynomial
	row := uint64(1)
	for n := 1; n < 64; n++ {
		odd[n] = row
		row <<= 1
	}
	square(&even, &odd)
	square(&odd, &even)
	for {
		square(&even, &odd)
		if len2&1 != 0 {
			crc1 = times(&even, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
		square(&odd, &even)
		if len2&1 != 0 {
			crc1 = times(&odd, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
	}
	return crc1 ^ crc2
}

func times(mat *[64]uint64, vec uint64) uint64 {
	var sum uint64
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func square(sq, mat *[64]uint64) {
	for n := 0; n < 64; n++ {
		sq[n] = times(mat, mat[n])
	}
}
