package upload

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc64"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ossupload/ossupload/checkpoint"
)

// Config holds an Uploader's defaults; the zero value is valid.
type Config struct {
	// Parallel parts in flight when Options.Parallel is 0 (default DefaultParallel).
	Parallel int
	// PartSize when Options.PartSize is 0 (default DefaultPartSize).
	PartSize int64
	// Retry is the retry policy (nil: DefaultRetryPolicy()).
	Retry *RetryPolicy
	// ProgressInterval throttles byte-level progress (0: DefaultProgressInterval).
	ProgressInterval time.Duration
	// Hasher computes part CRCs on the direct path (nil: GoHasher).
	Hasher PartHasher
}

// Uploader runs multipart uploads through one API and one journal store. It
// is safe for concurrent use; each Upload is independent.
type Uploader struct {
	api    API
	store  checkpoint.Store
	cfg    Config
	mu     sync.Mutex
	active map[string]*active // by upload ID
	busy   map[string]bool    // journal record IDs with an Upload running
}

type active struct {
	cancel context.CancelCauseFunc
	done   chan struct{}
}

var errAborted = errors.New("upload aborted")

// New returns an Uploader. A nil store keeps journals in memory only.
func New(api API, store checkpoint.Store, o Config) *Uploader {
	if store == nil {
		store = checkpoint.NewMemoryStore()
	}
	if o.Retry == nil {
		o.Retry = DefaultRetryPolicy()
	}
	if o.ProgressInterval <= 0 {
		o.ProgressInterval = DefaultProgressInterval
	}
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel
	}
	if o.PartSize <= 0 {
		o.PartSize = DefaultPartSize
	}
	if o.Hasher == nil {
		o.Hasher = GoHasher
	}
	return &Uploader{api: api, store: store, cfg: o, active: map[string]*active{}, busy: map[string]bool{}}
}

// integrityDefault is on: a CRC64 per part costs about a millisecond per MiB
// and catches what TLS cannot (a buggy proxy, a file read wrongly, a resumed
// part that is not the bytes we think), and OSS computes its side for free.
// Turn it off only for throughput tests or when the transport's bytes are
// verified otherwise.
const integrityDefault = true

// run is the state of one Upload call.
type run struct {
	u         *Uploader
	key       string
	bucket    string
	src       Source
	direct    DirectSource
	integrity bool
	parallel  int
	partSize  int64
	parts     []PartSpec
	prog      *progress
	opts      Options
	act       *active

	mu   sync.Mutex
	rec  *checkpoint.Record
	done map[int]checkpoint.Part

	dirty   chan struct{}
	saverWG sync.WaitGroup
	saveErr atomic.Pointer[error]
}

// Upload sends src to key as a multipart upload, resuming from the journal
// (or o.Checkpoint) when one matches the file. On cancellation it returns an
// *Error with Code Canceled and keeps the journal so a later Upload resumes.
func (u *Uploader) Upload(ctx context.Context, key string, src Source, o Options) (*Result, error) {
	if err := validateKey(key); err != nil {
		return nil, err
	}
	if src == nil {
		return nil, errorf(CodeInvalidArgument, "no file given")
	}
	if err := validateOptions(&o); err != nil {
		return nil, err
	}
	if o.Parallel == 0 {
		o.Parallel = u.cfg.Parallel
	}
	if o.PartSize == 0 {
		o.PartSize = u.cfg.PartSize
	}
	if _, _, err := PlanParts(src.Size(), o.PartSize); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, canceled(ctx, err)
	}
	fp, err := Fingerprinted(src)
	if err != nil {
		return nil, err
	}
	r := &run{u: u, key: key, bucket: u.api.Bucket(), src: src, integrity: integrityDefault, parallel: o.Parallel, opts: o}
	// Two Uploads of the same file to the same object would fight over one
	// journal and one upload ID.
	busyID := checkpoint.Key(fp, r.bucket, key)
	u.mu.Lock()
	if u.busy[busyID] {
		u.mu.Unlock()
		return nil, errorf(CodeInProgress, "%q is already being uploaded to %s by this uploader", fp.Name, key)
	}
	u.busy[busyID] = true
	u.mu.Unlock()
	defer func() {
		u.mu.Lock()
		delete(u.busy, busyID)
		u.mu.Unlock()
	}()
	if o.Integrity != nil {
		r.integrity = *o.Integrity
	}
	if d, ok := src.(DirectSource); ok {
		r.direct = d
	}
	rec, err := u.findJournal(ctx, fp, r.bucket, key, o)
	if err != nil {
		return nil, err
	}
	res := &Result{Name: key, Bucket: r.bucket}
	// Abort finds this Upload by upload ID from the moment the ID is known.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r.act = &active{cancel: cancel, done: make(chan struct{})}
	defer func() {
		u.mu.Lock()
		for id, a := range u.active {
			if a == r.act {
				delete(u.active, id)
			}
		}
		u.mu.Unlock()
		close(r.act.done)
	}()
	if rec != nil {
		r.register(rec.UploadID)
	}
	for {
		err := r.prepare(ctx, rec, fp, res)
		if CodeOf(err) == CodeNoSuchUpload && rec != nil && !res.Restarted {
			// The journal's upload is gone (aborted, expired by lifecycle):
			// start again, and say so in the result.
			_ = u.store.Delete(context.WithoutCancel(ctx), rec.ID)
			rec, res.Restarted, res.Resumed = nil, true, false
			continue
		}
		if err != nil {
			return nil, err
		}
		err = r.execute(ctx, res)
		if CodeOf(err) == CodeNoSuchUpload && !res.Restarted && ctx.Err() == nil {
			_ = u.store.Delete(context.WithoutCancel(ctx), r.rec.ID)
			rec, res.Restarted, res.Resumed = nil, true, false
			continue
		}
		if err != nil {
			return nil, err
		}
		return res, nil
	}
}

