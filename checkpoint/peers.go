package checkpoint

import (
	"context"
	"errors"
	"sync"
)

// ErrLocked is returned by Locker.Lock without wait when another writer (a
// tab, a client, an Uploader) holds the lock.
var ErrLocked = errors.New("checkpoint: the upload is in progress elsewhere")

// Locker gives each journal record one writer at a time. In the browser it
// is navigator.locks (shared by every tab of the origin); natively it is
// MemoryLocker.
type Locker interface {
	// Lock takes the lock named id. Without wait it fails at once with
	// ErrLocked when the lock is held; with wait it blocks until it is free or
	// ctx ends. release is idempotent.
	Lock(ctx context.Context, id string, wait bool) (release func(), err error)
	// Held reports the held locks: true for those held by this process (this
	// tab's module), false for those held elsewhere (another tab).
	Held(ctx context.Context) (map[string]bool, error)
}

// Bus tells every uploader sharing the journal (other clients of this
// module, other tabs of the origin) that an upload was aborted or discarded,
// so one still sending it stops at once.
type Bus interface {
	// Publish announces that uploadID was aborted; subscribers in this
	// process and elsewhere are told, including the publisher's own.
	Publish(uploadID string)
	// Subscribe calls fn for every announced upload ID until unsubscribe.
	Subscribe(fn func(uploadID string)) (unsubscribe func())
}

// MemoryLocker is a Locker within one process.
type MemoryLocker struct {
	mu   sync.Mutex
	held map[string]chan struct{} // closed on release
}

// NewMemoryLocker returns an empty MemoryLocker.
func NewMemoryLocker() *MemoryLocker { return &MemoryLocker{held: map[string]chan struct{}{}} }

// Lock implements Locker.
func (m *MemoryLocker) Lock(ctx context.Context, id string, wait bool) (func(), error) {
	for {
		m.mu.Lock()
		ch, busy := m.held[id]
		if !busy {
			ch = make(chan struct{})
			m.held[id] = ch
			m.mu.Unlock()
			var once sync.Once
			return func() {
				once.Do(func() {
					m.mu.Lock()
					delete(m.held, id)
					m.mu.Unlock()
					close(ch)
				})
			}, nil
		}
		m.mu.Unlock()
		if !wait {
			return nil, ErrLocked
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Held implements Locker: every lock is held by this process.
func (m *MemoryLocker) Held(context.Context) (map[string]bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]bool, len(m.held))
	for id := range m.held {
		out[id] = true
	}
	return out, nil
}

// MemoryBus is a Bus within one process.
type MemoryBus struct {
	mu   sync.Mutex
	subs map[int]func(string)
	next int
}

// NewMemoryBus returns a MemoryBus without subscribers.
func NewMemoryBus() *MemoryBus { return &MemoryBus{subs: map[int]func(string){}} }

// Publish implements Bus; subscribers run synchronously, outside the lock.
func (b *MemoryBus) Publish(uploadID string) {
	b.mu.Lock()
	fns := make([]func(string), 0, len(b.subs))
	for _, fn := range b.subs {
		fns = append(fns, fn)
	}
	b.mu.Unlock()
	for _, fn := range fns {
		fn(uploadID)
	}
}

// Subscribe implements Bus.
func (b *MemoryBus) Subscribe(fn func(string)) func() {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.next
	b.next++
	b.subs[id] = fn
	return func() {
		b.mu.Lock()
		delete(b.subs, id)
		b.mu.Unlock()
	}
}

// Process-wide defaults, so that every Uploader of a process (every client
// of one browser module) shares one lock table and one bus.
var (
	defaultLocker = NewMemoryLocker()
	defaultBus    = NewMemoryBus()
)

// DefaultLocker returns the process-wide MemoryLocker.
func DefaultLocker() *MemoryLocker { return defaultLocker }

// DefaultBus returns the process-wide MemoryBus.
func DefaultBus() *MemoryBus { return defaultBus }
