//go:build !js

package ossapi_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

const prefix = "uploads/api/"

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type fixture struct {
	env     *osslocaltest.Env
	client  *ossapi.Client
	fetches atomic.Int32
	reqs    atomic.Int32
}

// setup starts the embedded OSS and a Client whose transport behaves like a
// browser's: it drops the Date header, which fetch() refuses to send.
func setup(t *testing.T, now func() time.Time) *fixture {
	f := &fixture{env: osslocaltest.Start(t)}
	policy := osslocaltest.PrefixPolicy(osslocaltest.Bucket, prefix)
	creds := credentials.NewCache(func(ctx context.Context) (credentials.Credentials, error) {
		f.fetches.Add(1)
		c := f.env.STS(policy, time.Hour)
		return credentials.Credentials{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken, Expiration: c.Expiration}, nil
	}, credentials.Options{})
	hc := &http.Client{Transport: rtFunc(func(r *http.Request) (*http.Response, error) {
		f.reqs.Add(1)
		r = r.Clone(r.Context())
		r.Header.Del("Date")
		return http.DefaultTransport.RoundTrip(r)
	})}
	var err error
	f.client, err = ossapi.New(ossapi.Config{Endpoint: f.env.URL, Bucket: osslocaltest.Bucket, Region: osslocaltest.Region, Creds: creds, Sender: ossapi.HTTPSender{Client: hc}, Now: now})
	require.NoError(t, err)
	return f
}

func TestNewValidates(t *testing.T) {
	creds := credentials.Static(credentials.Credentials{AccessKeyID: "a", AccessKeySecret: "b"})
	for name, cfg := range map[string]ossapi.Config{
		"no endpoint": {Bucket: "b", Region: "r", Creds: creds},
		"no bucket":   {Endpoint: "http://x", Region: "r", Creds: creds},
		"no region":   {Endpoint: "http://x", Bucket: "b", Creds: creds},
		"no creds":    {Endpoint: "http://x", Bucket: "b", Region: "r"},
	} {
		_, err := ossapi.New(cfg)
		assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err), name)
	}
}

// Without Date (as in a browser) the V4 signature rests on x-oss-date; the
// whole multipart cycle works, and Mime/Meta/Headers reach the object.
func TestMultipartWithoutDateHeader(t *testing.T) {
	f := setup(t, nil)
	ctx := context.Background()
	key := prefix + "dir/ü file.txt"
	id, err := f.client.Initiate(ctx, key, upload.InitOptions{Mime: "text/plain", Meta: map[string]string{"origin": "test"}, Headers: map[string]string{"x-oss-meta-extra": "yes"}})
	require.NoError(t, err)
	body := bytes.Repeat([]byte("a"), 100<<10)
	p1, err := f.client.UploadPart(ctx, key, id, 1, bytes.NewReader(body), int64(len(body)))
	require.NoError(t, err)
	assert.NotEmpty(t, p1.ETag)
	assert.Equal(t, upload.CRC64Decimal(body), p1.CRC64)
	p2, err := f.client.UploadPart(ctx, key, id, 2, strings.NewReader("tail"), 4)
	require.NoError(t, err)
	parts, err := f.client.ListParts(ctx, key, id)
	require.NoError(t, err)
	require.Len(t, parts, 2)
	assert.Equal(t, int64(4), parts[1].Size)
	res, err := f.client.Complete(ctx, key, id, parts)
	require.NoError(t, err)
	assert.Equal(t, 200, res.Status)
	assert.NotEmpty(t, res.RequestID)
	assert.Equal(t, upload.CRC64Decimal(append(body, "tail"...)), res.CRC64)
	_ = p2
	rc, err := oss.New(f.env.URL, osslocaltest.RootAccessKeyID, osslocaltest.RootAccessKeySecret)
	require.NoError(t, err)
	b, _ := rc.Bucket(osslocaltest.Bucket)
	h, err := b.GetObjectDetailedMeta(key)
	require.NoError(t, err)
	assert.Equal(t, "text/plain", h.Get("Content-Type"))
	assert.Equal(t, "test", h.Get("X-Oss-Meta-Origin"))
	assert.Equal(t, "yes", h.Get("X-Oss-Meta-Extra"))
	assert.Equal(t, 1, f.client.ClientsCreated(), "one SDK client per credentials")
}

