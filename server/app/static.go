package app

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// Static serves the browser module and the demo page: the right MIME types
// (application/wasm enables streaming compilation), compressed bodies, and
// caching that matches the file's name:
//
//   - A content-hashed name (oss-upload.<16 hex>.wasm, written by
//     wasm/webbuild) whose hash matches the bytes is served with
//     Cache-Control: immutable, so a repeat visit costs no request at all.
//   - Anything else gets ETag plus Last-Modified with no-cache: a reload
//     costs a 304 and a rebuilt file is picked up at once.
//
// Precompressed siblings (X.br, X.zst, X.gz, from the build) are served when
// the browser accepts them, in that order of preference, after checking once
// that they decompress to X; other text files are gzipped in memory.
// Module files carry Access-Control-Allow-Origin: * so a page on another
// origin can import them (module scripts and fetch are CORS requests).
type Static struct {
	dir   string
	mu    sync.Mutex
	cache map[string]*staticEntry
}

type staticEntry struct {
	mod       time.Time
	size      int64
	siblings  string // the siblings' sizes and times when this entry was made
	etag      string // of the identity encoding
	immutable bool
	encoded   []encodedBody // in order of preference
}

type encodedBody struct {
	coding string // Content-Encoding
	data   []byte
	etag   string
}

// NewStatic serves dir.
func NewStatic(dir string) *Static {
	return &Static{dir: dir, cache: map[string]*staticEntry{}}
}

var mimeTypes = map[string]string{
	".wasm": "application/wasm", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json",
	".map": "application/json", ".ts": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8",
	".md": "text/plain; charset=utf-8",
}

// crossOrigin are the extensions of the module's own files, which other
// origins may load.
var crossOrigin = map[string]bool{".wasm": true, ".js": true, ".mjs": true, ".ts": true, ".map": true, ".json": true}

// siblings are the precompressed encodings looked for next to a file, in
// order of preference (brotli is the smallest for the module).
var siblings = []struct{ ext, coding string }{{".br", "br"}, {".zst", "zstd"}, {".gz", "gzip"}}

// hashedName matches the names wasm/webbuild gives: base.<16 hex>.ext.
var hashedName = regexp.MustCompile(`\.([0-9a-f]{16})\.[a-z0-9]+$`)

// maxCached bounds the size of a file kept (compressed) in memory; larger
// files are streamed from disk uncompressed.
const maxCached = 64 << 20

// immutableCache is a year: the longest any browser keeps a response.
const immutableCache = "public, max-age=31536000, immutable"

// ServeHTTP serves one file of the directory; dotfiles and directories are 404.
func (s *Static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p, ok := s.clean(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	full := filepath.Join(s.dir, filepath.FromSlash(p))
	f, err := os.Open(full)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		http.NotFound(w, r)
		return
	}
	ext := path.Ext(p)
	if ct, ok := mimeTypes[ext]; ok {
		h.Set("Content-Type", ct)
	}
	if crossOrigin[ext] {
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	}
	h.Set("Cache-Control", "no-cache")
	e := s.entry(full, st)
	if e == nil { // too large to cache: stream it with Last-Modified only
		http.ServeContent(w, r, p, st.ModTime(), f)
		return
	}
	if e.immutable {
		h.Set("Cache-Control", immutableCache)
	}
	if len(e.encoded) > 0 {
		h.Add("Vary", "Accept-Encoding")
		accepted := acceptedCodings(r)
		for _, b := range e.encoded {
			if accepted[b.coding] {
				h.Set("Content-Encoding", b.coding)
				h.Set("ETag", b.etag)
				http.ServeContent(w, r, p, e.mod, bytes.NewReader(b.data))
				return
			}
		}
	}
	h.Set("ETag", e.etag)
	http.ServeContent(w, r, p, e.mod, f)
}

// clean maps a URL path to a file path under the directory: directories
// get index.html; dotfiles (.git, .env) and node_modules are refused.
func (s *Static) clean(urlPath string) (string, bool) {
	p := path.Clean("/" + urlPath)
	if strings.HasSuffix(p, "/") || p == "/" {
		p += "index.html"
	} else if st, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(p))); err == nil && st.IsDir() {
		p += "/index.html"
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") || seg == "node_modules" {
			return "", false
		}
	}
	return p, true
}

