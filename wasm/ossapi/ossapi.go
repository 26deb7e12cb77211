// Package ossapi implements upload.API over aliyun-oss-go-sdk, signing with
// V4 and STS credentials that change over time.
package ossapi

import (
	"context"
	"encoding/xml"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/upload"
)

// Config configures a Client.
type Config struct {
	Endpoint string // e.g. https://oss-cn-hangzhou.aliyuncs.com or http://127.0.0.1:9000
	Bucket   string
	Region   string // e.g. cn-hangzhou; required for V4 signing
	Creds    *credentials.Cache
	// V1 signs with OSS's V1 scheme (ali-oss's default) instead of V4. The
	// date line is the x-oss-date header, since browsers drop Date.
	V1 bool
	// CNAME: Endpoint is the bucket's own domain (ali-oss's cname option).
	CNAME bool
	// Timeout bounds each request (ali-oss's timeout); 0 means none.
	Timeout time.Duration
	// RetryMax retries a request that got no answer this many times
	// (ali-oss's retryMax); an answer from OSS is never retried here.
	RetryMax int
	// Sender sends the signed requests. nil: net/http's client, except in
	// js/wasm, where the caller must give one (the browser module sends by
	// XMLHttpRequest, and linking net/http's client would add TLS, x509 and
	// HTTP/2 to a module that never dials).
	Sender Sender
	// Now is the local clock (default time.Now); for tests of skew correction.
	Now func() time.Time
}

// Client is an upload.API. It is safe for concurrent use.
type Client struct {
	cfg    Config
	sender Sender
	offset atomic.Int64 // server time minus local time, ns, learned from RequestTimeTooSkewed
	// lastDate is the most recent server Date seen with the local time it
	// arrived, the source of the clock correction.
	dateMu        sync.Mutex
	lastServer    time.Time
	lastLocal     time.Time
	mu            sync.Mutex
	signer        *oss.Signer
	signerFor     credentials.Credentials
	signerCreated int
}

var _ upload.API = (*Client)(nil)

// New returns a Client.
func New(cfg Config) (*Client, error) {
	switch {
	case cfg.Endpoint == "":
		return nil, &upload.Error{Code: upload.CodeInvalidArgument, Message: "ossapi: no endpoint"}
	case cfg.Bucket == "":
		return nil, &upload.Error{Code: upload.CodeInvalidArgument, Message: "ossapi: no bucket"}
	case cfg.Region == "" && !cfg.V1:
		return nil, &upload.Error{Code: upload.CodeInvalidArgument, Message: "ossapi: no region (V4 signing needs it, e.g. cn-hangzhou)"}
	case cfg.Creds == nil:
		return nil, &upload.Error{Code: upload.CodeInvalidArgument, Message: "ossapi: no credentials"}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Client{cfg: cfg, sender: cfg.Sender}
	if c.sender == nil {
		c.sender = defaultSender()
	}
	if c.sender == nil {
		return nil, &upload.Error{Code: upload.CodeInvalidArgument, Message: "ossapi: no sender"}
	}
	return c, nil
}

// Bucket returns the bucket name.
func (c *Client) Bucket() string { return c.cfg.Bucket }

// ClientsCreated reports how many SDK signers were built (one per credentials).
func (c *Client) ClientsCreated() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.signerCreated
}

// sdk returns an SDK signer for the current credentials. The SDK binds
// credentials at construction, so a new signer is built when they change and
// reused while they do not.
func (c *Client) sdk(ctx context.Context) (*oss.Signer, credentials.Credentials, error) {
	cr, err := c.cfg.Creds.Get(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, cr, &upload.Error{Code: upload.CodeCanceled, Message: "canceled while getting credentials", Err: err}
		}
		var ue *upload.Error
		if errors.As(err, &ue) && ue.Code == upload.CodeIdentityChanged {
			return nil, cr, ue
		}
		return nil, cr, &upload.Error{Code: "CredentialsUnavailable", Message: "getting STS credentials failed", Err: err}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.signer != nil && c.signerFor == cr {
		return c.signer, cr, nil
	}
	version := oss.AuthV4
	if c.cfg.V1 {
		version = oss.AuthV1
	}
	opts := []oss.ClientOption{
		oss.AuthVersion(version), oss.Region(c.cfg.Region), oss.UseCname(c.cfg.CNAME),
		// The engine checks CRC64 itself; the SDK's check would hash a
		// reader that, on the browser's direct path, is never read.
		oss.EnableCRC(false), oss.EnableMD5(false),
	}
	if cr.SecurityToken != "" {
		opts = append(opts, oss.SecurityToken(cr.SecurityToken))
	}
	s, err := oss.NewSigner(c.cfg.Endpoint, cr.AccessKeyID, cr.AccessKeySecret, c.cfg.Bucket, opts...)
	if err != nil {
		return nil, cr, &upload.Error{Code: upload.CodeInvalidArgument, Message: "creating the OSS signer failed", Err: err}
	}
	c.signer, c.signerFor = s, cr
	c.signerCreated++
	return s, cr, nil
}

