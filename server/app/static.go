package app

import (
	"bytes"
	"compress/gzip"
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
// (compressed once per file version and cached), and revalidation so a
// rebuilt module is picked up at once.
type Static struct {
	dir   string
	files http.Handler
	mu    sync.Mutex
	gz    map[string]gzEntry
}

type gzEntry struct {
	mod  time.Time
	data []byte
}

// NewStatic serves dir.
func NewStatic(dir string) *Static {
	return &Static{dir: dir, files: http.FileServer(http.Dir(dir)), gz: map[string]gzEntry{}}
}

var compressible = map[string]string{".wasm": "application/wasm", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8", ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json", ".ts": "text/plain; charset=utf-8"}

func (s *Static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	p := path.Clean("/" + r.URL.Path)
	if p == "/" {
		p = "/index.html"
	}
	ctype, ok := compressible[path.Ext(p)]
	if !ok || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		s.files.ServeHTTP(w, r)
		return
	}
	full := filepath.Join(s.dir, filepath.FromSlash(p))
	st, err := os.Stat(full)
	if err != nil || st.IsDir() {
		s.files.ServeHTTP(w, r)
		return
	}
	data, err := s.compressed(full, st.ModTime())
	if err != nil {
		s.files.ServeHTTP(w, r)
		return
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Encoding", "gzip")
	h.Add("Vary", "Accept-Encoding")
	http.ServeContent(w, r, p, st.ModTime(), bytes.NewReader(data))
}

func (s *Static) compressed(full string, mod time.Time) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.gz[full]; ok && e.mod.Equal(mod) {
		return e.data, nil
	}
	raw, err := os.ReadFile(full)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	s.gz[full] = gzEntry{mod, buf.Bytes()}
	return buf.Bytes(), nil
}
