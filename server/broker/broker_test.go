package broker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/broker"
	"github.com/ossupload/ossupload/server/localcloud"
)

const (
	rootAK     = "LTAIlocalroot0000000"
	rootSecret = "local-root-secret-change-me"
	roleArn    = "acs:ram::1000000000000000:role/ossupload-local"
)

type env struct {
	cloud  *localcloud.Cloud
	url    string
	logs   *bytes.Buffer
	broker *broker.Broker
}

func start(t testing.TB, auth broker.Authenticator, mutate func(*broker.Config)) *env {
	cloud, err := localcloud.Start(localcloud.Config{OSSAddr: "127.0.0.1:0", STSAddr: "127.0.0.1:0", DataDir: t.TempDir(), Bucket: "demo",
		RootAccessKeyID: rootAK, RootAccessKeySecret: rootSecret, RoleArn: roleArn, AllowedOrigins: []string{"*"}})
	require.NoError(t, err)
	t.Cleanup(func() { cloud.Close() })
	stsc, err := broker.NewSTSClient(broker.STSConfig{Endpoint: cloud.STSURL, AccessKeyID: rootAK, AccessKeySecret: rootSecret, RoleArn: roleArn, Timeout: 2 * time.Second})
	require.NoError(t, err)
	logs := &bytes.Buffer{}
	cfg := broker.Config{STS: stsc, Auth: auth, Region: "cn-hangzhou", Bucket: "demo", Endpoint: cloud.OSSURL, Duration: time.Hour,
		Logger: slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug})), RatePerCaller: 1000, RatePerAddr: 1000}
	if mutate != nil {
		mutate(&cfg)
	}
	b, err := broker.New(cfg)
	require.NoError(t, err)
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return &env{cloud, srv.URL, logs, b}
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func post(t testing.TB, c *http.Client, url string, hdr map[string]string) (*http.Response, broker.Response) {
	req, _ := http.NewRequest("POST", url, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out broker.Response
	json.NewDecoder(resp.Body).Decode(&out)
	return resp, out
}

func bucket(t *testing.T, r broker.Response) *oss.Bucket {
	c, err := oss.New(r.Endpoint, r.AccessKeyID, r.AccessKeySecret, oss.SecurityToken(r.StsToken), oss.AuthVersion(oss.AuthV4), oss.Region(r.Region))
	require.NoError(t, err)
	b, err := c.Bucket(r.Bucket)
	require.NoError(t, err)
	return b
}

func code(err error) string {
	if se, ok := err.(oss.ServiceError); ok {
		return se.Code
	}
	return ""
}

func TestIssuedCredentialsAreScopedToTheCaller(t *testing.T) {
	bearer := broker.BearerAuth{Secret: []byte("s3cret")}
	e := start(t, bearer, nil)
	resp, alice := post(t, http.DefaultClient, e.url, map[string]string{"Authorization": "Bearer " + bearer.BearerToken("alice")})
	require.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "uploads/alice/", alice.Prefix)
	assert.True(t, strings.HasPrefix(alice.AccessKeyID, "STS."))
	exp, err := time.Parse(time.RFC3339, alice.Expiration)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Hour), exp, time.Minute)

	a := bucket(t, alice)
	require.NoError(t, a.PutObject("uploads/alice/x", strings.NewReader("mine")))
	imur, err := a.InitiateMultipartUpload("uploads/alice/big")
	require.NoError(t, err)
	_, err = a.ListUploadedParts(imur)
	require.NoError(t, err)
	require.NoError(t, a.AbortMultipartUpload(imur))
	assert.Equal(t, "AccessDenied", code(a.PutObject("uploads/bob/x", strings.NewReader("no"))))
	assert.Equal(t, "AccessDenied", code(a.PutObject("elsewhere", strings.NewReader("no"))))

	_, bob := post(t, http.DefaultClient, e.url, map[string]string{"Authorization": "Bearer " + bearer.BearerToken("bob")})
	b := bucket(t, bob)
	_, err = b.GetObject("uploads/alice/x")
	assert.Equal(t, "AccessDenied", code(err), "bob cannot read alice's objects")
	assert.Equal(t, "AccessDenied", code(b.DeleteObject("uploads/bob/x")))
}

func TestCallerAuthentication(t *testing.T) {
	bearer := broker.BearerAuth{Secret: []byte("s3cret")}
	e := start(t, bearer, nil)
	for _, h := range []map[string]string{
		nil,
		{"Authorization": "Bearer alice"},
		{"Authorization": "Bearer alice.forged"},
		{"Authorization": "Bearer " + broker.BearerAuth{Secret: []byte("other")}.BearerToken("alice")},
		{"Authorization": "Basic YWxpY2U6cHc="},
	} {
		resp, _ := post(t, http.DefaultClient, e.url, h)
		assert.Equal(t, 401, resp.StatusCode, h)
	}
	ha := start(t, broker.HeaderAuth{Header: "X-Forwarded-User"}, nil)
	resp, _ := post(t, http.DefaultClient, ha.url, nil)
	assert.Equal(t, 401, resp.StatusCode)
	resp, r := post(t, http.DefaultClient, ha.url, map[string]string{"X-Forwarded-User": "carol"})
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "uploads/carol/", r.Prefix)
	resp, _ = post(t, http.DefaultClient, ha.url, map[string]string{"X-Forwarded-User": "../etc"})
	assert.Equal(t, 401, resp.StatusCode)
}

