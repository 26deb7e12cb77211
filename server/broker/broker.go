// Package broker hands browsers temporary, least-privilege OSS credentials:
// POST /api/sts answers what ali-oss's new OSS() and refreshSTSToken accept.
// Who the caller is comes from a pluggable Authenticator, never from the
// request body, and decides the only prefix the credentials may touch.
package broker

import (
	"container/list"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Config configures a Broker.
type Config struct {
	// STS issues the credentials; the same client type serves the embedded
	// STS and Alibaba Cloud's, only its endpoint differs.
	STS AssumeRoler
	// Auth decides who is calling and so the prefix they may write.
	Auth     Authenticator
	Region   string
	Bucket   string
	Endpoint string // the OSS endpoint browsers upload to
	// Duration of issued credentials; 900s..3600s.
	Duration time.Duration
	// AllowedOrigins may call /api/sts cross-origin; same-origin always may.
	AllowedOrigins []string
	// RatePerCaller and RatePerAddr limit requests per second per caller and
	// per client address, so dropping the cookie does not escape the limit.
	// Zero picks 5/s per caller and 20/s per address; bursts allow 4 and 3
	// seconds' worth, so a page load's few calls never wait.
	RatePerCaller, RatePerAddr float64
	// ClientIPHeader names a header (e.g. X-Real-IP) a trusted reverse proxy
	// sets to the client's address; empty uses the connection's address.
	ClientIPHeader string
	// STSTimeout bounds how long a request waits for STS before answering
	// 503; 5s when zero.
	STSTimeout time.Duration
	// NewIdentitiesPerAddr limits identities minted (cookies set for
	// visitors without one) per minute per client address, burst 3x; zero
	// picks 6. Without it, a client dropping its cookie on every request
	// fills the credential cache.
	NewIdentitiesPerAddr float64
	Logger               *slog.Logger
	Now                  func() time.Time
}

// Response is the JSON /api/sts answers; the names are ali-oss's options.
type Response struct {
	AccessKeyID     string `json:"accessKeyId"`
	AccessKeySecret string `json:"accessKeySecret"`
	StsToken        string `json:"stsToken"`
	Expiration      string `json:"expiration"` // RFC 3339, UTC
	Region          string `json:"region"`
	Bucket          string `json:"bucket"`
	Endpoint        string `json:"endpoint"`
	Prefix          string `json:"prefix"`
}

// ErrorResponse is the JSON body of every /api/sts error.
type ErrorResponse struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error codes /api/sts answers with; they are stable.
const (
	CodeUnauthenticated  = "Unauthenticated"
	CodeTooManyRequests  = "TooManyRequests"
	CodeSTSUnavailable   = "STSUnavailable"
	CodeSTSRefused       = "STSRefused"
	CodeOriginNotAllowed = "OriginNotAllowed"
	CodeMethodNotAllowed = "MethodNotAllowed"
	CodeRequestTooLarge  = "RequestTooLarge"
	// CodeServerBusy means the broker's per-caller tables are full (a flood
	// of identities or addresses); it is not an STS problem.
	CodeServerBusy = "ServerBusy"
)

// Broker is the /api/sts handler.
type Broker struct {
	cfg Config

	mu        sync.Mutex
	cache     map[string]*entry
	order     list.List // of *entry, oldest first: eviction order when the cache is full
	callers   map[string]*rate.Limiter
	addrs     map[string]*rate.Limiter
	mints     map[string]*rate.Limiter // new identities per address
	lastSweep time.Time
	lastFull  time.Time // last "cache full" log line
	evicted   int       // evictions since that line
}

type entry struct {
	caller string
	ready  chan struct{}
	creds  Credentials
	err    error
	issue  time.Time
	elem   *list.Element
}

// maxTracked bounds each of the per-caller and per-address tables. When a
// flood of identities fills one, new identities are refused (fail closed,
// CodeServerBusy) rather than the table being reset, which would lift
// everyone's limit. The credential cache instead evicts its oldest entry:
// an evicted caller only costs one more AssumeRole.
var maxTracked = 200_000

// New validates cfg and returns a Broker.
func New(cfg Config) (*Broker, error) {
	var errs []error
	if cfg.STS == nil {
		errs = append(errs, errors.New("broker: an STS client is required"))
	}
	if cfg.Auth == nil {
		errs = append(errs, errors.New("broker: an Authenticator is required"))
	}
	if ca, ok := cfg.Auth.(CookieAuth); ok && len(ca.Secret) < 16 {
		errs = append(errs, errors.New("broker: CookieAuth needs a Secret of at least 16 bytes to sign identities"))
	}
	if cfg.Bucket == "" || cfg.Endpoint == "" || cfg.Region == "" {
		errs = append(errs, errors.New("broker: bucket, endpoint and region are required"))
	}
	if cfg.Duration < 15*time.Minute || cfg.Duration > time.Hour {
		errs = append(errs, fmt.Errorf("broker: credential duration %v out of range: must be between 15m and 1h (STS DurationSeconds 900..3600)", cfg.Duration))
	}
	if cfg.RatePerCaller < 0 || cfg.RatePerAddr < 0 || cfg.NewIdentitiesPerAddr < 0 {
		errs = append(errs, errors.New("broker: rate limits must not be negative"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if cfg.RatePerCaller == 0 {
		cfg.RatePerCaller = 5
	}
	if cfg.RatePerAddr == 0 {
		cfg.RatePerAddr = 20
	}
	if cfg.STSTimeout == 0 {
		cfg.STSTimeout = 5 * time.Second
	}
	if cfg.NewIdentitiesPerAddr == 0 {
		cfg.NewIdentitiesPerAddr = 6
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Broker{cfg: cfg, cache: map[string]*entry{}, callers: map[string]*rate.Limiter{}, addrs: map[string]*rate.Limiter{}, mints: map[string]*rate.Limiter{}}, nil
}

// Prefix is where callerID may write.
func Prefix(callerID string) string { return "uploads/" + callerID + "/" }

// Policy is the session policy for one caller: multipart upload (PutObject
// covers Initiate, UploadPart and Complete), abort, list parts and read, only
// under bucket/prefix. ListMultipartUploads is deliberately not granted: OSS
// authorizes it on the bucket resource, so a prefix cannot be enforced and it
// would reveal every caller's keys and upload IDs. Resume does not need it:
// the client journals its upload ID and calls ListParts, which is scoped to
// the object.
func Policy(bucket, prefix string) string {
	p := map[string]any{"Version": "1", "Statement": []any{map[string]any{
		"Effect":   "Allow",
		"Action":   []string{"oss:PutObject", "oss:AbortMultipartUpload", "oss:ListParts", "oss:GetObject"},
		"Resource": []string{"acs:oss:*:*:" + bucket + "/" + prefix + "*"},
	}}}
	b, _ := json.Marshal(p)
	return string(b)
}

// tableFull is the wait limit reports when its table cannot track another key.
const tableFull = time.Duration(-1)

// limit takes a token from k's limiter, or reports how long until one is
// due; the wait is tableFull when k is new and the table is full.
func (b *Broker) limit(m map[string]*rate.Limiter, k string, r float64, burst int, now time.Time) (bool, time.Duration) {
	l, ok := m[k]
	if !ok {
		if len(m) >= maxTracked {
			return false, tableFull
		}
		l = rate.NewLimiter(rate.Limit(r), burst)
		m[k] = l
	}
	res := l.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep forgets limiters that are full again (their callers are idle, so a
// fresh limiter is equivalent) and credentials past refresh time.
func (b *Broker) sweep(now time.Time) {
	if now.Sub(b.lastSweep) < time.Minute {
		return
	}
	b.lastSweep = now
	for _, m := range []map[string]*rate.Limiter{b.callers, b.addrs, b.mints} {
		for k, l := range m {
			if l.TokensAt(now) >= float64(l.Burst()) {
				delete(m, k)
			}
		}
	}
	for k, e := range b.cache {
		select {
		case <-e.ready:
			if e.err != nil || !now.Before(e.refreshAt()) {
				b.forget(k, e)
			}
		default:
		}
	}
}

func (e *entry) refreshAt() time.Time {
	return e.issue.Add(e.creds.Expiration.Sub(e.issue) * 8 / 10)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, ErrorResponse{code, msg})
}

func (b *Broker) cors(w http.ResponseWriter, r *http.Request) bool {
	w.Header().Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	for _, o := range b.cfg.AllowedOrigins {
		if o == origin {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			h.Set("Access-Control-Allow-Methods", "POST")
			h.Set("Access-Control-Max-Age", "600")
			return true
		}
	}
	// Browsers send Origin on same-origin POSTs too: compare it with Host.
	if origin == "http://"+r.Host || origin == "https://"+r.Host {
		return true
	}
	fail(w, http.StatusForbidden, CodeOriginNotAllowed, "Origin "+strconv.Quote(origin)+" may not request upload credentials; add it to the server's allowed origins.")
	return false
}

// maxBody bounds the request body: /api/sts needs none, and an oversized one
// is refused before any work.
const maxBody = 4 << 10

// ServeHTTP answers POST /api/sts (and its CORS preflight).
func (b *Broker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !b.cors(w, r) {
		return
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST, OPTIONS")
		fail(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "Use POST to request upload credentials.")
		return
	}
	if r.ContentLength > maxBody {
		fail(w, http.StatusRequestEntityTooLarge, CodeRequestTooLarge, "The request body must be at most 4 KiB; /api/sts needs none.")
		return
	}
	// Draining a bounded body keeps the connection reusable; nothing in it is used.
	if n, _ := drain(http.MaxBytesReader(w, r.Body, maxBody)); n > maxBody {
		fail(w, http.StatusRequestEntityTooLarge, CodeRequestTooLarge, "The request body must be at most 4 KiB; /api/sts needs none.")
		return
	}
	now := b.cfg.Now()
	addr := b.clientAddr(r)
	b.mu.Lock()
	b.sweep(now)
	addrOK, wait := b.limit(b.addrs, addr, b.cfg.RatePerAddr, int(3*b.cfg.RatePerAddr)+1, now)
	b.mu.Unlock()
	if !addrOK {
		b.tooMany(w, "address", wait)
		return
	}
	if m, ok := b.cfg.Auth.(Minter); ok && m.WouldMint(r) {
		b.mu.Lock()
		mintOK, wait := b.limit(b.mints, addr, b.cfg.NewIdentitiesPerAddr/60, int(3*b.cfg.NewIdentitiesPerAddr)+1, now)
		b.mu.Unlock()
		if !mintOK {
			b.cfg.Logger.Warn("broker: new identity refused: too many from one address", "remote", addr)
			b.tooMany(w, "address (new identities)", wait)
			return
		}
	}
	caller, err := b.cfg.Auth.Authenticate(w, r)
	if err != nil {
		fail(w, http.StatusUnauthorized, CodeUnauthenticated, "Sign in to upload: the request did not identify a caller ("+err.Error()+").")
		return
	}
	b.mu.Lock()
	callerOK, wait := b.limit(b.callers, caller, b.cfg.RatePerCaller, int(4*b.cfg.RatePerCaller)+1, now)
	b.mu.Unlock()
	if !callerOK {
		b.tooMany(w, "caller", wait)
		return
	}
	creds, err := b.credentials(r.Context(), caller, now)
	if err != nil {
		var refused *RefusedError
		switch {
		case errors.As(err, &refused):
			b.cfg.Logger.Error("sts: AssumeRole refused", "caller", caller, "code", refused.Code, "err", err.Error())
			fail(w, http.StatusBadGateway, CodeSTSRefused, "STS refused to issue credentials ("+refused.Code+"); the server's STS configuration needs attention.")
		case r.Context().Err() != nil:
			// The client went away; nobody reads an answer.
		default:
			b.cfg.Logger.Warn("sts: AssumeRole failed", "caller", caller, "err", err.Error())
			w.Header().Set("Retry-After", "5")
			fail(w, http.StatusServiceUnavailable, CodeSTSUnavailable, "Upload credentials are temporarily unavailable: STS did not answer within "+b.cfg.STSTimeout.String()+". Try again shortly.")
		}
		return
	}
	b.cfg.Logger.Debug("sts: credentials served", "caller", caller, "credentials", creds)
	writeJSON(w, http.StatusOK, Response{creds.AccessKeyID, creds.AccessKeySecret, creds.SecurityToken,
		creds.Expiration.UTC().Format(time.RFC3339), b.cfg.Region, b.cfg.Bucket, b.cfg.Endpoint, Prefix(caller)})
}

func drain(r interface{ Read([]byte) (int, error) }) (int, error) {
	var buf [512]byte
	total := 0
	for {
		n, err := r.Read(buf[:])
		total += n
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return maxBody + 1, err
			}
			return total, nil
		}
	}
}

// clientAddr is the rate-limit key for the client's address: IPv6 clients
// are grouped by /64, since one host typically controls a whole /64.
func (b *Broker) clientAddr(r *http.Request) string {
	addr := ""
	if b.cfg.ClientIPHeader != "" {
		// A proxy may append: the last hop it added is the one it saw.
		v := r.Header.Values(b.cfg.ClientIPHeader)
		if len(v) > 0 {
			parts := strings.Split(v[len(v)-1], ",")
			addr = strings.TrimSpace(parts[len(parts)-1])
		}
	}
	if addr == "" {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		addr = host
	}
	if ip := net.ParseIP(addr); ip != nil && ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return addr
}

func (b *Broker) tooMany(w http.ResponseWriter, what string, wait time.Duration) {
	if wait == tableFull {
		b.cfg.Logger.Warn("broker: rate-limit table full: refusing new callers", "table", what, "max", maxTracked)
		w.Header().Set("Retry-After", "60")
		fail(w, http.StatusServiceUnavailable, CodeServerBusy, "The server is tracking too many callers to take a new one ("+what+"); try again in a minute.")
		return
	}
	secs := int((wait + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	fail(w, http.StatusTooManyRequests, CodeTooManyRequests, "Too many credential requests from this "+what+"; retry in "+strconv.Itoa(secs)+"s.")
}

// credentials returns cached credentials until 80% of their lifetime, with
// one AssumeRole in flight per caller however many requests wait on it.
func (b *Broker) credentials(ctx context.Context, caller string, now time.Time) (Credentials, error) {
	b.mu.Lock()
	e := b.cache[caller]
	if e != nil {
		select {
		case <-e.ready:
			if e.err == nil && now.Before(e.refreshAt()) {
				b.mu.Unlock()
				return e.creds, nil
			}
			e = nil // failed or due: fetch anew
		default: // in flight: wait for it
		}
	}
	if e == nil {
		if old := b.cache[caller]; old != nil {
			b.forget(caller, old)
		}
		for len(b.cache) >= maxTracked {
			b.evictOldest(now)
		}
		e = &entry{caller: caller, ready: make(chan struct{}), issue: now}
		e.elem = b.order.PushBack(e)
		b.cache[caller] = e
		// The call is detached from this request so that a client giving
		// up does not fail the others waiting on the same entry.
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), b.cfg.STSTimeout)
			defer cancel()
			e.creds, e.err = b.cfg.STS.AssumeRole(ctx, sessionName(caller), Policy(b.cfg.Bucket, Prefix(caller)), b.cfg.Duration)
			if e.err == nil {
				b.cfg.Logger.Info("sts: credentials issued", "caller", caller, "credentials", e.creds)
			}
			close(e.ready)
		}()
	}
	b.mu.Unlock()
	t := time.NewTimer(b.cfg.STSTimeout + time.Second)
	defer t.Stop()
	select {
	case <-e.ready:
		return e.creds, e.err
	case <-t.C:
		return Credentials{}, fmt.Errorf("%w: no answer within %v", ErrSTSUnavailable, b.cfg.STSTimeout)
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
}

// forget drops caller's cache entry e; b.mu is held.
func (b *Broker) forget(caller string, e *entry) {
	if b.cache[caller] == e {
		delete(b.cache, caller)
	}
	if e.elem != nil {
		b.order.Remove(e.elem)
		e.elem = nil
	}
}

// evictOldest drops the oldest cache entry to make room; b.mu is held. Its
// caller, if still active, gets credentials from STS again. Requests
// waiting on an evicted in-flight entry still get its answer.
func (b *Broker) evictOldest(now time.Time) {
	e := b.order.Front().Value.(*entry)
	b.forget(e.caller, e)
	b.evicted++
	if now.Sub(b.lastFull) >= time.Minute {
		b.cfg.Logger.Warn("broker: credential cache full: evicting oldest entries", "max", maxTracked, "evicted", b.evicted)
		b.lastFull, b.evicted = now, 0
	}
}

// sessionName is the RoleSessionName STS records for audit: the caller ID,
// trimmed to STS's 64-character limit.
func sessionName(caller string) string {
	s := "web-" + caller
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// Logger is the logger the broker writes to, for handlers sharing it.
func (b *Broker) Logger() *slog.Logger { return b.cfg.Logger }
