package osslocal

import (
	"hash/crc64"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCRC64Combine(t *testing.T) {
	data := make([]byte, 300000)
	rand.New(rand.NewSource(1)).Read(data)
	for _, cut := range []int{0, 1, 100, 150000, 299999, 300000} {
		a, b := data[:cut], data[cut:]
		got := crc64Combine(crc64.Checksum(a, crcTable), crc64.Checksum(b, crcTable), int64(len(b)))
		assert.Equal(t, crc64.Checksum(data, crcTable), got, cut)
	}
}

func FuzzParseRange(f *testing.F) {
	f.Add("bytes=0-9", int64(100))
	f.Add("bytes=-5", int64(3))
	f.Add("bytes=50-", int64(10))
	f.Fuzz(func(t *testing.T, h string, size int64) {
		if size < 0 {
			return
		}
		s, e, ok, err := parseRange(h, size)
		if ok && err == nil && (s < 0 || e >= size || s > e) {
			t.Fatalf("range %q on %d gave %d-%d", h, size, s, e)
		}
	})
}

func FuzzValidateKey(f *testing.F) {
	for _, k := range []string{"a", "../x", "/abs", "\\\\x", "a\x00b", "\xff"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, k string) {
		if validateKey(k) == nil && (k == "" || k[0] == '/' || k[0] == '\\' || len(k) > 1023) {
			t.Fatalf("accepted %q", k)
		}
	})
}
