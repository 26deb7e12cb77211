package broker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

var cookieAuth = broker.CookieAuth{Secret: []byte("0123456789abcdef-test")}

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
		Logger: slog.New(broker.Redact(slog.NewTextHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))), RatePerCaller: 1000, RatePerAddr: 1000}
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
	assert.Equal(t, "AccessDenied", code(b.PutObject("uploads/alice/x", strings.NewReader("overwrite"))), "bob cannot write alice's prefix")
	_, err = b.ListMultipartUploads()
	assert.Equal(t, "AccessDenied", code(err), "listing all uploads would reveal other callers' keys")
	rc, err := a.GetObject("uploads/alice/x")
	require.NoError(t, err, "alice reads her own object")
	rc.Close()
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
	resp, r = post(t, http.DefaultClient, ha.url, map[string]string{"X-Forwarded-User": "dora.m@example.com"})
	assert.Equal(t, 200, resp.StatusCode, "e-mail-like IDs are callers too")
	assert.Equal(t, "uploads/dora.m@example.com/", r.Prefix)
	for _, bad := range []string{"../etc", "a/b", "*", "a*", "a?b", ".hidden", strings.Repeat("x", 61), "ünï"} {
		resp, _ = post(t, http.DefaultClient, ha.url, map[string]string{"X-Forwarded-User": bad})
		assert.Equal(t, 401, resp.StatusCode, bad)
	}
}

func TestCookieIdentityAndCache(t *testing.T) {
	e := start(t, cookieAuth, nil)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, first := post(t, c, e.url, nil)
	require.Equal(t, 200, resp.StatusCode)
	ck := resp.Cookies()
	require.Len(t, ck, 1)
	assert.True(t, ck[0].HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, ck[0].SameSite)
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

	// A cookie the server did not sign is not an identity: choosing "alice" gets a fresh random one.
	for _, forged := range []string{"alice", "alice.AAAA", strings.TrimSuffix(strings.TrimPrefix(first.Prefix, "uploads/"), "/")} {
		resp, r := post(t, http.DefaultClient, e.url, map[string]string{"Cookie": "ossupload_id=" + forged})
		require.Equal(t, 200, resp.StatusCode)
		assert.NotEqual(t, "uploads/alice/", r.Prefix)
		assert.NotEqual(t, first.Prefix, r.Prefix, forged)
	}
}

// countingSTS counts AssumeRole calls through to the real client.
type countingSTS struct {
	broker.AssumeRoler
	mu    sync.Mutex
	calls int
}

func (c *countingSTS) AssumeRole(ctx context.Context, s, p string, d time.Duration) (broker.Credentials, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return c.AssumeRoler.AssumeRole(ctx, s, p, d)
}

func (c *countingSTS) n() int { c.mu.Lock(); defer c.mu.Unlock(); return c.calls }

func TestCacheIsSingleFlightAndRefreshesAt80Percent(t *testing.T) {
	var cs *countingSTS
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := start(t, broker.HeaderAuth{Header: "X-User"}, func(c *broker.Config) {
		cs = &countingSTS{AssumeRoler: c.STS}
		c.STS, c.Now = cs, clock
	})
	var wg sync.WaitGroup
	tokens := make([]string, 16)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, r := post(t, http.DefaultClient, e.url, map[string]string{"X-User": "dana"})
			tokens[i] = r.StsToken
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, cs.n(), "concurrent requests share one AssumeRole")
	for _, tok := range tokens {
		assert.Equal(t, tokens[0], tok)
	}
	mu.Lock()
	now = now.Add(47 * time.Minute) // 78% of the hour: still cached
	mu.Unlock()
	_, r := post(t, http.DefaultClient, e.url, map[string]string{"X-User": "dana"})
	assert.Equal(t, tokens[0], r.StsToken)
	assert.Equal(t, 1, cs.n())
	mu.Lock()
	now = now.Add(2 * time.Minute) // 82%: refreshed
	mu.Unlock()
	_, r = post(t, http.DefaultClient, e.url, map[string]string{"X-User": "dana"})
	assert.NotEqual(t, tokens[0], r.StsToken)
	assert.Equal(t, 2, cs.n())
}

