package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ossupload/ossupload/server/broker"
	"github.com/ossupload/ossupload/server/internal/guard"
	"github.com/ossupload/ossupload/server/internal/idleconns"
	"github.com/ossupload/ossupload/server/localcloud"
)

// connsPerAddr caps the app's open connections per client address: far
// above what browsers open (6 per host), far below the descriptor limit.
const connsPerAddr = 256

// App is a running server: the app listener and, in local mode, the embedded cloud.
type App struct {
	URL    string
	Cloud  *localcloud.Cloud // nil in production
	server *http.Server
	done   chan error
	fresh  idleconns.Tracker
	once   sync.Once
	err    error
}

// Start builds everything cfg describes and starts serving.
func Start(cfg Config, log *slog.Logger) (*App, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	// A wildcard listen address is not something a browser can open.
	la := ln.Addr().(*net.TCPAddr)
	host := la.IP.String()
	if la.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	appURL := "http://" + net.JoinHostPort(host, strconv.Itoa(la.Port))
	a := &App{URL: appURL, done: make(chan error, 1)}
	ossEndpoint, stsEndpoint := cfg.OSSEndpoint, cfg.STSEndpoint
	var auth broker.Authenticator
	switch {
	case cfg.AuthHeader != "":
		auth = broker.HeaderAuth{Header: cfg.AuthHeader}
	case cfg.AuthSecret != "":
		auth = broker.BearerAuth{Secret: []byte(cfg.AuthSecret)}
	}
	if cfg.Mode == "local" {
		// Generated on the data directory's first start and kept there, so
		// identities (and the uploads under their prefixes) survive a
		// restart, and no two installations share a key.
		secrets, err := loadLocalSecrets(cfg.DataDir)
		if err != nil {
			ln.Close()
			return nil, fmt.Errorf("local secrets: %w", err)
		}
		if cfg.GeneratedKeys {
			cfg.AccessKeySecret = secrets.RootAccessKeySecret
		}
		if auth == nil {
			auth = broker.CookieAuth{Secret: []byte(secrets.CookieSecret), Secure: cfg.CookieSecure}
		}
		// The page may be opened as localhost too; both name the same listener.
		origins := append([]string{appURL, strings.Replace(appURL, "127.0.0.1", "localhost", 1)}, cfg.AllowedOrigins...)
		a.Cloud, err = localcloud.Start(localcloud.Config{OSSAddr: cfg.OSSAddr, STSAddr: cfg.STSAddr, DataDir: cfg.DataDir, Bucket: cfg.Bucket,
			RootAccessKeyID: cfg.AccessKeyID, RootAccessKeySecret: cfg.AccessKeySecret, RoleArn: cfg.RoleArn, AllowedOrigins: origins, Faults: cfg.Faults,
			LocalOrigins: origins[:2], Limits: localcloud.Limits{QuotaPerPrefix: cfg.QuotaPerPrefix}, Logger: log})
		if err != nil {
			ln.Close()
			return nil, err
		}
		ossEndpoint, stsEndpoint = a.Cloud.PublicOSSURL, a.Cloud.STSURL
	}
	stsClient, err := broker.NewSTSClient(broker.STSConfig{Endpoint: stsEndpoint, AccessKeyID: cfg.AccessKeyID, AccessKeySecret: cfg.AccessKeySecret, RoleArn: cfg.RoleArn, Timeout: cfg.STSTimeout})
	if err != nil {
		a.close()
		return nil, err
	}
	b, err := broker.New(broker.Config{STS: stsClient, Auth: auth, Region: cfg.Region, Bucket: cfg.Bucket, Endpoint: ossEndpoint, Duration: cfg.Duration,
		AllowedOrigins: cfg.AllowedOrigins, RatePerCaller: cfg.RatePerCaller, RatePerAddr: cfg.RatePerAddr, NewIdentitiesPerAddr: cfg.NewIdentitiesPerAddr, ClientIPHeader: cfg.ClientIPHeader,
		STSTimeout: cfg.STSTimeout, Logger: log})
	if err != nil {
		a.close()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/sts", b)
	mux.Handle("/api/oss-callback", NewCallbacks(callbackKeyURLs(a.Cloud), auth, log))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte("ok\n"))
	})
	static := NewStatic(cfg.WebDir)
	go static.Warm()
	mux.Handle("/", withIdentity(b, static))
	// WriteTimeout leaves room for a slow client fetching the multi-MiB module.
	a.server = &http.Server{Handler: accessLog(log, mux), ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn), ConnState: a.fresh.Track,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	go func() { a.done <- a.server.Serve(guard.Listen(ln, connsPerAddr)) }()
	return a, nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog records one structured line per request: API calls and errors
// at Info, successful static fetches at Debug. The query string and headers
// are never logged, as they may carry credentials.
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		level := slog.LevelInfo
		if sw.status < 400 && !strings.HasPrefix(r.URL.Path, "/api/") {
			level = slog.LevelDebug
		}
		log.Log(r.Context(), level, "http", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.bytes,
			"ms", time.Since(start).Milliseconds(), "remote", r.RemoteAddr)
	})
}

func (a *App) close() {
	if a.Cloud != nil {
		a.Cloud.Close()
	}
}

// Shutdown stops accepting requests, lets those in flight finish, then stops the embedded cloud.
// It is safe to call more than once.
func (a *App) Shutdown(ctx context.Context) error {
	a.once.Do(func() {
		a.server.SetKeepAlivesEnabled(false)
		a.fresh.CloseAll()
		a.err = a.server.Shutdown(ctx)
		a.close()
		if e := <-a.done; !errors.Is(e, http.ErrServerClosed) {
			a.err = errors.Join(a.err, e)
		}
	})
	return a.err
}
