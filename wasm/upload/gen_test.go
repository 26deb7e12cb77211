package upload_test

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// genSource is a file of deterministic pseudo-random bytes that are computed,
// never stored: a multi-GiB source costs no memory. seed changes the content.
type genSource struct {
	size  int64
	seed  uint64
	name  string
	mtime int64
	reads atomic.Int64
}

func (g *genSource) Size() int64         { return g.size }
func (g *genSource) Name() string        { return g.name }
func (g *genSource) LastModified() int64 { return g.mtime }

// byteAt is a cheap keyed mix of the 8-byte block index.
func (g *genSource) block(i int64) uint64 {
	x := uint64(i)*0x9E3779B97F4A7C15 ^ g.seed
	x ^= x >> 31
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 29
	return x
}

func (g *genSource) ReadAt(p []byte, off int64) (int, error) {
	if off >= g.size {
		return 0, io.EOF
	}
	n := len(p)
	if int64(n) > g.size-off {
		n = int(g.size - off)
	}
	var b [8]byte
	i := 0
	for i < n && (off+int64(i))%8 != 0 { // unaligned head
		pos := off + int64(i)
		binary.LittleEndian.PutUint64(b[:], g.block(pos/8))
		i += copy(p[i:n], b[pos%8:])
	}
	for ; i+8 <= n; i += 8 { // whole blocks, written in place
		binary.LittleEndian.PutUint64(p[i:], g.block((off+int64(i))/8))
	}
	if i < n {
		binary.LittleEndian.PutUint64(b[:], g.block((off+int64(i))/8))
		i += copy(p[i:n], b[:])
	}
	g.reads.Add(int64(n))
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (g *genSource) sha() [32]byte {
	h := sha256.New()
	_, _ = io.Copy(h, io.NewSectionReader(g, 0, g.size))
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s
}

func newGen(size int64, seed uint64) *genSource {
	return &genSource{size: size, seed: seed, name: "file.bin", mtime: 1700000000000}
}

// The generated source must give the same bytes whatever the read pattern,
// or comparing hashes would prove nothing.
func TestGenSourceConsistent(t *testing.T) {
	g := newGen(10007, 5)
	all, err := io.ReadAll(io.NewSectionReader(g, 0, g.size))
	require.NoError(t, err)
	require.Len(t, all, 10007)
	r := rand.New(rand.NewPCG(1, 1))
	for range 500 {
		off := r.Int64N(g.size)
		n := r.Int64N(40)
		b := make([]byte, n)
		m, _ := g.ReadAt(b, off)
		require.Equal(t, all[off:off+int64(m)], b[:m], "off %d n %d", off, n)
	}
	require.NotEqual(t, all[:64], func() []byte { b := make([]byte, 64); _, _ = newGen(100, 6).ReadAt(b, 0); return b }())
}
