//go:build js && wasm

// Package idbstore keeps upload journals in the browser's IndexedDB so an
// upload resumes after a tab reload. One record per upload, keyed by
// checkpoint.Key (file fingerprint, bucket and key); a second object store
// may hold a FileSystemFileHandle per upload so a page can resume without
// the user choosing the file again.
//
// It speaks to IndexedDB through go-indexeddb, with two rules that library
// leaves to its caller: a request's Await returns an empty result and no
// error when its context ends first, so every Await is followed by a check
// of ctx.Err() (a canceled read is never "not found"); and the open request
// is awaited with no deadline, by one goroutine per page (see open.go).
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
)

// ErrUnavailable means IndexedDB cannot be used (private mode, disabled,
// an old worker, not answering); callers fall back to memory and say so.
var ErrUnavailable = errors.New("idbstore: IndexedDB is unavailable")

// ErrCorrupt means a stored record cannot be decoded. It is reported rather
// than treated as missing, so a damaged journal never silently restarts an upload.
var ErrCorrupt = checkpoint.ErrCorrupt

// Store is a checkpoint.Store over IndexedDB.
type Store struct {
	db  *idb.Database // shared by the page's Stores of one name
	raw js.Value      // the same IDBDatabase, for getAll over a key range (one request, not a cursor step per part)
}

var _ checkpoint.Store = (*Store)(nil)

// await waits for req and returns its result; a canceled wait is ctx's
// error (go-indexeddb returns an empty result and no error then).
func await(ctx context.Context, req *idb.Request) (js.Value, error) {
	v, err := req.Await(ctx)
	if cerr := ctx.Err(); cerr != nil {
		return js.Undefined(), cerr
	}
	return v, err
}

// commit waits for txn to complete; an abort (a failed request, a full
// disk) is its error. A canceled wait is ctx's error: the transaction may
// still commit.
func commit(ctx context.Context, txn *idb.Transaction) error {
	err := txn.Await(ctx)
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return err
}

// abort rolls txn back after a failed step and returns that step's error.
func abort(txn *idb.Transaction, err error) error {
	_ = txn.Abort()
	return err
}

// stores starts a transaction over names and returns it with their object stores.
func (s *Store) stores(mode idb.TransactionMode, names ...string) (*idb.Transaction, []*idb.ObjectStore, error) {
	txn, err := s.db.Transaction(mode, names[0], names[1:]...)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*idb.ObjectStore, len(names))
	for i, n := range names {
		if out[i], err = txn.ObjectStore(n); err != nil {
			return nil, nil, err
		}
	}
	return txn, out, nil
}

// get reads key id of store name in its own read-only transaction.
func (s *Store) get(ctx context.Context, name, id string) (js.Value, error) {
	if err := ctx.Err(); err != nil {
		return js.Undefined(), err
	}
	_, st, err := s.stores(idb.TransactionReadOnly, name)
	if err != nil {
		return js.Undefined(), err
	}
	req, err := st[0].Get(js.ValueOf(id))
	if err != nil {
		return js.Undefined(), err
	}
	return await(ctx, req)
}

