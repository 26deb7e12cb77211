package osslocal_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/ossauth"
	"github.com/ossupload/ossupload/server/osslocal"
	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
)

// mutate is a transport that changes a request after the SDK signed it, the
// way an attacker or a broken proxy would.
type mutate func(*http.Request)

func (m mutate) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	m(r)
	return http.DefaultTransport.RoundTrip(r)
}

func TestAuthRejections(t *testing.T) {
	env := osslocaltest.Start(t)
	good := env.STS("", time.Hour)
	forged := good
	forged.SecurityToken = good.SecurityToken[:len(good.SecurityToken)-2] + "xx"
	other := env.STS("", time.Hour)
	tests := []struct {
		name  string
		creds osslocaltest.Creds
		m     mutate
		code  string
	}{
		{"tampered signature", good, func(r *http.Request) {
			a := r.Header.Get("Authorization")
			last := a[len(a)-2]
			if last == 'a' {
				last = 'b'
			} else {
				last = 'a'
			}
			r.Header.Set("Authorization", a[:len(a)-2]+string(last)+a[len(a)-1:])
		}, "SignatureDoesNotMatch"},
		{"body header changed after signing", good, func(r *http.Request) { r.Header.Set("Content-Type", "text/evil") }, "SignatureDoesNotMatch"},
		{"wrong secret", osslocaltest.Creds{AccessKeyID: good.AccessKeyID, AccessKeySecret: "guess", SecurityToken: good.SecurityToken}, nil, "SignatureDoesNotMatch"},
		{"forged token", forged, nil, "InvalidSecurityToken"},
		{"token of another key", osslocaltest.Creds{AccessKeyID: good.AccessKeyID, AccessKeySecret: good.AccessKeySecret, SecurityToken: other.SecurityToken}, nil, "InvalidSecurityToken"},
		{"unknown key", osslocaltest.Creds{AccessKeyID: "LTAIunknown000000000", AccessKeySecret: "x"}, nil, "InvalidAccessKeyId"},
		{"expired token", env.STS("", -time.Minute), nil, "SecurityTokenExpired"},
		{"clock skewed", good, func(r *http.Request) {
			r.Header.Set("Date", skewedSameDay(time.Now().UTC()).Format(http.TimeFormat))
			r.Header.Del("x-oss-date")
		}, "RequestTimeTooSkewed"},
		{"no signature", good, func(r *http.Request) { r.Header.Del("Authorization") }, "AccessDenied"},
	}
	for _, v4 := range []bool{false, true} {
		for _, tc := range tests {
			t.Run(map[bool]string{false: "V1/", true: "V4/"}[v4]+tc.name, func(t *testing.T) {
				opts := []oss.ClientOption{}
				if tc.creds.SecurityToken != "" {
					opts = append(opts, oss.SecurityToken(tc.creds.SecurityToken))
				}
				if v4 {
					opts = append(opts, oss.AuthVersion(oss.AuthV4), oss.Region(osslocaltest.Region))
				}
				if tc.m != nil {
					opts = append(opts, oss.HTTPClient(&http.Client{Transport: tc.m}))
				}
				cl, err := oss.New(env.URL, tc.creds.AccessKeyID, tc.creds.AccessKeySecret, opts...)
				require.NoError(t, err)
				b, err := cl.Bucket(osslocaltest.Bucket)
				require.NoError(t, err)
				err = b.PutObject("auth/x", strings.NewReader("x"), oss.ContentType("text/plain"))
				assert.Equal(t, tc.code, code(err))
				var se oss.ServiceError
				if assert.ErrorAs(t, err, &se) {
					assert.Equal(t, 403, se.StatusCode)
					assert.NotEmpty(t, se.RequestID)
				}
				_, err = bucketFor(t, env, good, v4).GetObject("auth/x")
				assert.Equal(t, "NoSuchKey", code(err), "a rejected request stores nothing")
			})
		}
	}
}

func TestInvalidObjectNames(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), false)
	for _, key := range []string{"/lead-slash", "\\lead-backslash", "nul\x00byte", "bad\xffutf8", strings.Repeat("k", 1024)} {
		t.Run(url.PathEscape(key[:min(len(key), 16)]), func(t *testing.T) {
			u, err := b.SignURL(key, oss.HTTPPut, 60)
			require.NoError(t, err)
			resp, body := raw(t, "PUT", u, strings.NewReader("x"), nil)
			assert.Equal(t, 400, resp.StatusCode, body)
			assert.Contains(t, body, "<Code>InvalidObjectName</Code>")
		})
	}
	// Keys that look like paths are names, not paths: they stay inside the data directory.
	for _, key := range []string{"../../escape", "a/../../../escape", "./x/./y", "..\\..\\win"} {
		require.NoError(t, b.PutObject(key, strings.NewReader(key)), key)
		assert.Equal(t, []byte(key), get(t, b, key))
	}
	parent := filepath.Dir(env.Dir)
	_, err := os.Stat(filepath.Join(parent, "escape"))
	assert.True(t, os.IsNotExist(err))
	_, err = os.Stat(filepath.Join(env.Dir, "..", "..", "escape"))
	assert.True(t, os.IsNotExist(err))
}

