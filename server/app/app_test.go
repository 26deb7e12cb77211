package app

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigValidation(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	_, err := FromFlags(nil)
	require.NoError(t, err, "local mode works with no configuration")

	_, err = FromFlags([]string{"-mode", "production"})
	require.Error(t, err)
	for _, want := range []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "-role-arn", "-oss-endpoint", "OSSUPLOAD_AUTH_SECRET"} {
		assert.ErrorContains(t, err, want)
	}
	_, err = FromFlags([]string{"-duration", "5m"})
	assert.ErrorContains(t, err, "between 15m and 1h")
	_, err = FromFlags([]string{"-mode", "cloud"})
	assert.ErrorContains(t, err, "want local or production")

	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s")
	t.Setenv("OSSUPLOAD_AUTH_SECRET", "x")
	_, err = FromFlags([]string{"-mode", "production", "-role-arn", "acs:ram::1:role/r", "-oss-endpoint", "https://oss-cn-hangzhou.aliyuncs.com", "-sts-endpoint", "https://sts.aliyuncs.com"})
	assert.NoError(t, err)
}

func TestServesModuleAndAPI(t *testing.T) {
	web := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(web, "oss-upload.wasm"), make([]byte, 4096), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(web, "index.html"), []byte("<h1>hi</h1>"), 0o644))
	cfg, err := FromFlags([]string{"-addr", "127.0.0.1:0", "-oss-addr", "127.0.0.1:0", "-sts-addr", "127.0.0.1:0", "-data", t.TempDir(), "-web", web})
	require.NoError(t, err)
	a, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	defer a.Shutdown(context.Background())

	req, _ := http.NewRequest("GET", a.URL+"/oss-upload.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"))
	assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
	zr, err := gzip.NewReader(resp.Body)
	require.NoError(t, err)
	body, _ := io.ReadAll(zr)
	resp.Body.Close()
	assert.Len(t, body, 4096)

	resp, err = http.Get(a.URL + "/")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(b), "hi")
	resp, err = http.Get(a.URL + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	resp, err = http.Post(a.URL+"/api/sts", "", nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, a.Shutdown(ctx))
}
