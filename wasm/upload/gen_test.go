package upload_test

import (
	"io"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

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
