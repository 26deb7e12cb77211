package checkpoint

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"
)

// MemoryStore is a Store in process memory: for native use and tests, and as
// the fallback where no durable store exists. Records are deep-copied on the
// way in and out so callers never share state with the store. Parts added
// with AddParts are kept apart from the record, so each costs O(1).
type MemoryStore struct {
	mu    sync.Mutex
	recs  map[string][]byte
	parts map[string]map[int]Part
	upd   map[string]time.Time
	bytes int64 // written, for benchmarks of journal cost
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{recs: map[string][]byte{}, parts: map[string]map[int]Part{}, upd: map[string]time.Time{}}
}

var _ PartAdder = (*MemoryStore)(nil)

// Get returns a copy of the record with the given ID.
func (m *MemoryStore) Get(ctx context.Context, id string) (*Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.recs[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	r.DoneParts = MergeParts(r.DoneParts, m.parts[id])
	if u, ok := m.upd[id]; ok && u.After(r.Updated) {
		r.Updated = u
	}
	return &r, nil
}

// MergeParts returns base with added applied (same number: added wins), in
// part order; stores with PartAdder use it to rebuild a record.
func MergeParts(base []Part, added map[int]Part) []Part {
	if len(added) == 0 {
		if base == nil {
			return []Part{}
		}
		return base
	}
	all := make(map[int]Part, len(base)+len(added))
	for _, p := range base {
		all[p.Number] = p
	}
	for n, p := range added {
		all[n] = p
	}
	out := make([]Part, 0, len(all))
	for _, p := range all {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// Put stores a copy of rec, replacing any record with the same ID (and
// parts added to it).
func (m *MemoryStore) Put(ctx context.Context, rec *Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if rec == nil || rec.ID == "" {
		return fmt.Errorf("checkpoint: record without ID")
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.recs[rec.ID] = b
	delete(m.parts, rec.ID)
	delete(m.upd, rec.ID)
	m.bytes += int64(len(b))
	m.mu.Unlock()
	return nil
}

// AddParts implements PartAdder.
func (m *MemoryStore) AddParts(ctx context.Context, id string, parts []Part, updated time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.recs[id]; !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	ps := m.parts[id]
	if ps == nil {
		ps = map[int]Part{}
		m.parts[id] = ps
	}
	for _, p := range parts {
		ps[p.Number] = p
		b, _ := json.Marshal(p)
		m.bytes += int64(len(b))
	}
	m.upd[id] = updated
	return nil
}

// Delete removes the record with the given ID; deleting a missing ID is not an error.
func (m *MemoryStore) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	delete(m.recs, id)
	delete(m.parts, id)
	delete(m.upd, id)
	m.mu.Unlock()
	return nil
}

// List returns copies of all records, ordered by ID.
func (m *MemoryStore) List(ctx context.Context) ([]*Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	ids := make([]string, 0, len(m.recs))
	for id := range m.recs {
		ids = append(ids, id)
	}
	m.mu.Unlock()
	sort.Strings(ids)
	out := make([]*Record, 0, len(ids))
	for _, id := range ids {
		r, err := m.Get(ctx, id)
		if err != nil {
			continue // deleted concurrently
		}
		out = append(out, r)
	}
	return out, nil
}

// BytesWritten returns how many bytes Put and AddParts have written: the
// journal's cost, measured by benchmarks.
func (m *MemoryStore) BytesWritten() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bytes
}