// findJournal returns the record to resume, nil to start a new upload, or
// FileChanged/CheckpointMismatch when the journal belongs to another file.
func (u *Uploader) findJournal(ctx context.Context, fp checkpoint.Fingerprint, bucket, key string, o Options) (*checkpoint.Record, error) {
	id := checkpoint.Key(fp, bucket, key)
	if o.Checkpoint != nil {
		c := *o.Checkpoint
		c.DoneParts = append([]checkpoint.Part(nil), c.DoneParts...)
		if o.Fresh {
			u.discard(ctx, &c)
			return nil, nil
		}
		if err := checkCheckpoint(&c, fp, bucket, key); err != nil {
			return nil, err
		}
		if c.ID != id {
			c.ID = id
		}
		if c.Bucket == "" {
			c.Bucket = bucket
		}
		c.Fingerprint = fp
		return &c, nil
	}
	rec, err := u.store.Get(ctx, id)
	switch {
	case err == nil:
		if o.Fresh {
			u.discard(ctx, rec)
			return nil, nil
		}
		if err := checkCheckpoint(rec, fp, bucket, key); err != nil {
			return nil, err
		}
		return rec, nil
	case !errors.Is(err, checkpoint.ErrNotFound):
		return nil, &Error{Code: CodeJournal, Message: "reading the upload journal failed", Err: err}
	}
	// No journal for this exact file: is there one for the same name and
	// object written for different content? Then the file changed since the
	// interrupted upload, and completing silently with a mix is impossible,
	// but so is guessing whether the caller wants to start over.
	all, err := u.store.List(ctx)
	if err != nil {
		return nil, &Error{Code: CodeJournal, Message: "listing the upload journal failed", Err: err}
	}
	for _, old := range all {
		if old.Bucket != bucket || old.Name != key || old.Fingerprint.Name != fp.Name {
			continue
		}
		if o.Fresh {
			u.discard(ctx, old)
			continue
		}
		return nil, &Error{Code: CodeFileChanged, Message: fmt.Sprintf(
			"%q changed since its interrupted upload to %s (upload %s): size %d->%d, lastModified %d->%d; pass fresh: true to start over",
			fp.Name, key, old.UploadID, old.Fingerprint.Size, fp.Size, old.Fingerprint.LastModified, fp.LastModified)}
	}
	return nil, nil
}

