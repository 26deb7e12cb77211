package osslocal

import (
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/ossupload/ossupload/server/ossauth"
)

// FaultSettings are the knobs of fault injection.
type FaultSettings struct {
	// PartFailRate is the fraction (0..1) of UploadPart calls that fail.
	PartFailRate float64 `json:"partFailRate"`
	// Kinds are the failures drawn from: "500", "503", "drop" (connection
	// closed mid-body). Empty means all three.
	Kinds []string `json:"kinds,omitempty"`
	// Latency is added before every UploadPart is handled.
	Latency time.Duration `json:"latencyNs,omitempty"`
	// TokenMaxAge, when positive, makes STS tokens older than it count as expired.
	TokenMaxAge time.Duration `json:"tokenMaxAgeNs,omitempty"`
	// STSDown makes the embedded STS (which shares these settings in local
	// mode) drop every connection, as an unreachable STS would.
	STSDown bool `json:"stsDown,omitempty"`
}

// Faults injects failures into UploadPart. It exists only in local mode and
// is safe for concurrent use.
type Faults struct {
	mu       sync.Mutex
	set      FaultSettings
	verifier *ossauth.Verifier
}

// NewFaults returns a fault injector that injects nothing until Set.
func NewFaults() *Faults { return &Faults{} }

// Set replaces the settings.
func (f *Faults) Set(s FaultSettings) {
	f.mu.Lock()
	f.set = s
	v := f.verifier
	f.mu.Unlock()
	if v != nil {
		v.SetMaxTokenAge(s.TokenMaxAge)
	}
}

// Settings returns the current settings.
func (f *Faults) Settings() FaultSettings {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.set
}

// beforePart may fail the request; it reports whether it answered it.
func (f *Faults) beforePart(w http.ResponseWriter, r *http.Request) bool {
	s := f.Settings()
	if s.Latency > 0 {
		time.Sleep(s.Latency)
	}
	if s.PartFailRate <= 0 || rand.Float64() >= s.PartFailRate {
		return false
	}
	kinds := s.Kinds
	if len(kinds) == 0 {
		kinds = []string{"500", "503", "drop"}
	}
	switch kinds[rand.IntN(len(kinds))] {
	case "503":
		writeError(w, r, oerr(503, "ServiceUnavailable", "Injected fault: please reduce your request rate."))
	case "drop":
		// Read some of the body so the client is mid-send, then cut the connection.
		io.CopyN(io.Discard, r.Body, 32<<10)
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
			return true
		}
		writeError(w, r, oerr(500, "InternalError", "Injected fault."))
	default:
		writeError(w, r, oerr(500, "InternalError", "Injected fault: we encountered an internal error. Please try again."))
	}
	return true
}
