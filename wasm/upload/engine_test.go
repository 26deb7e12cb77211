package upload_test

import (
	"context"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/upload"
)

const kib = 1 << 10

func fastRetry() *upload.RetryPolicy {
	p := upload.DefaultRetryPolicy()
	p.BaseDelay, p.MaxDelay = time.Millisecond, 5*time.Millisecond
	return p
}

func content(src upload.Source) []byte {
	b, _ := io.ReadAll(io.NewSectionReader(src, 0, src.Size()))
	return b
}

func TestPlanParts(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name           string
		size, partSize int64
		wantPS         int64
		wantN          int
		wantLast       int64
		wantErr        bool
	}{
		{"empty is one empty part", 0, 0, upload.DefaultPartSize, 1, 0, false},
		{"one byte", 1, 0, upload.DefaultPartSize, 1, 1, false},
		{"min part minus one", 100*kib - 1, 100 * kib, 100 * kib, 1, 100*kib - 1, false},
		{"min part plus one", 100*kib + 1, 100 * kib, 100 * kib, 2, 1, false},
		{"exact multiple", 3 * 8 * mib, 0, 8 * mib, 3, 8 * mib, false},
		{"grows to fit 10000 parts", 10000*mib + 1, mib, 2 * mib, 5001, 1, false},
		{"100 GiB at 8 MiB grows to 11 MiB", 100 << 30, 0, 11 * mib, 9310, (100 << 30) - 9309*11*mib, false},
		{"part too small", 10, 1000, 0, 0, 0, true},
		{"part too large", 10, 6 << 30, 0, 0, 0, true},
		{"negative size", -1, 0, 0, 0, 0, true},
		{"beyond 10000 x 5 GiB", upload.MaxObjectSize + 1, 0, 0, 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, parts, err := upload.PlanParts(tc.size, tc.partSize)
			if tc.wantErr {
				assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantPS, ps)
			require.Len(t, parts, tc.wantN)
			assert.LessOrEqual(t, len(parts), upload.MaxParts)
			assert.Equal(t, tc.wantLast, parts[len(parts)-1].Size)
			var sum int64
			for i, p := range parts {
				assert.Equal(t, i+1, p.Number)
				assert.Equal(t, sum, p.Offset)
				if i < len(parts)-1 {
					assert.Equal(t, ps, p.Size)
				}
				sum += p.Size
			}
			assert.Equal(t, tc.size, sum)
		})
	}
}

func TestInvalidInput(t *testing.T) {
	u := upload.New(newFake(), nil, upload.Config{})
	src := newGen(10, 1)
	for _, tc := range []struct {
		name string
		key  string
		src  upload.Source
		o    upload.Options
	}{
		{"empty key", "", src, upload.Options{}},
		{"leading slash", "/a", src, upload.Options{}},
		{"leading backslash", `\a`, src, upload.Options{}},
		{"key too long", strings.Repeat("k", 1024), src, upload.Options{}},
		{"bad utf-8", "a\xff", src, upload.Options{}},
		{"no source", "a", nil, upload.Options{}},
		{"parallel too high", "a", src, upload.Options{Parallel: 1000}},
		{"parallel negative", "a", src, upload.Options{Parallel: -1}},
		{"part size too small", "a", src, upload.Options{PartSize: 99 * kib}},
		{"part size too big", "a", src, upload.Options{PartSize: 6 << 30}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := u.Upload(context.Background(), tc.key, tc.src, tc.o)
			var e *upload.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, upload.CodeInvalidArgument, e.Code)
			assert.NotEmpty(t, e.Message)
			assert.ErrorIs(t, err, &upload.Error{Code: upload.CodeInvalidArgument})
		})
	}
	_, err := u.Upload(context.Background(), strings.Repeat("k", 1023), src, upload.Options{})
	assert.NoError(t, err, "1023 bytes is allowed")
}