// Warm prepares the directory's top-level files ahead of the first request,
// so the first visitor does not wait for compression or checks.
func (s *Static) Warm() {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if _, ok := mimeTypes[filepath.Ext(e.Name())]; !ok || e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		full := filepath.Join(s.dir, e.Name())
		if st, err := os.Stat(full); err == nil {
			s.entry(full, st)
		}
	}
}

// acceptedCodings returns the content codings the request accepts (q > 0).
func acceptedCodings(r *http.Request) map[string]bool {
	out := map[string]bool{}
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if name != "" && q > 0 {
			out[name] = true
		}
	}
	return out
}

// siblingState describes the precompressed siblings present, so an entry
// made before the build finished writing them is redone.
func siblingState(full string) string {
	var b strings.Builder
	for _, sib := range siblings {
		if st, err := os.Stat(full + sib.ext); err == nil {
			b.WriteString(sib.ext + ":" + strconv.FormatInt(st.Size(), 10) + "@" + st.ModTime().String() + ";")
		}
	}
	return b.String()
}

// entry returns what serving the file's current version needs, computed
// once per (mtime, size, siblings).
func (s *Static) entry(full string, st os.FileInfo) *staticEntry {
	if st.Size() > maxCached {
		return nil
	}
	sibs := siblingState(full)
	s.mu.Lock()
	e, ok := s.cache[full]
	s.mu.Unlock()
	if ok && e.mod.Equal(st.ModTime()) && e.size == st.Size() && e.siblings == sibs {
		return e
	}
	// Computed without the lock, so a large module being checked does not
	// stall requests for other files; a rare duplicate effort is fine.
	raw, err := os.ReadFile(full)
	if err != nil || int64(len(raw)) != st.Size() {
		return nil // changed while reading: serve it uncached this time
	}
	sum := sha256.Sum256(raw)
	tag := base64.RawURLEncoding.EncodeToString(sum[:12])
	e = &staticEntry{mod: st.ModTime(), size: st.Size(), siblings: sibs, etag: `"` + tag + `"`}
	if m := hashedName.FindStringSubmatch(filepath.Base(full)); m != nil {
		// The name promises the content; only a true promise is cached forever.
		e.immutable = strings.HasPrefix(hex.EncodeToString(sum[:]), m[1])
	}
	for _, sib := range siblings {
		if data := precompressed(full+sib.ext, sib.coding, raw); data != nil {
			e.encoded = append(e.encoded, encodedBody{coding: sib.coding, data: data, etag: `"` + tag + "-" + sib.coding + `"`})
		}
	}
	if len(e.encoded) == 0 {
		if gz := gzipped(full, raw); gz != nil {
			e.encoded = append(e.encoded, encodedBody{coding: "gzip", data: gz, etag: `"` + tag + `-gz"`})
		}
	}
	s.mu.Lock()
	s.cache[full] = e
	s.mu.Unlock()
	return e
}

// precompressed reads a sibling and returns it only if it decodes to raw:
// a stale or damaged sibling is ignored rather than served.
func precompressed(name, coding string, raw []byte) []byte {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var rd io.Reader
	switch coding {
	case "br":
		rd = brotli.NewReader(bytes.NewReader(data))
	case "zstd":
		d, err := zstd.NewReader(bytes.NewReader(data), zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil
		}
		defer d.Close()
		rd = d
	case "gzip":
		g, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil
		}
		rd = g
	}
	got, err := io.ReadAll(io.LimitReader(rd, int64(len(raw))+1))
	if err != nil || !bytes.Equal(got, raw) {
		return nil
	}
	return data
}

// gzipped compresses a known text or wasm file in memory, if that pays.
func gzipped(full string, raw []byte) []byte {
	if _, ok := mimeTypes[filepath.Ext(full)]; !ok || len(raw) <= 256 {
		return nil
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	if buf.Len() >= len(raw)*9/10 {
		return nil
	}
	return buf.Bytes()
}
