package app

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Static serves the browser module and the demo page: the right MIME types
// (application/wasm enables streaming compilation), gzip for text and wasm
// (compressed once per file version and kept in memory), and ETag plus
// Last-Modified with no-cache, so a reload costs a 304 and a rebuilt module
// is picked up at once (the file names carry no content hash).
type Static struct {
	dir   string
	mu    sync.Mutex
	cache map[string]*staticEntry
}

type staticEntry struct {
	mod    time.Time
	size   int64
	etag   string // of the identity encoding
	gz     []byte // nil when not worth compressing
	gzETag string
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

// maxCached bounds the size of a file kept (compressed) in memory; larger
// files are streamed from disk uncompressed.
const maxCached = 64 << 20

// ServeHTTP serves one file of the directory; dotfiles and directories are 404.
func (s *Static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(p, "/") || p == "/" {
		p += "index.html"
	} else if st, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(p))); err == nil && st.IsDir() {
		p += "/index.html"
	}
	// Dotfiles (.git, .env) and node_modules are never served.
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") || seg == "node_modules" {
			http.NotFound(w, r)
			return
		}
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
	if ct, ok := mimeTypes[path.Ext(p)]; ok {
		h.Set("Content-Type", ct)
	}
	h.Set("Cache-Control", "no-cache")
	e := s.entry(full, st)
	if e == nil { // too large to cache: stream it with Last-Modified only
		http.ServeContent(w, r, p, st.ModTime(), f)
		return
	}
	if e.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			h.Set("Content-Encoding", "gzip")
			h.Set("ETag", e.gzETag)
			http.ServeContent(w, r, p, e.mod, bytes.NewReader(e.gz))
			return
		}
	}
	h.Set("ETag", e.etag)
	http.ServeContent(w, r, p, e.mod, f)
}

// Warm compresses the directory's top-level files ahead of the first
// request, so the first visitor does not wait for the module's gzip.
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

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// entry returns the cached ETag (and gzip bytes) for the file's current
// version, computing them once per (mtime, size).
func (s *Static) entry(full string, st os.FileInfo) *staticEntry {
	if st.Size() > maxCached {
		return nil
	}
	s.mu.Lock()
	e, ok := s.cache[full]
	s.mu.Unlock()
	if ok && e.mod.Equal(st.ModTime()) && e.size == st.Size() {
		return e
	}
	// Computed without the lock, so a large module being compressed does
	// not stall requests for other files; a rare duplicate effort is fine.
	raw, err := os.ReadFile(full)
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(raw)
	tag := base64.RawURLEncoding.EncodeToString(sum[:12])
	if int64(len(raw)) != st.Size() {
		return nil // changed while reading: serve it uncached this time
	}
	e = &staticEntry{mod: st.ModTime(), size: st.Size(), etag: `"` + tag + `"`}
	if _, ok := mimeTypes[filepath.Ext(full)]; ok && len(raw) > 256 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(raw)
		zw.Close()
		if buf.Len() < len(raw)*9/10 {
			e.gz = buf.Bytes()
			e.gzETag = `"` + tag + `-gz"`
		}
	}
	s.mu.Lock()
	s.cache[full] = e
	s.mu.Unlock()
	return e
}
