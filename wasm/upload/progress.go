package upload

import (
	"sync"
	"time"

	"github.com/ossupload/ossupload/checkpoint"
)

// DefaultProgressInterval throttles byte-level progress to 10 events a
// second: smooth to the eye, negligible next to the upload. Part completions
// and the final event are always reported.
const DefaultProgressInterval = 100 * time.Millisecond

// progress turns per-part byte counts into monotonic, throttled events.
// Events are delivered under mu, so the callback is never called concurrently
// and never sees Sent go backwards.
type progress struct {
	mu         sync.Mutex
	fn         func(Progress)
	interval   time.Duration
	total      int64
	partsTotal int
	inflight   map[int]int64 // per part, the most bytes any attempt has sent
	doneBytes  int64
	partsDone  int
	last       int64
	lastAt     time.Time
}

func newProgress(fn func(Progress), interval time.Duration, total int64, partsTotal int) *progress {
	return &progress{fn: fn, interval: interval, total: total, partsTotal: partsTotal, inflight: map[int]int64{}, last: -1}
}

// reset starts counting again for a new set of parts (a restarted upload);
// events stay monotonic because the reported value is the maximum seen.
func (p *progress) reset(doneBytes int64, partsDone int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight = map[int]int64{}
	p.doneBytes, p.partsDone = doneBytes, partsDone
}

func (p *progress) sent(part int, n int64) {
	if p == nil || p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if n > p.inflight[part] {
		p.inflight[part] = n
	}
	if time.Since(p.lastAt) >= p.interval {
		p.emitLocked(nil, false)
	}
}

func (p *progress) partDone(part int, size int64, rec func() *checkpoint.Record) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.inflight, part)
	p.doneBytes += size
	p.partsDone++
	if p.fn != nil {
		p.emitLocked(rec(), false)
	}
}

func (p *progress) finish() {
	if p == nil || p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.partsDone = p.partsTotal
	p.emitLocked(nil, true)
}

func (p *progress) emitLocked(rec *checkpoint.Record, done bool) {
	s := p.doneBytes
	for _, n := range p.inflight {
		s += n
	}
	if done {
		s = p.total
	} else if p.total > 0 && s >= p.total {
		s = p.total - 1 // 1.0 means Complete succeeded, nothing less
	}
	if s < p.last {
		s = p.last
	}
	p.last = s
	p.lastAt = time.Now()
	p.fn(Progress{Sent: s, Total: p.total, PartsDone: min(p.partsDone, p.partsTotal), PartsTotal: p.partsTotal, Checkpoint: rec, Done: done})
}