func TestParallelBound(t *testing.T) {
	for _, par := range []int{1, 3, 8} {
		f := newFake()
		f.hook = func(ctx context.Context, op string, n int) error {
			if op == "UploadPart" {
				time.Sleep(2 * time.Millisecond)
			}
			return nil
		}
		src := newGen(30*100*kib+5, 7)
		res, err := upload.New(f, nil, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", src, upload.Options{Parallel: par, PartSize: 100 * kib})
		require.NoError(t, err)
		assert.Equal(t, content(src), f.object("k"))
		assert.LessOrEqual(t, int(f.maxIn.Load()), par)
		if par > 1 {
			assert.Greater(t, int(f.maxIn.Load()), 1, "parts ran in parallel")
		}
		assert.NotEmpty(t, res.CRC64)
	}
}

func httpErr(code string, status int) error {
	return &upload.Error{Code: code, Status: status, RequestID: "req-1"}
}

func TestRetryClassification(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fail     []error // errors returned by the first attempts of part 2
		wantCode string  // "" = success
		wantPuts int     // UploadPart calls for part 2
	}{
		{"500 retried", []error{httpErr("InternalError", 500)}, "", 2},
		{"503 twice retried", []error{httpErr("ServiceUnavailable", 503), httpErr("X", 503)}, "", 3},
		{"429 retried", []error{httpErr("TooManyRequests", 429)}, "", 2},
		{"EOF retried", []error{&upload.Error{Code: upload.CodeNetwork, Err: io.ErrUnexpectedEOF}}, "", 2},
		{"bare EOF retried", []error{io.EOF}, "", 2},
		{"skew retried after clock fix", []error{httpErr("RequestTimeTooSkewed", 403)}, "", 2},
		{"token expired retried", []error{httpErr("SecurityTokenExpired", 403)}, "", 2},
		{"bad token retried", []error{httpErr("InvalidSecurityToken", 403)}, "", 2},
		{"access denied fails at once", []error{httpErr("AccessDenied", 403)}, "AccessDenied", 1},
		{"signature fails at once", []error{httpErr("SignatureDoesNotMatch", 403)}, "SignatureDoesNotMatch", 1},
		{"400 fails at once", []error{httpErr("InvalidArgument", 400)}, "InvalidArgument", 1},
		{"file changed fails at once", []error{&upload.Error{Code: upload.CodeFileChanged, Err: io.EOF}}, upload.CodeFileChanged, 1},
		{"timeout retried", []error{&upload.Error{Code: upload.CodeTimeout}}, "", 2},
		{"retries run out", []error{httpErr("InternalError", 500), httpErr("InternalError", 500), httpErr("InternalError", 500), httpErr("InternalError", 500)}, "InternalError", 3},
		{"refresh loop bounded", []error{httpErr("SecurityTokenExpired", 403), httpErr("SecurityTokenExpired", 403), httpErr("SecurityTokenExpired", 403), httpErr("SecurityTokenExpired", 403)}, "SecurityTokenExpired", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			var mu sync.Mutex
			attempts := 0
			f.hook = func(ctx context.Context, op string, n int) error {
				if op != "UploadPart" || n != 2 {
					return nil
				}
				mu.Lock()
				defer mu.Unlock()
				attempts++
				if attempts <= len(tc.fail) {
					return tc.fail[attempts-1]
				}
				return nil
			}
			pol := fastRetry()
			pol.MaxAttempts = 3
			store := checkpoint.NewMemoryStore()
			src := newGen(3*100*kib, 3)
			_, err := upload.New(f, store, upload.Config{Retry: pol}).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib, Parallel: 2})
			assert.Equal(t, tc.wantPuts, attempts)
			if tc.wantCode == "" {
				require.NoError(t, err)
				assert.Equal(t, content(src), f.object("k"))
				return
			}
			var e *upload.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.wantCode, e.Code)
			assert.Equal(t, 2, e.PartNumber)
			if e.Status != 0 {
				assert.Equal(t, "req-1", e.RequestID)
			}
			recs, _ := store.List(context.Background())
			assert.Len(t, recs, 1, "a failed upload keeps its journal")
		})
	}
}

