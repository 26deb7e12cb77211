package osslocal

import (
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
)

// LocalTokenHeader carries the token the /_local endpoints require.
const LocalTokenHeader = "X-Local-Token"

// serveLocal answers the test-only endpoints (present only with fault
// injection on). They change how the server behaves for everyone, so they
// need the token printed at start and answer browsers only from the app's
// own origins.
func (s *Server) serveLocal(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if origin := r.Header.Get("Origin"); origin != "" {
		if !slices.ContainsFunc(s.cfg.LocalOrigins, func(o string) bool { return strings.EqualFold(o, origin) }) {
			http.Error(w, `{"error":"origin not allowed"}`, http.StatusForbidden)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Allow-Headers", "content-type, "+strings.ToLower(LocalTokenHeader))
		w.Header().Add("Vary", "Origin")
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	tok := r.Header.Get(LocalTokenHeader)
	if s.cfg.LocalToken == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(s.cfg.LocalToken)) != 1 {
		http.Error(w, `{"error":"the /_local endpoints need the X-Local-Token printed at start"}`, http.StatusUnauthorized)
		return
	}
	switch {
	case r.URL.Path == "/_local/stats" && r.Method == http.MethodGet:
		json.NewEncoder(w).Encode(s.Stats())
	case r.URL.Path == "/_local/faults" && r.Method == http.MethodPost:
		var set FaultSettings
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&set); err != nil {
			http.Error(w, `{"error":"bad JSON"}`, 400)
			return
		}
		s.cfg.Faults.Set(set)
		json.NewEncoder(w).Encode(s.cfg.Faults.Settings())
	default:
		http.Error(w, `{"error":"not found"}`, 404)
	}
}
