// Package ossapi implements upload.API over aliyun-oss-go-sdk, signing with
// V4 and STS credentials that change over time.
package ossapi

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"io"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/checkpoint"
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
	RetryMax   int
	HTTPClient *http.Client // nil: a default client
	// Now is the local clock (default time.Now); for tests of skew correction.
	Now func() time.Time
}

// Client is an upload.API. It is safe for concurrent use.
type Client struct {
	cfg    Config
	http   *http.Client
	offset atomic.Int64 // server time minus local time, ns, learned from RequestTimeTooSkewed
	// lastDate is the most recent server Date seen with the local time it
	// arrived, the source of the clock correction.
	dateMu        sync.Mutex
	lastServer    time.Time
	lastLocal     time.Time
	mu            sync.Mutex
	bucket        *oss.Bucket
	bucketFor     credentials.Credentials
	bucketCreated int
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
	c := &Client{cfg: cfg}
	base := cfg.HTTPClient
	if base == nil {
		base = &http.Client{Transport: NewTransport()}
	}
	hc := *base
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	hc.Transport = dateTransport{rt: rt, c: c}
	c.http = &hc
	return c, nil
}

// NewTransport returns the default transport: net/http's, keeping enough
// idle connections per host for every part in flight (net/http keeps 2, so
// with 4 parts in flight half the requests would open a new connection).
// In js/wasm it still goes through fetch.
func NewTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = upload.MaxParallel
	return t
}

// dateTransport records the server's Date header (when the browser exposes
// it) so a RequestTimeTooSkewed can be corrected.
type dateTransport struct {
	rt http.RoundTripper
	c  *Client
}

// RoundTrip forwards r, notes the response's Date and records the
// exchange for the caller that asked (WithExchange).
func (t dateTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	x, _ := r.Context().Value(exchangeKey{}).(*Exchange)
	if x != nil {
		x.begin(r)
	}
	resp, err := t.rt.RoundTrip(r)
	if x != nil {
		x.end(resp)
	}
	if err == nil {
		if d, perr := http.ParseTime(resp.Header.Get("Date")); perr == nil {
			t.c.dateMu.Lock()
			t.c.lastServer, t.c.lastLocal = d, t.c.cfg.Now()
			t.c.dateMu.Unlock()
		}
	}
	return resp, err
}

// Bucket returns the bucket name.
func (c *Client) Bucket() string { return c.cfg.Bucket }

// ClientsCreated reports how many SDK clients were built (one per credentials).
func (c *Client) ClientsCreated() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bucketCreated
}

