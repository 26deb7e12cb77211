// Package localcloud runs the embedded OSS and STS on their own 127.0.0.1
// listeners, sharing one token issuer, so the whole system works on one
// machine with no cloud account. The listeners are separate from the app's
// so that uploads are cross-origin, as they are against real OSS.
package localcloud

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ossupload/ossupload/server/ossauth"
	"github.com/ossupload/ossupload/server/osslocal"
	"github.com/ossupload/ossupload/server/stslocal"
	"github.com/ossupload/ossupload/server/ststoken"
)

// Config configures the embedded cloud.
type Config struct {
	OSSAddr, STSAddr    string // host:port; port 0 picks a free one
	DataDir             string
	Bucket              string
	RootAccessKeyID     string
	RootAccessKeySecret string
	RoleArn             string
	AllowedOrigins      []string
	// Faults turns on fault injection and the /_local test endpoints.
	Faults bool
	Logger *slog.Logger
}

// Cloud is the running embedded OSS and STS.
type Cloud struct {
	OSSURL, STSURL string
	OSS            *osslocal.Server
	servers        []*http.Server
}

// Start listens and serves until Close.
func Start(cfg Config) (*Cloud, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	iss := ststoken.NewIssuer(cfg.RootAccessKeySecret)
	v := ossauth.NewVerifier(ossauth.Config{RootAccessKeyID: cfg.RootAccessKeyID, RootAccessKeySecret: cfg.RootAccessKeySecret, Tokens: iss})
	var faults *osslocal.Faults
	if cfg.Faults {
		faults = osslocal.NewFaults()
	}
	oss, err := osslocal.New(osslocal.Config{DataDir: cfg.DataDir, Buckets: []string{cfg.Bucket}, Verifier: v, AllowedOrigins: cfg.AllowedOrigins, Faults: faults, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	stsH := stslocal.New(stslocal.Config{RootAccessKeyID: cfg.RootAccessKeyID, RootAccessKeySecret: cfg.RootAccessKeySecret, RoleArn: cfg.RoleArn, Issuer: iss})
	c := &Cloud{OSS: oss}
	var urls []string
	for _, s := range []struct {
		addr string
		h    http.Handler
	}{{cfg.OSSAddr, oss}, {cfg.STSAddr, stsH}} {
		ln, err := net.Listen("tcp", s.addr)
		if err != nil {
			c.Close()
			return nil, err
		}
		// No WriteTimeout: a multi-GiB GetObject may legitimately take long.
		srv := &http.Server{Handler: s.h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
		go srv.Serve(ln)
		c.servers = append(c.servers, srv)
		urls = append(urls, "http://"+ln.Addr().String())
	}
	c.OSSURL, c.STSURL = urls[0], urls[1]
	return c, nil
}

// Close stops both servers, letting requests in flight finish for a moment.
func (c *Cloud) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var errs []error
	for _, s := range c.servers {
		errs = append(errs, s.Shutdown(ctx))
	}
	return errors.Join(errs...)
}
