package broker

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func churnBroker(t *testing.T, auth Authenticator, mutate func(*Config)) (*Broker, *syncBuf) {
	now := time.Now()
	clock := func() time.Time { return now }
	logs := &syncBuf{}
	cfg := Config{STS: fakeSTS{clock}, Auth: auth, Region: "r", Bucket: "b", Endpoint: "e", Duration: time.Hour, Now: clock,
		RatePerAddr: 1000, RatePerCaller: 1000, Logger: slog.New(slog.NewTextHandler(logs, nil))}
	if mutate != nil {
		mutate(&cfg)
	}
	b, err := New(cfg)
	require.NoError(t, err)
	return b, logs
}

func serve(b *Broker, addr string, hdr map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", "/api/sts", nil)
	r.RemoteAddr = addr + ":1"
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	b.ServeHTTP(w, r)
	return w
}

func code(w *httptest.ResponseRecorder) string {
	var e ErrorResponse
	json.Unmarshal(w.Body.Bytes(), &e)
	return e.Code
}

// Dropping the cookie on every request mints identities only at the
// per-address rate; a visitor keeping its cookie, and other addresses, are
// unaffected.
func TestNewIdentitiesLimitedPerAddress(t *testing.T) {
	b, logs := churnBroker(t, CookieAuth{Secret: []byte("0123456789abcdef")}, func(c *Config) { c.NewIdentitiesPerAddr = 1 })
	first := serve(b, "10.0.0.1", nil)
	require.Equal(t, 200, first.Code)
	cookie := first.Result().Cookies()[0]
	minted := 1
	for range 20 {
		if serve(b, "10.0.0.1", nil).Code == 200 {
			minted++
		}
	}
	assert.Equal(t, 4, minted, "burst of 3x the per-minute rate, plus one")
	w := serve(b, "10.0.0.1", nil)
	assert.Equal(t, 429, w.Code)
	assert.Equal(t, CodeTooManyRequests, code(w))
	assert.Contains(t, logs.String(), "new identity refused")
	assert.Equal(t, 200, serve(b, "10.0.0.1", map[string]string{"Cookie": cookie.Name + "=" + cookie.Value}).Code, "an existing identity is not a new one")
	assert.Equal(t, 200, serve(b, "10.0.0.2", nil).Code, "another address mints")
}

// A full credential cache evicts its oldest entry instead of refusing
// anyone, and says so in the log.
func TestFullCacheEvictsOldest(t *testing.T) {
	defer func(m int) { maxTracked = m }(maxTracked)
	maxTracked = 3
	b, logs := churnBroker(t, HeaderAuth{Header: "X-User"}, nil)
	for i := range 3 {
		require.Equal(t, 200, serve(b, "10.0.0."+strconv.Itoa(i), map[string]string{"X-User": "u" + strconv.Itoa(i)}).Code)
	}
	// Fill the rate tables' room differently: u3 reuses an address.
	w := serve(b, "10.0.0.0", map[string]string{"X-User": "u0"})
	require.Equal(t, 200, w.Code)
	b.mu.Lock()
	b.callers = map[string]*rate.Limiter{}
	b.addrs = map[string]*rate.Limiter{}
	b.mu.Unlock()
	w = serve(b, "10.0.0.9", map[string]string{"X-User": "u3"})
	require.Equal(t, 200, w.Code, w.Body.String())
	b.mu.Lock()
	_, kept := b.cache["u0"]
	n := len(b.cache)
	b.mu.Unlock()
	assert.Equal(t, 3, n)
	assert.False(t, kept, "the oldest entry went")
	assert.Contains(t, logs.String(), "credential cache full")
	assert.Equal(t, 200, serve(b, "10.0.0.8", map[string]string{"X-User": "u0"}).Code, "an evicted caller just gets new credentials")
}

// When the per-caller table is full, new callers get ServerBusy (503), not
// a message blaming STS, and a log line says why.
func TestFullCallerTableIsServerBusy(t *testing.T) {
	defer func(m int) { maxTracked = m }(maxTracked)
	maxTracked = 2
	b, logs := churnBroker(t, HeaderAuth{Header: "X-User"}, nil)
	require.Equal(t, 200, serve(b, "10.0.0.1", map[string]string{"X-User": "a"}).Code)
	require.Equal(t, 200, serve(b, "10.0.0.1", map[string]string{"X-User": "b"}).Code)
	w := serve(b, "10.0.0.1", map[string]string{"X-User": "c"})
	assert.Equal(t, 503, w.Code)
	assert.Equal(t, CodeServerBusy, code(w))
	assert.NotContains(t, w.Body.String(), "STS")
	assert.Contains(t, logs.String(), "rate-limit table full")
	assert.Equal(t, 200, serve(b, "10.0.0.1", map[string]string{"X-User": "a"}).Code, "known callers carry on")
}
