package upload_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/upload"
)

// partialFake uploads the first stop-1 parts of src to key and cancels,
// leaving the journal in store.
func partialFake(t *testing.T, f *fakeAPI, store checkpoint.Store, cfg upload.Config, key string, src upload.Source, stop int) *checkpoint.Record {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg.Retry = fastRetry()
	_, err := upload.New(f, store, cfg).Upload(ctx, key, src, upload.Options{PartSize: 100 * kib, Parallel: 1,
		Progress: func(p upload.Progress) {
			if p.PartsDone >= stop-1 {
				cancel()
			}
		}})
	require.Equal(t, upload.CodeCanceled, upload.CodeOf(err), "%v", err)
	recs, err := store.List(context.Background())
	require.NoError(t, err)
	require.Len(t, recs, 1)
	return recs[0]
}

// Every adopted part is proven to be the file's bytes before Complete,
// whether it comes from the journal, a caller's checkpoint or ListParts,
// integrity on or off: a different file of the same size is never mixed
// with the old parts; the object is exactly the new file.
func TestAdoptedPartsProven(t *testing.T) {
	off, on := false, true
	for _, tc := range []struct {
		name      string
		integrity *bool
		how       string // journal, checkpoint, listparts
		other     bool   // resume with a different file of the same size
	}{
		{"journal same file", &on, "journal", false},
		{"journal other file", &on, "journal", true},
		{"journal other file, integrity off", &off, "journal", true},
		{"ali-oss checkpoint same file", &on, "checkpoint", false},
		{"ali-oss checkpoint other file", &on, "checkpoint", true},
		{"ali-oss checkpoint other file, integrity off", &off, "checkpoint", true},
		{"ListParts only, other file", &off, "listparts", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			store := checkpoint.NewMemoryStore()
			first := newGen(5*100*kib, 1)
			rec := partialFake(t, f, store, upload.Config{}, "k", first, 4) // parts 1..3 on the server
			src := first
			if tc.other {
				src = newGen(5*100*kib, 2)
			}
			o := upload.Options{PartSize: 100 * kib, Integrity: tc.integrity}
			switch tc.how {
			case "journal":
				// The fingerprint cannot tell (changed outside its samples).
				fp, err := upload.Fingerprinted(src)
				require.NoError(t, err)
				require.NoError(t, store.Delete(context.Background(), rec.ID))
				rec.ID, rec.Fingerprint = checkpoint.Key(fp, "demo", "k"), fp
				require.NoError(t, store.Put(context.Background(), rec))
			case "checkpoint":
				cp := &checkpoint.Record{Name: "k", FileSize: rec.FileSize, PartSize: rec.PartSize, UploadID: rec.UploadID}
				for _, p := range rec.DoneParts {
					cp.DoneParts = append(cp.DoneParts, checkpoint.Part{Number: p.Number, ETag: p.ETag, CRC64: p.CRC64})
				}
				o.Checkpoint = cp
				store = checkpoint.NewMemoryStore()
			case "listparts":
				fp, err := upload.Fingerprinted(src)
				require.NoError(t, err)
				require.NoError(t, store.Delete(context.Background(), rec.ID))
				rec.ID, rec.Fingerprint, rec.DoneParts = checkpoint.Key(fp, "demo", "k"), fp, nil
				require.NoError(t, store.Put(context.Background(), rec))
			}
			res, err := upload.New(f, store, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", src, o)
			require.NoError(t, err)
			assert.Equal(t, content(src), f.object("k"), "the object is exactly the file")
			for n := 1; n <= 3; n++ {
				want := 1
				if tc.other {
					want = 2
				}
				assert.Equal(t, want, f.putCount(n), "sends of part %d", n)
			}
			assert.Equal(t, !tc.other, res.Resumed)
		})
	}
}

