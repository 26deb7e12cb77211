package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/ossupload/ossupload/server/broker"
	"github.com/ossupload/ossupload/server/localcloud"
)

// App is a running server.
type App struct {
	URL    string
	Cloud  *localcloud.Cloud // nil in production
	server *http.Server
	done   chan error
	once   sync.Once
	err    error
}

// Start builds everything cfg describes and starts serving.
func Start(cfg Config, log *slog.Logger) (*App, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	appURL := "http://" + ln.Addr().String()
	a := &App{URL: appURL, done: make(chan error, 1)}
	ossEndpoint, stsEndpoint := cfg.OSSEndpoint, cfg.STSEndpoint
	var auth broker.Authenticator
	switch {
	case cfg.AuthHeader != "":
		auth = broker.HeaderAuth{Header: cfg.AuthHeader}
	case cfg.AuthSecret != "":
		auth = broker.BearerAuth{Secret: []byte(cfg.AuthSecret)}
	default:
		auth = broker.CookieAuth{}
	}
	if cfg.Mode == "local" {
		origins := append([]string{appURL}, cfg.AllowedOrigins...)
		a.Cloud, err = localcloud.Start(localcloud.Config{OSSAddr: cfg.OSSAddr, STSAddr: cfg.STSAddr, DataDir: cfg.DataDir, Bucket: cfg.Bucket,
			RootAccessKeyID: cfg.AccessKeyID, RootAccessKeySecret: cfg.AccessKeySecret, RoleArn: cfg.RoleArn, AllowedOrigins: origins, Faults: cfg.Faults, Logger: log})
		if err != nil {
			ln.Close()
			return nil, err
		}
		ossEndpoint, stsEndpoint = a.Cloud.OSSURL, a.Cloud.STSURL
	}
	stsClient, err := broker.NewSTSClient(broker.STSConfig{Endpoint: stsEndpoint, AccessKeyID: cfg.AccessKeyID, AccessKeySecret: cfg.AccessKeySecret, RoleArn: cfg.RoleArn})
	if err != nil {
		a.close()
		return nil, err
	}
	b, err := broker.New(broker.Config{STS: stsClient, Auth: auth, Region: cfg.Region, Bucket: cfg.Bucket, Endpoint: ossEndpoint, Duration: cfg.Duration, AllowedOrigins: cfg.AllowedOrigins, Logger: log})
	if err != nil {
		a.close()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/sts", b)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	mux.Handle("/", NewStatic(cfg.WebDir))
	a.server = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	go func() { a.done <- a.server.Serve(ln) }()
	return a, nil
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
		a.err = a.server.Shutdown(ctx)
		a.close()
		if e := <-a.done; !errors.Is(e, http.ErrServerClosed) {
			a.err = errors.Join(a.err, e)
		}
	})
	return a.err
}
