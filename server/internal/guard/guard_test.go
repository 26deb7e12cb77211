package guard

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLimiter(t *testing.T) {
	l := NewLimiter(2)
	r1, ok := l.Acquire("a")
	require.True(t, ok)
	_, ok = l.Acquire("a")
	require.True(t, ok)
	_, ok = l.Acquire("a")
	assert.False(t, ok, "third holder of a is refused")
	_, ok = l.Acquire("b")
	assert.True(t, ok, "other keys are independent")
	r1()
	r1()
	assert.Equal(t, 1, l.Held("a"), "release is idempotent")
	_, ok = NewLimiter(0).Acquire("a")
	assert.True(t, ok, "zero means no limit")
}

// A body trickling below the minimum rate fails with ErrTooSlow; one that
// keeps up is read whole.
func TestMinRate(t *testing.T) {
	got := make(chan error, 1)
	h := MinRate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		got <- err
	}), Rate{BytesPerSecond: 1 << 20, Grace: 200 * time.Millisecond})
	srv := httptest.NewServer(h)
	defer srv.Close()

	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	io.WriteString(c, "PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab")
	select {
	case err := <-got:
		assert.ErrorIs(t, err, ErrTooSlow)
	case <-time.After(20 * time.Second):
		t.Fatal("a stalled body was never cut")
	}

	resp, err := http.Post(srv.URL, "text/plain", io.LimitReader(neverEnding('x'), 3<<20))
	require.NoError(t, err)
	resp.Body.Close()
	assert.NoError(t, <-got)
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}
