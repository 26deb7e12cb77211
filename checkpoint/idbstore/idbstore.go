//go:build js && wasm

// Package idbstore keeps upload journals in the browser's IndexedDB so an
// upload resumes after a tab reload. One record per upload, keyed by
// checkpoint.Key (file fingerprint, bucket and key); a second object store
// may hold a FileSystemFileHandle per upload so a page can resume without
// the user choosing the file again.
package idbstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"syscall/js"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"

	"github.com/ossupload/ossupload/checkpoint"
)

const (
	journalStore = "journal"
	handleStore  = "handles"
	// partStore holds parts added one by one (AddParts), keyed
	// "<record ID>\x00<part number, 5 digits>": a part costs one small
	// write, not a rewrite of the record.
	partStore = "parts"
	version   = 2
	// OpenTimeout bounds opening the database: an open blocked by another
	// tab's old connection, or one that never completes, falls back to memory.
	OpenTimeout = 3 * time.Second
)

// ErrUnavailable means IndexedDB cannot be used (private mode, disabled,
// an old worker); callers fall back to memory and say so.
var ErrUnavailable = errors.New("idbstore: IndexedDB is unavailable")

// ErrCorrupt means a stored record cannot be decoded. It is reported rather
// than treated as missing, so a damaged journal never silently restarts an upload.
var ErrCorrupt = checkpoint.ErrCorrupt

// Store is a checkpoint.Store over IndexedDB.
type Store struct {
	db  *idb.Database
	raw js.Value // the IDBDatabase, for getAll over a key range (one request, not a cursor step per part)
}

var _ checkpoint.Store = (*Store)(nil)

// Open opens (creating if needed) the named database.
func Open(ctx context.Context, name string) (s *Store, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("%w: %v", ErrUnavailable, r)
		}
	}()
	if g := js.Global().Get("indexedDB"); g.IsUndefined() || g.IsNull() {
		return nil, ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, OpenTimeout)
	defer cancel()
	req, err := idb.Global().Open(ctx, name, version, upgrade)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	db, err := req.Await(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	raw, err := req.Request.Result()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	closeOnVersionChange(raw)
	return &Store{db: db, raw: raw}, nil
}

// upgrade creates the object stores missing from oldVersion.
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
			return err
		}
	}
	return nil
}

// closeOnVersionChange closes the connection when another tab opens a newer
// version of the database, which would otherwise wait for this tab forever;
// later writes here fail and the upload goes on with a journal in memory.
func closeOnVersionChange(db js.Value) {
	var f js.Func
	f = js.FuncOf(func(this js.Value, _ []js.Value) any {
		db.Call("close")
		js.Global().Get("console").Call("warn", "ossupload: the upload journal database is being upgraded by another tab; this tab's uploads continue with a journal in memory")
		return nil
	})
	db.Set("onversionchange", f)
}

func (s *Store) store(name string, mode idb.TransactionMode) (*idb.Transaction, *idb.ObjectStore, error) {
	txn, err := s.db.Transaction(mode, name)
	if err != nil {
		return nil, nil, err
	}
	st, err := txn.ObjectStore(name)
	return txn, st, err
}

// Get implements checkpoint.Store.
func (s *Store) Get(ctx context.Context, id string) (*checkpoint.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	_, st, err := s.store(journalStore, idb.TransactionReadOnly)
	if err != nil {
		return nil, err
	}
	req, err := st.Get(js.ValueOf(id))
	if err != nil {
		return nil, err
	}
	v, err := req.Await(ctx)
	if err != nil {
		return nil, err
	}
	if v.IsUndefined() || v.IsNull() {
		return nil, checkpoint.ErrNotFound
	}
	rec, err := decode(id, v)
	if err != nil {
		return nil, err
	}
	return s.withParts(ctx, rec)
}

// partKey orders a record's parts after its ID and before any other ID's.
func partKey(id string, n int) string { return fmt.Sprintf("%s\x00%05d", id, n) }

func partRange(id string) js.Value {
	return js.Global().Get("IDBKeyRange").Call("bound", id+"\x00", id+"\x01", false, true)
}

