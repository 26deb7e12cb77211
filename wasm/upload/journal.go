package upload

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/ossupload/ossupload/checkpoint"
)

// findJournal returns the record to resume, nil to start a new upload, or
// FileChanged/CheckpointMismatch when an explicit checkpoint belongs to
// another file. warns says what it did to journals of other versions of the
// file (see otherVersions). A journal that cannot be read (storage trouble)
// is treated as absent, with a warning: the upload goes on rather than
// failing.
func (u *Uploader) findJournal(ctx context.Context, p *plan, o Options) (rec *checkpoint.Record, warns []string, err error) {
	if o.Checkpoint != nil {
		rec, err = u.callerCheckpoint(ctx, p, o)
		return rec, nil, err
	}
	rec, err = u.store.Get(ctx, p.recID)
	switch {
	case err == nil:
		if o.Fresh {
			u.discard(ctx, rec)
			return nil, nil, nil
		}
		if err := checkCheckpoint(rec, p.fp, p.bucket, p.key); err != nil {
			return nil, nil, err
		}
		return rec, nil, nil
	case errors.Is(err, checkpoint.ErrCorrupt):
		return nil, nil, &Error{Code: CodeJournal, Message: "the upload journal record is corrupt", Err: err}
	case !errors.Is(err, checkpoint.ErrNotFound):
		u.warn(fmt.Sprintf("reading the upload journal failed (%v); uploading without resuming", err))
		return nil, nil, nil
	}
	return nil, u.otherVersions(ctx, p, o), nil
}

// callerCheckpoint checks and adopts o.Checkpoint.
func (u *Uploader) callerCheckpoint(ctx context.Context, p *plan, o Options) (*checkpoint.Record, error) {
	c := *o.Checkpoint
	c.DoneParts = append([]checkpoint.Part(nil), c.DoneParts...)
	if o.Fresh {
		u.discard(ctx, &c)
		return nil, nil
	}
	if err := checkCheckpoint(&c, p.fp, p.bucket, p.key); err != nil {
		return nil, err
	}
	c.ID, c.Scope, c.Fingerprint = p.recID, u.cfg.Scope, p.fp
	if c.Bucket == "" {
		c.Bucket = p.bucket
	}
	// Nothing the caller says about parts is evidence: each is proven
	// against the file's bytes by MD5 (the ETag) before it is adopted.
	for i := range c.DoneParts {
		c.DoneParts[i].CRC64 = ""
	}
	c.Created = time.Time{}
	return &c, nil
}

// otherVersions deals with the journals of this file name and object
// written for another version of the file (other size, lastModified or
// sampled content); the caller gave no checkpoint, so, as with ali-oss, it
// asked for the file it gave to be uploaded. Resuming such a journal would
// mix two files, but starting over is always safe: a new upload starts, and
// each old one is retired as Fresh retires it (multipart upload aborted,
// record deleted), except one another tab or client is uploading right now
// (its lock is held): that one is left to finish beside ours.
func (u *Uploader) otherVersions(ctx context.Context, p *plan, o Options) []string {
	all, err := u.store.List(ctx)
	if err != nil {
		u.warn(fmt.Sprintf("listing the upload journal failed (%v); uploading without resuming", err))
		return nil
	}
	var warns []string
	for _, old := range all {
		if old.Scope != u.cfg.Scope || old.Bucket != p.bucket || old.Name != p.key || old.Fingerprint.Name != p.fp.Name ||
			old.ID == p.recID || old.Fingerprint == p.fp {
			continue
		}
		if o.Fresh {
			u.discard(ctx, old)
			continue
		}
		if msg := u.retire(ctx, p, old); msg != "" {
			u.warn(msg)
			warns = append(warns, msg)
		}
	}
	return warns
}

