package upload

import (
	"context"
	"time"

	"github.com/ossupload/ossupload/checkpoint"
)

// StaleAfter is how long an unfinished upload may sit idle before the sweep
// aborts it on the server and forgets its journal.
const StaleAfter = 7 * 24 * time.Hour

// Pending is an unfinished upload from the journal.
type Pending struct {
	*checkpoint.Record
	// Live: an Upload of it runs now; Here: in this process (this tab's
	// module), else in another tab. A live upload must not be resumed or
	// discarded from here.
	Live, Here bool
}

// Pending lists the unfinished uploads of this Uploader's scope and bucket,
// sweeping those idle for StaleAfter first.
func (u *Uploader) Pending(ctx context.Context) ([]Pending, error) {
	recs, err := u.store.List(ctx)
	if err != nil {
		return nil, &Error{Code: CodeJournal, Message: "listing the upload journal failed", Err: err}
	}
	held, _ := u.cfg.Locks.Held(ctx) // without lock information nothing is marked live
	out := []Pending{}
	for _, rec := range recs {
		if rec.Scope != u.cfg.Scope || rec.Bucket != u.api.Bucket() {
			continue
		}
		here, live := held[rec.ID]
		if !live && time.Since(rec.Updated) > StaleAfter {
			_ = u.Abort(ctx, rec.Name, rec.UploadID)
			continue
		}
		out = append(out, Pending{Record: rec, Live: live, Here: here})
	}
	return out, nil
}

// Sweep aborts and forgets this scope's uploads idle for StaleAfter, so
// abandoned parts stop costing storage even if the page never lists them.
// It returns how many it swept.
func (u *Uploader) Sweep(ctx context.Context) (int, error) {
	before, err := u.store.List(ctx)
	if err != nil {
		return 0, &Error{Code: CodeJournal, Message: "listing the upload journal failed", Err: err}
	}
	after, err := u.Pending(ctx)
	if err != nil {
		return 0, err
	}
	mine := 0
	for _, rec := range before {
		if rec.Scope == u.cfg.Scope && rec.Bucket == u.api.Bucket() {
			mine++
		}
	}
	return mine - len(after), nil
}
