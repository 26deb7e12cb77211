package upload

import (
	"context"
	"errors"
	"sync"
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
	// Locks gives each upload one writer across tabs and clients (nil: the
	// process-wide checkpoint.DefaultLocker()).
	Locks checkpoint.Locker
	// Bus carries aborts between uploaders (nil: checkpoint.DefaultBus()).
	Bus checkpoint.Bus
	// Scope is the identity journals belong to (bucket and prefix, or the
	// access key): journals of another scope are never read or listed.
	Scope string
	// UploadLifetime is how long the bucket keeps an incomplete multipart
	// upload (its lifecycle rule; default DefaultUploadLifetime). Only a
	// journal older than this proves that a vanished upload expired, and so
	// is restarted; otherwise someone aborted it and the call ends Aborted.
	UploadLifetime time.Duration
	// Hasher computes part CRCs on the direct path and for proofs of
	// adopted parts where a CRC64 is known (nil: GoHasher).
	Hasher PartHasher
	// Warn receives warnings (a journal write failed and the upload went on
	// with a journal in memory, ...); they are in Result.Warnings too.
	Warn func(string)
}

// DefaultUploadLifetime matches the 7-day stale sweep and the lifecycle rule
// the README recommends for production buckets.
const DefaultUploadLifetime = 7 * 24 * time.Hour

// Uploader runs multipart uploads through one API and one journal store. It
// is safe for concurrent use; each Upload is independent.
type Uploader struct {
	api    API
	store  checkpoint.Store
	cfg    Config
	mu     sync.Mutex
	unsub  func()             // listening to the Bus while runs are active
	active map[string]*active // by upload ID
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
	if o.Locks == nil {
		o.Locks = checkpoint.DefaultLocker()
	}
	if o.Bus == nil {
		o.Bus = checkpoint.DefaultBus()
	}
	if o.Hasher == nil {
		o.Hasher = GoHasher
	}
	if o.UploadLifetime <= 0 {
		o.UploadLifetime = DefaultUploadLifetime
	}
	return &Uploader{api: api, store: store, cfg: o, active: map[string]*active{}}
}

// stopActive cancels this Uploader's run of uploadID, if any: it was aborted
// elsewhere (another client or tab).
func (u *Uploader) stopActive(uploadID string) {
	u.mu.Lock()
	a := u.active[uploadID]
	u.mu.Unlock()
	if a != nil {
		a.cancel(errAborted)
	}
}

// integrityDefault is on: a CRC64 per part costs about a millisecond per MiB
// and catches what TLS cannot (a buggy proxy, a file read wrongly, a resumed
// part that is not the bytes we think), and OSS computes its side for free.
// Turn it off only for throughput tests or when the transport's bytes are
// verified otherwise.
const integrityDefault = true

// Upload sends src to key as a multipart upload, resuming from the journal
// (or o.Checkpoint) when one matches the file. On cancellation it returns an
// *Error with Code Canceled and keeps the journal so a later Upload resumes;
// when the upload is aborted anywhere (NoSuchUpload, or an abort announced
// on the Bus) it returns Code Aborted and sends nothing more.
func (u *Uploader) Upload(ctx context.Context, key string, src Source, o Options) (*Result, error) {
	p, err := u.newPlan(ctx, key, src, &o)
	if err != nil {
		return nil, err
	}
	release, waited, err := u.lock(ctx, p)
	if err != nil {
		return nil, err
	}
	defer release()
	rec, warns, err := u.findJournal(ctx, p, o)
	if err != nil {
		return nil, err
	}
	r := u.newRun(p, o)
	r.journal.warns = warns
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r.act = &active{cancel: cancel, done: make(chan struct{})}
	defer r.unregister()
	res := &Result{Name: key, Bucket: p.bucket}
	if waited && rec == nil && r.objectIsFile(ctx, res) {
		// The writer we waited for finished this very file.
		return r.result(res), nil
	}
	for {
		err := r.once(ctx, rec, res)
		if err == nil {
			return r.result(res), nil
		}
		switch r.afterFailure(ctx, err, rec, res) {
		case verdictDone:
			r.journal.delete(ctx)
			return r.result(res), nil
		case verdictRestart:
			r.journal.delete(ctx)
			rec, res.Restarted, res.Resumed = nil, true, false
			continue
		case verdictAborted:
			r.journal.delete(ctx)
			return nil, abortedError(err)
		}
		return nil, r.finalError(ctx, err)
	}
}

