// Package broker hands browsers temporary, least-privilege OSS credentials:
// POST /api/sts answers what ali-oss's new OSS() and refreshSTSToken accept.
package broker

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Config configures a Broker.
type Config struct {
	STS      AssumeRoler
	Auth     Authenticator
	Region   string
	Bucket   string
	Endpoint string // the OSS endpoint browsers upload to
	// Duration of issued credentials; 900s..3600s.
	Duration time.Duration
	// AllowedOrigins may call /api/sts cross-origin; same-origin always may.
	AllowedOrigins []string
	// RatePerCaller and RatePerAddr limit AssumeRole-backed requests per
	// second (with a burst of 10), per caller and per client address, so
	// dropping the cookie does not escape the limit.
	RatePerCaller, RatePerAddr float64
	Logger                     *slog.Logger
	Now                        func() time.Time
}

// Response is the JSON /api/sts answers.
type Response struct {
	AccessKeyID     string `json:"accessKeyId"`
	AccessKeySecret string `json:"accessKeySecret"`
	StsToken        string `json:"stsToken"`
	Expiration      string `json:"expiration"`
	Region          string `json:"region"`
	Bucket          string `json:"bucket"`
	Endpoint        string `json:"endpoint"`
	Prefix          string `json:"prefix"`
}

// Broker is the /api/sts handler.
type Broker struct {
	cfg     Config
	mu      sync.Mutex
	cache   map[string]*entry
	callers map[string]*rate.Limiter
	addrs   map[string]*rate.Limiter
}

type entry struct {
	ready chan struct{}
	creds Credentials
	err   error
	issue time.Time
}

// New validates cfg and returns a Broker.
func New(cfg Config) (*Broker, error) {
	switch {
	case cfg.STS == nil || cfg.Auth == nil:
		return nil, errors.New("broker: STS and Auth are required")
	case cfg.Bucket == "" || cfg.Endpoint == "" || cfg.Region == "":
		return nil, errors.New("broker: bucket, endpoint and region are required")
	case cfg.Duration < 15*time.Minute || cfg.Duration > 12*time.Hour:
		return nil, errors.New("broker: credential duration must be between 900 and 43200 seconds (and within the role's maximum)")
	}
	if cfg.RatePerCaller == 0 {
		cfg.RatePerCaller = 5
	}
	if cfg.RatePerAddr == 0 {
		cfg.RatePerAddr = 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Broker{cfg: cfg, cache: map[string]*entry{}, callers: map[string]*rate.Limiter{}, addrs: map[string]*rate.Limiter{}}, nil
}

// Prefix is where callerID may write.
func Prefix(callerID string) string { return "uploads/" + callerID + "/" }

// Policy is the session policy for one caller: multipart upload, abort,
// list parts and read, only under bucket/prefix. ListMultipartUploads is not
// granted: OSS cannot scope it to a prefix, and resume needs only ListParts
// on an upload ID the client already journals.
func Policy(bucket, prefix string) string {
	p := map[string]any{"Version": "1", "Statement": []any{map[string]any{
		"Effect":   "Allow",
		"Action":   []string{"oss:PutObject", "oss:AbortMultipartUpload", "oss:ListParts", "oss:GetObject"},
		"Resource": []string{"acs:oss:*:*:" + bucket + "/" + prefix + "*"},
	}}}
	b, _ := json.Marshal(p)
	return string(b)
}

func (b *Broker) limiter(m map[string]*rate.Limiter, k string, r float64) *rate.Limiter {
	l, ok := m[k]
	if !ok {
		if len(m) > 100000 { // bound memory under a flood of identities
			clear(m)
		}
		l = rate.NewLimiter(rate.Limit(r), 10)
		m[k] = l
	}
	return l
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (b *Broker) fail(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"code": code, "message": msg})
}

func (b *Broker) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	for _, o := range b.cfg.AllowedOrigins {
		if o == origin {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Set("Access-Control-Allow-Headers", "authorization, content-type")
			w.Header().Set("Access-Control-Allow-Methods", "POST")
			w.Header().Add("Vary", "Origin")
			return true
		}
	}
	// Same-origin requests may carry Origin too (POST): compare with Host.
	if origin == "http://"+r.Host || origin == "https://"+r.Host {
		return true
	}
	b.fail(w, http.StatusForbidden, "OriginNotAllowed", "This origin may not request upload credentials.")
	return false
}

// ServeHTTP answers POST /api/sts.
func (b *Broker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !b.cors(w, r) {
		return
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		b.fail(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "Use POST.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	addr, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		addr = r.RemoteAddr
	}
	b.mu.Lock()
	addrOK := b.limiter(b.addrs, addr, b.cfg.RatePerAddr).Allow()
	b.mu.Unlock()
	if !addrOK {
		b.tooMany(w)
		return
	}
	caller, err := b.cfg.Auth.Authenticate(w, r)
	if err != nil {
		b.fail(w, http.StatusUnauthorized, "Unauthenticated", "Sign in to upload: the request did not identify a caller.")
		return
	}
	creds, err := b.credentials(r.Context(), caller)
	if errors.Is(err, errRateLimited) {
		b.tooMany(w)
		return
	}
	if err != nil {
		b.cfg.Logger.Warn("sts: AssumeRole failed", "caller", caller, "err", err.Error())
		b.fail(w, http.StatusServiceUnavailable, "STSUnavailable", "Upload credentials are temporarily unavailable; try again shortly.")
		return
	}
	b.cfg.Logger.Info("sts: credentials issued", "caller", caller, "expiration", creds.Expiration)
	writeJSON(w, http.StatusOK, Response{creds.AccessKeyID, creds.AccessKeySecret, creds.SecurityToken, creds.Expiration.UTC().Format(time.RFC3339), b.cfg.Region, b.cfg.Bucket, b.cfg.Endpoint, Prefix(caller)})
}

func (b *Broker) tooMany(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	b.fail(w, http.StatusTooManyRequests, "TooManyRequests", "Too many credential requests; retry after a second.")
}

var errRateLimited = errors.New("rate limited")

// credentials returns cached credentials until 80% of their lifetime, with
// one AssumeRole in flight per caller however many requests wait on it.
func (b *Broker) credentials(ctx context.Context, caller string) (Credentials, error) {
	now := b.cfg.Now()
	b.mu.Lock()
	e := b.cache[caller]
	if e != nil {
		select {
		case <-e.ready:
			life := e.creds.Expiration.Sub(e.issue)
			if e.err == nil && now.Before(e.issue.Add(life*8/10)) {
				b.mu.Unlock()
				return e.creds, nil
			}
			e = nil
		default:
		}
	}
	if e == nil {
		if len(b.cache) > 100000 {
			clear(b.cache)
		}
		if !b.limiter(b.callers, caller, b.cfg.RatePerCaller).Allow() {
			b.mu.Unlock()
			return Credentials{}, errRateLimited
		}
		e = &entry{ready: make(chan struct{}), issue: now}
		b.cache[caller] = e
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			e.creds, e.err = b.cfg.STS.AssumeRole(ctx, sessionName(caller), Policy(b.cfg.Bucket, Prefix(caller)), b.cfg.Duration)
			close(e.ready)
		}()
	}
	b.mu.Unlock()
	select {
	case <-e.ready:
		return e.creds, e.err
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
}

func sessionName(caller string) string {
	s := "web-" + caller
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}
