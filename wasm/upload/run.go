package upload

import (
	"context"
	"sync/atomic"

	"github.com/ossupload/ossupload/checkpoint"
)

// plan is what an Upload call settles before sending anything; it never
// changes during the call, so every goroutine may read it without locks.
type plan struct {
	key, bucket string
	recID       string // the journal record ID (scope, fingerprint, bucket, key)
	src         Source
	direct      DirectSource // nil unless src can be sent without Go reading it
	fp          checkpoint.Fingerprint
	integrity   bool
	parallel    int
	wait        bool
}

// layout is the part plan of one multipart upload (one upload ID); a restart
// replaces it whole.
type layout struct {
	uploadID string
	partSize int64
	parts    []PartSpec
}

// run is the mutable state of one Upload call.
type run struct {
	u *Uploader
	*plan
	opts    Options
	act     *active
	prog    *progress
	journal *journal
	lay     layout
	// unproven are the parts adopted from the server, pending their proof
	// against the file; proven counts those that passed.
	unproven []candidate
	proven   atomic.Int32
}

// newPlan validates the call and settles what it will do.
func (u *Uploader) newPlan(ctx context.Context, key string, src Source, o *Options) (*plan, error) {
	if err := validateKey(key); err != nil {
		return nil, err
	}
	if src == nil {
		return nil, errorf(CodeInvalidArgument, "no file given")
	}
	if err := validateOptions(o); err != nil {
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
	p := &plan{key: key, bucket: u.api.Bucket(), src: src, fp: fp, integrity: integrityDefault, parallel: o.Parallel, wait: o.Wait}
	p.recID = checkpoint.ScopedKey(u.cfg.Scope, fp, p.bucket, key)
	if o.Integrity != nil {
		p.integrity = *o.Integrity
	}
	if d, ok := src.(DirectSource); ok {
		p.direct = d
	}
	return p, nil
}

func (u *Uploader) newRun(p *plan, o Options) *run {
	r := &run{u: u, plan: p, opts: o}
	r.journal = newJournal(u, p.recID)
	return r
}
