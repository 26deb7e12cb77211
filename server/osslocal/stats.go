package osslocal

import (
	"io"
	"strconv"
	"sync"
	"sync/atomic"
)

// stats are the counters behind Stats. Per-part counters live only as long
// as their upload: Complete and Abort drop them.
type stats struct {
	bytes, partPuts atomic.Int64
	mu              sync.Mutex
	parts           map[string]map[int]*atomic.Int64 // uploadID -> part number -> bytes
}

// partCounter returns the byte counter of one part, created on first use.
func (st *stats) partCounter(uploadID string, number int) *atomic.Int64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.parts == nil {
		st.parts = map[string]map[int]*atomic.Int64{}
	}
	up := st.parts[uploadID]
	if up == nil {
		up = map[int]*atomic.Int64{}
		st.parts[uploadID] = up
	}
	c := up[number]
	if c == nil {
		c = new(atomic.Int64)
		up[number] = c
	}
	return c
}

// forget drops an upload's per-part counters.
func (st *stats) forget(uploadID string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.parts, uploadID)
}

// Stats are counters tests use to prove what was (not) sent again.
type Stats struct {
	// BytesReceived counts every request body byte read, failed requests included.
	BytesReceived int64 `json:"bytesReceived"`
	// PartPuts counts UploadPart calls that reached the body, injected failures included.
	PartPuts int64 `json:"partPuts"`
	// Parts counts body bytes received per part, keyed "<uploadId>/<partNumber>",
	// for uploads still in progress (Complete and Abort drop theirs).
	Parts map[string]int64 `json:"parts,omitempty"`
}

// Stats returns the byte and part counters.
func (s *Server) Stats() Stats {
	st := Stats{BytesReceived: s.stats.bytes.Load(), PartPuts: s.stats.partPuts.Load(), Parts: map[string]int64{}}
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	for id, up := range s.stats.parts {
		for n, c := range up {
			st.Parts[id+"/"+strconv.Itoa(n)] = c.Load()
		}
	}
	return st
}

// PartBytes returns the body bytes received for one part of an upload in
// progress, over all attempts; 0 once the upload is completed or aborted.
func (s *Server) PartBytes(uploadID string, number int) int64 {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	if c := s.stats.parts[uploadID][number]; c != nil {
		return c.Load()
	}
	return 0
}

// countingReader counts the bytes read into n and notes when the body ended.
type countingReader struct {
	r   io.Reader
	n   *atomic.Int64
	eof bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	if err == io.EOF {
		c.eof = true
	}
	return n, err
}
