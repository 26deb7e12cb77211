// Package localcloud runs the embedded OSS and STS on their own 127.0.0.1
// listeners, sharing one token issuer, so the whole system works on one
// machine with no cloud account. The listeners are separate from the app's
// so that uploads are cross-origin, as they are against real OSS.
package localcloud

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ossupload/ossupload/server/internal/guard"
	"github.com/ossupload/ossupload/server/internal/idleconns"
	"github.com/ossupload/ossupload/server/ossauth"
	"github.com/ossupload/ossupload/server/osslocal"
	"github.com/ossupload/ossupload/server/stslocal"
	"github.com/ossupload/ossupload/server/ststoken"
)

// Config configures the embedded cloud.
type Config struct {
	// OSSAddr and STSAddr are host:port to listen on; port 0 picks a free one.
	OSSAddr, STSAddr string
	// DataDir holds the embedded OSS's buckets; it survives restarts.
	DataDir string
	// Bucket is created at start.
	Bucket string
	// RootAccessKeyID and RootAccessKeySecret are the one long-term key both
	// servers accept; the token key is derived from the secret.
	RootAccessKeyID, RootAccessKeySecret string
	// RoleArn is the one role the embedded STS lets be assumed.
	RoleArn string
	// STSMaxDuration is the role's maximum session; 1h when zero.
	STSMaxDuration time.Duration
	// AllowedOrigins is the bucket CORS rule's origins ("*" allowed).
	AllowedOrigins []string
	// Faults turns on fault injection and the /_local test endpoints.
	Faults bool
	// LocalToken opens the /_local endpoints; a random one is made when
	// empty (see Cloud.LocalToken).
	LocalToken string
	// LocalOrigins are the browser origins the /_local endpoints answer:
	// the app's own.
	LocalOrigins []string
	Logger       *slog.Logger
	// Limits protect both listeners from hostile clients; zero fields take
	// DefaultLimits' values.
	Limits Limits
}

// Limits bound what one client can hold on the embedded servers.
type Limits struct {
	// ConnsPerAddr caps open connections per client IP on each listener.
	ConnsPerAddr int
	// IngestsPerAddr and IngestsPerKey cap bodies being stored at once per
	// client IP and per access key.
	IngestsPerAddr, IngestsPerKey int
	// BodyRate is the slowest pace a request body may arrive at.
	BodyRate guard.Rate
	// QuotaPerPrefix, when positive, caps the bytes stored under each
	// "uploads/<id>/" (see osslocal.Config.QuotaPerPrefix).
	QuotaPerPrefix int64
}

// DefaultLimits leave room for several browsers and test runners on one
// machine (all from 127.0.0.1) while bounding a hostile one: 256
// connections and 64 bodies in progress (at most 2 MiB of buffers each,
// one chunk when stalled) per address.
var DefaultLimits = Limits{ConnsPerAddr: 256, IngestsPerAddr: 64, IngestsPerKey: 32, BodyRate: guard.DefaultRate}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.ConnsPerAddr == 0 {
		l.ConnsPerAddr = d.ConnsPerAddr
	}
	if l.IngestsPerAddr == 0 {
		l.IngestsPerAddr = d.IngestsPerAddr
	}
	if l.IngestsPerKey == 0 {
		l.IngestsPerKey = d.IngestsPerKey
	}
	if l.BodyRate.BytesPerSecond == 0 {
		l.BodyRate = d.BodyRate
	}
	return l
}

// Cloud is the running embedded OSS and STS.
type Cloud struct {
	// OSSURL and STSURL are the endpoints, like http://127.0.0.1:9000.
	OSSURL, STSURL string
	// PublicOSSURL is the OSS URL handed to browsers: on a loopback listener a
	// name (http://localhost:PORT), since ali-oss refuses to sign URLs for an IP
	// endpoint and <bucket>.localhost gives virtual-host addressing (browsers
	// resolve *.localhost to loopback; Go does not, so Go clients use OSSURL or
	// path style).
	PublicOSSURL string
	// OSS is the backend, for Stats() and its Faults.
	OSS *osslocal.Server
	// Issuer is the token key both servers share; tests may mint with it.
	Issuer *ststoken.Issuer
	// LocalToken is the X-Local-Token the /_local endpoints require; empty
	// without fault injection.
	LocalToken string

	servers   []*http.Server
	fresh     []*idleconns.Tracker
	closeOnce sync.Once
	closeErr  error
}