func TestIntegrityMismatchPart(t *testing.T) {
	f := newFake()
	f.badCRC = map[int]bool{1: true}
	pol := fastRetry()
	pol.MaxAttempts = 2
	_, err := upload.New(f, nil, upload.Config{Retry: pol}).Upload(context.Background(), "k", newGen(200*kib, 1), upload.Options{PartSize: 100 * kib})
	assert.Equal(t, upload.CodeIntegrityMismatch, upload.CodeOf(err))
	assert.Equal(t, 2, f.putCount(1), "a CRC mismatch is retried, replacing the part")

	off := false
	_, err = upload.New(f, nil, upload.Config{Retry: pol}).Upload(context.Background(), "k2", newGen(200*kib, 1), upload.Options{PartSize: 100 * kib, Integrity: &off})
	assert.NoError(t, err, "with integrity off the CRC is not checked")
}

// A journal whose CRC disagrees with the file's bytes (a corrupted journal,
// or a file changed outside the sampled ranges) is never adopted: the part is
// proven against the file before Complete, fails, and is sent again.
func TestCorruptJournalCRCDetected(t *testing.T) {
	f := newFake()
	store := checkpoint.NewMemoryStore()
	f.hook = func(c context.Context, op string, p int) error {
		if op == "UploadPart" && p == 2 {
			return httpErr("AccessDenied", 403)
		}
		return nil
	}
	src := newGen(2*100*kib, 4)
	u := upload.New(f, store, upload.Config{Retry: fastRetry()})
	_, err := u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib, Parallel: 1})
	require.Error(t, err)
	recs, _ := store.List(context.Background())
	require.Len(t, recs, 1)
	recs[0].DoneParts[0].CRC64 = "1"
	require.NoError(t, store.Put(context.Background(), recs[0]))
	f.hook = nil
	_, err = u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	assert.Equal(t, 2, f.putCount(1), "the unproven part is sent again")
	assert.Equal(t, content(src), f.object("k"))
}

func TestStalledPartRestarted(t *testing.T) {
	f := newFake()
	var stalled atomic.Bool
	f.hook = func(ctx context.Context, op string, n int) error {
		if op == "UploadPart" && n == 1 && stalled.CompareAndSwap(false, true) {
			<-ctx.Done() // hang without reading the body until the engine gives up
			return &upload.Error{Code: upload.CodeNetwork, Err: ctx.Err()}
		}
		return nil
	}
	pol := fastRetry()
	pol.StallTimeout = 50 * time.Millisecond
	src := newGen(200*kib, 9)
	_, err := upload.New(f, nil, upload.Config{Retry: pol}).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	assert.True(t, stalled.Load())
	assert.Equal(t, content(src), f.object("k"))
}

func TestCancelKeepsJournalAndResumes(t *testing.T) {
	f := newFake()
	store := checkpoint.NewMemoryStore()
	ctx, cancel := context.WithCancel(context.Background())
	var done atomic.Int32
	f.hook = func(c context.Context, op string, n int) error {
		if op == "UploadPart" && done.Add(1) == 4 {
			cancel()
			<-c.Done()
		}
		return nil
	}
	src := newGen(10*100*kib, 5)
	u := upload.New(f, store, upload.Config{Retry: fastRetry()})
	_, err := u.Upload(ctx, "k", src, upload.Options{PartSize: 100 * kib, Parallel: 2})
	var e *upload.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, upload.CodeCanceled, e.Code)
	assert.ErrorIs(t, err, context.Canceled)
	recs, _ := store.List(context.Background())
	require.Len(t, recs, 1)
	saved := len(recs[0].DoneParts)
	assert.GreaterOrEqual(t, saved, 2)

	f.hook = nil
	res, err := upload.New(f, store, upload.Config{}).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	assert.True(t, res.Resumed)
	assert.False(t, res.Restarted)
	assert.Equal(t, content(src), f.object("k"))
	for _, p := range recs[0].DoneParts {
		assert.Equal(t, 1, f.putCount(p.Number), "journaled part %d not sent again", p.Number)
	}
	assert.Equal(t, 1, f.callCount("Initiate"))
}

