//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"io"
	"strconv"
	"sync"
	"syscall/js"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/checkpoint/idbstore"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// minPartSize is ali-oss's: a smaller file is sent with one PUT.
const minPartSize = 100 << 10

// uploadArgs are multipartUpload's decoded arguments.
type uploadArgs struct {
	name     string
	file     js.Value // the caller's value (a File keeps its name in the checkpoint)
	blob     js.Value // the body as a Blob
	opts     upload.Options
	headers  map[string]string // meta and headers, plus the callback's, for every request
	progress js.Value
	handle   js.Value // a FileSystemFileHandle to keep with the journal
}

// decodeUploadArgs reads (name, file, options) and, like a forgiving
// ali-oss, (file, name, options).
func decodeUploadArgs(a []js.Value) (uploadArgs, error) {
	var u uploadArgs
	if len(a) < 2 {
		return u, invalid("multipartUpload(name, file, options): name and file are required.")
	}
	n, f := a[0], a[1]
	if IsBlob(n) && f.Type() == js.TypeString {
		n, f = f, n
	}
	if n.Type() != js.TypeString {
		return u, invalid("multipartUpload: the object name must be a string, got %s.", n.Type())
	}
	blob, err := decodeBody(f)
	if err != nil {
		return u, invalid("multipartUpload: %s", err.(*upload.Error).Message)
	}
	if u.name, err = objectName(n.String()); err != nil {
		return u, err
	}
	u.file, u.blob = f, blob
	o := arg(a[2:])
	if u.opts, err = decodeOptions(o); err != nil {
		return u, err
	}
	u.opts.Mime = mimeOf(u.opts.Mime, f)
	if u.headers, err = decodeHeaders(o); err != nil {
		return u, err
	}
	if isObject(o) {
		if p := get(o, "progress"); p.Type() == js.TypeFunction {
			u.progress = p
		}
		if h := get(o, "fileHandle"); h.Type() == js.TypeObject {
			u.handle = h
		}
	}
	return u, nil
}

// decodeOptions reads the engine's options: parallel, partSize, mime,
// integrity, fresh, checkpoint.
func decodeOptions(o js.Value) (upload.Options, error) {
	var opts upload.Options
	if v, ok, err := numberOpt(o, "parallel"); err != nil {
		return opts, err
	} else if ok {
		if v < 1 || v > float64(upload.MaxParallel) {
			return opts, invalid("options.parallel must be between 1 and %d, got %v.", upload.MaxParallel, v)
		}
		opts.Parallel = int(v)
	}
	if v, ok, err := numberOpt(o, "partSize"); err != nil {
		return opts, invalid("partSize must be int number") // ali-oss's message
	} else if ok && v != 0 { // 0: the default, as ali-oss reads it
		if v < float64(upload.MinPartSize) {
			return opts, invalid("partSize must not be smaller than %d", upload.MinPartSize) // ali-oss's message
		}
		if v > float64(upload.MaxPartSize) {
			return opts, invalid("options.partSize must be at most 5 GiB, got %v.", v)
		}
		opts.PartSize = int64(v)
	}
	opts.Mime = optString(o, "mime")
	if v, ok := optBool(o, "integrity"); ok {
		opts.Integrity = &v
	}
	opts.Fresh, _ = optBool(o, "fresh")
	opts.Wait, _ = optBool(o, "wait")
	var err error
	if isObject(o) {
		opts.Checkpoint, err = decodeCheckpoint(get(o, "checkpoint"))
	}
	return opts, err
}

// decodeHeaders is the request headers of options: headers, meta as
// x-oss-meta-*, and the callback.
func decodeHeaders(o js.Value) (map[string]string, error) {
	meta, headers, err := metaAndHeaders(o)
	if err != nil {
		return nil, err
	}
	h := metaHeaders(meta, headers)
	return h, callbackHeaders(o, h)
}

// metaAndHeaders is options.meta and options.headers, each an object of strings.
func metaAndHeaders(o js.Value) (meta, headers map[string]string, err error) {
	if meta, err = stringMap(o, "meta"); err != nil {
		return nil, nil, err
	}
	headers, err = stringMap(o, "headers")
	return meta, headers, err
}

