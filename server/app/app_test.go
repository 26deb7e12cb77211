package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/server/broker"
)

func TestConfigValidation(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	t.Setenv("OSSUPLOAD_AUTH_SECRET", "")
	cfg, err := FromFlags(nil)
	require.NoError(t, err, "local mode works with no configuration")
	assert.Equal(t, "127.0.0.1:8080", cfg.Addr)
	assert.Equal(t, LocalRoleArn, cfg.RoleArn)
	assert.Equal(t, time.Hour, cfg.Duration)

	t.Setenv("ADDR", "127.0.0.1:8181")
	cfg, err = FromFlags(nil)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:8181", cfg.Addr, "ADDR sets the app address")

	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"production without anything", []string{"-mode", "production"},
			[]string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "-role-arn", "-oss-endpoint", "-sts-endpoint", "OSSUPLOAD_AUTH_SECRET"}},
		{"short duration", []string{"-duration", "5m"}, []string{"between 15m and 1h"}},
		{"long duration", []string{"-duration", "2h"}, []string{"between 15m and 1h"}},
		{"unreadable duration", []string{"-duration", "an hour"}, []string{"want a duration"}},
		{"unknown mode", []string{"-mode", "cloud"}, []string{"want local or production"}},
		{"bad bucket", []string{"-bucket", "Demo_Bucket"}, []string{"bucket name"}},
		{"bad rate", []string{"-rate-per-caller", "0"}, []string{"positive number"}},
		{"stray argument", []string{"production"}, []string{"unexpected arguments"}},
		{"malformed role and endpoints", []string{"-mode", "production", "-role-arn", "arn:aws:iam::1:role/x", "-oss-endpoint", "oss-cn-hangzhou.aliyuncs.com", "-sts-endpoint", "https://sts.aliyuncs.com/x"},
			[]string{"acs:ram::<account id>:role/<role name>", "-oss-endpoint \"oss-cn-hangzhou.aliyuncs.com\"", "-sts-endpoint \"https://sts.aliyuncs.com/x\""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := FromFlags(c.args)
			require.Error(t, err)
			for _, w := range c.want {
				assert.ErrorContains(t, err, w)
			}
		})
	}

	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s")
	t.Setenv("OSSUPLOAD_AUTH_SECRET", strings.Repeat("x", 32))
	_, err = FromFlags([]string{"-mode", "production", "-role-arn", "acs:ram::1:role/r", "-oss-endpoint", "https://oss-cn-hangzhou.aliyuncs.com", "-sts-endpoint", "https://sts.aliyuncs.com"})
	assert.NoError(t, err)
	_, err = FromFlags([]string{"-mode", "production", "-role-arn", "acs:ram::1:role/r", "-oss-endpoint", "https://oss-cn-hangzhou.aliyuncs.com", "-sts-endpoint", "https://sts.aliyuncs.com", "-auth-header", "X-User"})
	assert.ErrorContains(t, err, "not both")
}

func startApp(t *testing.T, web string) *App {
	cfg, err := FromFlags([]string{"-addr", "127.0.0.1:0", "-oss-addr", "127.0.0.1:0", "-sts-addr", "127.0.0.1:0", "-data", t.TempDir(), "-web", web})
	require.NoError(t, err)
	a, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	return a
}