func TestAbort(t *testing.T) {
	f := newFake()
	store := checkpoint.NewMemoryStore()
	started := make(chan struct{})
	var once sync.Once
	f.hook = func(c context.Context, op string, n int) error {
		if op == "UploadPart" && n == 3 {
			once.Do(func() { close(started) })
			<-c.Done()
			return c.Err()
		}
		return nil
	}
	u := upload.New(f, store, upload.Config{Retry: fastRetry()})
	errc := make(chan error, 1)
	go func() {
		_, err := u.Upload(context.Background(), "k", newGen(5*100*kib, 1), upload.Options{PartSize: 100 * kib, Parallel: 1})
		errc <- err
	}()
	<-started
	recs, _ := store.List(context.Background())
	require.Len(t, recs, 1)
	require.NoError(t, u.Abort(context.Background(), "k", recs[0].UploadID))
	err := <-errc
	assert.Equal(t, upload.CodeAborted, upload.CodeOf(err))
	recs, _ = store.List(context.Background())
	assert.Empty(t, recs, "Abort deletes the journal")
	assert.Len(t, f.aborted, 1)
	assert.NoError(t, u.Abort(context.Background(), "k", "up1"), "aborting an upload that is gone is fine")
}

// journalCase prepares a server state and a journal that disagree.
func TestJournalServerDisagreement(t *testing.T) {
	src := newGen(4*100*kib, 11)
	data := content(src)
	part := func(n int) []byte { return data[(n-1)*100*kib : n*100*kib] }
	for _, tc := range []struct {
		name string
		// mutate edits the server parts and the journal after a first attempt
		// that uploaded parts 1..3 and journaled them.
		mutate    func(server serverParts, rec *checkpoint.Record)
		integrity bool
		wantPuts  map[int]int // part -> total successful puts across both runs
	}{
		{"agree", func(s serverParts, r *checkpoint.Record) {}, true, map[int]int{1: 1, 2: 1, 3: 1, 4: 1}},
		{"journal lists a part the server lacks", func(s serverParts, r *checkpoint.Record) { s.del(2) }, true, map[int]int{1: 1, 2: 2, 3: 1, 4: 1}},
		{"server has a part the journal lacks (adopted)", func(s serverParts, r *checkpoint.Record) { r.DoneParts = r.DoneParts[:1] }, true, map[int]int{1: 1, 2: 1, 3: 1, 4: 1}},
		{"adopted without integrity", func(s serverParts, r *checkpoint.Record) { r.DoneParts = r.DoneParts[:1] }, false, map[int]int{1: 1, 2: 1, 3: 1, 4: 1}},
		{"server part the journal lacks has other bytes", func(s serverParts, r *checkpoint.Record) {
			r.DoneParts = r.DoneParts[:1]
			s.set(3, append([]byte{^part(3)[0]}, part(3)[1:]...))
		}, true, map[int]int{1: 1, 2: 1, 3: 2, 4: 1}},
		{"ETag differs", func(s serverParts, r *checkpoint.Record) { r.DoneParts[1].ETag = `"0000"` }, true, map[int]int{1: 1, 2: 2, 3: 1, 4: 1}},
		{"size differs", func(s serverParts, r *checkpoint.Record) { s.set(1, part(1)[:50*kib]) }, true, map[int]int{1: 2, 2: 1, 3: 1, 4: 1}},
		{"ali-oss checkpoint without sizes or CRC", func(s serverParts, r *checkpoint.Record) {
			for i := range r.DoneParts {
				r.DoneParts[i].Size, r.DoneParts[i].CRC64 = 0, ""
			}
		}, true, map[int]int{1: 1, 2: 1, 3: 1, 4: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			store := checkpoint.NewMemoryStore()
			var n atomic.Int32
			f.hook = func(c context.Context, op string, p int) error {
				if op == "UploadPart" && p == 4 {
					n.Add(1)
					return httpErr("AccessDenied", 403) // stop after 1..3
				}
				return nil
			}
			u := upload.New(f, store, upload.Config{Retry: fastRetry()})
			_, err := u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib, Parallel: 1})
			require.Error(t, err)
			recs, _ := store.List(context.Background())
			require.Len(t, recs, 1)
			rec := recs[0]
			require.Len(t, rec.DoneParts, 3)
			f.mu.Lock()
			tc.mutate(serverParts{f: f, id: rec.UploadID}, rec)
			f.mu.Unlock()
			require.NoError(t, store.Put(context.Background(), rec))

			f.hook = nil
			integ := tc.integrity
			res, err := u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib, Integrity: &integ})
			require.NoError(t, err)
			assert.True(t, res.Resumed)
			assert.Equal(t, data, f.object("k"), "byte-exact")
			for p, want := range tc.wantPuts {
				assert.Equal(t, want, f.putCount(p), "puts of part %d", p)
			}
		})
	}
}