// MultipartUpload is ali-oss's multipartUpload(name, file, options).
func (c *Client) MultipartUpload(ctx context.Context, a []js.Value) (any, error) {
	u, err := decodeUploadArgs(a)
	if err != nil {
		return nil, err
	}
	size := int64(u.blob.Get("size").Float())
	if size < minPartSize && u.opts.Checkpoint == nil {
		return c.putSmall(ctx, u)
	}
	api, up, err := c.engine()
	if err != nil {
		return nil, err
	}
	src, err := NewBlobSource(u.blob)
	if err != nil {
		return nil, invalid("multipartUpload: %v", err)
	}
	if !u.file.Equal(u.blob) {
		src.name = "" // a buffer has no name to fingerprint
	}
	c.markUpload(ctx, u.name, optString(get(arg(a[2:]), "checkpoint"), "uploadId"))
	rec := &recorder{parts: map[int]ossapi.Response{}}
	ctx = context.WithValue(ossapi.WithHeaders(ctx, u.headers), recorderKey{}, rec)
	u.opts.Headers = u.headers
	if u.progress.Type() == js.TypeFunction {
		pr := &progressBridge{fn: u.progress, file: u.file, rec: rec, fail: func(err error) { c.cancelCall(ctx, err) }, last: js.Null(),
			bytes: declaresBytes(u.progress)}
		if u.opts.Checkpoint != nil {
			pr.last = js.ValueOf(encodeCheckpoint(u.opts.Checkpoint, u.file))
		}
		rec.onInit = func(id string, res ossapi.Response) {
			c.markUpload(ctx, u.name, id)
			partSize, parts, _ := upload.PlanParts(size, u.opts.PartSize)
			pr.initiated(ctx, &checkpoint.Record{Name: u.name, Bucket: api.Bucket(), FileSize: size, PartSize: partSize, UploadID: id}, len(parts), res)
		}
		u.opts.Progress = func(p upload.Progress) { pr.event(ctx, p) }
	} else {
		rec.onInit = func(id string, _ ossapi.Response) { c.markUpload(ctx, u.name, id) }
	}
	if u.handle.Type() == js.TypeObject {
		if err := c.saveHandle(ctx, u.name, src, u.handle); err != nil {
			js.Global().Get("console").Call("warn", "ossupload: the file handle could not be stored: "+err.Error())
		}
	}
	res, err := c.uploadRepairing(ctx, up, u.name, src, u.opts)
	if err != nil {
		return nil, err
	}
	out := rec.completeRes()
	if out.URL == "" {
		out = ossapi.Response{Status: res.Status, Header: res.Header}
	}
	r := map[string]any{"name": res.Name, "bucket": res.Bucket, "etag": etagOf(out, res.ETag), "crc64": res.CRC64,
		"resumed": res.Resumed, "restarted": res.Restarted, "alreadyDone": res.AlreadyDone, "warnings": stringsValue(res.Warnings), "res": encodeRes(out)}
	if _, ok := u.headers["x-oss-callback"]; ok {
		r["data"] = jsonValue(out.Body)
	}
	return r, nil
}

// uploadRepairing is Upload, once more after dropping corrupt journal
// records: a damaged record would block this file for good.
func (c *Client) uploadRepairing(ctx context.Context, up *upload.Uploader, name string, src *BlobSource, opts upload.Options) (*upload.Result, error) {
	res, err := up.Upload(ctx, name, src, opts)
	rp, ok := c.store.(checkpoint.Repairer)
	if !ok || !errors.Is(err, idbstore.ErrCorrupt) {
		return res, err
	}
	dropped, derr := rp.DropCorrupt(ctx)
	if derr != nil {
		return nil, err
	}
	js.Global().Get("console").Call("warn", "ossupload: dropped "+strconv.Itoa(len(dropped))+" corrupt journal record(s); "+name+" uploads from the start")
	return up.Upload(ctx, name, src, opts)
}

// putSmall is ali-oss's path for a file under 100 KiB: one PUT, then progress(1).
func (c *Client) putSmall(ctx context.Context, u uploadArgs) (any, error) {
	r, err := c.putObject(ctx, "PUT", u.name, u.blob, u.opts.Mime, u.headers, nil)
	if err != nil {
		return nil, err
	}
	if u.progress.Type() == js.TypeFunction {
		if err := callProgress(ctx, u.progress, 1); err != nil {
			return nil, err
		}
	}
	out := map[string]any{"res": encodeRes(*r), "bucket": c.bucketName(), "name": u.name, "etag": r.Header.Get("Etag")}
	if _, ok := u.headers["x-oss-callback"]; ok {
		out["data"] = jsonValue(r.Body)
	}
	return out, nil
}