// checkCheckpoint verifies that rec was written for this file and object.
func checkCheckpoint(rec *checkpoint.Record, fp checkpoint.Fingerprint, bucket, key string) error {
	switch {
	case rec.UploadID == "":
		return errorf(CodeCheckpointMismatch, "the checkpoint has no uploadId")
	case rec.Name != "" && rec.Name != key:
		return errorf(CodeCheckpointMismatch, "the checkpoint is for object %q, not %q", rec.Name, key)
	case rec.Bucket != "" && rec.Bucket != bucket:
		return errorf(CodeCheckpointMismatch, "the checkpoint is for bucket %q, not %q", rec.Bucket, bucket)
	case rec.FileSize != fp.Size:
		return errorf(CodeFileChanged, "the file is %d bytes but the checkpoint was written for %d; pass fresh: true to start over", fp.Size, rec.FileSize)
	case rec.Fingerprint.Sample != "" && rec.Fingerprint.Sample != fp.Sample,
		rec.Fingerprint.LastModified != 0 && rec.Fingerprint.LastModified != fp.LastModified:
		return errorf(CodeFileChanged, "the file's content or modification time differs from the checkpoint's; pass fresh: true to start over")
	}
	ps, parts, err := PlanParts(rec.FileSize, rec.PartSize)
	if err != nil || ps != rec.PartSize {
		return errorf(CodeCheckpointMismatch, "the checkpoint's part size %d does not fit a %d byte file (%d parts)", rec.PartSize, rec.FileSize, len(parts))
	}
	for _, p := range rec.DoneParts {
		if p.Number < 1 || p.Number > len(parts) {
			return errorf(CodeCheckpointMismatch, "the checkpoint lists part %d of a %d part upload", p.Number, len(parts))
		}
	}
	return nil
}

// discard best-effort aborts an upload the caller chose to abandon (Fresh),
// so its parts do not linger as billed storage, and forgets its journal.
func (u *Uploader) discard(ctx context.Context, rec *checkpoint.Record) {
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if rec.UploadID != "" && (rec.Name != "") {
		_ = u.api.Abort(c, rec.Name, rec.UploadID)
	}
	if rec.ID != "" {
		_ = u.store.Delete(c, rec.ID)
	}
}

// prepare sets r up for rec (reconciled with the server) or a new upload.
func (r *run) prepare(ctx context.Context, rec *checkpoint.Record, fp checkpoint.Fingerprint, res *Result) error {
	size := r.src.Size()
	if rec == nil {
		ps, parts, err := PlanParts(size, r.opts.PartSize)
		if err != nil {
			return err
		}
		var id string
		err = r.retry(ctx, 0, func(ctx context.Context) error {
			var err error
			id, err = r.u.api.Initiate(ctx, r.key, InitOptions{Mime: r.opts.Mime, Meta: r.opts.Meta, Headers: r.opts.Headers})
			return err
		})
		if err != nil {
			return err
		}
		r.register(id)
		now := time.Now().UTC()
		r.partSize, r.parts = ps, parts
		r.rec = &checkpoint.Record{ID: checkpoint.Key(fp, r.bucket, r.key), Name: r.key, Bucket: r.bucket, FileSize: size,
			PartSize: ps, UploadID: id, DoneParts: []checkpoint.Part{}, Fingerprint: fp, Created: now, Updated: now}
		r.done = map[int]checkpoint.Part{}
		if err := r.u.store.Put(ctx, r.rec); err != nil {
			_ = r.u.api.Abort(context.WithoutCancel(ctx), r.key, id)
			return &Error{Code: CodeJournal, Message: "saving the upload journal failed; nothing was uploaded", Err: err}
		}
		return nil
	}
	_, parts, _ := PlanParts(size, rec.PartSize) // checked by checkCheckpoint
	r.partSize, r.parts, r.rec = rec.PartSize, parts, rec
	var server []checkpoint.Part
	err := r.retry(ctx, 0, func(ctx context.Context) error {
		var err error
		server, err = r.u.api.ListParts(ctx, r.key, rec.UploadID)
		return err
	})
	if err != nil {
		return err
	}
	done, err := r.reconcile(ctx, rec.DoneParts, server)
	if err != nil {
		return err
	}
	r.done = done
	r.rec.DoneParts = sortedParts(done)
	r.rec.Updated = time.Now().UTC()
	res.Resumed = len(done) > 0
	if err := r.u.store.Put(ctx, r.rec); err != nil {
		return &Error{Code: CodeJournal, Message: "saving the upload journal failed", Err: err}
	}
	return nil
}