func TestVirtualHostedAddressing(t *testing.T) {
	env := osslocaltest.Start(t)
	addr := strings.TrimPrefix(env.URL, "http://")
	_, port, _ := net.SplitHostPort(addr)
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	c := env.STS("", time.Hour)
	for _, v4 := range []bool{false, true} {
		// A host name endpoint makes the SDK put the bucket in the Host
		// (demo.oss-local.test); the dialer still reaches 127.0.0.1.
		var hosts []string
		var mu sync.Mutex
		tr := &http.Transport{DialContext: dial}
		opts := []oss.ClientOption{oss.SecurityToken(c.SecurityToken), oss.HTTPClient(&http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			hosts = append(hosts, r.Host+" "+r.URL.Path)
			mu.Unlock()
			return tr.RoundTrip(r)
		})})}
		if v4 {
			opts = append(opts, oss.AuthVersion(oss.AuthV4), oss.Region(osslocaltest.Region))
		}
		cl, err := oss.New("http://oss-local.test:"+port, c.AccessKeyID, c.AccessKeySecret, opts...)
		require.NoError(t, err)
		b, err := cl.Bucket(osslocaltest.Bucket)
		require.NoError(t, err)
		key := "vhost/a b+c~d%2Fe/ü.bin"
		data := randBytes(150<<10, 5)
		imur, err := b.InitiateMultipartUpload(key)
		require.NoError(t, err)
		p1, err := b.UploadPart(imur, bytes.NewReader(data[:100<<10]), 100<<10, 1)
		require.NoError(t, err)
		p2, err := b.UploadPart(imur, bytes.NewReader(data[100<<10:]), int64(len(data)-100<<10), 2)
		require.NoError(t, err)
		_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{p1, p2})
		require.NoError(t, err)
		assert.Equal(t, data, get(t, b, key))
		require.NotEmpty(t, hosts)
		assert.True(t, strings.HasPrefix(hosts[0], "demo.oss-local.test:"), hosts[0])
		assert.False(t, strings.HasPrefix(strings.Fields(hosts[0])[1], "/demo/"), hosts[0])
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestConcurrentPartReuploadLastWins(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), true)
	imur, err := b.InitiateMultipartUpload("race/k")
	require.NoError(t, err)
	bodies := make([][]byte, 6)
	var wg sync.WaitGroup
	for i := range bodies {
		bodies[i] = randBytes(200<<10, int64(100+i))
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := b.UploadPart(imur, bytes.NewReader(bodies[i]), int64(len(bodies[i])), 1)
			assert.NoError(t, err)
		}(i)
	}
	wg.Wait()
	lp, err := b.ListUploadedParts(imur)
	require.NoError(t, err)
	require.Len(t, lp.UploadedParts, 1)
	assert.Equal(t, int64(6*200<<10), env.Server.PartBytes(imur.UploadID, 1))
	_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{{PartNumber: 1, ETag: lp.UploadedParts[0].ETag}})
	require.NoError(t, err)
	got := get(t, b, "race/k")
	assert.Contains(t, bodies, got, "the object is exactly one of the uploaded bodies, never a mix")
	assert.Zero(t, env.Server.PartBytes(imur.UploadID, 1), "per-part counters go with the upload")
	// Nothing but the final part's data is left in the upload's directory or tmp.
	entries, _ := os.ReadDir(filepath.Join(env.Dir, "tmp"))
	assert.Empty(t, entries)
}

func TestInitiateLeavesExistingObject(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), false)
	require.NoError(t, b.PutObject("keep", strings.NewReader("old")))
	imur, err := b.InitiateMultipartUpload("keep")
	require.NoError(t, err)
	_, err = b.UploadPart(imur, strings.NewReader("new"), 3, 1)
	require.NoError(t, err)
	assert.Equal(t, []byte("old"), get(t, b, "keep"))
	_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{{PartNumber: 1, ETag: `"00000000000000000000000000000000"`}})
	assert.Equal(t, "InvalidPart", code(err))
	assert.Equal(t, []byte("old"), get(t, b, "keep"), "a failed Complete leaves the object")
	_, err = b.CompleteMultipartUpload(imur, nil)
	assert.NotEmpty(t, code(err))
	assert.Equal(t, []byte("old"), get(t, b, "keep"))
	require.NoError(t, b.DeleteObject("keep"))
	_, err = b.GetObject("keep")
	assert.Equal(t, "NoSuchKey", code(err))
}

