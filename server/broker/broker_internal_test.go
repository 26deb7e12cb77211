package broker

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fakeSTS struct{ now func() time.Time }

func (f fakeSTS) AssumeRole(context.Context, string, string, time.Duration) (Credentials, error) {
	return Credentials{AccessKeyID: "STS.x", AccessKeySecret: "s", SecurityToken: "t", Expiration: f.now().Add(time.Hour)}, nil
}

func TestIdleStateIsForgotten(t *testing.T) {
	now := time.Now()
	clock := func() time.Time { return now }
	b, err := New(Config{STS: fakeSTS{clock}, Auth: HeaderAuth{Header: "X-User"}, Region: "r", Bucket: "b", Endpoint: "e", Duration: time.Hour, Now: clock,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	for i, addr := range []string{"10.0.0.1:1", "10.0.0.2:1", "[2001:db8::1]:1", "[2001:db8::2]:1"} {
		r := httptest.NewRequest("POST", "/api/sts", nil)
		r.RemoteAddr = addr
		r.Header.Set("X-User", "u"+strconv.Itoa(i))
		w := httptest.NewRecorder()
		b.ServeHTTP(w, r)
		require.Equal(t, 200, w.Code, w.Body.String())
	}
	assert.Len(t, b.addrs, 3, "IPv6 addresses share their /64")
	assert.NotEmpty(t, b.cache)

	now = now.Add(50 * time.Minute) // limiters refilled, credentials past 80%
	b.mu.Lock()
	b.sweep(now)
	b.mu.Unlock()
	assert.Empty(t, b.addrs)
	assert.Empty(t, b.callers)
	assert.Empty(t, b.cache)
}

func TestClientIPHeaderTakesTheProxysHop(t *testing.T) {
	b := &Broker{cfg: Config{ClientIPHeader: "X-Forwarded-For"}}
	r := httptest.NewRequest("POST", "/", nil)
	r.RemoteAddr = "192.0.2.1:5"
	assert.Equal(t, "192.0.2.1", b.clientAddr(r), "no header: the connection")
	r.Header.Set("X-Forwarded-For", "203.0.113.9, 198.51.100.7")
	assert.Equal(t, "198.51.100.7", b.clientAddr(r), "a client-supplied first entry is not trusted")
}