// reconcile decides which parts are really done, the server being the truth:
// a part counts only if the server holds it with the planned size and, where
// we know them, the same ETag and CRC; parts the server has but the journal
// lacks (a save lost to a crash) are adopted after checking them against the
// file. Everything else is sent again, replacing whatever the server has.
func (r *run) reconcile(ctx context.Context, journal, server []checkpoint.Part) (map[int]checkpoint.Part, error) {
	jm := map[int]checkpoint.Part{}
	for _, p := range journal {
		jm[p.Number] = p
	}
	sm := map[int]checkpoint.Part{}
	for _, p := range server {
		sm[p.Number] = p
	}
	done := map[int]checkpoint.Part{}
	for _, spec := range r.parts {
		s, onServer := sm[spec.Number]
		if !onServer || s.Size != spec.Size {
			continue
		}
		j, inJournal := jm[spec.Number]
		if inJournal && j.ETag != "" && !sameETag(j.ETag, s.ETag) {
			continue
		}
		p := checkpoint.Part{Number: spec.Number, ETag: s.ETag, Size: s.Size}
		if inJournal && j.ETag != "" {
			p.CRC64 = j.CRC64
		}
		if s.CRC64 != "" {
			if p.CRC64 != "" && p.CRC64 != s.CRC64 {
				continue
			}
			p.CRC64 = s.CRC64
		}
		if r.integrity && (p.CRC64 == "" || !inJournal || j.ETag == "") {
			// We cannot vouch for this part from the journal: hash the file's
			// bytes and compare with what the server says it holds.
			crc, md, err := r.hashRange(ctx, spec, true)
			if err != nil {
				return nil, err
			}
			if p.CRC64 != "" && p.CRC64 != formatCRC(crc) {
				continue
			}
			if !inJournal || j.ETag == "" {
				if !sameETag(hex.EncodeToString(md), s.ETag) {
					continue
				}
			}
			p.CRC64 = formatCRC(crc)
		}
		done[spec.Number] = p
	}
	return done, nil
}

func sameETag(a, b string) bool {
	return a != "" && strings.EqualFold(strings.Trim(a, `"`), strings.Trim(b, `"`))
}

// hashRange computes the CRC64 (and MD5 if md5 is set) of a part's bytes with
// a small buffer: it never holds a whole part.
func (r *run) hashRange(ctx context.Context, spec PartSpec, withMD5 bool) (uint64, []byte, error) {
	buf := make([]byte, min(spec.Size, 1<<20))
	c := crc64.New(crcTable)
	var m hash.Hash
	if withMD5 {
		m = md5.New()
	}
	for off := int64(0); off < spec.Size; {
		if err := ctx.Err(); err != nil {
			return 0, nil, canceled(ctx, err)
		}
		n := min(int64(len(buf)), spec.Size-off)
		if err := readFull(r.src, buf[:n], spec.Offset+off); err != nil {
			return 0, nil, err
		}
		c.Write(buf[:n])
		if m != nil {
			m.Write(buf[:n])
		}
		off += n
	}
	var sum []byte
	if m != nil {
		sum = m.Sum(nil)
	}
	return c.Sum64(), sum, nil
}

func sortedParts(m map[int]checkpoint.Part) []checkpoint.Part {
	ps := make([]checkpoint.Part, 0, len(m))
	for _, p := range m {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Number < ps[j].Number })
	return ps
}

// execute uploads the missing parts and completes the upload.
func (r *run) execute(ctx context.Context, res *Result) error {
	var doneBytes int64
	for _, p := range r.done {
		doneBytes += p.Size
	}
	if r.prog == nil {
		r.prog = newProgress(r.opts.Progress, r.u.cfg.ProgressInterval, r.src.Size(), len(r.parts))
	} else {
		r.prog.partsTotal = len(r.parts)
	}
	r.prog.reset(doneBytes, len(r.done))

	r.startSaver(ctx)
	err := r.uploadParts(ctx)
	r.stopSaver()
	if err != nil {
		if ctx.Err() != nil {
			e := canceled(ctx, ctx.Err())
			if errors.Is(context.Cause(ctx), errAborted) {
				e.Message = "the upload was aborted"
			}
			if se := r.saveErr.Load(); se != nil {
				// Resume still works (ListParts is the truth), but say so.
				e.Message += fmt.Sprintf("; the last journal save failed (%v), a resume will re-check parts with the server", *se)
			}
			return e
		}
		return err
	}
	return r.complete(ctx, res)
}

// register makes Abort(key, id) reach this Upload.
func (r *run) register(id string) {
	r.u.mu.Lock()
	r.u.active[id] = r.act
	r.u.mu.Unlock()
}