func TestRateLimits(t *testing.T) {
	t.Run("per address, even with a new cookie each time", func(t *testing.T) {
		e := start(t, cookieAuth, func(c *broker.Config) { c.RatePerAddr = 0.01; c.RatePerCaller = 1000 })
		var limited *http.Response
		for i := 0; i < 20 && limited == nil; i++ {
			if resp, _ := post(t, http.DefaultClient, e.url, nil); resp.StatusCode == 429 {
				limited = resp
			}
		}
		require.NotNil(t, limited, "requests from one address are limited")
		assert.Equal(t, "100", limited.Header.Get("Retry-After"), "the wait for the next token at 0.01/s")
	})
	t.Run("per caller, even from many addresses", func(t *testing.T) {
		e := start(t, broker.HeaderAuth{Header: "X-User"}, func(c *broker.Config) {
			c.RatePerAddr, c.RatePerCaller, c.ClientIPHeader = 1000, 0.01, "X-Real-IP"
		})
		var limited *http.Response
		for i := 0; i < 20 && limited == nil; i++ {
			resp, _ := post(t, http.DefaultClient, e.url, map[string]string{"X-User": "erin", "X-Real-IP": "10.0.0." + strconv.Itoa(i)})
			if resp.StatusCode == 429 {
				limited = resp
			}
		}
		require.NotNil(t, limited, "one caller is limited whatever its address")
		assert.NotEmpty(t, limited.Header.Get("Retry-After"))
		resp, _ := post(t, http.DefaultClient, e.url, map[string]string{"X-User": "frank"})
		assert.Equal(t, 200, resp.StatusCode, "other callers are unaffected")
	})
}

func TestSecretsNeverLoggedNorLeaked(t *testing.T) {
	bearer := broker.BearerAuth{Secret: []byte("bearer-secret")}
	e := start(t, bearer, nil)
	tok := bearer.BearerToken("gina")
	resp, r := post(t, http.DefaultClient, e.url, map[string]string{"Authorization": "Bearer " + tok})
	require.Equal(t, 200, resp.StatusCode)
	_, _ = post(t, http.DefaultClient, e.url, map[string]string{"Authorization": "Bearer gina.wrong"})

	// A careless log call is caught by the redacting handler too.
	e.broker.Logger().Info("careless", "accessKeySecret", r.AccessKeySecret, slog.Group("req", "Authorization", "Bearer "+tok, "stsToken", r.StsToken))

	logs := e.logs.String()
	assert.Contains(t, logs, "credentials issued")
	assert.Contains(t, logs, r.AccessKeyID, "the AccessKey ID is fine to log")
	for _, secret := range []string{r.AccessKeySecret, r.StsToken, rootSecret, tok, "bearer-secret"} {
		assert.NotContains(t, logs, secret)
	}

	// Error answers carry no secrets either.
	for _, resp := range []*http.Response{
		rawPost(t, e.url, map[string]string{"Authorization": "Bearer gina.wrong"}),
		rawPost(t, e.url, map[string]string{"Origin": "https://evil.example"}),
	} {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, secret := range []string{rootSecret, r.AccessKeySecret, r.StsToken, "bearer-secret"} {
			assert.NotContains(t, string(b), secret)
		}
	}
}

func rawPost(t testing.TB, url string, hdr map[string]string) *http.Response {
	req, _ := http.NewRequest("POST", url, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	return resp
}

func TestSTSDownIsAPrompt503(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	// A listener that accepts and never answers: the worst kind of outage.
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed.Close() // connection refused

	for name, endpoint := range map[string]string{"hanging": "http://" + ln.Addr().String(), "refusing": "http://" + closed.Addr().String()} {
		t.Run(name, func(t *testing.T) {
			stsc, err := broker.NewSTSClient(broker.STSConfig{Endpoint: endpoint, AccessKeyID: rootAK, AccessKeySecret: rootSecret, RoleArn: roleArn, Timeout: 500 * time.Millisecond})
			require.NoError(t, err)
			logs := &lockedWriter{w: &bytes.Buffer{}}
			b, err := broker.New(broker.Config{STS: stsc, Auth: cookieAuth, Region: "r", Bucket: "demo", Endpoint: "http://x", Duration: time.Hour,
				STSTimeout: 500 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(logs, nil))})
			require.NoError(t, err)
			srv := httptest.NewServer(b)
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL, nil)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err, "the broker answers instead of hanging")
			defer resp.Body.Close()
			var body broker.ErrorResponse
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
			assert.Equal(t, 503, resp.StatusCode)
			assert.Equal(t, broker.CodeSTSUnavailable, body.Code)
			assert.Contains(t, body.Message, "did not answer")
			assert.NotEmpty(t, resp.Header.Get("Retry-After"))
			if name == "refusing" { // the hanging case may log after the answer
				logs.mu.Lock()
				out := logs.w.String()
				logs.mu.Unlock()
				assert.Contains(t, out, "AssumeRole failed")
				assert.NotContains(t, out, "Signature=", "a signed request in a log could be replayed")
				assert.NotContains(t, out, rootSecret)
			}
		})
	}
}