// Start listens and serves until Close.
func Start(cfg Config) (*Cloud, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	lim := cfg.Limits.withDefaults()
	iss := ststoken.NewIssuer(cfg.RootAccessKeySecret)
	v := ossauth.NewVerifier(ossauth.Config{RootAccessKeyID: cfg.RootAccessKeyID, RootAccessKeySecret: cfg.RootAccessKeySecret, Tokens: iss})
	var faults *osslocal.Faults
	if cfg.Faults {
		faults = osslocal.NewFaults()
		if cfg.LocalToken == "" {
			cfg.LocalToken = randomToken()
		}
	} else {
		cfg.LocalToken = ""
	}
	if cfg.Bucket == "" || cfg.RootAccessKeyID == "" || cfg.RootAccessKeySecret == "" || cfg.RoleArn == "" {
		return nil, errors.New("localcloud: Bucket, RootAccessKeyID, RootAccessKeySecret and RoleArn are required")
	}
	oss, err := osslocal.New(osslocal.Config{DataDir: cfg.DataDir, Buckets: []string{cfg.Bucket}, Verifier: v, AllowedOrigins: cfg.AllowedOrigins, Faults: faults, Logger: cfg.Logger,
		LocalToken: cfg.LocalToken, LocalOrigins: cfg.LocalOrigins,
		IngestsPerAddr: lim.IngestsPerAddr, IngestsPerKey: lim.IngestsPerKey, QuotaPerPrefix: lim.QuotaPerPrefix})
	if err != nil {
		return nil, err
	}
	stsH := stslocal.New(stslocal.Config{RootAccessKeyID: cfg.RootAccessKeyID, RootAccessKeySecret: cfg.RootAccessKeySecret, RoleArn: cfg.RoleArn,
		MaxDuration: cfg.STSMaxDuration, Issuer: iss})
	var stsHandler http.Handler = stsH
	if faults != nil {
		stsHandler = outage(faults, stsH)
	}
	c := &Cloud{OSS: oss, Issuer: iss, LocalToken: cfg.LocalToken}
	var urls []string
	for _, s := range []struct {
		name, addr string
		h          http.Handler
	}{{"OSS", cfg.OSSAddr, oss}, {"STS", cfg.STSAddr, stsHandler}} {
		ln, err := net.Listen("tcp", s.addr)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("embedded %s cannot listen on %s (choose another address with -%s-addr): %w", s.name, s.addr, strings.ToLower(s.name), err)
		}
		// No WriteTimeout: a multi-GiB GetObject may legitimately take long.
		// Bodies instead keep to a minimum rate, so a stalled one is cut.
		fresh := &idleconns.Tracker{}
		srv := &http.Server{Handler: guard.MinRate(s.h, lim.BodyRate), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
			MaxHeaderBytes: 64 << 10, ErrorLog: slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn), ConnState: fresh.Track}
		go srv.Serve(guard.Listen(ln, lim.ConnsPerAddr))
		c.servers = append(c.servers, srv)
		c.fresh = append(c.fresh, fresh)
		urls = append(urls, "http://"+ln.Addr().String())
	}
	c.OSSURL, c.STSURL = urls[0], urls[1]
	c.PublicOSSURL = publicURL(c.OSSURL)
	return c, nil
}

// Close stops both servers, letting requests in flight finish for a few
// seconds before cutting them. It is safe to call more than once.
func (c *Cloud) Close() error {
	c.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var errs []error
		for i, s := range c.servers {
			s.SetKeepAlivesEnabled(false)
			c.fresh[i].CloseAll()
			if err := s.Shutdown(ctx); err != nil {
				errs = append(errs, err, s.Close())
			}
		}
		c.closeErr = errors.Join(errs...)
	})
	return c.closeErr
}

// outage wraps the STS so fault injection can take it down: connections are
// dropped without an answer, as when STS is unreachable.
func outage(f *osslocal.Faults, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.Settings().STSDown {
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
				return
			}
			http.Error(w, "STS down (fault injection)", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// publicURL names a loopback listener's URL as localhost, which every
// browser resolves to loopback, with its subdomains.
func publicURL(u string) string {
	host, port, err := net.SplitHostPort(strings.TrimPrefix(u, "http://"))
	if err != nil {
		return u
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return "http://localhost:" + port
	}
	return u
}

func randomToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