// retire discards old, a journal of another version of p's file, unless its
// upload is live elsewhere (#16: one writer per upload across tabs). The
// lock is held while it aborts and deletes, so no tab can resume old
// meanwhile. It returns the warning that says what happened.
func (u *Uploader) retire(ctx context.Context, p *plan, old *checkpoint.Record) string {
	release, err := u.cfg.Locks.Lock(ctx, old.ID, false)
	if err != nil {
		if ctx.Err() != nil {
			return "" // the call ends Canceled anyway
		}
		// ErrLocked, or a lock we cannot take: either way not ours to abort.
		return fmt.Sprintf("%q: an earlier version (size %d, lastModified %d) is being uploaded to %s in another tab or client (upload %s); it is left alone and this version is sent as a new upload",
			p.fp.Name, old.Fingerprint.Size, old.Fingerprint.LastModified, p.key, old.UploadID)
	}
	defer release()
	u.discard(ctx, old)
	return fmt.Sprintf("%q changed since its interrupted upload to %s (upload %s: size %d->%d, lastModified %d->%d); that upload was aborted and this file is sent as a new upload, as ali-oss does (pass the checkpoint to resume it, and be refused another file)",
		p.fp.Name, p.key, old.UploadID, old.Fingerprint.Size, p.fp.Size, old.Fingerprint.LastModified, p.fp.LastModified)
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

// discard best-effort aborts an upload the caller chose to abandon (Fresh)
// or one of another version of the file (retire), so its parts do not linger
// as billed storage, tells other tabs, and forgets its journal.
func (u *Uploader) discard(ctx context.Context, rec *checkpoint.Record) {
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if rec.UploadID != "" {
		u.cfg.Bus.Publish(rec.UploadID)
	}
	if rec.UploadID != "" && rec.Name != "" {
		_ = u.api.Abort(c, rec.Name, rec.UploadID)
	}
	if rec.ID != "" {
		_ = u.store.Delete(c, rec.ID)
	}
}

func (u *Uploader) warn(msg string) {
	if u.cfg.Warn != nil {
		u.cfg.Warn(msg)
	}
}

// journal is one run's record and its writer. One goroutine writes, in
// order, so a store never receives two concurrent writes or an older state
// after a newer one. Writes add only the new parts where the store allows
// (checkpoint.PartAdder), so a part costs O(1) however many came before.
// When the store fails, the run switches to a journal in memory and warns:
// storage trouble degrades resume after a reload, never the upload.
type journal struct {
	u     *Uploader
	id    string
	mu    sync.Mutex
	store checkpoint.Store
	rec   *checkpoint.Record // DoneParts unused; done holds the parts
	done  map[int]checkpoint.Part
	queue []checkpoint.Part // done but not yet written
	warns []string
	last  string // the last write error, for Canceled's message
	dirty chan struct{}
	wg    sync.WaitGroup
}

func newJournal(u *Uploader, id string) *journal { return &journal{u: u, id: id, store: u.store} }

// begin makes rec (with the parts in done) the run's record and writes it whole.
func (j *journal) begin(ctx context.Context, rec *checkpoint.Record, done map[int]checkpoint.Part) {
	j.mu.Lock()
	j.rec, j.done, j.queue = rec, done, nil
	j.mu.Unlock()
	j.writeAll(ctx)
}

func (j *journal) writeAll(ctx context.Context) {
	snap, st := j.snapshot(), j.current()
	if err := st.Put(ctx, snap); err != nil {
		j.degrade(ctx, err)
	}
}

func (j *journal) current() checkpoint.Store {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.store
}

// degrade switches to a journal in memory after a write error.
func (j *journal) degrade(ctx context.Context, err error) {
	j.mu.Lock()
	if _, mem := j.store.(*checkpoint.MemoryStore); mem && j.store != j.u.store {
		j.mu.Unlock()
		return
	}
	msg := fmt.Sprintf("saving the upload journal failed (%v); this upload goes on with a journal in memory and will not resume after a reload", err)
	j.store = checkpoint.NewMemoryStore()
	j.warns = append(j.warns, msg)
	j.last = msg
	j.mu.Unlock()
	j.u.warn(msg)
	_ = j.current().Put(context.WithoutCancel(ctx), j.snapshot())
}

func (j *journal) snapshot() *checkpoint.Record {
	j.mu.Lock()
	defer j.mu.Unlock()
	c := *j.rec
	c.DoneParts = sortedParts(j.done)
	return &c
}

func (j *journal) isDone(n int) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.done[n]
	return ok
}

func (j *journal) parts() []checkpoint.Part {
	j.mu.Lock()
	defer j.mu.Unlock()
	return sortedParts(j.done)
}

func (j *journal) doneBytes() (int64, int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var n int64
	for _, p := range j.done {
		n += p.Size
	}
	return n, len(j.done)
}

// add records a done part and wakes the writer.
func (j *journal) add(p checkpoint.Part) {
	j.mu.Lock()
	j.done[p.Number] = p
	j.queue = append(j.queue, p)
	j.rec.Updated = time.Now().UTC()
	j.mu.Unlock()
	select {
	case j.dirty <- struct{}{}:
	default: // a write is pending and will include this part
	}
}

// drop forgets a part that failed its proof; it is sent again.
func (j *journal) drop(n int) {
	j.mu.Lock()
	delete(j.done, n)
	j.mu.Unlock()
}

// start runs the writer until stop.
func (j *journal) start(ctx context.Context) {
	j.dirty = make(chan struct{}, 1)
	bg := context.WithoutCancel(ctx) // a cancel must still save the journal
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		for range j.dirty {
			j.flush(bg)
		}
	}()
}

func (j *journal) stop() {
	close(j.dirty)
	j.wg.Wait()
}

// flush writes the queued parts: only them where the store can add parts,
// else the whole record.
func (j *journal) flush(ctx context.Context) {
	j.mu.Lock()
	batch, st, id, upd := j.queue, j.store, j.rec.ID, j.rec.Updated
	j.queue = nil
	j.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var err error
	if pa, ok := st.(checkpoint.PartAdder); ok {
		err = pa.AddParts(c, id, batch, upd)
	} else {
		err = st.Put(c, j.snapshot())
	}
	if errors.Is(err, checkpoint.ErrNotFound) {
		return // deleted by an abort elsewhere: do not resurrect it
	}
	if err != nil {
		j.degrade(ctx, err)
	}
}

// delete forgets the run's record (done, aborted or restarted).
func (j *journal) delete(ctx context.Context) {
	st := j.current()
	bg := context.WithoutCancel(ctx)
	_ = st.Delete(bg, j.id)
	if st != j.u.store {
		_ = j.u.store.Delete(bg, j.id)
	}
}

func (j *journal) warnings() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]string(nil), j.warns...)
}

func (j *journal) lastError() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.last
}

func sortedParts(m map[int]checkpoint.Part) []checkpoint.Part {
	ps := make([]checkpoint.Part, 0, len(m))
	for _, p := range m {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Number < ps[j].Number })
	return ps
}
