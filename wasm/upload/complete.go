package upload

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/ossupload/ossupload/checkpoint"
)

// complete lists every part in order and checks the object's CRC.
func (r *run) complete(ctx context.Context, res *Result) error {
	parts := r.journal.parts()
	if len(parts) != len(r.lay.parts) {
		return errorf(CodeInternal, "%d of %d parts done at Complete", len(parts), len(r.lay.parts))
	}
	var cr CompleteResult
	tries := 0
	err := r.retry(ctx, func(ctx context.Context) error {
		tries++
		var err error
		cr, err = r.u.api.Complete(ctx, r.key, r.lay.uploadID, parts)
		if CodeOf(err) == CodeNoSuchUpload && tries > 1 {
			// An earlier attempt may have completed it before its answer was lost.
			return &Error{Code: CodeCompleteUnknown, Message: "Complete was retried after a failed attempt and the upload is gone: the first attempt probably completed the object; check it before uploading again", Err: err}
		}
		return err
	})
	if err != nil {
		return err
	}
	r.journal.delete(ctx)
	res.ETag, res.CRC64, res.RequestID, res.Status, res.Header = cr.ETag, cr.CRC64, cr.RequestID, cr.Status, cr.Header
	if cr.Bucket != "" {
		res.Bucket = cr.Bucket
	}
	if r.integrity && cr.CRC64 != "" {
		crc, err := combinedCRC(r.journal.parts())
		if err != nil {
			return err
		}
		if formatCRC(crc) != cr.CRC64 {
			return &Error{Code: CodeIntegrityMismatch, Status: cr.Status, RequestID: cr.RequestID, Message: fmt.Sprintf(
				"the completed object's CRC64 %s differs from the file's %s; the object %s is corrupt and should be deleted and uploaded again", cr.CRC64, formatCRC(crc), r.key)}
		}
	}
	r.prog.finish()
	return nil
}

// verdict is the one decision taken when an attempt fails.
type verdict int

const (
	verdictFail    verdict = iota // return the error
	verdictDone                   // the object already is this file
	verdictRestart                // the journal's upload expired: start a new one
	verdictAborted                // someone aborted the upload: stop, send nothing more
)

// afterFailure decides what a failed attempt means. Only a vanished upload
// (NoSuchUpload) or a lost Complete answer is more than its error: the
// object may already be this file (a Complete whose journal delete was
// lost), the journal may prove the upload expired (older than the bucket's
// UploadLifetime: restart, once), and otherwise someone aborted it, which
// ends the call with Aborted and never restarts by itself.
func (r *run) afterFailure(ctx context.Context, err error, resumed *checkpoint.Record, res *Result) verdict {
	code := CodeOf(err)
	if ctx.Err() != nil || (code != CodeNoSuchUpload && code != CodeCompleteUnknown) {
		return verdictFail
	}
	if r.objectIsFile(ctx, res) {
		return verdictDone
	}
	if code == CodeCompleteUnknown {
		return verdictFail
	}
	if resumed != nil && !res.Restarted && r.expired(resumed) {
		return verdictRestart
	}
	return verdictAborted
}

// expired reports whether the journal proves its upload outlived the
// bucket's lifecycle rule.
func (r *run) expired(rec *checkpoint.Record) bool {
	return !rec.Created.IsZero() && time.Since(rec.Created) >= r.u.cfg.UploadLifetime
}

// objectIsFile reports whether the object at the key already has this
// file's size and CRC64 (then res describes it).
func (r *run) objectIsFile(ctx context.Context, res *Result) bool {
	st, ok := r.u.api.(ObjectStater)
	if !ok {
		return false
	}
	info, err := st.StatObject(ctx, r.key)
	if err != nil || info.Size != r.src.Size() || info.CRC64 == "" {
		return false
	}
	crc, err := r.fileCRC(ctx)
	if err != nil || formatCRC(crc) != info.CRC64 {
		return false
	}
	res.ETag, res.CRC64, res.Resumed, res.AlreadyDone = info.ETag, info.CRC64, true, true
	if r.prog == nil {
		r.prog = newProgress(r.opts.Progress, r.u.cfg.ProgressInterval, r.src.Size(), 1)
	}
	r.prog.finish()
	return true
}

// fileCRC is the CRC64 of the whole file, hashed part by part in parallel.
func (r *run) fileCRC(ctx context.Context) (uint64, error) {
	ps := r.lay.partSize
	if ps == 0 {
		ps = r.opts.PartSize
	}
	_, specs, err := PlanParts(r.src.Size(), ps)
	if err != nil {
		return 0, err
	}
	crcs := make([]uint64, len(specs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, r.parallel))
	for i, s := range specs {
		g.Go(func() error {
			c, err := r.u.cfg.Hasher.HashPart(gctx, r.src, s.Offset, s.Size)
			crcs[i] = c
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	var crc uint64
	for i, s := range specs {
		crc = CombineCRC64(crc, crcs[i], s.Size)
	}
	return crc, nil
}

// ObjectInfo is what ObjectStater reports of an object.
type ObjectInfo struct {
	Size  int64
	CRC64 string // decimal x-oss-hash-crc64ecma; empty if unknown
	ETag  string
}

// ObjectStater is optionally implemented by an API that can HEAD an object;
// the engine uses it to recognise an upload that completed although its
// journal survived (a lost delete), instead of sending the file again.
type ObjectStater interface {
	StatObject(ctx context.Context, key string) (ObjectInfo, error)
}

// combinedCRC is the CRC64 of the parts' concatenation.
func combinedCRC(parts []checkpoint.Part) (uint64, error) {
	var crc uint64
	for _, p := range parts {
		pc, ok := parseCRC(p.CRC64)
		if !ok {
			return 0, errorf(CodeInternal, "part %d has no CRC64", p.Number)
		}
		crc = CombineCRC64(crc, pc, p.Size)
	}
	return crc, nil
}
