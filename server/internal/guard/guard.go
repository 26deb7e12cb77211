// Package guard keeps hostile clients from exhausting a server: a listener
// that caps connections per client address, a minimum transfer rate for
// request bodies, and counting limits per key (address, access key).
package guard

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// busyResponse is written to a connection refused for being over its
// address's cap, so a well-behaved client sees a retryable status rather
// than a reset.
const busyResponse = "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 46\r\nRetry-After: 1\r\n\r\ntoo many connections from your address; retry\n"

// Listener caps the connections open at once per remote IP.
type Listener struct {
	net.Listener
	perAddr int
	mu      sync.Mutex
	open    map[string]int
}

// Listen wraps ln so at most perAddr connections per remote IP are open;
// further ones get a 503 and are closed. perAddr <= 0 means no cap.
func Listen(ln net.Listener, perAddr int) *Listener {
	return &Listener{Listener: ln, perAddr: perAddr, open: map[string]int{}}
}

// Accept returns the next connection within its address's cap.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := hostOf(c.RemoteAddr())
		l.mu.Lock()
		over := l.perAddr > 0 && l.open[ip] >= l.perAddr
		if !over {
			l.open[ip]++
		}
		l.mu.Unlock()
		if over {
			go refuse(c)
			continue
		}
		return &conn{Conn: c, release: func() { l.release(ip) }}, nil
	}
}

// Open returns the connections open from ip, for tests and stats.
func (l *Listener) Open(ip string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open[ip]
}

func (l *Listener) release(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[ip]--; l.open[ip] <= 0 {
		delete(l.open, ip)
	}
}

func refuse(c net.Conn) {
	c.SetDeadline(time.Now().Add(time.Second))
	io.WriteString(c, busyResponse)
	c.Close()
}

func hostOf(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.IP.String()
	}
	h, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return h
}

type conn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *conn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}

// Rate is the minimum pace of a request body.
type Rate struct {
	// BytesPerSecond is the slowest average rate a body may arrive at.
	BytesPerSecond int64
	// Grace is the time allowed on top, for the first bytes and for pauses.
	Grace time.Duration
}

// DefaultRate suits browsers on poor links (16 KiB/s is 128 kbit/s) while
// cutting a stalled body within a minute.
var DefaultRate = Rate{BytesPerSecond: 16 << 10, Grace: 30 * time.Second}

// ErrTooSlow is the body read error once a body falls behind its Rate.
var ErrTooSlow = errors.New("request body arrived slower than the minimum rate")

// MinRate makes every request body with content keep to rate: the
// connection's read deadline moves forward as bytes arrive, so a body that
// stalls or trickles fails its read (and its connection closes) instead of
// holding a goroutine, a descriptor and buffers forever. Bodiless requests
// get no deadline, so long downloads are unaffected.
func MinRate(next http.Handler, rate Rate) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody && rate.BytesPerSecond > 0 {
			b := &rateBody{rc: http.NewResponseController(w), body: r.Body, start: time.Now(), rate: rate}
			b.extend(0)
			r.Body = b
			r = r.WithContext(context.WithValue(r.Context(), rateBodyKey{}, b))
		}
		next.ServeHTTP(w, r)
	})
}

type rateBodyKey struct{}

type rateBody struct {
	rc    *http.ResponseController
	body  io.ReadCloser
	start time.Time
	rate  Rate
	n     int64
	done  bool
	until time.Time // if set, no read deadline goes past it
}

// extend sets the deadline by which the next want bytes must have arrived.
func (b *rateBody) extend(want int) {
	due := b.start.Add(b.rate.Grace + time.Duration(float64(b.n+int64(want))/float64(b.rate.BytesPerSecond)*float64(time.Second)))
	if !b.until.IsZero() && due.After(b.until) {
		due = b.until
	}
	b.rc.SetReadDeadline(due)
}

// Within makes the rest of r's body arrive by t, however the rate would
// allow more; a handler refusing a request uses it to bound what it reads.
// It returns false when r's body has no rate guard, and then sets nothing.
func Within(r *http.Request, t time.Time) bool {
	b, ok := r.Context().Value(rateBodyKey{}).(*rateBody)
	if !ok {
		return false
	}
	b.until = t
	b.rc.SetReadDeadline(t)
	return true
}

func (b *rateBody) Read(p []byte) (int, error) {
	if b.done {
		return b.body.Read(p)
	}
	want := min(len(p), 64<<10)
	b.extend(want)
	n, err := b.body.Read(p)
	b.n += int64(n)
	if err == io.EOF {
		// The whole body is in: clear the deadline so the server's own
		// background read (and a long response) are not cut.
		b.done = true
		b.rc.SetReadDeadline(time.Time{})
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		err = ErrTooSlow
	}
	return n, err
}

func (b *rateBody) Close() error { return b.body.Close() }

// Limiter counts concurrent holders per key and refuses past a maximum.
type Limiter struct {
	max int
	mu  sync.Mutex
	n   map[string]int
}

// NewLimiter allows max concurrent holders per key; max <= 0 means no limit.
func NewLimiter(max int) *Limiter { return &Limiter{max: max, n: map[string]int{}} }

// Acquire takes a slot for key; ok is false when key is at its maximum.
// release must be called exactly once when ok.
func (l *Limiter) Acquire(key string) (release func(), ok bool) {
	if l == nil || l.max <= 0 {
		return func() {}, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n[key] >= l.max {
		return nil, false
	}
	l.n[key]++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			if l.n[key]--; l.n[key] <= 0 {
				delete(l.n, key)
			}
		})
	}, true
}

// Held returns the slots held for key.
func (l *Limiter) Held(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n[key]
}

// RemoteIP is the address part of r.RemoteAddr.
func RemoteIP(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return h
}
