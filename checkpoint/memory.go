package checkpoint

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// MemoryStore is a Store in process memory: for native use and tests, and as
// the fallback where no durable store exists. Records are deep-copied on the
// way in and out so callers never share state with the store.
type MemoryStore struct {
	mu   sync.Mutex
	recs map[string][]byte
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{recs: map[string][]byte{}} }

// Get returns a copy of the record with the given ID.
func (m *MemoryStore) Get(ctx context.Context, id string) (*Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	b, ok := m.recs[id]
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Put stores a copy of rec, replacing any record with the same ID.
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
	m.mu.Unlock()
	return nil
}

// Delete removes the record with the given ID; deleting a missing ID is not an error.
func (m *MemoryStore) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	delete(m.recs, id)
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