func get(t *testing.T, url string, hdr map[string]string) (*http.Response, []byte) {
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	// The transport, not a client, so gzip is not transparently undone.
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

func TestStaticFiles(t *testing.T) {
	web := t.TempDir()
	wasm := bytes.Repeat([]byte("\x00asm module bytes "), 4096)
	require.NoError(t, os.WriteFile(filepath.Join(web, "oss-upload.wasm"), wasm, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(web, "index.html"), []byte("<h1>hi</h1>"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(web, "oss-upload.js"), []byte(strings.Repeat("export const x = 1;\n", 100)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(web, ".env"), []byte("SECRET=1"), 0o644))
	a := startApp(t, web)

	resp, body := get(t, a.URL+"/oss-upload.wasm", map[string]string{"Accept-Encoding": "gzip"})
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"))
	assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
	assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"))
	assert.Less(t, len(body), len(wasm)/4, "compressed")
	zr, err := gzip.NewReader(bytes.NewReader(body))
	require.NoError(t, err)
	plain, _ := io.ReadAll(zr)
	assert.Equal(t, wasm, plain)
	etag := resp.Header.Get("ETag")
	require.NotEmpty(t, etag)
	assert.NotEmpty(t, resp.Header.Get("Last-Modified"))

	resp, body = get(t, a.URL+"/oss-upload.wasm", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag})
	assert.Equal(t, 304, resp.StatusCode, "revalidation is cheap")
	assert.Empty(t, body)

	resp, body = get(t, a.URL+"/oss-upload.wasm", map[string]string{"Accept-Encoding": "identity"})
	assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"))
	assert.Empty(t, resp.Header.Get("Content-Encoding"))
	assert.NotEqual(t, etag, resp.Header.Get("ETag"), "each encoding has its own ETag")
	assert.Equal(t, wasm, body)

	resp, _ = get(t, a.URL+"/oss-upload.js", map[string]string{"Accept-Encoding": "gzip, br"})
	assert.Equal(t, "text/javascript; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"))

	resp, body = get(t, a.URL+"/", nil)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Contains(t, string(body), "hi")

	for _, p := range []string{"/.env", "/missing.js", "/%2e%2e/etc/passwd", "/..%2fapp_test.go"} {
		resp, _ = get(t, a.URL+p, nil)
		assert.Equal(t, 404, resp.StatusCode, p)
	}
}

func TestLocalModeEndToEnd(t *testing.T) {
	web := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(web, "index.html"), []byte("<h1>hi</h1>"), 0o644))
	a := startApp(t, web)
	require.NotNil(t, a.Cloud)

	resp, _ := get(t, a.URL+"/healthz", nil)
	assert.Equal(t, 200, resp.StatusCode)

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Post(a.URL+"/api/sts", "", nil)
	require.NoError(t, err)
	var cr broker.Response
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&cr))
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, a.Cloud.PublicOSSURL, cr.Endpoint, "the browser uploads to the embedded OSS")
	assert.Regexp(t, `^http://localhost:\d+$`, cr.Endpoint, "a name, so ali-oss can sign URLs and <bucket>.localhost works")
	assert.Equal(t, "demo", cr.Bucket)
	assert.Equal(t, "cn-hangzhou", cr.Region)
	assert.Regexp(t, `^uploads/[A-Za-z0-9_-]+/$`, cr.Prefix)

	// Go does not resolve <bucket>.localhost as browsers do: path style.
	client, err := oss.New(cr.Endpoint, cr.AccessKeyID, cr.AccessKeySecret, oss.SecurityToken(cr.StsToken), oss.AuthVersion(oss.AuthV4), oss.Region(cr.Region), oss.ForcePathStyle(true))
	require.NoError(t, err)
	bkt, err := client.Bucket(cr.Bucket)
	require.NoError(t, err)
	require.NoError(t, bkt.PutObject(cr.Prefix+"hello.txt", strings.NewReader("hello")))
	err = bkt.PutObject("uploads/someone-else/x", strings.NewReader("no"))
	var se oss.ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "AccessDenied", se.Code)

	// The embedded OSS lets the app's origin upload cross-origin.
	req, _ := http.NewRequest("OPTIONS", cr.Endpoint+"/demo/"+cr.Prefix+"big.bin?partNumber=1&uploadId=x", nil)
	req.Header.Set("Origin", a.URL)
	req.Header.Set("Access-Control-Request-Method", "PUT")
	req.Header.Set("Access-Control-Request-Headers", "authorization,x-oss-date,x-oss-security-token")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, a.URL, resp.Header.Get("Access-Control-Allow-Origin"))

	// Connections that never sent a request (browser preconnects) do not
	// hold up shutdown; http.Server alone would wait 5s for them.
	for _, u := range []string{a.URL, cr.Endpoint, a.Cloud.STSURL} {
		c, err := net.Dial("tcp", strings.TrimPrefix(u, "http://"))
		require.NoError(t, err)
		defer c.Close()
	}
	time.Sleep(50 * time.Millisecond) // let the servers accept them
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	require.NoError(t, a.Shutdown(ctx))
	_, err = http.Get(a.URL + "/healthz")
	assert.Error(t, err, "shut down")
	_, err = http.Get(cr.Endpoint + "/")
	assert.Error(t, err, "the embedded cloud is shut down with the app")
}

// BenchmarkAPISTS measures /api/sts through the whole app server (access
// log, mux, cookie identity, cache hits) with parallel keep-alive clients.
func BenchmarkAPISTS(b *testing.B) {
	cfg, err := FromFlags([]string{"-addr", "127.0.0.1:0", "-oss-addr", "127.0.0.1:0", "-sts-addr", "127.0.0.1:0", "-data", b.TempDir(), "-web", b.TempDir(),
		"-rate-per-caller", "1e9", "-rate-per-addr", "1e9"})
	require.NoError(b, err)
	a, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(b, err)
	defer a.Shutdown(context.Background())
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Transport: tr, Jar: jar}
		for pb.Next() {
			resp, err := c.Post(a.URL+"/api/sts", "", nil)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatal(resp.Status)
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
