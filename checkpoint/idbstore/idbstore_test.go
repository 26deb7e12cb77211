//go:build js && wasm

package idbstore

import (
	"context"
	"strconv"
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/checkpoint/checkpointtest"
)

var n int

func fresh(t *testing.T) *Store {
	n++
	s, err := Open(context.Background(), "test-"+strconv.Itoa(n)+"-"+strconv.FormatInt(time.Now().UnixNano(), 10))
	require.NoError(t, err)
	return s
}

func TestContract(t *testing.T) {
	checkpointtest.Run(t, func() checkpoint.Store { return fresh(t) })
}

func TestCorruptRecordIsReported(t *testing.T) {
	ctx := context.Background()
	s := fresh(t)
	require.NoError(t, s.PutRaw(ctx, "bad", js.ValueOf("{not json")))
	_, err := s.Get(ctx, "bad")
	assert.ErrorIs(t, err, ErrCorrupt)
	require.NoError(t, s.PutRaw(ctx, "num", js.ValueOf(42)))
	_, err = s.Get(ctx, "num")
	assert.ErrorIs(t, err, ErrCorrupt)
	recs, err := s.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, recs)
	good := &checkpoint.Record{ID: "good", Name: "k", UploadID: "U"}
	require.NoError(t, s.Put(ctx, good))
	dropped, err := s.DropCorrupt(ctx)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"bad", "num"}, dropped)
	_, err = s.Get(ctx, "bad")
	assert.ErrorIs(t, err, checkpoint.ErrNotFound)
	_, err = s.Get(ctx, "good")
	assert.NoError(t, err)
}

func TestSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	name := "reopen-" + strconv.FormatInt(time.Now().UnixNano(), 10)
	s, err := Open(ctx, name)
	require.NoError(t, err)
	rec := &checkpoint.Record{ID: "id1", Name: "k", UploadID: "U", DoneParts: []checkpoint.Part{{Number: 1, ETag: `"E"`, Size: 5, CRC64: "7"}}}
	require.NoError(t, s.Put(ctx, rec))
	require.NoError(t, s.PutHandle(ctx, "id1", js.ValueOf(map[string]any{"kind": "file"})))
	s2, err := Open(ctx, name)
	require.NoError(t, err)
	got, err := s2.Get(ctx, "id1")
	require.NoError(t, err)
	assert.Equal(t, rec.DoneParts, got.DoneParts)
	h, err := s2.Handle(ctx, "id1")
	require.NoError(t, err)
	assert.Equal(t, "file", h.Get("kind").String())
	require.NoError(t, s2.Delete(ctx, "id1"))
	h, err = s2.Handle(ctx, "id1")
	require.NoError(t, err)
	assert.True(t, h.IsUndefined())
}

// Another tab opening a newer version is not blocked by this tab: the
// connection closes, and writes here fail (the engine then degrades to
// memory) instead of hanging.
func TestVersionChangeCloses(t *testing.T) {
	ctx := context.Background()
	name := "vc-" + strconv.FormatInt(time.Now().UnixNano(), 10)
	s, err := Open(ctx, name)
	require.NoError(t, err)
	done := make(chan string, 2)
	req := js.Global().Get("indexedDB").Call("open", name, version+1)
	req.Set("onsuccess", js.FuncOf(func(js.Value, []js.Value) any { req.Get("result").Call("close"); done <- "opened"; return nil }))
	req.Set("onblocked", js.FuncOf(func(js.Value, []js.Value) any { done <- "blocked"; return nil }))
	select {
	case v := <-done:
		assert.Equal(t, "opened", v)
	case <-time.After(10 * time.Second):
		t.Fatal("the upgrade neither opened nor was blocked")
	}
	assert.Error(t, s.Put(ctx, &checkpoint.Record{ID: "x", UploadID: "U"}))
}