func TestCookieIdentityAndCache(t *testing.T) {
	e := start(t, broker.CookieAuth{}, nil)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	_, first := post(t, c, e.url, nil)
	_, second := post(t, c, e.url, nil)
	assert.Equal(t, first.Prefix, second.Prefix, "the cookie keeps the identity")
	assert.Equal(t, first.StsToken, second.StsToken, "credentials are cached until 80% of their lifetime")
	_, other := post(t, http.DefaultClient, e.url, nil)
	assert.NotEqual(t, first.Prefix, other.Prefix, "another browser gets another prefix")
	// The prefix never comes from the request.
	req, _ := http.NewRequest("POST", e.url+"?prefix=uploads/x/", strings.NewReader(`{"prefix":"uploads/x/"}`))
	resp, err := c.Do(req)
	require.NoError(t, err)
	var r broker.Response
	json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	assert.Equal(t, first.Prefix, r.Prefix)
}

func TestRateLimitPerCallerAndAddress(t *testing.T) {
	e := start(t, broker.CookieAuth{}, func(c *broker.Config) { c.RatePerAddr = 0.01; c.RatePerCaller = 1000 })
	var limited *http.Response
	for i := 0; i < 20; i++ {
		// A new cookie each time: dropping the cookie must not escape the address limit.
		resp, _ := post(t, http.DefaultClient, e.url, nil)
		if resp.StatusCode == 429 {
			limited = resp
			break
		}
	}
	require.NotNil(t, limited, "requests from one address are limited")
	assert.NotEmpty(t, limited.Header.Get("Retry-After"))
}

func TestSecretsNeverLogged(t *testing.T) {
	e := start(t, broker.CookieAuth{}, nil)
	_, r := post(t, http.DefaultClient, e.url, nil)
	logs := e.logs.String()
	assert.Contains(t, logs, "credentials issued")
	for _, secret := range []string{r.AccessKeySecret, r.StsToken, rootSecret} {
		assert.NotContains(t, logs, secret)
	}
}

func TestSTSDownIsAPrompt503(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	// A listener that accepts and never answers: the worst kind of outage.
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	defer ln.Close()
	stsc, err := broker.NewSTSClient(broker.STSConfig{Endpoint: "http://" + addr, AccessKeyID: rootAK, AccessKeySecret: rootSecret, RoleArn: roleArn, Timeout: 500 * time.Millisecond})
	require.NoError(t, err)
	b, err := broker.New(broker.Config{STS: stsc, Auth: broker.CookieAuth{}, Region: "r", Bucket: "demo", Endpoint: "http://x", Duration: time.Hour})
	require.NoError(t, err)
	srv := httptest.NewServer(b)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL, nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err, "the broker answers instead of hanging")
	defer resp.Body.Close()
	var body map[string]string
	json.NewDecoder(resp.Body).Decode(&body)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, "STSUnavailable", body["code"])
}

func TestCORSOnlyForConfiguredOrigins(t *testing.T) {
	e := start(t, broker.CookieAuth{}, func(c *broker.Config) { c.AllowedOrigins = []string{"https://app.example"} })
	resp, _ := post(t, http.DefaultClient, e.url, map[string]string{"Origin": "https://evil.example"})
	assert.Equal(t, 403, resp.StatusCode)
	resp, _ = post(t, http.DefaultClient, e.url, map[string]string{"Origin": "https://app.example"})
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "https://app.example", resp.Header.Get("Access-Control-Allow-Origin"))
}

func TestConfigErrors(t *testing.T) {
	_, err := broker.New(broker.Config{})
	assert.Error(t, err)
	_, err = broker.New(broker.Config{STS: &broker.STSClient{}, Auth: broker.CookieAuth{}, Region: "r", Bucket: "b", Endpoint: "e", Duration: time.Minute})
	assert.ErrorContains(t, err, "duration")
	_, err = broker.NewSTSClient(broker.STSConfig{Endpoint: "not a url"})
	assert.Error(t, err)
}

func BenchmarkSTSCached(b *testing.B) {
	e := start(b, broker.HeaderAuth{Header: "X-User"}, func(c *broker.Config) { c.RatePerAddr = 1e9 })
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	c := &http.Client{Transport: tr}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", e.url, nil)
			req.Header.Set("X-User", "bench")
			resp, err := c.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatal(resp.Status)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