func canceled(ctx context.Context, err error) *Error {
	if err == nil {
		err = context.Canceled
	}
	if c := context.Cause(ctx); c != nil {
		err = c
	}
	return &Error{Code: CodeCanceled, Message: "the upload was canceled; the journal is kept so it can resume", Err: err}
}

// startSaver runs the journal writer: one goroutine writes snapshots in
// order, each taken after the previous write, so a store never receives two
// concurrent writes or an older state after a newer one; bursts coalesce.
func (r *run) startSaver(ctx context.Context) {
	r.dirty = make(chan struct{}, 1)
	bg := context.WithoutCancel(ctx) // a cancel must still save the journal
	r.saverWG.Add(1)
	go func() {
		defer r.saverWG.Done()
		for range r.dirty {
			snap := r.snapshot()
			c, cancel := context.WithTimeout(bg, 30*time.Second)
			if err := r.u.store.Put(c, snap); err != nil {
				r.saveErr.Store(&err)
			}
			cancel()
		}
	}()
}

func (r *run) stopSaver() {
	close(r.dirty)
	r.saverWG.Wait()
}

func (r *run) snapshot() *checkpoint.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := *r.rec
	c.DoneParts = append([]checkpoint.Part(nil), r.rec.DoneParts...)
	return &c
}

func (r *run) partDone(p checkpoint.Part) {
	r.mu.Lock()
	r.done[p.Number] = p
	r.rec.DoneParts = sortedParts(r.done)
	r.rec.Updated = time.Now().UTC()
	r.mu.Unlock()
	select {
	case r.dirty <- struct{}{}:
	default: // a save is pending and will include this part
	}
	r.prog.partDone(p.Number, p.Size, r.snapshot)
}

// bufPool recycles part buffers across parts and uploads; with at most
// Parallel workers each holding one, Go never holds more than Parallel parts.
var bufPool sync.Pool

// bufsHeld and bufsPeak count part buffers held by workers, so tests can
// check the memory bound.
var bufsHeld, bufsPeak atomic.Int64

func getBuf(n int64) *[]byte {
	h := bufsHeld.Add(1)
	for p := bufsPeak.Load(); h > p && !bufsPeak.CompareAndSwap(p, h); p = bufsPeak.Load() {
	}
	if b, ok := bufPool.Get().(*[]byte); ok && int64(cap(*b)) >= n {
		*b = (*b)[:n]
		return b
	}
	b := make([]byte, n)
	return &b
}

func putBuf(b *[]byte) {
	bufsHeld.Add(-1)
	bufPool.Put(b)
}