// An open that never answers (no success, error or blocked) gives up after
// slowWait with ErrSlow (an ErrUnavailable) instead of hanging the first upload.
func TestOpenNeverAnswered(t *testing.T) {
	defer shorten(&slowWait, 200*time.Millisecond)()
	_, restore := heldOpen()
	defer restore()
	_, err := Open(context.Background(), "never-"+strconv.FormatInt(time.Now().UnixNano(), 10))
	assert.ErrorIs(t, err, ErrUnavailable)
	assert.ErrorIs(t, err, ErrSlow)
}

// A factory whose open returns no IDBRequest (a broken polyfill) is an
// error, not a panic.
func TestOpenReturnsNoRequest(t *testing.T) {
	idx := js.Global().Get("indexedDB")
	orig := idx.Get("open")
	idx.Set("open", js.FuncOf(func(js.Value, []js.Value) any { return js.Global().Get("Object").New() }))
	defer idx.Set("open", orig)
	_, err := Open(context.Background(), uniqueName("norequest"))
	assert.ErrorIs(t, err, ErrUnavailable)
	assert.NotErrorIs(t, err, ErrSlow)
}

// shorten sets *d to v and returns the function that restores it.
func shorten(d *time.Duration, v time.Duration) func() {
	old := *d
	*d = v
	return func() { *d = old }
}

// heldOpen makes indexedDB.open answer only once answer is called, as a
// browser on a busy machine creating the database answers late. Like a real
// IDBOpenDBRequest, its result and error throw InvalidStateError until it is
// done. restore puts indexedDB.open back (held requests still answer).
func heldOpen() (answer, restore func()) {
	idx := js.Global().Get("indexedDB")
	orig := idx.Get("open")
	shim := js.Global().Get("Function").New("real", `let go;
		const gate = new Promise((resolve) => { go = resolve; });
		const open = function (...args) {
			const pending = () => new DOMException('The request is pending', 'InvalidStateError');
			let inner = null;
			const fake = Object.defineProperties(Object.setPrototypeOf(new EventTarget(), IDBOpenDBRequest.prototype), {
				readyState: { get: () => (inner ? inner.readyState : 'pending') },
				result: { get: () => { if (!inner) throw pending(); return inner.result; } },
				error: { get: () => { if (!inner) throw pending(); return inner.error; } },
				transaction: { get: () => (inner ? inner.transaction : null) },
				...Object.fromEntries(['onupgradeneeded', 'onblocked', 'onsuccess', 'onerror'].map((k) => [k, { value: null, writable: true }])),
			});
			gate.then(() => {
				inner = real.apply(indexedDB, args);
				for (const type of ['upgradeneeded', 'blocked', 'success', 'error']) {
					inner.addEventListener(type, (e) => {
						const copy = type === 'upgradeneeded' || type === 'blocked'
							? new IDBVersionChangeEvent(type, { oldVersion: e.oldVersion, newVersion: e.newVersion }) : new Event(type, { cancelable: true });
						fake.dispatchEvent(copy);
						if (fake['on' + type]) fake['on' + type].call(fake, copy);
						if (copy.defaultPrevented) e.preventDefault();
					});
				}
			});
			return fake;
		};
		return { open, answer: () => go() };`).Invoke(orig)
	idx.Set("open", shim.Get("open"))
	return func() { shim.Call("answer") }, func() { idx.Set("open", orig) }
}

func uniqueName(prefix string) string {
	return prefix + "-" + strconv.FormatInt(time.Now().UnixNano(), 10)
}

// forgetConn drops the page's shared connection to name, so the next Open
// opens the database anew as a reloaded page would.
func forgetConn(name string) {
	connsMu.Lock()
	defer connsMu.Unlock()
	if c := conns[name]; c != nil {
		<-c.settled
		if c.err == nil {
			c.raw.Call("close")
		}
		delete(conns, name)
	}
}