// An upload aborted elsewhere while it runs (its ID vanishes) ends Aborted
// at once: nothing more is sent, no new upload is started.
func TestVanishedMidRunIsAborted(t *testing.T) {
	f := newFake()
	store := checkpoint.NewMemoryStore()
	f.hook = func(c context.Context, op string, n int) error {
		if op == "UploadPart" && n == 3 {
			f.mu.Lock()
			clear(f.uploads) // another client aborted it
			f.mu.Unlock()
		}
		return nil
	}
	_, err := upload.New(f, store, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", newGen(6*100*kib, 3), upload.Options{PartSize: 100 * kib, Parallel: 1})
	assert.Equal(t, upload.CodeAborted, upload.CodeOf(err), "%v", err)
	assert.Equal(t, 3, f.callCount("UploadPart"), "nothing sent after the abort")
	assert.Equal(t, 1, f.callCount("Initiate"), "never restarted")
	recs, _ := store.List(context.Background())
	assert.Empty(t, recs)
}

// blockPart makes UploadPart of part n wait for its context, and reports
// when it started.
func blockPart(f *fakeAPI, n int) chan struct{} {
	started := make(chan struct{})
	var once sync.Once
	f.hook = func(c context.Context, op string, p int) error {
		if op == "UploadPart" && p == n {
			once.Do(func() { close(started) })
			<-c.Done()
			return c.Err()
		}
		return nil
	}
	return started
}

// An abort in another client (another Uploader, another tab) reaches a
// running upload through the Bus at once.
func TestAbortElsewhereStopsRun(t *testing.T) {
	f := newFake()
	bus, locks := checkpoint.NewMemoryBus(), checkpoint.NewMemoryLocker()
	store := checkpoint.NewMemoryStore()
	started := blockPart(f, 2)
	u1 := upload.New(f, store, upload.Config{Retry: fastRetry(), Bus: bus, Locks: locks})
	u2 := upload.New(f, checkpoint.NewMemoryStore(), upload.Config{Retry: fastRetry(), Bus: bus, Locks: locks})
	errc := make(chan error, 1)
	go func() {
		_, err := u1.Upload(context.Background(), "k", newGen(4*100*kib, 1), upload.Options{PartSize: 100 * kib, Parallel: 1})
		errc <- err
	}()
	<-started
	recs, _ := store.List(context.Background())
	require.Len(t, recs, 1)
	require.NoError(t, u2.Abort(context.Background(), "k", recs[0].UploadID))
	select {
	case err := <-errc:
		assert.Equal(t, upload.CodeAborted, upload.CodeOf(err), "%v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the running upload did not stop")
	}
	assert.Equal(t, 1, f.callCount("Initiate"))
	recs, _ = store.List(context.Background())
	assert.Empty(t, recs)
}

// One writer per upload: a second Upload of the same file to the same
// object fails at once with UploadInProgress, or waits when asked and then
// finds the object done without sending anything. Pending marks it live.
func TestOneWriterPerUpload(t *testing.T) {
	f := newFake()
	locks := checkpoint.NewMemoryLocker()
	store := checkpoint.NewMemoryStore()
	cfg := upload.Config{Retry: fastRetry(), Locks: locks}
	release := make(chan struct{})
	started := make(chan struct{})
	var once sync.Once
	f.hook = func(c context.Context, op string, p int) error {
		if op == "UploadPart" && p == 2 {
			once.Do(func() { close(started) })
			<-release
		}
		return nil
	}
	src := newGen(3*100*kib, 9)
	errc := make(chan error, 2)
	go func() {
		_, err := upload.New(f, store, cfg).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib, Parallel: 1})
		errc <- err
	}()
	<-started
	_, err := upload.New(f, store, cfg).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	assert.Equal(t, upload.CodeInProgress, upload.CodeOf(err))
	pend, err := upload.New(f, store, cfg).Pending(context.Background())
	require.NoError(t, err)
	require.Len(t, pend, 1)
	assert.True(t, pend[0].Live)

	var waited atomic.Pointer[upload.Result]
	go func() {
		res, err := upload.New(f, store, cfg).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib, Wait: true})
		waited.Store(res)
		errc <- err
	}()
	time.Sleep(20 * time.Millisecond) // let it queue; not a timing assertion
	close(release)
	require.NoError(t, <-errc)
	require.NoError(t, <-errc)
	require.NotNil(t, waited.Load())
	assert.True(t, waited.Load().AlreadyDone, "the waiter found the file uploaded")
	assert.Equal(t, 3, f.callCount("UploadPart"), "nothing sent twice")
	assert.Equal(t, content(src), f.object("k"))
}

// failingStore fails writes (a full disk, QuotaExceededError) or reads.
type failingStore struct {
	checkpoint.Store
	failPut, failGet bool
}

var errQuota = errors.New("QuotaExceededError: the quota has been exceeded")

func (s failingStore) Put(ctx context.Context, r *checkpoint.Record) error {
	if s.failPut {
		return errQuota
	}
	return s.Store.Put(ctx, r)
}

func (s failingStore) Get(ctx context.Context, id string) (*checkpoint.Record, error) {
	if s.failGet {
		return nil, errQuota
	}
	return s.Store.Get(ctx, id)
}