// Get implements checkpoint.Store.
func (s *Store) Get(ctx context.Context, id string) (*checkpoint.Record, error) {
	v, err := s.get(ctx, journalStore, id)
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

func partRange(id string) (js.Value, error) {
	return call(js.Global().Get("IDBKeyRange"), "bound", id+"\x00", id+"\x01", false, true)
}

// partValues reads every part added to record id with one getAll over a
// key range, which go-indexeddb does not offer: that request is made and
// waited for here (req.go).
func (s *Store) partValues(ctx context.Context, id string) ([]js.Value, error) {
	r, err := partRange(id)
	if err != nil {
		return nil, err
	}
	txn, err := call(s.raw, "transaction", partStore, "readonly")
	if err != nil {
		return nil, err
	}
	st, err := call(txn, "objectStore", partStore)
	if err != nil {
		return nil, err
	}
	req, err := call(st, "getAll", r)
	if err != nil {
		return nil, err
	}
	res, err := wait(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("idbstore: reading parts: %w", err)
	}
	vals := make([]js.Value, res.Length())
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
	txn, st, err := s.stores(idb.TransactionReadWrite, journalStore, partStore)
	if err != nil {
		return err
	}
	got, err := st[0].Get(js.ValueOf(id))
	if err != nil {
		return abort(txn, err)
	}
	if v, err := await(ctx, got); err != nil {
		return abort(txn, err)
	} else if v.IsUndefined() || v.IsNull() {
		return abort(txn, fmt.Errorf("%w: %s", checkpoint.ErrNotFound, id))
	}
	for _, p := range parts {
		b, err := json.Marshal(addedPart{Part: p, At: updated.UnixMilli()})
		if err != nil {
			return abort(txn, err)
		}
		if _, err := st[1].PutKey(js.ValueOf(partKey(id, p.Number)), js.ValueOf(string(b))); err != nil {
			return abort(txn, err)
		}
	}
	return commit(ctx, txn)
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
	if err := ctx.Err(); err != nil {
		return err
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	txn, st, err := s.stores(idb.TransactionReadWrite, journalStore, partStore)
	if err != nil {
		return err
	}
	if err := deleteParts(st[1], rec.ID); err != nil {
		return abort(txn, err)
	}
	if _, err := st[0].PutKey(js.ValueOf(rec.ID), js.ValueOf(string(b))); err != nil {
		return abort(txn, err)
	}
	return commit(ctx, txn)
}

// deleteParts deletes the parts added to record id, in parts' transaction.
func deleteParts(parts *idb.ObjectStore, id string) error {
	r, err := partRange(id)
	if err == nil {
		_, err = parts.Delete(r)
	}
	return err
}

// Delete implements checkpoint.Store; it also forgets the upload's file handle.
func (s *Store) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	txn, st, err := s.stores(idb.TransactionReadWrite, journalStore, handleStore, partStore)
	if err != nil {
		return err
	}
	err = deleteParts(st[2], id)
	for _, o := range st[:2] {
		if err == nil {
			_, err = o.Delete(js.ValueOf(id))
		}
	}
	if err != nil {
		return abort(txn, err)
	}
	return commit(ctx, txn)
}

// List implements checkpoint.Store. Corrupt records are skipped here (and
// reported by Get), so one damaged record does not hide the others.
func (s *Store) List(ctx context.Context) ([]*checkpoint.Record, error) {
	ids, err := s.ids(ctx)
	if err != nil {
		return nil, err
	}
	var out []*checkpoint.Record
	for _, id := range ids {
		rec, err := s.Get(ctx, id)
		if err == nil {
			out = append(out, rec)
		} else if ctx.Err() != nil {
			return nil, ctx.Err()
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
	return s.get(ctx, handleStore, id)
}

// PutRaw stores v under id unchecked; tests use it to plant a corrupt record.
func (s *Store) PutRaw(ctx context.Context, id string, v js.Value) error {
	return s.put(ctx, journalStore, id, v)
}

// put writes one key in its own read-write transaction.
func (s *Store) put(ctx context.Context, name, id string, v js.Value) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	txn, st, err := s.stores(idb.TransactionReadWrite, name)
	if err != nil {
		return err
	}
	if _, err := st[0].PutKey(js.ValueOf(id), v); err != nil {
		return abort(txn, err)
	}
	return commit(ctx, txn)
}

// ids lists the journal's record IDs.
func (s *Store) ids(ctx context.Context) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	_, st, err := s.stores(idb.TransactionReadOnly, journalStore)
	if err != nil {
		return nil, err
	}
	req, err := st[0].GetAllKeys()
	if err != nil {
		return nil, err
	}
	keys, err := req.Await(ctx)
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
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