// serverParts edits the fake server's parts of one upload (f.mu held).
type serverParts struct {
	f  *fakeAPI
	id string
}

func (s serverParts) del(n int) { delete(s.f.uploads[s.id], n) }

func (s serverParts) set(n int, b []byte) { s.f.uploads[s.id][n] = fakePart{data: b, etag: etagOf(b)} }

func TestProgressMonotonicAcrossRetries(t *testing.T) {
	f := newFake()
	var failed sync.Map
	f.afterRead = func(n int) error {
		if _, again := failed.LoadOrStore(n, true); !again && n%2 == 0 {
			return httpErr("InternalError", 500) // every even part fails once after sending all its bytes
		}
		return nil
	}
	src := newGen(8*100*kib+3, 2)
	var mu sync.Mutex
	var events []upload.Progress
	_, err := upload.New(f, nil, upload.Config{Retry: fastRetry(), ProgressInterval: time.Nanosecond}).Upload(context.Background(), "k", src,
		upload.Options{PartSize: 100 * kib, Parallel: 3, Progress: func(p upload.Progress) {
			mu.Lock()
			events = append(events, p)
			mu.Unlock()
		}})
	require.NoError(t, err)
	require.NotEmpty(t, events)
	for i, ev := range events {
		assert.Equal(t, src.size, ev.Total)
		assert.Equal(t, 9, ev.PartsTotal)
		if i > 0 {
			assert.GreaterOrEqual(t, ev.Sent, events[i-1].Sent, "event %d went backwards", i)
			assert.GreaterOrEqual(t, ev.PartsDone, events[i-1].PartsDone)
		}
		if i < len(events)-1 {
			assert.False(t, ev.Done)
			assert.Less(t, ev.Sent, ev.Total, "1.0 only after Complete")
		}
	}
	last := events[len(events)-1]
	assert.True(t, last.Done)
	assert.Equal(t, src.size, last.Sent)
	withCP := 0
	for _, ev := range events {
		if ev.Checkpoint != nil {
			withCP++
			assert.NotEmpty(t, ev.Checkpoint.UploadID)
		}
	}
	assert.Equal(t, 9, withCP, "each part completion carries the checkpoint")
}

// shrinkingSource is a file that becomes shorter after the fingerprint was taken.
type shrinkingSource struct {
	*genSource
	after int64
}

func (s shrinkingSource) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > s.after && off > 64*kib && off < s.size-64*kib {
		return 0, io.EOF
	}
	return s.genSource.ReadAt(p, off)
}

func TestFileShrinksDuringUpload(t *testing.T) {
	f := newFake()
	store := checkpoint.NewMemoryStore()
	src := shrinkingSource{newGen(10*100*kib, 1), 7 * 100 * kib}
	_, err := upload.New(f, store, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib, Parallel: 1})
	assert.Equal(t, upload.CodeFileChanged, upload.CodeOf(err))
	recs, _ := store.List(context.Background())
	assert.Len(t, recs, 1, "the journal is kept")
}

