package app

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeHashed writes body under its content-hashed name with the given
// precompressed siblings, as wasm/webbuild does, and returns the name.
func writeHashed(t *testing.T, dir string, body []byte, sibs ...string) string {
	sum := sha256.Sum256(body)
	name := "oss-upload." + hex.EncodeToString(sum[:])[:16] + ".wasm"
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), body, 0o644))
	for _, s := range sibs {
		var buf bytes.Buffer
		switch s {
		case ".br":
			w := brotli.NewWriter(&buf)
			w.Write(body)
			w.Close()
		case ".zst":
			w, _ := zstd.NewWriter(&buf)
			w.Write(body)
			w.Close()
		case ".gz":
			w := gzip.NewWriter(&buf)
			w.Write(body)
			w.Close()
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+s), buf.Bytes(), 0o644))
	}
	return name
}

func decode(t *testing.T, coding string, b []byte) []byte {
	var r io.Reader = bytes.NewReader(b)
	switch coding {
	case "br":
		r = brotli.NewReader(r)
	case "zstd":
		d, err := zstd.NewReader(r)
		require.NoError(t, err)
		defer d.Close()
		r = d
	case "gzip":
		g, err := gzip.NewReader(r)
		require.NoError(t, err)
		r = g
	}
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	return out
}

func serve(s *Static, path string, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

func TestStaticPrecompressedSiblings(t *testing.T) {
	dir := t.TempDir()
	body := bytes.Repeat([]byte("\x00asm precompressed module "), 8192)
	name := writeHashed(t, dir, body, ".br", ".zst", ".gz")
	s := NewStatic(dir)
	for _, tc := range []struct{ accept, want string }{
		{"gzip, deflate, br, zstd", "br"},
		{"gzip, zstd", "zstd"},
		{"gzip, br;q=0, zstd;q=0", "gzip"},
		{"gzip", "gzip"},
		{"identity", ""},
		{"", ""},
	} {
		t.Run(tc.accept, func(t *testing.T) {
			rec := serve(s, "/"+name, map[string]string{"Accept-Encoding": tc.accept})
			require.Equal(t, 200, rec.Code)
			assert.Equal(t, tc.want, rec.Header().Get("Content-Encoding"))
			assert.Equal(t, "application/wasm", rec.Header().Get("Content-Type"))
			assert.Equal(t, immutableCache, rec.Header().Get("Cache-Control"))
			assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
			assert.Contains(t, rec.Header().Values("Vary"), "Accept-Encoding")
			assert.Equal(t, body, decode(t, tc.want, rec.Body.Bytes()))
		})
	}
}

func TestStaticImmutableOnlyWhenTheNameIsTrue(t *testing.T) {
	dir := t.TempDir()
	body := []byte("the real module")
	name := writeHashed(t, dir, body)
	// Same name shape, other bytes: a hand-copied or half-written file.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "oss-upload.0123456789abcdef.wasm"), body, 0o644))
	s := NewStatic(dir)
	assert.Equal(t, immutableCache, serve(s, "/"+name, nil).Header().Get("Cache-Control"))
	assert.Equal(t, "no-cache", serve(s, "/oss-upload.0123456789abcdef.wasm", nil).Header().Get("Cache-Control"))
}

func TestStaticIgnoresADamagedSibling(t *testing.T) {
	dir := t.TempDir()
	body := bytes.Repeat([]byte("module bytes "), 4096)
	name := writeHashed(t, dir, body, ".gz")
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".br"), []byte("not brotli at all"), 0o644))
	s := NewStatic(dir)
	rec := serve(s, "/"+name, map[string]string{"Accept-Encoding": "br, gzip"})
	assert.Equal(t, "gzip", rec.Header().Get("Content-Encoding"))
	assert.Equal(t, body, decode(t, "gzip", rec.Body.Bytes()))
}

func TestStaticPicksUpSiblingsWrittenAfterTheFirstRequest(t *testing.T) {
	dir := t.TempDir()
	body := bytes.Repeat([]byte("module bytes "), 4096)
	name := writeHashed(t, dir, body)
	s := NewStatic(dir)
	assert.Equal(t, "gzip", serve(s, "/"+name, map[string]string{"Accept-Encoding": "br, gzip"}).Header().Get("Content-Encoding"), "in-memory gzip until the build's siblings exist")
	writeHashed(t, dir, body, ".br")
	rec := serve(s, "/"+name, map[string]string{"Accept-Encoding": "br, gzip"})
	assert.Equal(t, "br", rec.Header().Get("Content-Encoding"))
	assert.Equal(t, body, decode(t, "br", rec.Body.Bytes()))
}
