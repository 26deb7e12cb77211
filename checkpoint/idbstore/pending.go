//go:build js && wasm

package idbstore

import (
	"context"
	"errors"
	"sync"
	"syscall/js"
	"time"

	"github.com/ossupload/ossupload/checkpoint"
)

// ErrSlow means the browser has not answered the open yet (Open gave up
// waiting): the request goes on, and Pending can take over from memory once
// it answers.
var ErrSlow = errors.New("idbstore: the database has not opened yet")

// errNoHandles: a journal still in memory cannot keep a file handle.
var errNoHandles = errors.New("idbstore: the database has not opened yet, so the file handle cannot be kept")

// Pending is a checkpoint.Store for a database whose open has not answered
// (Open failed with ErrSlow). It keeps the journal in memory and, once the
// open succeeds, copies what it holds into IndexedDB and goes on there: a
// slow first open (a busy disk, a loaded machine) costs resumability only
// until it answers, never for the rest of the page.
type Pending struct {
	mu       sync.RWMutex // held for reading by every operation, for writing by the move to IndexedDB
	cur      checkpoint.Store
	mem      *checkpoint.MemoryStore
	promoted chan struct{} // closed once the journal is in IndexedDB
}

var (
	_ checkpoint.Store     = (*Pending)(nil)
	_ checkpoint.PartAdder = (*Pending)(nil)
	_ checkpoint.Repairer  = (*Pending)(nil)
)

// Later returns a Pending store over the page's open request for name
// (the one Open waited for), in memory until that request succeeds.
func Later(name string) *Pending {
	mem := checkpoint.NewMemoryStore()
	p := &Pending{cur: mem, mem: mem, promoted: make(chan struct{})}
	c := shared(name)
	go func() {
		<-c.settled
		if c.err == nil {
			p.promote(c.store())
		}
	}()
	return p
}

// promote copies the records in memory into db and makes db the store. If a
// copy fails the journal stays in memory, and what was copied is removed, so
// IndexedDB never lists an upload this page goes on with elsewhere.
func (p *Pending) promote(db *Store) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	recs, err := p.mem.List(ctx)
	var copied []string
	for _, rec := range recs {
		if err != nil {
			break
		}
		if err = db.Put(ctx, rec); err == nil {
			copied = append(copied, rec.ID)
		}
	}
	if err != nil {
		for _, id := range copied {
			_ = db.Delete(ctx, id)
		}
		js.Global().Get("console").Call("warn", "ossupload: the upload journal database opened late and could not take over the journal ("+err.Error()+"); uploads started so far will not resume after a reload")
		return
	}
	p.cur = db
	close(p.promoted)
}

// Promoted is closed once the journal has moved to IndexedDB.
func (p *Pending) Promoted() <-chan struct{} { return p.promoted }

// Kind is "indexeddb" once the journal is there, else "memory".
func (p *Pending) Kind() string {
	select {
	case <-p.promoted:
		return "indexeddb"
	default:
		return "memory"
	}
}

// store returns the current store, held until done is called.
func (p *Pending) store() (st checkpoint.Store, done func()) {
	p.mu.RLock()
	return p.cur, p.mu.RUnlock
}

// Get implements checkpoint.Store.
func (p *Pending) Get(ctx context.Context, id string) (*checkpoint.Record, error) {
	st, done := p.store()
	defer done()
	return st.Get(ctx, id)
}

// Put implements checkpoint.Store.
func (p *Pending) Put(ctx context.Context, rec *checkpoint.Record) error {
	st, done := p.store()
	defer done()
	return st.Put(ctx, rec)
}

// Delete implements checkpoint.Store.
func (p *Pending) Delete(ctx context.Context, id string) error {
	st, done := p.store()
	defer done()
	return st.Delete(ctx, id)
}

// List implements checkpoint.Store.
func (p *Pending) List(ctx context.Context) ([]*checkpoint.Record, error) {
	st, done := p.store()
	defer done()
	return st.List(ctx)
}

// AddParts implements checkpoint.PartAdder (both stores add parts).
func (p *Pending) AddParts(ctx context.Context, id string, parts []checkpoint.Part, updated time.Time) error {
	st, done := p.store()
	defer done()
	return st.(checkpoint.PartAdder).AddParts(ctx, id, parts, updated)
}

// DropCorrupt implements checkpoint.Repairer; memory holds nothing corrupt.
func (p *Pending) DropCorrupt(ctx context.Context) ([]string, error) {
	st, done := p.store()
	defer done()
	if db, ok := st.(*Store); ok {
		return db.DropCorrupt(ctx)
	}
	return nil, nil
}

// PutHandle stores a file handle once the journal is in IndexedDB.
func (p *Pending) PutHandle(ctx context.Context, id string, handle js.Value) error {
	st, done := p.store()
	defer done()
	if db, ok := st.(*Store); ok {
		return db.PutHandle(ctx, id, handle)
	}
	return errNoHandles
}

// Handle returns the stored handle for an upload, or undefined.
func (p *Pending) Handle(ctx context.Context, id string) (js.Value, error) {
	st, done := p.store()
	defer done()
	if db, ok := st.(*Store); ok {
		return db.Handle(ctx, id)
	}
	return js.Undefined(), nil
}
