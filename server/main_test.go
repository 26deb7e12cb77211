package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestRunPrintsURLServesAndShutsDown(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-oss-addr", "127.0.0.1:0", "-sts-addr", "127.0.0.1:0", "-data", t.TempDir(), "-web", t.TempDir()}, pw, stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err, stderr.String())
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "ossupload: open ")
	require.True(t, ok, line)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/$`, url)

	resp, err := http.Post(url+"api/sts", "", nil)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	cancel() // what SIGINT/SIGTERM do
	select {
	case code := <-done:
		assert.Equal(t, 0, code)
	case <-time.After(15 * time.Second):
		t.Fatal("no graceful shutdown")
	}
	logs := stderr.String()
	assert.Contains(t, logs, "shutting down")
	assert.Contains(t, logs, "credentials issued")
	for _, secret := range []string{"local-root-secret-change-me", extract(string(body), "accessKeySecret"), extract(string(body), "stsToken")} {
		assert.NotContains(t, logs, secret)
	}
}

func extract(js, field string) string {
	_, rest, _ := strings.Cut(js, `"`+field+`":"`)
	v, _, _ := strings.Cut(rest, `"`)
	return v
}

func TestRunRejectsBadConfiguration(t *testing.T) {
	stderr := &syncBuffer{}
	code := run(context.Background(), []string{"-mode", "production", "-duration", "2h"}, io.Discard, stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), "configuration error")
	assert.Contains(t, stderr.String(), "-role-arn")
	assert.Contains(t, stderr.String(), "between 15m and 1h")
}