func (c *Client) bucketName() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bucket
}

// cancelCall cancels the tracked call of ctx with cause.
func (c *Client) cancelCall(ctx context.Context, cause error) {
	id, _ := ctx.Value(trackKey{}).(int)
	c.mu.Lock()
	t, ok := c.cancels[id]
	c.mu.Unlock()
	if ok {
		t.cancel(cause)
	}
}

// callProgress calls the caller's progress and awaits it; a throw or
// rejection is returned as the caller's own error.
func callProgress(ctx context.Context, fn js.Value, args ...any) error {
	v, err := invoke(fn, args...)
	if err == nil {
		_, err = Await(ctx, v)
	}
	var je *JSError
	if errors.As(err, &je) {
		return &callerError{je}
	}
	return err
}

func etagOf(r ossapi.Response, fallback string) string {
	if e := r.Header.Get("Etag"); e != "" {
		return e
	}
	return fallback
}

// jsonValue parses a callback server's JSON answer (ali-oss's result.data).
func jsonValue(b []byte) any {
	v, err := invoke(js.Global().Get("JSON").Get("parse"), string(b))
	if err != nil {
		return string(b)
	}
	return v
}

type recorderKey struct{}

// recorder keeps what ali-oss hands to progress and returns but the engine
// does not: each part's response, Complete's, and the moment Initiate returns.
type recorder struct {
	mu       sync.Mutex
	parts    map[int]ossapi.Response
	complete ossapi.Response
	onInit   func(uploadID string, res ossapi.Response)
}

func (r *recorder) part(n int) ossapi.Response {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.parts[n]
}

func (r *recorder) completeRes() ossapi.Response {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.complete
}

// recordingAPI is the engine's API with each response recorded in the
// call's recorder (found in the context the engine passes down).
type recordingAPI struct{ upload.API }

func recorderOf(ctx context.Context) *recorder {
	r, _ := ctx.Value(recorderKey{}).(*recorder)
	return r
}

// Initiate implements upload.API.
func (a recordingAPI) Initiate(ctx context.Context, key string, o upload.InitOptions) (string, error) {
	ctx, x := ossapi.WithExchange(ctx)
	id, err := a.API.Initiate(ctx, key, o)
	if r := recorderOf(ctx); r != nil && err == nil && r.onInit != nil {
		r.onInit(id, x.Response())
	}
	return id, err
}

// UploadPart implements upload.API.
func (a recordingAPI) UploadPart(ctx context.Context, key, uploadID string, number int, body io.Reader, size int64) (upload.PartResult, error) {
	ctx, x := ossapi.WithExchange(ctx)
	res, err := a.API.UploadPart(ctx, key, uploadID, number, body, size)
	if r := recorderOf(ctx); r != nil && err == nil {
		r.mu.Lock()
		r.parts[number] = x.Response()
		r.mu.Unlock()
	}
	return res, err
}

// Complete implements upload.API.
func (a recordingAPI) Complete(ctx context.Context, key, uploadID string, parts []checkpoint.Part) (upload.CompleteResult, error) {
	ctx, x := ossapi.WithExchange(ctx)
	res, err := a.API.Complete(ctx, key, uploadID, parts)
	if r := recorderOf(ctx); r != nil && err == nil {
		r.mu.Lock()
		r.complete = x.Response()
		r.mu.Unlock()
	}
	return res, err
}

// progressBridge calls the page's progress as ali-oss does: (0, checkpoint,
// res) after Initiate, (done/(parts+1), checkpoint, part's res) per part,
// (1, null, Complete's res) at the end: exactly ali-oss's calls, which code
// written for ali-oss may count. A function that declares a fourth
// parameter, (p, checkpoint, res, bytes), asks for byte-level calls in
// between as well (never lower than the last value, checkpoint never null
// once one exists).
// Calls are awaited; byte-level ones are dropped while one is still being
// handled. A throw or rejection cancels the upload with that error (the
// journal is kept).
type progressBridge struct {
	fn, file js.Value
	rec      *recorder
	fail     func(error)
	bytes    bool // byte-level calls too: fn declares (p, checkpoint, res, bytes)

	mu      sync.Mutex
	last    js.Value // the checkpoint last handed out
	lastRes js.Value // the response last handed out: byte-level calls repeat it (ali-oss never passes no res)
	seen    map[int]bool
	frac    float64
	failed  bool
}

