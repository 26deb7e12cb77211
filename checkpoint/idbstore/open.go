//go:build js && wasm

package idbstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall/js"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"
)

// slowWait is how long Open waits for the browser to answer. An open with
// no answer yet is slow, not failed (the first open creates the database; a
// busy disk, a loaded machine; another tab holding an older version, which
// go-indexeddb does not report as "blocked"): past slowWait, ErrSlow lets
// the caller go on with Pending, in memory until the answer comes. The
// request itself goes on: its upgrade still creates the stores, and a late
// success serves Pending and the next Open on the page.
var slowWait = 10 * time.Second

// conn is one open request for a database and, once it succeeds, its
// connection, shared by every Store of the page opened on that name.
type conn struct {
	name    string
	settled chan struct{} // closed when the request succeeded or failed
	db      *idb.Database // after success
	raw     js.Value      // the same IDBDatabase, for getAll over a key range
	err     error         // after failure
}

var (
	connsMu sync.Mutex
	conns   = map[string]*conn{}
)

// Open opens (creating if needed) the named database. A page's Stores share
// one connection per name, and one request while it is opening. Open never
// reads the request's result itself: it waits for the request to settle
// (reading the result of a pending request throws from a getter, which
// syscall/js cannot catch, and ends the Go program).
func Open(ctx context.Context, name string) (*Store, error) {
	if g := js.Global().Get("indexedDB"); g.IsUndefined() || g.IsNull() {
		return nil, ErrUnavailable
	}
	c := shared(name)
	slow := time.NewTimer(slowWait)
	defer slow.Stop()
	select {
	case <-c.settled:
		if c.err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnavailable, c.err)
		}
		return c.store(), nil
	case <-slow.C:
		return nil, fmt.Errorf("%w: %w (no answer in %v)", ErrUnavailable, ErrSlow, slowWait)
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, context.Cause(ctx))
	}
}

// store is a Store over c's connection, once c has settled without error.
func (c *conn) store() *Store { return &Store{db: c.db, raw: c.raw} }

// shared returns the page's request or connection for name, starting one
// if there is none (or the last one failed or was closed).
func shared(name string) *conn {
	connsMu.Lock()
	defer connsMu.Unlock()
	if c := conns[name]; c != nil {
		return c
	}
	c := &conn{name: name, settled: make(chan struct{})}
	conns[name] = c
	c.start()
	return c
}

// forget drops c from the page's connections, so the next Open starts anew.
func (c *conn) forget() {
	connsMu.Lock()
	defer connsMu.Unlock()
	if conns[c.name] == c {
		delete(conns, c.name)
	}
}

// start sends the open request (connsMu is held by shared). Its context is
// Background, whoever waits for it: go-indexeddb removes the upgradeneeded
// listener when that context ends, and removing it from a request that is
// only slow would leave a database of this version without its object
// stores. go-indexeddb ends it itself on success.
func (c *conn) start() {
	req, err := open(c.name)
	if err != nil { // a SecurityError where storage is denied
		c.err = err
		delete(conns, c.name)
		close(c.settled)
		return
	}
	go c.await(req)
}

// open sends the request; go-indexeddb panics on a factory that returns no
// IDBRequest, and that is an error here.
func open(name string) (req *idb.OpenDBRequest, err error) {
	defer func() {
		if r := recover(); r != nil {
			req, err = nil, fmt.Errorf("idbstore: opening the database: %v", r)
		}
	}()
	return idb.Global().Open(context.Background(), name, version, upgrade)
}

// await waits, with no deadline, for the request to settle: the result is
// read only then, and a canceled wait (which go-indexeddb reports as an
// empty result) cannot happen. Open and Pending wait on c.settled instead.
func (c *conn) await(req *idb.OpenDBRequest) {
	db, err := req.Await(context.Background())
	var raw js.Value
	if err == nil {
		raw, err = req.Request.Result() // done: this does not throw
	}
	if err == nil && (raw.IsUndefined() || raw.IsNull()) {
		err = errors.New("idbstore: opening the database failed")
	}
	if err != nil {
		c.err = err
		c.forget()
	} else {
		c.db, c.raw = db, raw
		closeOnVersionChange(raw, c)
	}
	close(c.settled)
}

// upgrade creates the object stores missing from oldVersion. It never
// returns an error: go-indexeddb panics with it inside a JS event handler,
// which ends the Go program. A failure closes the connection instead, which
// aborts the upgrade (the database keeps its old version, not this one
// without its stores) and fails the open.
func upgrade(db *idb.Database, oldVersion, _ uint) error {
	var names []string
	if oldVersion < 1 {
		names = append(names, journalStore, handleStore)
	}
	if oldVersion < 2 {
		names = append(names, partStore)
	}
	for _, n := range names {
		if _, err := db.CreateObjectStore(n, idb.ObjectStoreOptions{}); err != nil {
			_ = db.Close()
			return nil
		}
	}
	return nil
}

// closeOnVersionChange closes the connection when another tab opens a newer
// version of the database, which would otherwise wait for this tab forever;
// later writes here fail and the upload goes on with a journal in memory.
// The connection is forgotten then, or when the browser closes it by itself
// (storage cleared), so the next Open tries again. (go-indexeddb closes on
// versionchange too, but does not let the page know.)
func closeOnVersionChange(db js.Value, c *conn) {
	db.Set("onversionchange", js.FuncOf(func(js.Value, []js.Value) any {
		c.forget()
		db.Call("close")
		js.Global().Get("console").Call("warn", "ossupload: the upload journal database is being upgraded by another tab; this tab's uploads continue with a journal in memory")
		return nil
	}))
	db.Set("onclose", js.FuncOf(func(js.Value, []js.Value) any {
		c.forget()
		return nil
	}))
}