// uploadParts runs up to r.parallel workers over the missing parts. The first
// fatal error cancels the others' requests.
func (r *run) uploadParts(ctx context.Context) error {
	var todo []PartSpec
	for _, p := range r.parts {
		if _, ok := r.done[p.Number]; !ok {
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan PartSpec)
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	for range min(r.parallel, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf *[]byte
			defer func() {
				if buf != nil {
					putBuf(buf)
				}
			}()
			for spec := range jobs {
				if err := r.uploadPart(ctx, spec, &buf); err != nil {
					errOnce.Do(func() { firstErr = err; cancel(err) })
					return
				}
			}
		}()
	}
feed:
	for _, p := range todo {
		select {
		case jobs <- p:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

var errStalled = errors.New("part stalled")

// uploadPart sends one part until it succeeds, its retries run out, or ctx ends.
func (r *run) uploadPart(ctx context.Context, spec PartSpec, buf **[]byte) error {
	pol := r.u.cfg.Retry
	st := &partState{}
	refreshes := 0
	for attempt := 1; ; attempt++ {
		err := r.attempt(ctx, spec, buf, st)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if pol.refresh(err) && refreshes < pol.MaxRefreshes {
			refreshes++
			attempt--
			continue
		}
		var e *Error
		if errors.As(err, &e) && e.PartNumber == 0 {
			e.PartNumber = spec.Number
		} else if e == nil {
			err = &Error{Code: CodeNetwork, Message: "uploading a part failed", PartNumber: spec.Number, Err: err}
		}
		if !pol.retryable(err) || attempt >= pol.MaxAttempts {
			return err
		}
		if err := sleepCtx(ctx, pol.backoff(attempt)); err != nil {
			return err
		}
	}
}

// partState carries what one part's attempts share: its bytes (read once),
// and its CRC (computed once).
type partState struct {
	filled   bool
	crc      uint64
	crcKnown bool
}

func (r *run) attempt(ctx context.Context, spec PartSpec, buf **[]byte, st *partState) error {
	actx, acancel := context.WithCancelCause(ctx)
	defer acancel(nil)
	// The stall clock starts at once when Go feeds the body, but on the
	// direct path only at the transport's first progress report: a transport
	// that cannot report progress is never judged stalled (its own timeouts
	// apply), rather than restarted in a loop on a slow link.
	var last atomic.Int64
	var armed atomic.Bool
	armed.Store(r.direct == nil)
	last.Store(time.Now().UnixNano())
	onSent := func(n int64) {
		last.Store(time.Now().UnixNano())
		armed.Store(true)
		r.prog.sent(spec.Number, n)
	}
	if stall := r.u.cfg.Retry.StallTimeout; stall > 0 {
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			t := time.NewTicker(max(stall/4, time.Millisecond))
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					if armed.Load() && time.Since(time.Unix(0, last.Load())) > stall {
						acancel(errStalled)
						return
					}
				}
			}
		}()
	}

	var (
		res    PartResult
		err    error
		hashCh chan error
	)
	if r.direct != nil {
		// The transport sends the bytes without Go reading them; with
		// integrity on we read them once, alongside the upload, to hash them.
		if r.integrity && !st.crcKnown {
			hashCh = make(chan error, 1)
			go func() {
				crc, err := r.u.cfg.Hasher.HashPart(actx, r.src, spec.Offset, spec.Size)
				if err == nil {
					st.crc, st.crcKnown = crc, true
				}
				hashCh <- err
			}()
		}
		uctx := r.direct.Direct(actx, spec.Offset, spec.Size, onSent)
		res, err = r.u.api.UploadPart(uctx, r.key, r.rec.UploadID, spec.Number, io.NewSectionReader(r.src, spec.Offset, spec.Size), spec.Size)
		if hashCh != nil {
			if herr := <-hashCh; herr != nil && err == nil {
				return herr
			}
		}
	} else {
		if !st.filled {
			if *buf == nil {
				*buf = getBuf(r.partSize)
			}
			b := (**buf)[:spec.Size]
			if err := readFull(r.src, b, spec.Offset); err != nil {
				return err
			}
			st.filled = true
		}
		b := (**buf)[:spec.Size]
		var crcDone chan struct{}
		if r.integrity && !st.crcKnown {
			// Hash the (read-only) buffer while the transport sends it.
			crcDone = make(chan struct{})
			go func() {
				st.crc = CRC64(b)
				close(crcDone)
			}()
		}
		body := &countingReader{r: bytes.NewReader(b), fn: onSent}
		res, err = r.u.api.UploadPart(actx, r.key, r.rec.UploadID, spec.Number, body, spec.Size)
		if crcDone != nil {
			<-crcDone
			st.crcKnown = true
		}
	}
	if err != nil {
		if errors.Is(context.Cause(actx), errStalled) && ctx.Err() == nil {
			return &Error{Code: CodeTimeout, Message: fmt.Sprintf("no progress for %s; restarting the part", r.u.cfg.Retry.StallTimeout), PartNumber: spec.Number, Err: err}
		}
		return err
	}
	if res.ETag == "" {
		return &Error{Code: CodeInternal, Message: "the server returned no ETag for the part (is ETag in the bucket's CORS ExposeHeaders?)", PartNumber: spec.Number}
	}
	p := checkpoint.Part{Number: spec.Number, ETag: res.ETag, Size: spec.Size, CRC64: res.CRC64}
	if r.integrity {
		ours := formatCRC(st.crc)
		if res.CRC64 != "" && res.CRC64 != ours {
			return &Error{Code: CodeIntegrityMismatch, Message: fmt.Sprintf("the server's CRC64 %s of %s differs from ours %s", res.CRC64, partString(spec), ours), PartNumber: spec.Number}
		}
		p.CRC64 = ours
	}
	r.partDone(p)
	return nil
}

type countingReader struct {
	r  io.Reader
	n  int64
	fn func(int64)
}

// Read reports the running total of bytes handed to the transport.
func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.n += int64(n)
		c.fn(c.n)
	}
	return n, err
}

