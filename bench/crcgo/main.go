//go:build js && wasm

// Command crcgo is the Go-in-WebAssembly contender of the benchmark's CRC-64
// kernel comparison (bench/bench.mjs): it runs in a Web Worker and times
// Go's hash/crc64 (slicing-by-8 for ECMA) and a slicing-by-16 written here,
// over a buffer already in Go memory, so only the kernel is measured.
package main

import (
	"encoding/binary"
	"hash/crc64"
	"syscall/js"
	"time"
)

var (
	ecma    = crc64.MakeTable(crc64.ECMA)
	slice16 = makeSlice16()
)

func makeSlice16() *[16][256]uint64 {
	var t [16][256]uint64
	t[0] = *ecma
	for k := 1; k < 16; k++ {
		for i := range 256 {
			c := t[k-1][i]
			t[k][i] = c>>8 ^ t[0][byte(c)]
		}
	}
	return &t
}

// update16 is CRC-64/ECMA by slicing-by-16 (same result as crc64.Update).
func update16(crc uint64, p []byte) uint64 {
	crc = ^crc
	t := slice16
	for len(p) >= 16 {
		a := crc ^ binary.LittleEndian.Uint64(p)
		b := binary.LittleEndian.Uint64(p[8:])
		crc = t[15][byte(a)] ^ t[14][byte(a>>8)] ^ t[13][byte(a>>16)] ^ t[12][byte(a>>24)] ^
			t[11][byte(a>>32)] ^ t[10][byte(a>>40)] ^ t[9][byte(a>>48)] ^ t[8][a>>56] ^
			t[7][byte(b)] ^ t[6][byte(b>>8)] ^ t[5][byte(b>>16)] ^ t[4][byte(b>>24)] ^
			t[3][byte(b>>32)] ^ t[2][byte(b>>40)] ^ t[1][byte(b>>48)] ^ t[0][b>>56]
		p = p[16:]
	}
	for _, v := range p {
		crc = t[0][byte(crc)^v] ^ crc>>8
	}
	return ^crc
}

func main() {
	// goCRCBench(mib, slices) → {mbps, crc}: best of 3 passes over mib MiB.
	js.Global().Set("goCRCBench", js.FuncOf(func(_ js.Value, args []js.Value) any {
		buf := make([]byte, args[0].Int()<<20)
		for i := range buf {
			buf[i] = byte(uint32(i) * 2654435761 >> 13)
		}
		fn := func(b []byte) uint64 { return crc64.Update(0, ecma, b) }
		if args[1].Int() == 16 {
			fn = func(b []byte) uint64 { return update16(0, b) }
		}
		var best time.Duration
		var crc uint64
		for range 3 {
			t := time.Now()
			crc = fn(buf)
			if d := time.Since(t); best == 0 || d < best {
				best = d
			}
		}
		return map[string]any{"mbps": float64(len(buf)) / 1e6 / best.Seconds(), "crc": js.ValueOf(float64(crc >> 11))}
	}))
	select {}
}