// Storage trouble degrades, never fails: the upload goes on with a journal
// in memory and says so.
func TestStorageTroubleDegrades(t *testing.T) {
	for _, tc := range []struct {
		name          string
		store         failingStore
		wantWarnInRes bool
	}{
		{"put fails", failingStore{Store: checkpoint.NewMemoryStore(), failPut: true}, true},
		{"get fails", failingStore{Store: checkpoint.NewMemoryStore(), failGet: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			var warned []string
			var mu sync.Mutex
			u := upload.New(f, tc.store, upload.Config{Retry: fastRetry(), Warn: func(s string) { mu.Lock(); warned = append(warned, s); mu.Unlock() }})
			src := newGen(3*100*kib, 4)
			res, err := u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
			require.NoError(t, err)
			assert.Equal(t, content(src), f.object("k"))
			mu.Lock()
			defer mu.Unlock()
			require.NotEmpty(t, warned)
			if tc.wantWarnInRes {
				require.Len(t, res.Warnings, 1)
				assert.Contains(t, res.Warnings[0], "in memory")
			}
		})
	}
}

// A journal whose upload is gone while the object already is this file (a
// Complete whose journal delete was lost) resolves as done, sending nothing.
func TestLostDeleteResolvesDone(t *testing.T) {
	f := newFake()
	store := checkpoint.NewMemoryStore()
	src := newGen(4*100*kib, 5)
	rec := partialFake(t, f, store, upload.Config{}, "k", src, 3)
	_, err := upload.New(f, store, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	require.NoError(t, store.Put(context.Background(), rec)) // the delete was lost
	puts := f.callCount("UploadPart")
	res, err := upload.New(f, store, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	assert.True(t, res.AlreadyDone)
	assert.Equal(t, puts, f.callCount("UploadPart"))
	assert.Equal(t, 1, f.callCount("Initiate"), "no new upload")
	recs, _ := store.List(context.Background())
	assert.Empty(t, recs)

	// Another file of the same size at the key: not done, and Aborted.
	require.NoError(t, store.Put(context.Background(), rec))
	_, err = upload.New(f, store, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib, Integrity: new(bool)})
	require.NoError(t, err, "same file again: done")
	f.mu.Lock()
	f.objects["k"] = make([]byte, src.size)
	f.mu.Unlock()
	require.NoError(t, store.Put(context.Background(), rec))
	_, err = upload.New(f, store, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	assert.Equal(t, upload.CodeAborted, upload.CodeOf(err))
}

// Journals belong to a scope: another identity neither resumes nor lists them.
func TestScopedJournals(t *testing.T) {
	f := newFake()
	store := checkpoint.NewMemoryStore()
	src := newGen(4*100*kib, 6)
	partialFake(t, f, store, upload.Config{Scope: "demo/uploads/alice/"}, "k", src, 3)
	bob := upload.New(f, store, upload.Config{Retry: fastRetry(), Scope: "demo/uploads/bob/"})
	pend, err := bob.Pending(context.Background())
	require.NoError(t, err)
	assert.Empty(t, pend)
	res, err := bob.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	assert.False(t, res.Resumed)
	alice := upload.New(f, store, upload.Config{Retry: fastRetry(), Scope: "demo/uploads/alice/"})
	pend, err = alice.Pending(context.Background())
	require.NoError(t, err)
	assert.Len(t, pend, 1, "alice's journal is untouched")
}

// Journal writes cost O(1) per part: the bytes written per part do not grow
// with the number of parts.
func TestJournalWritesConstantPerPart(t *testing.T) {
	f := newFake()
	for _, n := range []int64{20, 400} {
		store := checkpoint.NewMemoryStore()
		_, err := upload.New(f, store, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", newGen(n*100*kib, 1), upload.Options{PartSize: 100 * kib, Parallel: 1})
		require.NoError(t, err)
		perPart := (store.BytesWritten() - 600) / n // minus the record itself
		assert.Less(t, perPart, int64(150), "%d parts: %d bytes written per part", n, perPart)
	}
}

// The sweep aborts and forgets this scope's uploads idle for StaleAfter,
// never a live one, never another scope's.
func TestSweepStale(t *testing.T) {
	f := newFake()
	store := checkpoint.NewMemoryStore()
	locks := checkpoint.NewMemoryLocker()
	cfg := upload.Config{Scope: "s", Locks: locks}
	old := partialFake(t, f, checkpoint.NewMemoryStore(), cfg, "old", newGen(3*100*kib, 1), 2)
	old.Updated = time.Now().Add(-8 * 24 * time.Hour)
	require.NoError(t, store.Put(context.Background(), old))
	live := partialFake(t, f, checkpoint.NewMemoryStore(), cfg, "live", newGen(3*100*kib, 2), 2)
	live.Updated = old.Updated
	require.NoError(t, store.Put(context.Background(), live))
	release, err := locks.Lock(context.Background(), live.ID, false)
	require.NoError(t, err)
	defer release()
	other := partialFake(t, f, checkpoint.NewMemoryStore(), upload.Config{Scope: "t"}, "other", newGen(3*100*kib, 3), 2)
	other.Updated = old.Updated
	require.NoError(t, store.Put(context.Background(), other))

	n, err := upload.New(f, store, upload.Config{Retry: fastRetry(), Scope: "s", Locks: locks}).Sweep(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{old.UploadID}, f.aborted)
	recs, _ := store.List(context.Background())
	assert.Len(t, recs, 2, "the live upload and the other scope's are kept")
}

// An upload of another version of the file that another tab is running
// right now (its lock held, its journal in the shared store) is not
// aborted by a plain Upload of the new version: ours starts its own upload
// and completes; theirs runs on until its owner ends it.
func TestOtherVersionLiveElsewhere(t *testing.T) {
	f := newFake()
	bus, locks := checkpoint.NewMemoryBus(), checkpoint.NewMemoryLocker()
	store := checkpoint.NewMemoryStore()
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	f.hook = func(c context.Context, op string, n int) error {
		if op == "UploadPart" && n == 2 {
			blocked := false
			once.Do(func() { blocked = true; close(started) })
			if blocked { // only the first upload's part 2
				select {
				case <-release:
				case <-c.Done():
					return c.Err()
				}
			}
		}
		return nil
	}
	cfg := upload.Config{Retry: fastRetry(), Bus: bus, Locks: locks}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	otherTab := upload.New(f, store, cfg)
	go func() {
		_, err := otherTab.Upload(ctx, "k", newGen(4*100*kib, 1), upload.Options{PartSize: 100 * kib, Parallel: 1})
		errc <- err
	}()
	<-started
	recs, _ := store.List(context.Background())
	require.Len(t, recs, 1)
	theirs := recs[0]

	edited := newGen(5*100*kib, 2)
	var warned []string
	cfg.Warn = func(m string) { warned = append(warned, m) }
	res, err := upload.New(f, store, cfg).Upload(context.Background(), "k", edited, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	assert.Equal(t, content(edited), f.object("k"))
	assert.Empty(t, f.aborted, "the live upload is not aborted")
	require.Len(t, warned, 1)
	assert.Contains(t, warned[0], "left alone")
	assert.Equal(t, warned, res.Warnings)

	cancel()
	assert.Equal(t, upload.CodeCanceled, upload.CodeOf(<-errc), "theirs ran on until its owner canceled it")
	recs, _ = store.List(context.Background())
	require.Len(t, recs, 1, "their journal is kept for their resume")
	assert.Equal(t, theirs.UploadID, recs[0].UploadID)
}

// Explicit checkpoints keep refusing another file whatever the journal
// holds, and the refusal changes nothing; without one, a journal of another
// version of the file is retired and the new file uploaded.
func TestOtherVersionTable(t *testing.T) {
	for _, tc := range []struct {
		name       string
		checkpoint bool
		wantCode   string
	}{
		{"explicit checkpoint of another file", true, upload.CodeFileChanged},
		{"no checkpoint", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			store := checkpoint.NewMemoryStore()
			rec := partialFake(t, f, store, upload.Config{}, "k", newGen(5*100*kib, 1), 3)
			edited := newGen(5*100*kib, 1)
			edited.mtime++
			o := upload.Options{PartSize: 100 * kib}
			if tc.checkpoint {
				o.Checkpoint = rec
			}
			_, err := upload.New(f, store, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", edited, o)
			recs, _ := store.List(context.Background())
			if tc.wantCode != "" {
				assert.Equal(t, tc.wantCode, upload.CodeOf(err), "%v", err)
				assert.Empty(t, f.aborted)
				require.Len(t, recs, 1)
				assert.Equal(t, rec.UploadID, recs[0].UploadID)
				assert.Nil(t, f.object("k"))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, content(edited), f.object("k"))
			assert.Equal(t, []string{rec.UploadID}, f.aborted)
			assert.Empty(t, recs)
		})
	}
}
