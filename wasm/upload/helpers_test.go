//go:build !js

package upload_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// countingTransport counts UploadPart requests per part number and bytes sent.
type countingTransport struct {
	rt    http.RoundTripper
	mu    sync.Mutex
	parts map[string]int // "uploadId/part" -> 2xx count
	fail  func(r *http.Request) error
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.fail != nil {
		if err := t.fail(r); err != nil {
			return nil, err
		}
	}
	resp, err := t.rt.RoundTrip(r)
	q := r.URL.Query()
	if err == nil && r.Method == http.MethodPut && q.Get("partNumber") != "" && resp.StatusCode == 200 {
		t.mu.Lock()
		t.parts[q.Get("uploadId")+"/"+q.Get("partNumber")]++
		t.mu.Unlock()
	}
	return resp, err
}

func (t *countingTransport) dupes() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var d []string
	for k, n := range t.parts {
		if n > 1 {
			d = append(d, k)
		}
	}
	return d
}

type env struct {
	*osslocaltest.Env
	client  *ossapi.Client
	creds   *credentials.Cache
	ct      *countingTransport
	fetches atomic.Int64
	root    *oss.Bucket
}

const prefix = "uploads/test/"

func newEnv(t testing.TB, ttl time.Duration) *env {
	return newEnvWith(t, nil, ttl)
}

// newEnvWith starts the embedded OSS; mint (if set) makes each fetch's
// credentials, else STS credentials with the upload policy and ttl.
func newEnvWith(t testing.TB, mint func(e *env) credentials.Credentials, ttl time.Duration) *env {
	t.Helper()
	e := &env{Env: osslocaltest.Start(t)}
	policy := osslocaltest.PrefixPolicy(osslocaltest.Bucket, prefix)
	e.creds = credentials.NewCache(func(ctx context.Context) (credentials.Credentials, error) {
		e.fetches.Add(1)
		if mint != nil {
			return mint(e), nil
		}
		c := e.STS(policy, ttl)
		return credentials.Credentials{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken, Expiration: c.Expiration}, nil
	}, credentials.Options{})
	e.ct = &countingTransport{rt: ossapi.NewTransport(), parts: map[string]int{}}
	var err error
	e.client, err = ossapi.New(ossapi.Config{Endpoint: e.URL, Bucket: osslocaltest.Bucket, Region: osslocaltest.Region, Creds: e.creds, Sender: ossapi.HTTPSender{Client: &http.Client{Transport: e.ct}}})
	require.NoError(t, err)
	rc, err := oss.New(e.URL, osslocaltest.RootAccessKeyID, osslocaltest.RootAccessKeySecret, oss.AuthVersion(oss.AuthV4), oss.Region(osslocaltest.Region))
	require.NoError(t, err)
	e.root, err = rc.Bucket(osslocaltest.Bucket)
	require.NoError(t, err)
	return e
}

// objectSHA streams the stored object through SHA-256.
func (e *env) objectSHA(t testing.TB, key string) ([32]byte, int64) {
	t.Helper()
	body, err := e.root.GetObject(key)
	require.NoError(t, err)
	defer body.Close()
	h := sha256.New()
	n, err := io.Copy(h, body)
	require.NoError(t, err)
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s, n
}

func (e *env) uploader(store checkpoint.Store, cfg upload.Config) *upload.Uploader {
	return upload.New(e.client, store, cfg)
}

func (t *countingTransport) snapshot() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	m := map[string]int{}
	for k, v := range t.parts {
		m[k] = v
	}
	return m
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