// partValues reads every part added to record id with one getAll.
func (s *Store) partValues(ctx context.Context, id string) (vals []js.Value, err error) {
	defer func() {
		if r := recover(); r != nil { // a closed database throws
			err = fmt.Errorf("idbstore: reading parts: %v", r)
		}
	}()
	req := s.raw.Call("transaction", partStore, "readonly").Call("objectStore", partStore).Call("getAll", partRange(id))
	done := make(chan error, 1)
	ok := js.FuncOf(func(js.Value, []js.Value) any { done <- nil; return nil })
	fail := js.FuncOf(func(js.Value, []js.Value) any {
		done <- fmt.Errorf("idbstore: reading parts: %s", req.Get("error").Call("toString").String())
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	req.Set("onsuccess", ok)
	req.Set("onerror", fail)
	select {
	case err := <-done:
		if err != nil {
			return nil, err
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	res := req.Get("result")
	vals = make([]js.Value, res.Length())
	for i := range vals {
		vals[i] = res.Index(i)
	}
	return vals, nil
}

// addedPart is a part as AddParts stores it.
type addedPart struct {
	checkpoint.Part
	At int64 `json:"at"` // ms since the epoch: the record's Updated
}

// withParts merges the parts added to rec since its last Put.
func (s *Store) withParts(ctx context.Context, rec *checkpoint.Record) (*checkpoint.Record, error) {
	vals, err := s.partValues(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	added := map[int]checkpoint.Part{}
	for _, v := range vals {
		var p addedPart
		if v.Type() != js.TypeString || json.Unmarshal([]byte(v.String()), &p) != nil {
			return nil, fmt.Errorf("%w: a part of %s", ErrCorrupt, rec.ID)
		}
		added[p.Number] = p.Part
		if at := time.UnixMilli(p.At).UTC(); at.After(rec.Updated) {
			rec.Updated = at
		}
	}
	rec.DoneParts = checkpoint.MergeParts(rec.DoneParts, added)
	return rec, nil
}

var _ checkpoint.PartAdder = (*Store)(nil)

// AddParts implements checkpoint.PartAdder: one small write per part, in one
// transaction that fails if the record is gone (deleted by an abort).
func (s *Store) AddParts(ctx context.Context, id string, parts []checkpoint.Part, updated time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	txn, err := s.db.Transaction(idb.TransactionReadWrite, journalStore, partStore)
	if err != nil {
		return err
	}
	head, err := txn.ObjectStore(journalStore)
	if err != nil {
		return err
	}
	ps, err := txn.ObjectStore(partStore)
	if err != nil {
		return err
	}
	got, err := head.Get(js.ValueOf(id))
	if err != nil {
		return err
	}
	if v, err := got.Await(ctx); err != nil {
		return err
	} else if v.IsUndefined() || v.IsNull() {
		txn.Abort()
		return fmt.Errorf("%w: %s", checkpoint.ErrNotFound, id)
	}
	for _, p := range parts {
		b, err := json.Marshal(addedPart{Part: p, At: updated.UnixMilli()})
		if err != nil {
			return err
		}
		if _, err := ps.PutKey(js.ValueOf(partKey(id, p.Number)), js.ValueOf(string(b))); err != nil {
			return err
		}
	}
	return txn.Await(ctx)
}

func decode(id string, v js.Value) (*checkpoint.Record, error) {
	if v.Type() != js.TypeString {
		return nil, fmt.Errorf("%w: %s is not a JSON string", ErrCorrupt, id)
	}
	var rec checkpoint.Record
	if err := json.Unmarshal([]byte(v.String()), &rec); err != nil || rec.ID != id || rec.UploadID == "" {
		return nil, fmt.Errorf("%w: %s", ErrCorrupt, id)
	}
	return &rec, nil
}

// Put implements checkpoint.Store; the record is replaced in one transaction.
func (s *Store) Put(ctx context.Context, rec *checkpoint.Record) error {
	// go-indexeddb waits forever on an already-canceled context.
	if err := ctx.Err(); err != nil {
		return err
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	txn, err := s.db.Transaction(idb.TransactionReadWrite, journalStore, partStore)
	if err != nil {
		return err
	}
	if err := deleteParts(txn, rec.ID); err != nil {
		return err
	}
	st, err := txn.ObjectStore(journalStore)
	if err != nil {
		return err
	}
	if _, err := st.PutKey(js.ValueOf(rec.ID), js.ValueOf(string(b))); err != nil {
		return err
	}
	return txn.Await(ctx)
}

// deleteParts deletes the parts added to record id, within txn.
func deleteParts(txn *idb.Transaction, id string) error {
	st, err := txn.ObjectStore(partStore)
	if err != nil {
		return err
	}
	_, err = st.Delete(partRange(id))
	return err
}

// Delete implements checkpoint.Store; it also forgets the upload's file handle.
func (s *Store) Delete(ctx context.Context, id string) error {
	// go-indexeddb waits forever on an already-canceled context.
	if err := ctx.Err(); err != nil {
		return err
	}
	txn, err := s.db.Transaction(idb.TransactionReadWrite, journalStore, handleStore, partStore)
	if err != nil {
		return err
	}
	if err := deleteParts(txn, id); err != nil {
		return err
	}
	for _, name := range []string{journalStore, handleStore} {
		st, err := txn.ObjectStore(name)
		if err != nil {
			return err
		}
		if _, err := st.Delete(js.ValueOf(id)); err != nil {
			return err
		}
	}
	return txn.Await(ctx)
}

// List implements checkpoint.Store. Corrupt records are skipped here (and
// reported by Get), so one damaged record does not hide the others.
func (s *Store) List(ctx context.Context) ([]*checkpoint.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ids, err := s.ids(ctx)
	if err != nil {
		return nil, err
	}
	var out []*checkpoint.Record
	for _, id := range ids {
		rec, err := s.Get(ctx, id)
		if err == nil {
			out = append(out, rec)
		}
	}
	return out, nil
}

// PutHandle stores a FileSystemFileHandle (or any structured-cloneable value) for an upload.
func (s *Store) PutHandle(ctx context.Context, id string, handle js.Value) error {
	return s.put(ctx, handleStore, id, handle)
}

// Handle returns the stored handle for an upload, or undefined.
func (s *Store) Handle(ctx context.Context, id string) (js.Value, error) {
	_, st, err := s.store(handleStore, idb.TransactionReadOnly)
	if err != nil {
		return js.Undefined(), err
	}
	req, err := st.Get(js.ValueOf(id))
	if err != nil {
		return js.Undefined(), err
	}
	return req.Await(ctx)
}

// PutRaw stores v under id unchecked; tests use it to plant a corrupt record.
func (s *Store) PutRaw(ctx context.Context, id string, v js.Value) error {
	return s.put(ctx, journalStore, id, v)
}

// put writes one key in its own read-write transaction.
func (s *Store) put(ctx context.Context, name, id string, v js.Value) error {
	txn, st, err := s.store(name, idb.TransactionReadWrite)
	if err != nil {
		return err
	}
	if _, err := st.PutKey(js.ValueOf(id), v); err != nil {
		return err
	}
	return txn.Await(ctx)
}

// ids lists the journal's record IDs.
func (s *Store) ids(ctx context.Context) ([]string, error) {
	_, st, err := s.store(journalStore, idb.TransactionReadOnly)
	if err != nil {
		return nil, err
	}
	kreq, err := st.GetAllKeys()
	if err != nil {
		return nil, err
	}
	keys, err := kreq.Await(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.String()
	}
	return out, nil
}

// DropCorrupt deletes every journal record that cannot be decoded and returns
// their IDs. A damaged record would otherwise block its file's uploads
// forever; the caller decides to drop them and must say so (the server-side
// upload it described cannot be recovered from it).
func (s *Store) DropCorrupt(ctx context.Context) ([]string, error) {
	ids, err := s.ids(ctx)
	if err != nil {
		return nil, err
	}
	var dropped []string
	for _, id := range ids {
		if _, err := s.Get(ctx, id); errors.Is(err, ErrCorrupt) {
			if err := s.Delete(ctx, id); err != nil {
				return dropped, err
			}
			dropped = append(dropped, id)
		}
	}
	return dropped, nil
}