func TestErrorsMapped(t *testing.T) {
	f := setup(t, nil)
	_, err := f.client.Initiate(context.Background(), "outside/prefix", upload.InitOptions{})
	var e *upload.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "AccessDenied", e.Code)
	assert.Equal(t, 403, e.Status)
	assert.NotEmpty(t, e.RequestID)
	err = f.client.Abort(context.Background(), prefix+"x", "no-such-id")
	assert.Equal(t, "NoSuchUpload", upload.CodeOf(err))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = f.client.Initiate(ctx, prefix+"x", upload.InitOptions{})
	assert.Equal(t, upload.CodeCanceled, upload.CodeOf(err))
}

// A client clock an hour slow is rejected once, corrected from the
// server's time, and the engine's retry succeeds.
func TestClockSkewCorrected(t *testing.T) {
	f := setup(t, func() time.Time { return time.Now().Add(-time.Hour) })
	u := upload.New(f.client, nil, upload.Config{})
	src := &memSource{b: bytes.Repeat([]byte("z"), 1000)}
	_, err := u.Upload(context.Background(), prefix+"skew", src, upload.Options{})
	require.NoError(t, err)
	assert.InDelta(t, time.Hour.Seconds(), f.client.ClockOffset().Seconds(), 5)
}

func TestListPartsPages(t *testing.T) {
	f := setup(t, nil)
	ctx := context.Background()
	key := prefix + "many"
	id, err := f.client.Initiate(ctx, key, upload.InitOptions{})
	require.NoError(t, err)
	const n = 1003
	for i := 1; i <= n; i++ {
		_, err := f.client.UploadPart(ctx, key, id, i, strings.NewReader("x"), 1)
		require.NoError(t, err)
	}
	before := f.reqs.Load()
	parts, err := f.client.ListParts(ctx, key, id)
	require.NoError(t, err)
	assert.Len(t, parts, n)
	assert.Equal(t, int32(2), f.reqs.Load()-before, "two pages of 1000")
	for i, p := range parts {
		assert.Equal(t, i+1, p.Number)
	}
}

type memSource struct{ b []byte }

func (m *memSource) ReadAt(p []byte, off int64) (int, error) {
	return bytes.NewReader(m.b).ReadAt(p, off)
}
func (m *memSource) Size() int64         { return int64(len(m.b)) }
func (m *memSource) Name() string        { return "mem" }
func (m *memSource) LastModified() int64 { return 1 }

// V1 signing (ali-oss's default) in a browser: Date is dropped, x-oss-date
// carries the same value, and every object request verifies.
func TestV1WithoutDate(t *testing.T) {
	f := setup(t, nil)
	c := f.env.STS(osslocaltest.PrefixPolicy(osslocaltest.Bucket, prefix), time.Hour)
	creds := credentials.Static(credentials.Credentials{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken})
	hc := &http.Client{Transport: rtFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.Header.Del("Date")
		return http.DefaultTransport.RoundTrip(r)
	})}
	v1, err := ossapi.New(ossapi.Config{Endpoint: f.env.URL, Bucket: osslocaltest.Bucket, Creds: creds, Sender: ossapi.HTTPSender{Client: hc}, V1: true})
	require.NoError(t, err)
	ctx := context.Background()
	r, err := v1.Do(ctx, ossapi.Request{Method: "PUT", Key: prefix + "v1.txt", Body: strings.NewReader("hello"), Headers: map[string]string{"Content-Type": "text/plain", "x-oss-meta-a": "b"}})
	require.NoError(t, err)
	assert.Equal(t, 200, r.Status)
	assert.Contains(t, r.URL, "/"+osslocaltest.Bucket+"/"+prefix+"v1.txt")
	r, err = v1.Do(ctx, ossapi.Request{Method: "GET", Key: prefix + "v1.txt"})
	require.NoError(t, err)
	assert.Equal(t, "hello", string(r.Body))
	_, err = v1.Do(ctx, ossapi.Request{Method: "GET", Key: prefix + "missing"})
	assert.Equal(t, "NoSuchKey", upload.CodeOf(err))
	u, err := v1.SignURL(credentials.Credentials{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken}, prefix+"v1.txt", ossapi.SignOptions{Expires: 60})
	require.NoError(t, err)
	resp, err := http.Get(u)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
}