// common returns the per-request options: the caller's context, so cancel
// aborts the request and the transport sees a DirectSource handle, and an
// explicit x-oss-date. Browsers refuse to send Date, and the SDK's V4 signer
// uses x-oss-date in preference to Date when present, so signing with it keeps
// the signature valid whatever the browser drops; it also carries the clock
// correction learned from RequestTimeTooSkewed.
//
// V1 signs the Date line; the SDK lets an explicit Date header override its
// own, so Date and x-oss-date carry the same value, and OSS reads x-oss-date
// when the browser has dropped Date (as ali-oss relies on).
func (c *Client) common(ctx context.Context, extra ...oss.Option) []oss.Option {
	now := c.cfg.Now().Add(time.Duration(c.offset.Load())).UTC()
	if c.cfg.V1 {
		d := now.Format(http.TimeFormat)
		return append([]oss.Option{oss.WithContext(ctx), oss.SetHeader("Date", d), oss.SetHeader("x-oss-date", d)}, extra...)
	}
	return append([]oss.Option{oss.WithContext(ctx), oss.SetHeader("x-oss-date", now.Format("20060102T150405Z"))}, extra...)
}

// call runs op with fresh credentials, the per-request timeout and up to
// RetryMax retries of requests that got no answer, and maps its error.
func (c *Client) call(ctx context.Context, op func(ctx context.Context, s *oss.Signer) error) error {
	var err error
	for attempt := 0; attempt <= c.cfg.RetryMax; attempt++ {
		if err = c.once(ctx, op); err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// once is one attempt of call. On a credential error it drops the
// credentials that failed (a shared, single refresh in the cache) so the
// engine's retry signs with new ones.
func (c *Client) once(ctx context.Context, op func(ctx context.Context, s *oss.Signer) error) error {
	s, cr, err := c.sdk(ctx)
	if err != nil {
		return err
	}
	rctx := ctx
	if t := c.timeout(ctx); t > 0 {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(ctx, t)
		defer cancel()
	}
	err = op(rctx, s)
	if err == nil {
		return nil
	}
	ue := c.mapError(ctx, err)
	switch ue.Code {
	case "SecurityTokenExpired", "InvalidAccessKeyId", "InvalidSecurityToken":
		c.cfg.Creds.Invalidate(cr)
	case upload.CodeRequestTimeTooSkewed:
		c.correctClock(ue.Err)
	}
	return ue
}

// correctClock learns the server's clock from the error body's ServerTime
// (real OSS sends it) or the last Date header seen.
func (c *Client) correctClock(err error) {
	var se oss.ServiceError
	if errors.As(err, &se) {
		var body struct {
			ServerTime string `xml:"ServerTime"`
		}
		if xml.Unmarshal([]byte(se.RawMessage), &body) == nil && body.ServerTime != "" {
			if t, perr := time.Parse(time.RFC3339, body.ServerTime); perr == nil {
				c.offset.Store(int64(t.Sub(c.cfg.Now())))
				return
			}
		}
	}
	c.dateMu.Lock()
	server, local := c.lastServer, c.lastLocal
	c.dateMu.Unlock()
	if !server.IsZero() {
		c.offset.Store(int64(server.Sub(local)))
	}
}

// ClockOffset is the correction applied to x-oss-date (server minus local).
func (c *Client) ClockOffset() time.Duration { return time.Duration(c.offset.Load()) }

// mapError turns SDK and transport errors into *upload.Error with a stable code.
func (c *Client) mapError(ctx context.Context, err error) *upload.Error {
	var ue *upload.Error
	if errors.As(err, &ue) {
		return ue
	}
	var se oss.ServiceError
	if errors.As(err, &se) {
		return &upload.Error{Code: se.Code, Message: se.Message, Status: se.StatusCode, RequestID: se.RequestID, Err: err}
	}
	var us oss.UnexpectedStatusCodeError
	if errors.As(err, &us) {
		return &upload.Error{Code: "UnexpectedStatus", Message: http.StatusText(us.Got()), Status: us.Got(), Err: err}
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return &upload.Error{Code: upload.CodeCanceled, Message: "request canceled", Err: err}
	}
	if errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "timeout") {
		return &upload.Error{Code: upload.CodeTimeout, Message: "request timed out", Err: err}
	}
	return &upload.Error{Code: upload.CodeNetwork, Message: "the request got no answer from OSS", Err: err}
}

type timeoutKey struct{}

// WithTimeout returns a context whose requests are each bounded by d instead
// of the client's Timeout: ali-oss takes a `timeout` in every call's options
// as well as in the constructor's.
func WithTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, timeoutKey{}, d)
}

// timeout is the bound of each request made under ctx.
func (c *Client) timeout(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(timeoutKey{}).(time.Duration); ok && d > 0 {
		return d
	}
	return c.cfg.Timeout
}
