package osslocal

import (
	"encoding/json"
	"io"
	"net/http"
)

// serveLocal answers the test-only endpoints (present only with fault injection on).
func (s *Server) serveLocal(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Allow-Headers", "content-type")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodOptions:
		w.WriteHeader(204)
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
