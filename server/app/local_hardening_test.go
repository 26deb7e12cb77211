package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/broker"
)

func startLocal(t *testing.T, data string, extra ...string) *App {
	cfg, err := FromFlags(append([]string{"-addr", "127.0.0.1:0", "-oss-addr", "127.0.0.1:0", "-sts-addr", "127.0.0.1:0", "-data", data, "-web", t.TempDir()}, extra...))
	require.NoError(t, err)
	a, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	return a
}

// Each data directory gets its own random root secret (0600) and a separate
// cookie secret; the old published secret opens nothing; a restart on the
// same directory keeps both, so identities survive.
func TestLocalSecretsPerDataDir(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	d1, d2 := t.TempDir(), t.TempDir()
	a := startLocal(t, d1)
	s1, err := loadLocalSecrets(d1)
	require.NoError(t, err)
	st, err := os.Stat(filepath.Join(d1, LocalSecretsFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	assert.NotEqual(t, s1.RootAccessKeySecret, s1.CookieSecret)
	startLocal(t, d2)
	s2, err := loadLocalSecrets(d2)
	require.NoError(t, err)
	assert.NotEqual(t, s1.RootAccessKeySecret, s2.RootAccessKeySecret, "no two data directories share a root key")

	root := func(secret string) error {
		c, _ := oss.New(a.Cloud.OSSURL, LocalAccessKeyID, secret)
		b, _ := c.Bucket("demo")
		return b.PutObject("root-test", strings.NewReader("x"))
	}
	assert.NoError(t, root(s1.RootAccessKeySecret))
	var se oss.ServiceError
	require.ErrorAs(t, root("local-root-secret-change-me"), &se, "the formerly published secret is no key")
	assert.Equal(t, "SignatureDoesNotMatch", se.Code)

	// The identity cookie survives a restart on the same directory.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	_, first := postSTS(t, c, a.URL)
	a.Shutdown(context.Background())
	a2 := startLocal(t, d1)
	u1, u2 := strings.TrimPrefix(a.URL, "http://"), strings.TrimPrefix(a2.URL, "http://")
	_, again := postSTS(t, c, a2.URL) // cookies are per host, not per port
	assert.Equal(t, first.Prefix, again.Prefix, "same identity after a restart (%s -> %s)", u1, u2)

	require.NoError(t, os.Chmod(filepath.Join(d1, LocalSecretsFile), 0o644))
	_, err = loadLocalSecrets(d1)
	assert.ErrorContains(t, err, "chmod 600", "a secrets file others can read is refused")
}

// Local mode with generated keys refuses listen addresses other machines
// can reach, unless the keys are given explicitly.
func TestLocalModeLoopbackOnly(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	for _, args := range [][]string{
		{"-addr", "0.0.0.0:8080"}, {"-addr", ":8080"}, {"-oss-addr", "0.0.0.0:9000"}, {"-sts-addr", "192.168.1.2:9001"}, {"-addr", "[::]:8080"},
	} {
		_, err := FromFlags(args)
		assert.ErrorContains(t, err, "reachable from other machines", args)
	}
	for _, args := range [][]string{{"-addr", "localhost:8080"}, {"-addr", "[::1]:8080"}, {"-addr", "127.0.0.2:8080"}} {
		_, err := FromFlags(args)
		assert.NoError(t, err, args)
	}
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAImine")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", strings.Repeat("s", 30))
	_, err := FromFlags([]string{"-addr", "0.0.0.0:8080"})
	assert.NoError(t, err, "explicit keys allow any address")
}

// /_local/* needs the token and answers only the app's origins.
func TestLocalEndpointsGuarded(t *testing.T) {
	a := startLocal(t, t.TempDir(), "-faults")
	require.NotEmpty(t, a.Cloud.LocalToken)
	call := func(origin, token string) int {
		req, _ := http.NewRequest("GET", a.Cloud.OSSURL+"/_local/stats", nil)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if token != "" {
			req.Header.Set("X-Local-Token", token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, 401, call("", ""))
	assert.Equal(t, 401, call("", "guess"))
	assert.Equal(t, 403, call("http://evil.example", a.Cloud.LocalToken))
	assert.Equal(t, 200, call("", a.Cloud.LocalToken))
	assert.Equal(t, 200, call(a.URL, a.Cloud.LocalToken))
	assert.Equal(t, 200, call(strings.Replace(a.URL, "127.0.0.1", "localhost", 1), a.Cloud.LocalToken))
	b := startLocal(t, t.TempDir(), "-faults")
	assert.NotEqual(t, a.Cloud.LocalToken, b.Cloud.LocalToken)
}

func postSTS(t *testing.T, c *http.Client, appURL string) (*http.Response, broker.Response) {
	req, _ := http.NewRequest("POST", appURL+"/api/sts", nil)
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out broker.Response
	require.NoError(t, jsonDecode(resp.Body, &out))
	require.Equal(t, 200, resp.StatusCode)
	return resp, out
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