func TestSameFileTwiceAtOnce(t *testing.T) {
	f := newFake()
	release := make(chan struct{})
	var once sync.Once
	started := make(chan struct{})
	f.hook = func(c context.Context, op string, n int) error {
		if op == "UploadPart" {
			once.Do(func() { close(started) })
			<-release
		}
		return nil
	}
	u := upload.New(f, nil, upload.Config{})
	src := newGen(200*kib, 1)
	errc := make(chan error, 1)
	go func() {
		_, err := u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
		errc <- err
	}()
	<-started
	_, err := u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	assert.Equal(t, upload.CodeInProgress, upload.CodeOf(err))
	close(release)
	require.NoError(t, <-errc)
	_, err = u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	assert.NoError(t, err, "free again once the first finished")
}

type silentDirect struct{ *genSource }

func (silentDirect) Direct(ctx context.Context, off, n int64, progress func(int64)) context.Context {
	return ctx // a transport that never reports progress
}

func TestDirectWithoutProgressNotStalled(t *testing.T) {
	f := newFake()
	var calls atomic.Int32
	f.hook = func(c context.Context, op string, n int) error {
		if op == "UploadPart" && n == 1 {
			calls.Add(1)
			time.Sleep(150 * time.Millisecond) // three stall timeouts without a progress report
		}
		return nil
	}
	pol := fastRetry()
	pol.StallTimeout = 50 * time.Millisecond
	src := silentDirect{newGen(150*kib, 3)}
	_, err := upload.New(f, nil, upload.Config{Retry: pol}).Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	assert.Equal(t, int32(1), calls.Load(), "not restarted")
	assert.Equal(t, content(src), f.object("k"))
}

// Abort reaches an Upload that is still reconciling its journal.
func TestAbortDuringResume(t *testing.T) {
	f := newFake()
	store := checkpoint.NewMemoryStore()
	src := newGen(3*100*kib, 6)
	f.hook = func(c context.Context, op string, n int) error {
		if op == "UploadPart" && n == 3 {
			return httpErr("AccessDenied", 403)
		}
		return nil
	}
	u := upload.New(f, store, upload.Config{Retry: fastRetry()})
	_, err := u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib, Parallel: 1})
	require.Error(t, err)
	recs, _ := store.List(context.Background())
	require.Len(t, recs, 1)
	id := recs[0].UploadID
	listing := make(chan struct{})
	f.hook = func(c context.Context, op string, n int) error {
		if op == "ListParts" {
			close(listing)
			<-c.Done()
			return c.Err()
		}
		return nil
	}
	errc := make(chan error, 1)
	go func() {
		_, err := u.Upload(context.Background(), "k", src, upload.Options{PartSize: 100 * kib})
		errc <- err
	}()
	<-listing
	require.NoError(t, u.Abort(context.Background(), "k", id))
	err = <-errc
	assert.Equal(t, upload.CodeAborted, upload.CodeOf(err))
	recs, _ = store.List(context.Background())
	assert.Empty(t, recs)
	assert.Equal(t, []string{id}, f.aborted)
}

// A Complete whose answer is lost and whose retry finds the upload gone is
// reported, not restarted (that would send the file again).
func TestCompleteAnswerLost(t *testing.T) {
	f := newFake()
	var n atomic.Int32
	f.hook = func(c context.Context, op string, p int) error {
		if op == "Complete" && n.Add(1) == 1 {
			f.mu.Lock()
			for id := range f.uploads {
				delete(f.uploads, id) // it "completed", the answer never came
			}
			f.mu.Unlock()
			return &upload.Error{Code: upload.CodeNetwork, Err: io.ErrUnexpectedEOF}
		}
		return nil
	}
	_, err := upload.New(f, nil, upload.Config{Retry: fastRetry()}).Upload(context.Background(), "k", newGen(10, 1), upload.Options{})
	assert.Equal(t, upload.CodeCompleteUnknown, upload.CodeOf(err))
	assert.Equal(t, 1, f.callCount("Initiate"), "not restarted")
}