// sdk returns an SDK bucket signing with the current credentials. The
// SDK binds credentials at construction, so a new client is built when they
// change and reused while they do not.
func (c *Client) sdk(ctx context.Context) (*oss.Bucket, credentials.Credentials, error) {
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
	if c.bucket != nil && c.bucketFor == cr {
		return c.bucket, cr, nil
	}
	version := oss.AuthV4
	if c.cfg.V1 {
		version = oss.AuthV1
	}
	opts := []oss.ClientOption{
		oss.AuthVersion(version), oss.Region(c.cfg.Region), oss.HTTPClient(c.http), oss.UseCname(c.cfg.CNAME),
		// The engine checks CRC64 itself; the SDK's check would hash a
		// reader that, on the browser's direct path, is never read.
		oss.EnableCRC(false), oss.EnableMD5(false),
	}
	if cr.SecurityToken != "" {
		opts = append(opts, oss.SecurityToken(cr.SecurityToken))
	}
	cl, err := oss.New(c.cfg.Endpoint, cr.AccessKeyID, cr.AccessKeySecret, opts...)
	if err != nil {
		return nil, cr, &upload.Error{Code: upload.CodeInvalidArgument, Message: "creating the OSS client failed", Err: err}
	}
	b, err := cl.Bucket(c.cfg.Bucket)
	if err != nil {
		return nil, cr, &upload.Error{Code: upload.CodeInvalidArgument, Message: "bad bucket name", Err: err}
	}
	c.bucket, c.bucketFor = b, cr
	c.bucketCreated++
	return b, cr, nil
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
func (c *Client) call(ctx context.Context, op func(ctx context.Context, b *oss.Bucket) error) error {
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
func (c *Client) once(ctx context.Context, op func(ctx context.Context, b *oss.Bucket) error) error {
	b, cr, err := c.sdk(ctx)
	if err != nil {
		return err
	}
	rctx := ctx
	if t := c.timeout(ctx); t > 0 {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(ctx, t)
		defer cancel()
	}
	err = op(rctx, b)
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

func imur(bucket, key, id string) oss.InitiateMultipartUploadResult {
	return oss.InitiateMultipartUploadResult{Bucket: bucket, Key: key, UploadID: id}
}

// Initiate starts a multipart upload with the object's content type, user
// metadata and extra headers.
func (c *Client) Initiate(ctx context.Context, key string, o upload.InitOptions) (string, error) {
	var extra []oss.Option
	if o.Mime != "" {
		extra = append(extra, oss.ContentType(o.Mime))
	}
	for k, v := range o.Meta {
		extra = append(extra, oss.Meta(k, v))
	}
	for k, v := range o.Headers {
		extra = append(extra, oss.SetHeader(k, v))
	}
	extra = append(extra, headerOptions(ctx, callbackHeaders...)...)
	var id string
	err := c.call(ctx, func(ctx context.Context, b *oss.Bucket) error {
		r, err := b.InitiateMultipartUpload(key, c.common(ctx, extra...)...)
		id = r.UploadID
		return err
	})
	return id, err
}

// UploadPart sends one part. ctx reaches the HTTP transport unchanged (a
// DirectSource handle rides in it); the CRC comes from x-oss-hash-crc64ecma.
func (c *Client) UploadPart(ctx context.Context, key, uploadID string, number int, body io.Reader, size int64) (upload.PartResult, error) {
	var res upload.PartResult
	err := c.call(ctx, func(ctx context.Context, b *oss.Bucket) error {
		var h http.Header
		// ali-oss sends the upload's headers with each part, except these two
		// which OSS refuses on UploadPart.
		extra := append(headerOptions(ctx, append(callbackHeaders, "x-oss-server-side-encryption", "x-oss-storage-class")...), oss.GetResponseHeader(&h))
		p, err := b.UploadPart(imur(c.cfg.Bucket, key, uploadID), body, size, number, c.common(ctx, extra...)...)
		if err != nil {
			return err
		}
		res = upload.PartResult{ETag: p.ETag, CRC64: h.Get("X-Oss-Hash-Crc64ecma")}
		return nil
	})
	return res, err
}

// ListParts returns every part of the upload, following the pages.
func (c *Client) ListParts(ctx context.Context, key, uploadID string) ([]checkpoint.Part, error) {
	var out []checkpoint.Part
	marker := 0
	for {
		var page oss.ListUploadedPartsResult
		err := c.call(ctx, func(ctx context.Context, b *oss.Bucket) error {
			var err error
			page, err = b.ListUploadedParts(imur(c.cfg.Bucket, key, uploadID), c.common(ctx, oss.MaxParts(1000), oss.PartNumberMarker(marker))...)
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, p := range page.UploadedParts {
			out = append(out, checkpoint.Part{Number: p.PartNumber, ETag: p.ETag, Size: int64(p.Size)})
		}
		if !page.IsTruncated {
			return out, nil
		}
		next, err := strconv.Atoi(page.NextPartNumberMarker)
		if err != nil || next <= marker {
			return nil, &upload.Error{Code: upload.CodeInternal, Message: fmt.Sprintf("ListParts returned a bad NextPartNumberMarker %q", page.NextPartNumberMarker)}
		}
		marker = next
	}
}

// Complete completes the upload with parts (in ascending order).
func (c *Client) Complete(ctx context.Context, key, uploadID string, parts []checkpoint.Part) (upload.CompleteResult, error) {
	ups := make([]oss.UploadPart, len(parts))
	for i, p := range parts {
		ups[i] = oss.UploadPart{PartNumber: p.Number, ETag: p.ETag}
	}
	var res upload.CompleteResult
	err := c.call(ctx, func(ctx context.Context, b *oss.Bucket) error {
		var h http.Header
		var body []byte
		extra := append(headerOptions(ctx, append(callbackHeaders, "x-oss-server-side-encryption", "x-oss-storage-class")...), oss.GetResponseHeader(&h), oss.CallbackResult(&body))
		extra = append(extra, callbackOptions(ctx)...)
		r, err := b.CompleteMultipartUpload(imur(c.cfg.Bucket, key, uploadID), ups, c.common(ctx, extra...)...)
		if err != nil {
			return err
		}
		if len(body) > 0 {
			// With a callback OSS answers with the callback's JSON instead of
			// the XML result: the object's identity comes from the headers.
			r = oss.CompleteMultipartUploadResult{ETag: h.Get("ETag"), Bucket: c.cfg.Bucket, Key: key}
		}
		res = upload.CompleteResult{ETag: r.ETag, Location: r.Location, Bucket: r.Bucket, Key: r.Key, Status: http.StatusOK,
			Header: h, CRC64: h.Get("X-Oss-Hash-Crc64ecma"), RequestID: h.Get("X-Oss-Request-Id")}
		if res.ETag == "" {
			res.ETag = strings.Trim(h.Get("Etag"), `"`)
		}
		if x, ok := ctx.Value(exchangeKey{}).(*Exchange); ok && len(body) > 0 {
			x.mu.Lock()
			x.body = body
			x.mu.Unlock()
		}
		return nil
	})
	return res, err
}

// Abort aborts the upload.
func (c *Client) Abort(ctx context.Context, key, uploadID string) error {
	return c.call(ctx, func(ctx context.Context, b *oss.Bucket) error {
		return b.AbortMultipartUpload(imur(c.cfg.Bucket, key, uploadID), c.common(ctx)...)
	})
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