func TestSTSRefusalIsA502(t *testing.T) {
	e := start(t, cookieAuth, nil)
	stsc, err := broker.NewSTSClient(broker.STSConfig{Endpoint: e.cloud.STSURL, AccessKeyID: rootAK, AccessKeySecret: "wrong-secret", RoleArn: roleArn})
	require.NoError(t, err)
	b, err := broker.New(broker.Config{STS: stsc, Auth: cookieAuth, Region: "r", Bucket: "demo", Endpoint: "http://x", Duration: time.Hour,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	srv := httptest.NewServer(b)
	defer srv.Close()
	resp := rawPost(t, srv.URL, nil)
	defer resp.Body.Close()
	var body broker.ErrorResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	assert.Equal(t, 502, resp.StatusCode)
	assert.Equal(t, broker.CodeSTSRefused, body.Code)
	assert.Contains(t, body.Message, "SignatureDoesNotMatch")
}

func TestRequestShape(t *testing.T) {
	e := start(t, cookieAuth, func(c *broker.Config) { c.AllowedOrigins = []string{"https://app.example"} })
	cases := []struct {
		name   string
		method string
		body   string
		hdr    map[string]string
		status int
		code   string
	}{
		{"post", "POST", "", nil, 200, ""},
		{"get", "GET", "", nil, 405, broker.CodeMethodNotAllowed},
		{"oversized body", "POST", strings.Repeat("x", 5000), nil, 413, broker.CodeRequestTooLarge},
		{"foreign origin", "POST", "", map[string]string{"Origin": "https://evil.example"}, 403, broker.CodeOriginNotAllowed},
		{"allowed origin", "POST", "", map[string]string{"Origin": "https://app.example"}, 200, ""},
		{"same origin", "POST", "", map[string]string{"Origin": e.url}, 200, ""},
		{"preflight", "OPTIONS", "", map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}, 204, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, e.url, strings.NewReader(c.body))
			for k, v := range c.hdr {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Equal(t, c.status, resp.StatusCode)
			if c.code != "" {
				var body broker.ErrorResponse
				require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
				assert.Equal(t, c.code, body.Code)
				assert.NotEmpty(t, body.Message)
			}
			if o := c.hdr["Origin"]; o == "https://app.example" {
				assert.Equal(t, o, resp.Header.Get("Access-Control-Allow-Origin"))
				assert.Equal(t, "true", resp.Header.Get("Access-Control-Allow-Credentials"))
			} else {
				assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"))
			}
		})
	}
}

func TestPolicyIsLeastPrivilege(t *testing.T) {
	var p struct {
		Version   string
		Statement []struct {
			Effect           string
			Action, Resource []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(broker.Policy("demo", "uploads/alice/")), &p))
	require.Len(t, p.Statement, 1)
	assert.Equal(t, "Allow", p.Statement[0].Effect)
	assert.ElementsMatch(t, []string{"oss:PutObject", "oss:AbortMultipartUpload", "oss:ListParts", "oss:GetObject"}, p.Statement[0].Action)
	assert.Equal(t, []string{"acs:oss:*:*:demo/uploads/alice/*"}, p.Statement[0].Resource)
}

func TestConfigErrors(t *testing.T) {
	ok := broker.Config{STS: &broker.STSClient{}, Auth: cookieAuth, Region: "r", Bucket: "b", Endpoint: "e", Duration: time.Hour}
	cases := []struct {
		name   string
		mutate func(*broker.Config)
		want   string
	}{
		{"empty", func(c *broker.Config) { *c = broker.Config{} }, "STS client is required"},
		{"short duration", func(c *broker.Config) { c.Duration = time.Minute }, "duration"},
		{"long duration", func(c *broker.Config) { c.Duration = 2 * time.Hour }, "between 15m and 1h"},
		{"unsigned cookies", func(c *broker.Config) { c.Auth = broker.CookieAuth{} }, "Secret"},
		{"no bucket", func(c *broker.Config) { c.Bucket = "" }, "bucket"},
		{"negative rate", func(c *broker.Config) { c.RatePerAddr = -1 }, "rate"},
	}
	for _, c := range cases {
		cfg := ok
		c.mutate(&cfg)
		_, err := broker.New(cfg)
		assert.ErrorContains(t, err, c.want, c.name)
	}
	_, err := broker.New(ok)
	assert.NoError(t, err)
	for _, ep := range []string{"not a url", "ftp://x", "http://", ""} {
		_, err = broker.NewSTSClient(broker.STSConfig{Endpoint: ep})
		assert.Error(t, err, ep)
	}
}

// BenchmarkSTSCached measures /api/sts on loopback when every request hits
// the credential cache: parallel keep-alive clients against a real listener.
func BenchmarkSTSCached(b *testing.B) {
	e := start(b, broker.HeaderAuth{Header: "X-User"}, func(c *broker.Config) {
		c.RatePerAddr, c.RatePerCaller = 1e9, 1e9
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	})
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	var n atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		user := "bench" + strconv.FormatInt(n.Add(1)%8, 10)
		for pb.Next() {
			req, _ := http.NewRequest("POST", e.url, nil)
			req.Header.Set("X-User", user)
			resp, err := c.Do(req)
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
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
