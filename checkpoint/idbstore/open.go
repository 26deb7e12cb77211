//go:build js && wasm

package idbstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall/js"
	"time"
)

// How long Open waits. A browser that reports the open "blocked" is waiting
// for another tab to close a connection to an older version, which may never
// happen: that is given up on soon. An open with no answer yet is merely slow
// (the first open creates the database; a busy disk, a loaded machine) and is
// waited for much longer; past that, ErrSlow lets the caller go on with
// Pending, in memory until the answer comes. In both cases the request
// itself goes on: its upgrade still creates the stores, and a late success
// serves Pending and the next Open on the page.
var (
	blockedWait = 3 * time.Second
	slowWait    = 10 * time.Second
)

// ErrBlocked means another tab keeps a connection to an older version of the
// database open, so this one could not open it in time.
var ErrBlocked = errors.New("idbstore: opening is blocked by another tab's connection to an older version")

// conn is one open request for a database and, once it succeeds, its
// connection, shared by every Store of the page opened on that name.
type conn struct {
	name     string
	settled  chan struct{} // closed when the request succeeded or failed
	blocked  chan struct{} // closed when the browser reported it blocked
	req      js.Value      // the IDBOpenDBRequest
	db       js.Value      // the IDBDatabase, after success
	err      error         // after failure
	once     sync.Once     // closes blocked
	handlers []js.Func     // the request's handlers, released once it settles
}

var (
	connsMu sync.Mutex
	conns   = map[string]*conn{}
)

// Open opens (creating if needed) the named database. A page's Stores share
// one connection per name, and one request while it is opening.
func Open(ctx context.Context, name string) (*Store, error) {
	if g := js.Global().Get("indexedDB"); g.IsUndefined() || g.IsNull() {
		return nil, ErrUnavailable
	}
	c := shared(name)
	slow := time.NewTimer(slowWait)
	defer slow.Stop()
	blocked := c.blocked
	var giveUp <-chan time.Time
	for {
		select {
		case <-c.settled:
			if c.err != nil {
				return nil, fmt.Errorf("%w: %v", ErrUnavailable, c.err)
			}
			return &Store{db: c.db}, nil
		case <-blocked:
			blocked = nil
			t := time.NewTimer(blockedWait)
			defer t.Stop()
			giveUp = t.C
		case <-giveUp:
			return nil, fmt.Errorf("%w: %w", ErrUnavailable, ErrBlocked)
		case <-slow.C:
			return nil, fmt.Errorf("%w: %w (no answer in %v)", ErrUnavailable, ErrSlow, slowWait)
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: %w", ErrUnavailable, context.Cause(ctx))
		}
	}
}

// shared returns the page's request or connection for name, starting one
// if there is none (or the last one failed or was closed).
func shared(name string) *conn {
	connsMu.Lock()
	defer connsMu.Unlock()
	if c := conns[name]; c != nil {
		return c
	}
	c := &conn{name: name, settled: make(chan struct{}), blocked: make(chan struct{})}
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

// start sends the open request. Its handlers stay until it settles, whoever
// still waits for it: removing the upgrade handler of a request that is only
// slow would leave a database of this version without its object stores.
func (c *conn) start() {
	req, err := call(js.Global().Get("indexedDB"), "open", c.name, version)
	if err != nil { // a SecurityError where storage is denied
		c.err = err
		delete(conns, c.name) // connsMu is held by shared
		close(c.settled)
		return
	}
	on := func(event string, f func(ev js.Value)) {
		h := js.FuncOf(func(_ js.Value, a []js.Value) any {
			f(a[0])
			return nil
		})
		c.handlers = append(c.handlers, h)
		req.Set("on"+event, h)
	}
	on("upgradeneeded", func(ev js.Value) {
		if err := upgrade(req.Get("result"), ev.Get("oldVersion").Int()); err != nil {
			// Abort, so the database does not stay at this version without its stores.
			_, _ = call(req.Get("transaction"), "abort")
		}
	})
	on("blocked", func(js.Value) { c.once.Do(func() { close(c.blocked) }) })
	on("success", func(js.Value) { c.opened(req.Get("result")) })
	on("error", func(ev js.Value) {
		if c.err = domError(req.Get("error")); c.err == nil {
			c.err = errors.New("idbstore: opening the database failed")
		}
		ev.Call("preventDefault")
		c.settle(req)
	})
	c.req = req
}

// opened keeps the connection and watches for its end.
func (c *conn) opened(db js.Value) {
	c.db = db
	closeOnVersionChange(db, c)
	c.settle(c.req)
}

// settle wakes the waiters and releases the request's handlers.
func (c *conn) settle(req js.Value) {
	if c.err != nil {
		c.forget()
	}
	for _, ev := range []string{"upgradeneeded", "blocked", "success", "error"} {
		req.Set("on"+ev, js.Null())
	}
	for _, h := range c.handlers {
		h.Release()
	}
	c.handlers = nil
	close(c.settled)
}

// upgrade creates the object stores missing from oldVersion.
func upgrade(db js.Value, oldVersion int) error {
	var names []string
	if oldVersion < 1 {
		names = append(names, journalStore, handleStore)
	}
	if oldVersion < 2 {
		names = append(names, partStore)
	}
	for _, n := range names {
		if _, err := call(db, "createObjectStore", n); err != nil {
			return err
		}
	}
	return nil
}

// closeOnVersionChange closes the connection when another tab opens a newer
// version of the database, which would otherwise wait for this tab forever;
// later writes here fail and the upload goes on with a journal in memory.
// A connection the browser closes by itself (storage cleared) is forgotten
// too, so the next Open tries again.
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
