// Package crcvectors makes the CRC-64/ECMA test vectors the browser's CRC
// worker pool is checked against (e2e/test/crc-pool.test.mjs): Go's
// hash/crc64, the CRC OSS sends as x-oss-hash-crc64ecma, of deterministic
// pseudo-random data the page regenerates with the same generator.
package crcvectors

import (
	"hash/crc64"
	"strconv"
)

// Vector is one case: Size bytes of Data(Seed, ...), hashed from Start to End.
type Vector struct {
	Seed  uint32 `json:"seed"`
	Size  int    `json:"size"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	CRC   string `json:"crc"` // decimal, as in x-oss-hash-crc64ecma
}

// Data is size bytes of xorshift32 from seed (the low byte of each step),
// the generator the e2e test reimplements in JavaScript.
func Data(seed uint32, size int) []byte {
	b := make([]byte, size)
	x := seed
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

// Cases are the ranges covered: empty, shorter than a word and a slice,
// every alignment around the 8- and 16-byte kernels' boundaries, and sizes
// past the workers' read and copy chunks.
func Cases() []Vector {
	var v []Vector
	add := func(seed uint32, size, start, end int) {
		v = append(v, Vector{Seed: seed, Size: size, Start: start, End: end})
	}
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 1000} {
		add(1, n, 0, n)
	}
	for start := range 9 {
		add(2, 4099, start, 4099-start/2)
	}
	add(3, 1<<20+3, 5, 1<<20+3)
	add(4, 9<<20+13, 0, 9<<20+13)
	add(4, 9<<20+13, 3, 8<<20+17)
	for i := range v {
		d := Data(v[i].Seed, v[i].Size)[v[i].Start:v[i].End]
		v[i].CRC = strconv.FormatUint(crc64.Checksum(d, crc64.MakeTable(crc64.ECMA)), 10)
	}
	return v
}
