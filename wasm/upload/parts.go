package upload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/ossupload/ossupload/checkpoint"
)

// execute uploads the missing parts, the journal writer running alongside.
func (r *run) execute(ctx context.Context) error {
	doneBytes, doneParts := r.journal.doneBytes()
	if r.prog == nil {
		r.prog = newProgress(r.opts.Progress, r.u.cfg.ProgressInterval, r.src.Size(), len(r.lay.parts))
	} else {
		r.prog.partsTotal = len(r.lay.parts)
	}
	r.prog.reset(doneBytes, doneParts)
	r.journal.start(ctx)
	defer r.journal.stop()
	return r.uploadParts(ctx)
}

// uploadParts sends the missing parts, at most r.parallel at once, while
// the adopted ones are proven; a part that fails its proof is sent too. The
// first fatal error cancels the others' requests.
func (r *run) uploadParts(ctx context.Context) error {
	var missing []PartSpec // before any proof can drop a part
	for _, spec := range r.lay.parts {
		if !r.journal.isDone(spec.Number) {
			missing = append(missing, spec)
		}
	}
	pctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	g, gctx := errgroup.WithContext(pctx)
	g.SetLimit(r.parallel)
	send := func(spec PartSpec) {
		if gctx.Err() == nil {
			g.Go(func() error { return r.uploadPart(gctx, spec) })
		}
	}
	// The first parts go out before any proof starts hashing: on a
	// single-threaded runtime (wasm) hashing would delay the first send.
	first := min(r.parallel, len(missing))
	for _, spec := range missing[:first] {
		send(spec)
	}
	proofs := make(chan error, 1)
	go func() {
		err := r.proveAll(gctx, send)
		if err != nil {
			cancel(err) // the file cannot be read: stop sending
		}
		proofs <- err
	}()
	for _, spec := range missing[first:] {
		send(spec)
	}
	perr := <-proofs
	err := g.Wait()
	if err == nil || (perr != nil && CodeOf(perr) != CodeCanceled) {
		err = perr
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// uploadPart sends one part until it succeeds, its retries run out, or ctx ends.
func (r *run) uploadPart(ctx context.Context, spec PartSpec) error {
	if err := ctx.Err(); err != nil {
		return err // another part failed while this one waited for a slot
	}
	pol := r.u.cfg.Retry
	body := r.newBody(spec)
	defer body.release()
	refreshes := 0
	for attempt := 1; ; attempt++ {
		err := r.attempt(ctx, spec, body)
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
		err = partError(err, spec)
		if !pol.retryable(err) || attempt >= pol.MaxAttempts {
			return err
		}
		if err := sleepCtx(ctx, pol.backoff(attempt)); err != nil {
			return err
		}
	}
}

// partError makes err an *Error naming the part.
func partError(err error, spec PartSpec) error {
	var e *Error
	if errors.As(err, &e) {
		if e.PartNumber == 0 {
			e.PartNumber = spec.Number
		}
		return err
	}
	return &Error{Code: CodeNetwork, Message: "uploading a part failed", PartNumber: spec.Number, Err: err}
}

var errStalled = errors.New("part stalled")

// attempt sends the part once and verifies the answer.
func (r *run) attempt(ctx context.Context, spec PartSpec, body partBody) error {
	actx, acancel := context.WithCancelCause(ctx)
	defer acancel(nil)
	w := r.watchStall(actx, acancel, spec)
	defer w.stop()
	res, err := body.send(actx, w.sent)
	if err != nil {
		if errors.Is(context.Cause(actx), errStalled) && ctx.Err() == nil {
			return &Error{Code: CodeTimeout, Message: fmt.Sprintf("no progress for %s; restarting the part", r.u.cfg.Retry.StallTimeout), PartNumber: spec.Number, Err: err}
		}
		return err
	}
	p, err := r.verifyPart(spec, res, body)
	if err != nil {
		return err
	}
	r.journal.add(p)
	r.prog.partDone(p.Number, p.Size, r.journal.snapshot)
	return nil
}

// verifyPart checks the server's answer for a sent part: an ETag, and with
// integrity on, the server's CRC64 equal to the file bytes'.
func (r *run) verifyPart(spec PartSpec, res PartResult, body partBody) (checkpoint.Part, error) {
	if res.ETag == "" {
		return checkpoint.Part{}, &Error{Code: CodeInternal, Message: "the server returned no ETag for the part (is ETag in the bucket's CORS ExposeHeaders?)", PartNumber: spec.Number}
	}
	p := checkpoint.Part{Number: spec.Number, ETag: res.ETag, Size: spec.Size, CRC64: res.CRC64}
	if !r.integrity {
		return p, nil
	}
	ours := formatCRC(body.crc())
	if res.CRC64 != "" && res.CRC64 != ours {
		return checkpoint.Part{}, &Error{Code: CodeIntegrityMismatch, Message: fmt.Sprintf("the server's CRC64 %s of %s differs from ours %s", res.CRC64, partString(spec), ours), PartNumber: spec.Number}
	}
	p.CRC64 = ours
	return p, nil
}

// stallWatch cancels an attempt that sent nothing for StallTimeout. The
// clock starts at once when Go feeds the body, but on the direct path only
// at the transport's first progress report: a transport that cannot report
// progress is never judged stalled (its own timeouts apply), rather than
// restarted in a loop on a slow link.
type stallWatch struct {
	last  atomic.Int64
	armed atomic.Bool
	done  chan struct{}
	sent  func(int64)
}

func (r *run) watchStall(ctx context.Context, cancel context.CancelCauseFunc, spec PartSpec) *stallWatch {
	w := &stallWatch{done: make(chan struct{})}
	w.armed.Store(r.direct == nil)
	w.last.Store(time.Now().UnixNano())
	w.sent = func(n int64) {
		w.last.Store(time.Now().UnixNano())
		w.armed.Store(true)
		r.prog.sent(spec.Number, n)
	}
	stall := r.u.cfg.Retry.StallTimeout
	if stall <= 0 {
		return w
	}
	go func() {
		t := time.NewTicker(max(stall/4, time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				if w.armed.Load() && time.Since(time.Unix(0, w.last.Load())) > stall {
					cancel(errStalled)
					return
				}
			}
		}
	}()
	return w
}

func (w *stallWatch) stop() { close(w.done) }

// partBody is how one part's bytes reach the transport, across attempts:
// sliced from the file by the transport itself (the browser's Blob), or
// read once into a buffer.
type partBody interface {
	// send runs one UploadPart attempt, reporting bytes sent to onSent.
	send(ctx context.Context, onSent func(int64)) (PartResult, error)
	// crc is the part's CRC64, valid after a successful send with integrity on.
	crc() uint64
	release()
}

func (r *run) newBody(spec PartSpec) partBody {
	if r.direct != nil {
		return &directBody{r: r, spec: spec}
	}
	return &bufferBody{r: r, spec: spec}
}

// directBody lets the transport send the part without Go reading it; with
// integrity on, Go reads it once alongside the upload to hash it.
type directBody struct {
	r     *run
	spec  PartSpec
	sum   uint64
	known bool
}

func (b *directBody) send(ctx context.Context, onSent func(int64)) (PartResult, error) {
	var hashed chan error
	if b.r.integrity && !b.known {
		hashed = make(chan error, 1)
		go func() {
			crc, err := b.r.u.cfg.Hasher.HashPart(ctx, b.r.src, b.spec.Offset, b.spec.Size)
			if err == nil {
				b.sum, b.known = crc, true
			}
			hashed <- err
		}()
	}
	uctx := b.r.direct.Direct(ctx, b.spec.Offset, b.spec.Size, onSent)
	res, err := b.r.u.api.UploadPart(uctx, b.r.key, b.r.lay.uploadID, b.spec.Number, io.NewSectionReader(b.r.src, b.spec.Offset, b.spec.Size), b.spec.Size)
	if hashed != nil {
		if herr := <-hashed; herr != nil && err == nil {
			return res, herr
		}
	}
	return res, err
}

func (b *directBody) crc() uint64 { return b.sum }
func (b *directBody) release()    {}

// bufferBody reads the part into a pooled buffer once and sends it from
// there on every attempt.
type bufferBody struct {
	r      *run
	spec   PartSpec
	buf    *[]byte
	filled bool
	sum    uint64
	known  bool
}

func (b *bufferBody) send(ctx context.Context, onSent func(int64)) (PartResult, error) {
	if !b.filled {
		b.buf = getBuf(b.r.lay.partSize)
		if err := readFull(b.r.src, (*b.buf)[:b.spec.Size], b.spec.Offset); err != nil {
			return PartResult{}, err
		}
		b.filled = true
	}
	data := (*b.buf)[:b.spec.Size]
	var crcDone chan struct{}
	if b.r.integrity && !b.known {
		// Hash the (read-only) buffer while the transport sends it.
		crcDone = make(chan struct{})
		go func() {
			b.sum = CRC64(data)
			close(crcDone)
		}()
	}
	body := &countingReader{r: bytes.NewReader(data), fn: onSent}
	res, err := b.r.u.api.UploadPart(ctx, b.r.key, b.r.lay.uploadID, b.spec.Number, body, b.spec.Size)
	if crcDone != nil {
		<-crcDone
		b.known = true
	}
	return res, err
}

func (b *bufferBody) crc() uint64 { return b.sum }

func (b *bufferBody) release() {
	if b.buf != nil {
		putBuf(b.buf)
		b.buf = nil
	}
}

// bufPool recycles part buffers across parts and uploads; with at most
// Parallel parts in flight each holding one, Go never holds more than
// Parallel parts.
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