// declaresBytes reports whether a progress function declares a fourth
// parameter (its length), asking for byte-level calls.
func declaresBytes(fn js.Value) bool {
	n := get(fn, "length")
	return n.Type() == js.TypeNumber && n.Float() >= 4
}

func (p *progressBridge) initiated(ctx context.Context, rec *checkpoint.Record, parts int, res ossapi.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last, p.lastRes = js.ValueOf(encodeCheckpoint(rec, p.file)), js.ValueOf(encodeRes(res))
	p.callLocked(ctx, 0, p.last, p.lastRes, upload.Progress{Total: rec.FileSize, PartsTotal: parts})
}

func (p *progressBridge) event(ctx context.Context, e upload.Progress) {
	important := e.Checkpoint != nil || e.Done
	if !important && !p.bytes {
		return
	}
	if important {
		p.mu.Lock()
	} else if !p.mu.TryLock() {
		return
	}
	defer p.mu.Unlock()
	res := p.lastRes
	if res.IsUndefined() {
		res = js.Null()
	}
	frac := 0.0
	switch {
	case e.Done:
		frac, p.last, res = 1, js.Null(), js.ValueOf(encodeRes(p.rec.completeRes()))
	case e.Checkpoint != nil:
		p.last = js.ValueOf(encodeCheckpoint(e.Checkpoint, p.file))
		frac = float64(len(e.Checkpoint.DoneParts)) / float64(e.PartsTotal+1)
		if p.bytes {
			frac = max(frac, p.frac) // byte-level calls count bytes, parts count parts: never go back
		}
		if n := p.newPart(e.Checkpoint); n > 0 {
			res = js.ValueOf(encodeRes(p.rec.part(n)))
			p.lastRes = res
		}
	case e.Total > 0:
		frac = float64(e.Sent) / float64(e.Total) * float64(e.PartsTotal) / float64(e.PartsTotal+1)
		if frac <= p.frac {
			return
		}
	}
	p.callLocked(ctx, frac, p.last, res, e)
}

// newPart is the first part of rec not handed out yet.
func (p *progressBridge) newPart(rec *checkpoint.Record) int {
	if p.seen == nil {
		p.seen = map[int]bool{}
	}
	n := 0
	for _, d := range rec.DoneParts {
		if !p.seen[d.Number] {
			p.seen[d.Number] = true
			if n == 0 {
				n = d.Number
			}
		}
	}
	return n
}

func (p *progressBridge) callLocked(ctx context.Context, frac float64, cpt, res js.Value, e upload.Progress) {
	if p.failed || ctx.Err() != nil {
		return
	}
	p.frac = max(p.frac, frac)
	bytes := js.ValueOf(map[string]any{"sent": e.Sent, "total": e.Total, "partsDone": e.PartsDone, "partsTotal": e.PartsTotal})
	if err := callProgress(ctx, p.fn, frac, cpt, res, bytes); err != nil && ctx.Err() == nil {
		p.failed = true
		p.fail(err)
	}
}

// saveHandle keeps a FileSystemFileHandle with the upload's journal so a
// page can resume after a reload without the user choosing the file again
// (handle.getFile() after the browser's permission prompt).
func (c *Client) saveHandle(ctx context.Context, name string, src *BlobSource, handle js.Value) error {
	st, ok := c.store.(handleStore)
	if !ok {
		return invalid("no IndexedDB to keep the handle in")
	}
	fp, err := upload.Fingerprinted(src)
	if err != nil {
		return err
	}
	return st.PutHandle(ctx, checkpoint.ScopedKey(c.journalScope(), fp, c.bucketName(), name), handle)
}

// StatObject forwards the engine's optional ObjectStater, which the
// embedding would otherwise hide.
func (a recordingAPI) StatObject(ctx context.Context, key string) (upload.ObjectInfo, error) {
	st, ok := a.API.(upload.ObjectStater)
	if !ok {
		return upload.ObjectInfo{}, &upload.Error{Code: upload.CodeInternal, Message: "the OSS API cannot stat objects"}
	}
	return st.StatObject(ctx, key)
}

var _ upload.ObjectStater = recordingAPI{}