// An open slower than the old three-second limit (and than the wait for a
// blocked open) is not an open that failed: Open waits for it, and what is
// written is there for the next page.
func TestSlowOpenKeepsTheJournalDurable(t *testing.T) {
	answer, restore := heldOpen()
	defer restore()
	time.AfterFunc(4*time.Second, answer)
	ctx := context.Background()
	name := uniqueName("slow")
	s, err := Open(ctx, name)
	require.NoError(t, err, "a slow open is waited for, not replaced by memory")
	rec := &checkpoint.Record{ID: "id1", Name: "k", UploadID: "U"}
	require.NoError(t, s.Put(ctx, rec))
	require.NoError(t, s.AddParts(ctx, "id1", []checkpoint.Part{{Number: 1, ETag: `"E"`, Size: 5}}, time.Now()))

	forgetConn(name) // a reload
	s2, err := Open(ctx, name)
	require.NoError(t, err)
	got, err := s2.Get(ctx, "id1")
	require.NoError(t, err)
	assert.Equal(t, "U", got.UploadID)
	assert.Len(t, got.DoneParts, 1)
}

// A caller that stops waiting (its context ends) before the browser answers
// gets an error, and the page goes on: the late answer is not read before it
// exists (that threw from a getter and ended the Go program), its upgrade
// still creates every object store, and the next Open uses the connection.
func TestAbandonedOpenCompletesForTheNextOpen(t *testing.T) {
	answer, restore := heldOpen()
	name := uniqueName("abandoned")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	_, err := Open(ctx, name)
	restore()
	require.ErrorIs(t, err, ErrUnavailable)
	answer()

	s, err := Open(context.Background(), name)
	require.NoError(t, err)
	assert.Equal(t, 3, s.raw.Get("objectStoreNames").Length(), "the late upgrade created the stores")
	require.NoError(t, s.Put(context.Background(), &checkpoint.Record{ID: "a", Name: "k", UploadID: "U"}))
	_, err = s.Get(context.Background(), "a")
	assert.NoError(t, err)
}

// An open blocked by another tab's connection to an older version (one that
// ignores versionchange) is slow, not failed: go-indexeddb does not report
// "blocked", so after slowWait Open returns ErrSlow, Pending keeps the
// journal in memory, and once that tab lets go the same request upgrades
// the database, the journal moves there, and the next Open succeeds.
func TestBlockedOpenIsSlowThenRecovers(t *testing.T) {
	defer shorten(&slowWait, 100*time.Millisecond)()
	ctx := context.Background()
	name := uniqueName("blocked")
	old, err := awaitPromise(js.Global().Get("Function").New("name", `return new Promise((resolve, reject) => {
		const r = indexedDB.open(name, 1);
		r.onupgradeneeded = () => { r.result.createObjectStore('journal'); r.result.createObjectStore('handles'); };
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});`).Invoke(name))
	require.NoError(t, err)
	_, err = Open(ctx, name)
	require.ErrorIs(t, err, ErrSlow)
	require.ErrorIs(t, err, ErrUnavailable)
	p := Later(name)
	require.NoError(t, p.Put(ctx, &checkpoint.Record{ID: "b", Name: "k", UploadID: "U"}))

	old.Call("close")
	select {
	case <-p.Promoted():
	case <-time.After(30 * time.Second):
		t.Fatal("the journal did not move to IndexedDB once the other tab let go")
	}
	s, err := Open(ctx, name)
	require.NoError(t, err)
	require.NoError(t, s.AddParts(ctx, "b", []checkpoint.Part{{Number: 1, ETag: `"E"`, Size: 5}}, time.Now()))
	got, err := s.Get(ctx, "b")
	require.NoError(t, err)
	assert.Len(t, got.DoneParts, 1)
}

// A canceled read is the context's error, not an empty answer (a missing
// record would restart the upload).
func TestCanceledGetIsNotNotFound(t *testing.T) {
	s := fresh(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Get(ctx, "x")
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, checkpoint.ErrNotFound)
}

// awaitPromise waits for promise p.
func awaitPromise(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- result{v: a[0]}; return nil })
	fail := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- result{err: js.Error{Value: a[0]}}; return nil })
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-ch
	return r.v, r.err
}

