package upload

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCombineCRC64(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ a, b int }{{0, 0}, {0, 5}, {5, 0}, {1, 1}, {7, 1000}, {100 << 10, 3}, {1 << 20, 1<<20 + 17}} {
		a := make([]byte, tc.a)
		b := make([]byte, tc.b)
		for i := range a {
			a[i] = byte(r.Uint32())
		}
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		want := CRC64(append(append([]byte{}, a...), b...))
		assert.Equal(t, want, CombineCRC64(CRC64(a), CRC64(b), int64(len(b))), "%d+%d", tc.a, tc.b)
	}
}