// complete lists every part in order and checks the object's CRC.
func (r *run) complete(ctx context.Context, res *Result) error {
	parts := sortedParts(r.done)
	if len(parts) != len(r.parts) {
		return errorf(CodeInternal, "%d of %d parts done at Complete", len(parts), len(r.parts))
	}
	var cr CompleteResult
	tries := 0
	err := r.retry(ctx, 0, func(ctx context.Context) error {
		tries++
		var err error
		cr, err = r.u.api.Complete(ctx, r.key, r.rec.UploadID, parts)
		if CodeOf(err) == CodeNoSuchUpload && tries > 1 {
			// An earlier attempt may have completed it before its answer was lost.
			return &Error{Code: CodeCompleteUnknown, Message: "Complete was retried after a failed attempt and the upload is gone: the first attempt probably completed the object; check it before uploading again", Err: err}
		}
		return err
	})
	if err != nil {
		return err
	}
	bg := context.WithoutCancel(ctx)
	_ = r.u.store.Delete(bg, r.rec.ID)
	res.ETag, res.CRC64, res.RequestID, res.Status, res.Header = cr.ETag, cr.CRC64, cr.RequestID, cr.Status, cr.Header
	if cr.Bucket != "" {
		res.Bucket = cr.Bucket
	}
	if r.integrity && cr.CRC64 != "" {
		var crc uint64
		for _, p := range parts {
			pc, ok := parseCRC(p.CRC64)
			if !ok {
				return errorf(CodeInternal, "part %d has no CRC64", p.Number)
			}
			crc = CombineCRC64(crc, pc, p.Size)
		}
		if formatCRC(crc) != cr.CRC64 {
			return &Error{Code: CodeIntegrityMismatch, Status: cr.Status, RequestID: cr.RequestID, Message: fmt.Sprintf(
				"the completed object's CRC64 %s differs from the file's %s; the object %s is corrupt and should be deleted and uploaded again", cr.CRC64, formatCRC(crc), r.key)}
		}
	}
	r.prog.finish()
	return nil
}

// retry runs op under the retry policy (used for Initiate, ListParts,
// Complete and Abort; parts have their own loop).
func (r *run) retry(ctx context.Context, _ int, op func(context.Context) error) error {
	return retryOp(ctx, r.u.cfg.Retry, op)
}

func retryOp(ctx context.Context, pol *RetryPolicy, op func(context.Context) error) error {
	refreshes := 0
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return canceled(ctx, ctx.Err())
		}
		if pol.refresh(err) && refreshes < pol.MaxRefreshes {
			refreshes++
			attempt--
			continue
		}
		if _, ok := err.(*Error); !ok && CodeOf(err) == "" {
			err = &Error{Code: CodeNetwork, Message: "request failed", Err: err}
		}
		if !pol.retryable(err) || attempt >= pol.MaxAttempts {
			return err
		}
		if err := sleepCtx(ctx, pol.backoff(attempt)); err != nil {
			return canceled(ctx, err)
		}
	}
}

// Abort stops any Upload of uploadID in this Uploader, waits for its requests
// to settle, aborts the multipart upload on the server (already gone counts
// as success) and deletes every journal record for it.
func (u *Uploader) Abort(ctx context.Context, key, uploadID string) error {
	if err := validateKey(key); err != nil {
		return err
	}
	if uploadID == "" {
		return errorf(CodeInvalidArgument, "no upload ID given")
	}
	u.mu.Lock()
	a := u.active[uploadID]
	u.mu.Unlock()
	if a != nil {
		a.cancel(errAborted)
		select {
		case <-a.done:
		case <-ctx.Done():
			return canceled(ctx, ctx.Err())
		}
	}
	err := retryOp(ctx, u.cfg.Retry, func(ctx context.Context) error { return u.api.Abort(ctx, key, uploadID) })
	if err != nil && CodeOf(err) != CodeNoSuchUpload {
		return err
	}
	recs, lerr := u.store.List(ctx)
	if lerr != nil {
		return &Error{Code: CodeJournal, Message: "listing the journal to delete the aborted upload's record failed", Err: lerr}
	}
	for _, rec := range recs {
		if rec.UploadID == uploadID {
			if err := u.store.Delete(ctx, rec.ID); err != nil {
				return &Error{Code: CodeJournal, Message: "deleting the aborted upload's journal failed", Err: err}
			}
		}
	}
	return nil
}
