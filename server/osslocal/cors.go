package osslocal

import (
	"net/http"
	"slices"
	"strings"
)

// exposedHeaders are what a browser client must read: without ETag a part's
// ETag reads empty and Complete fails; without the CRC header integrity checks
// silently do nothing.
const exposedHeaders = "ETag, x-oss-request-id, x-oss-hash-crc64ecma, x-oss-ec, x-oss-err, Content-MD5, Content-Range, Content-Length, Content-Disposition, Content-Encoding, Last-Modified, x-oss-object-type, " +
	"x-oss-next-append-position, x-oss-symlink-target, x-oss-server-side-encryption, x-oss-server-side-encryption-key-id, x-oss-storage-class, x-oss-restore, x-oss-object-restore-priority"

var corsMethods = []string{"GET", "PUT", "POST", "DELETE", "HEAD"}

func (s *Server) originAllowed(origin string) bool {
	for _, o := range s.cfg.AllowedOrigins {
		if o == "*" || strings.EqualFold(o, origin) {
			return true
		}
	}
	return false
}

// cors applies the bucket's CORS rule. It returns false when it has fully
// answered the request (a preflight).
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if r.Method == http.MethodOptions {
		method := r.Header.Get("Access-Control-Request-Method")
		if origin == "" || method == "" || !s.originAllowed(origin) || !slices.Contains(corsMethods, method) {
			writeError(w, r, errCORS)
			return false
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Methods", strings.Join(corsMethods, ", "))
		// A literal "*" does not cover Authorization, so echo what was asked.
		if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
			h.Set("Access-Control-Allow-Headers", req)
		}
		h.Set("Access-Control-Expose-Headers", exposedHeaders)
		h.Set("Access-Control-Max-Age", "86400")
		h.Add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
		w.WriteHeader(http.StatusOK)
		return false
	}
	if origin != "" && s.originAllowed(origin) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Expose-Headers", exposedHeaders)
		h.Add("Vary", "Origin")
	}
	return true
}