func TestLocalEndpoints(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), true)
	imur, err := b.InitiateMultipartUpload("local/k")
	require.NoError(t, err)
	tok := map[string]string{osslocal.LocalTokenHeader: osslocaltest.LocalToken}

	resp, body := raw(t, "POST", env.URL+"/_local/faults", strings.NewReader(`{"partFailRate":1,"kinds":["500"],"latencyNs":1000000}`), tok)
	require.Equal(t, 200, resp.StatusCode, body)
	assert.NotEmpty(t, resp.Header.Get("x-oss-request-id"))
	assert.Equal(t, 1.0, env.Faults.Settings().PartFailRate)
	_, err = b.UploadPart(imur, strings.NewReader("abcd"), 4, 3)
	assert.Equal(t, "InternalError", code(err))
	resp, body = raw(t, "POST", env.URL+"/_local/faults", strings.NewReader(`{}`), tok)
	require.Equal(t, 200, resp.StatusCode, body)
	_, err = b.UploadPart(imur, strings.NewReader("abcd"), 4, 3)
	require.NoError(t, err)

	resp, body = raw(t, "GET", env.URL+"/_local/stats", nil, tok)
	require.Equal(t, 200, resp.StatusCode, body)
	assert.Contains(t, body, `"partPuts":2`)
	assert.Contains(t, body, `"`+imur.UploadID+`/3":`)
	assert.Equal(t, int64(2), env.Server.Stats().PartPuts)
	assert.GreaterOrEqual(t, env.Server.Stats().BytesReceived, int64(4))

	resp, body = raw(t, "POST", env.URL+"/_local/faults", strings.NewReader(`not json`), tok)
	assert.Equal(t, 400, resp.StatusCode, body)
}

func TestLocalEndpointsOffWithoutFaults(t *testing.T) {
	s, err := osslocal.New(osslocal.Config{DataDir: t.TempDir(), Verifier: ossauth.NewVerifier(ossauth.Config{}), AllowedOrigins: []string{"*"}})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, tc := range []struct{ method, path string }{{"GET", "/_local/stats"}, {"POST", "/_local/faults"}} {
		resp, body := raw(t, tc.method, srv.URL+tc.path, strings.NewReader(`{"partFailRate":1}`), nil)
		assert.Equal(t, 404, resp.StatusCode, body)
		assert.Contains(t, body, "<Code>NoSuchBucket</Code>")
	}
}

// The /_local endpoints need the token and answer browsers only from the
// app's origins; refused calls change nothing.
func TestLocalEndpointsNeedTokenAndOrigin(t *testing.T) {
	env := osslocaltest.Start(t)
	good := osslocaltest.LocalToken
	cases := []struct {
		name       string
		hdr        map[string]string
		wantStatus int
	}{
		{"no token", nil, 401},
		{"wrong token", map[string]string{osslocal.LocalTokenHeader: good + "x"}, 401},
		{"empty token", map[string]string{osslocal.LocalTokenHeader: ""}, 401},
		{"other origin with token", map[string]string{osslocal.LocalTokenHeader: good, "Origin": "http://evil.test"}, 403},
		{"null origin with token", map[string]string{osslocal.LocalTokenHeader: good, "Origin": "null"}, 403},
		{"app origin without token", map[string]string{"Origin": "http://app.test"}, 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := raw(t, "POST", env.URL+"/_local/faults", strings.NewReader(`{"partFailRate":1}`), c.hdr)
			assert.Equal(t, c.wantStatus, resp.StatusCode, body)
			assert.NotEqual(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
			assert.Zero(t, env.Faults.Settings().PartFailRate, "nothing changed")
			resp, _ = raw(t, "GET", env.URL+"/_local/stats", nil, c.hdr)
			assert.Equal(t, c.wantStatus, resp.StatusCode)
		})
	}
	resp, _ := raw(t, "OPTIONS", env.URL+"/_local/stats", nil, map[string]string{"Origin": "http://evil.test", "Access-Control-Request-Method": "GET"})
	assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"), "no preflight for other origins")
	resp, _ = raw(t, "GET", env.URL+"/_local/stats", nil, map[string]string{osslocal.LocalTokenHeader: good, "Origin": "http://app.test"})
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "http://app.test", resp.Header.Get("Access-Control-Allow-Origin"))
}

// skewedSameDay is an hour off now but on the same UTC day: V4 signs the
// day into its credential scope, and a Date on another day is refused as
// InvalidArgument before the skew is looked at (between 00:00 and 01:00 UTC
// an hour back would be yesterday).
func skewedSameDay(now time.Time) time.Time {
	if back := now.Add(-time.Hour); back.YearDay() == now.YearDay() {
		return back
	}
	return now.Add(time.Hour)
}