// lock takes the upload's lock: one writer per journal record across tabs.
// waited reports that another writer held it first.
func (u *Uploader) lock(ctx context.Context, p *plan) (release func(), waited bool, err error) {
	release, err = u.cfg.Locks.Lock(ctx, p.recID, false)
	if errors.Is(err, checkpoint.ErrLocked) && p.wait {
		waited = true
		release, err = u.cfg.Locks.Lock(ctx, p.recID, true)
	}
	switch {
	case err == nil:
		return release, waited, nil
	case errors.Is(err, checkpoint.ErrLocked):
		return nil, false, errorf(CodeInProgress, "%q is already being uploaded to %s (in this or another tab); pass wait: true to wait for it", p.fp.Name, p.key)
	case ctx.Err() != nil:
		return nil, false, canceled(ctx, ctx.Err())
	}
	return nil, false, &Error{Code: CodeInternal, Message: "taking the upload's lock failed", Err: err}
}

// once runs one upload attempt: prepare (new or resumed), parts, Complete.
func (r *run) once(ctx context.Context, rec *checkpoint.Record, res *Result) error {
	if err := r.prepare(ctx, rec, res); err != nil {
		return err
	}
	err := r.execute(ctx)
	res.Resumed = r.proven.Load() > 0
	if err != nil {
		return err
	}
	return r.complete(ctx, res)
}

// finalError turns a context end into Canceled or Aborted.
func (r *run) finalError(ctx context.Context, err error) error {
	if ctx.Err() == nil {
		return err
	}
	if errors.Is(context.Cause(ctx), errAborted) {
		r.journal.delete(ctx)
		return abortedError(nil)
	}
	e := canceled(ctx, ctx.Err())
	if w := r.journal.lastError(); w != "" {
		// Resume still works (ListParts is the truth), but say so.
		e.Message += "; " + w
	}
	return e
}

func abortedError(cause error) *Error {
	return &Error{Code: CodeAborted, Message: "the upload was aborted (abortMultipartUpload here, in another client or tab); nothing more is sent. Upload again to start over", Err: cause}
}

func (r *run) result(res *Result) *Result {
	res.Warnings = r.journal.warnings()
	return res
}

// register makes Abort(key, id) and the Bus reach this run. The Uploader
// listens to the Bus only while it has runs, so an idle one (a client the
// page dropped) is not kept alive by the Bus.
func (r *run) register(id string) {
	r.u.mu.Lock()
	defer r.u.mu.Unlock()
	if r.u.unsub == nil {
		r.u.unsub = r.u.cfg.Bus.Subscribe(r.u.stopActive)
	}
	r.u.active[id] = r.act
}

func (r *run) unregister() {
	r.u.mu.Lock()
	for id, a := range r.u.active {
		if a == r.act {
			delete(r.u.active, id)
		}
	}
	if len(r.u.active) == 0 && r.u.unsub != nil {
		r.u.unsub()
		r.u.unsub = nil
	}
	r.u.mu.Unlock()
	close(r.act.done)
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

// retry runs op under the retry policy (used for Initiate, ListParts,
// Complete and Abort; parts have their own loop).
func (r *run) retry(ctx context.Context, op func(context.Context) error) error {
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

// Abort stops any Upload of uploadID in this Uploader and, through the Bus,
// in other clients and tabs; waits for this Uploader's requests to settle,
// aborts the multipart upload on the server (already gone counts as success)
// and deletes every journal record for it.
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
	u.cfg.Bus.Publish(uploadID)
	if a != nil {
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
	return u.forget(ctx, uploadID)
}

// forget deletes every journal record of uploadID.
func (u *Uploader) forget(ctx context.Context, uploadID string) error {
	recs, err := u.store.List(ctx)
	if err != nil {
		return &Error{Code: CodeJournal, Message: "listing the journal to delete the aborted upload's record failed", Err: err}
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