// A 10,000-part journal (OSS's maximum) written in small batches, as the
// engine's writer does: each write adds only its parts, and the record reads
// back whole.
func TestTenThousandParts(t *testing.T) {
	ctx := context.Background()
	s := fresh(t)
	const parts = 10000
	rec := &checkpoint.Record{ID: "big", Name: "k", UploadID: "U", FileSize: parts << 20, PartSize: 1 << 20, DoneParts: []checkpoint.Part{}}
	require.NoError(t, s.Put(ctx, rec))
	for n := 1; n <= parts; n += 10 {
		var batch []checkpoint.Part
		for k := n; k < n+10; k++ {
			batch = append(batch, checkpoint.Part{Number: k, ETag: `"0123456789ABCDEF0123456789ABCDEF"`, Size: 1 << 20, CRC64: "18446744073709551615"})
		}
		require.NoError(t, s.AddParts(ctx, "big", batch, time.Now()))
	}
	got, err := s.Get(ctx, "big")
	require.NoError(t, err)
	require.Len(t, got.DoneParts, parts)
	assert.Equal(t, parts, got.DoneParts[parts-1].Number)
	require.NoError(t, s.Delete(ctx, "big"))
	require.NoError(t, s.Put(ctx, rec))
	got, err = s.Get(ctx, "big")
	require.NoError(t, err)
	assert.Empty(t, got.DoneParts, "Delete removed every part")
}

// An open with no answer in slowWait is ErrSlow; Later's Pending store keeps
// the journal in memory meanwhile and, once the open answers, moves it to
// IndexedDB and goes on there: a reload after that resumes.
func TestPendingMovesTheJournalToIndexedDB(t *testing.T) {
	defer shorten(&slowWait, 50*time.Millisecond)()
	answer, restore := heldOpen()
	defer restore()
	ctx := context.Background()
	name := uniqueName("pending")
	_, err := Open(ctx, name)
	require.ErrorIs(t, err, ErrSlow)
	require.ErrorIs(t, err, ErrUnavailable)

	p := Later(name)
	assert.Equal(t, "memory", p.Kind())
	require.NoError(t, p.Put(ctx, &checkpoint.Record{ID: "id1", Name: "k", UploadID: "U"}))
	require.NoError(t, p.AddParts(ctx, "id1", []checkpoint.Part{{Number: 1, ETag: `"E1"`, Size: 5}}, time.Now()))
	require.NoError(t, p.Put(ctx, &checkpoint.Record{ID: "gone", Name: "k2", UploadID: "U2"}))
	require.NoError(t, p.Delete(ctx, "gone"))
	assert.Error(t, p.PutHandle(ctx, "id1", js.ValueOf(map[string]any{"kind": "file"})), "memory keeps no handles")

	answer()
	select {
	case <-p.Promoted():
	case <-time.After(30 * time.Second):
		t.Fatal("the journal did not move to IndexedDB after the open answered")
	}
	assert.Equal(t, "indexeddb", p.Kind())
	require.NoError(t, p.AddParts(ctx, "id1", []checkpoint.Part{{Number: 2, ETag: `"E2"`, Size: 5}}, time.Now()))
	require.NoError(t, p.PutHandle(ctx, "id1", js.ValueOf(map[string]any{"kind": "file"})))

	forgetConn(name) // a reload
	s, err := Open(ctx, name)
	require.NoError(t, err)
	got, err := s.Get(ctx, "id1")
	require.NoError(t, err)
	assert.Len(t, got.DoneParts, 2, "parts from before and after the move")
	_, err = s.Get(ctx, "gone")
	assert.ErrorIs(t, err, checkpoint.ErrNotFound)
	h, err := s.Handle(ctx, "id1")
	require.NoError(t, err)
	assert.Equal(t, "file", h.Get("kind").String())
}

// Pending in memory (an open that never answers) is a checkpoint.Store.
func TestPendingContract(t *testing.T) {
	_, restore := heldOpen()
	defer restore()
	checkpointtest.Run(t, func() checkpoint.Store { return Later(uniqueName("pending-contract")) })
}
