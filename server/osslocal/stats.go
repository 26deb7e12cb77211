package osslocal

import (
	"io"
	"strconv"
	"sync"
	"sync/atomic"
)

// stats are the counters behind Stats.
type stats struct {
	bytes, partPuts atomic.Int64
	parts           sync.Map // partKey -> *atomic.Int64
}

type partKey struct {
	uploadID string
	number   int
}

// Stats are counters tests use to prove what was (not) sent again.
type Stats struct {
	// BytesReceived counts every request body byte read, failed requests included.
	BytesReceived int64 `json:"bytesReceived"`
	// PartPuts counts UploadPart calls that reached the body, injected failures included.
	PartPuts int64 `json:"partPuts"`
	// Parts counts body bytes received per part, keyed "<uploadId>/<partNumber>".
	Parts map[string]int64 `json:"parts,omitempty"`
}

// Stats returns the byte and part counters.
func (s *Server) Stats() Stats {
	st := Stats{BytesReceived: s.stats.bytes.Load(), PartPuts: s.stats.partPuts.Load(), Parts: map[string]int64{}}
	s.stats.parts.Range(func(k, v any) bool {
		pk := k.(partKey)
		st.Parts[pk.uploadID+"/"+strconv.Itoa(pk.number)] = v.(*atomic.Int64).Load()
		return true
	})
	return st
}

// PartBytes returns the body bytes received for one part of an upload, over all attempts.
func (s *Server) PartBytes(uploadID string, number int) int64 {
	if v, ok := s.stats.parts.Load(partKey{uploadID, number}); ok {
		return v.(*atomic.Int64).Load()
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
