//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/checkpoint/idbstore"
	"github.com/ossupload/ossupload/wasm/upload"
)

// Register installs globalThis.__ossuploadNative, the functions the ES
// module loader (web/oss-upload.js) wraps into the ali-oss-shaped OSS class.
func Register() {
	var mu sync.Mutex
	clients := map[int]*Client{}
	next := 1
	get := func(args []js.Value) (*Client, error) {
		if len(args) == 0 || args[0].Type() != js.TypeNumber {
			return nil, invalid("internal: missing client handle")
		}
		mu.Lock()
		defer mu.Unlock()
		c := clients[args[0].Int()]
		if c == nil {
			return nil, invalid("internal: unknown client handle")
		}
		return c, nil
	}
	// async wraps a method as a Promise-returning JS function.
	async := func(fn func(c *Client, args []js.Value) (any, error)) js.Func {
		return js.FuncOf(func(_ js.Value, args []js.Value) any {
			args = append([]js.Value(nil), args...)
			return Promise(func() (any, error) {
				c, err := get(args)
				if err != nil {
					return nil, err
				}
				return fn(c, args[1:])
			})
		})
	}
	native := map[string]any{
		"create": js.FuncOf(func(_ js.Value, args []js.Value) any {
			c, err := NewClient(arg(args))
			if err != nil {
				return map[string]any{"error": ErrorValue(err)}
			}
			mu.Lock()
			defer mu.Unlock()
			clients[next] = c
			next++
			return map[string]any{"handle": next - 1}
		}),
		"cancel": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if c, err := get(args); err == nil {
				c.Cancel()
			}
			return nil
		}),
		"multipartUpload":         async(func(c *Client, a []js.Value) (any, error) { return c.MultipartUpload(a) }),
		"abortMultipartUpload":    async(func(c *Client, a []js.Value) (any, error) { return c.AbortMultipartUpload(a) }),
		"listParts":               async(func(c *Client, a []js.Value) (any, error) { return c.ListParts(a) }),
		"listUploads":             async(func(c *Client, a []js.Value) (any, error) { return c.ListUploads(a) }),
		"initMultipartUpload":     async(func(c *Client, a []js.Value) (any, error) { return c.InitMultipartUpload(a) }),
		"uploadPart":              async(func(c *Client, a []js.Value) (any, error) { return c.UploadPart(a) }),
		"completeMultipartUpload": async(func(c *Client, a []js.Value) (any, error) { return c.CompleteMultipartUpload(a) }),
		"signatureUrl":            async(func(c *Client, a []js.Value) (any, error) { return c.SignatureURL(a) }),
		"resumableUploads":        async(func(c *Client, a []js.Value) (any, error) { return c.ResumableUploads() }),
		"info":                    async(func(c *Client, a []js.Value) (any, error) { return c.Info(context.Background()) }),
		"setPartHasher":           js.FuncOf(setPartHasher),
	}
	js.Global().Set("__ossuploadNative", js.ValueOf(native))
}

func resValue(status int, h http.Header, requestURL string) map[string]any {
	headers := map[string]any{}
	for k, v := range h {
		if len(v) > 0 {
			headers[http.CanonicalHeaderKey(k)] = v[0]
		}
	}
	rid := h.Get("x-oss-request-id")
	return map[string]any{"status": status, "statusCode": status, "headers": headers, "requestUrls": []any{requestURL}, "requestId": rid}
}

func numberOpt(o js.Value, k string) (float64, bool, error) {
	if o.Type() != js.TypeObject {
		return 0, false, nil
	}
	v := o.Get(k)
	if v.IsUndefined() || v.IsNull() {
		return 0, false, nil
	}
	if v.Type() != js.TypeNumber || math.IsNaN(v.Float()) || v.Float() != math.Trunc(v.Float()) {
		return 0, false, invalid("options.%s must be an integer, got %s.", k, str(v))
	}
	return v.Float(), true, nil
}

func stringMap(o js.Value, k string) (map[string]string, error) {
	if o.Type() != js.TypeObject {
		return nil, nil
	}
	v := o.Get(k)
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	if v.Type() != js.TypeObject {
		return nil, invalid("options.%s must be an object of strings.", k)
	}
	keys := js.Global().Get("Object").Call("keys", v)
	m := map[string]string{}
	for i := 0; i < keys.Length(); i++ {
		key := keys.Index(i).String()
		m[key] = str(v.Get(key))
	}
	return m, nil
}

// toRecord accepts an ali-oss checkpoint ({name, fileSize, partSize,
// uploadId, doneParts}) or one from resumableUploads (which adds fingerprint).
func toRecord(v js.Value) (*checkpoint.Record, error) {
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	if v.Type() != js.TypeObject || optString(v, "uploadId") == "" {
		return nil, &upload.Error{Code: upload.CodeCheckpointMismatch, Message: "options.checkpoint must be an object with uploadId, fileSize, partSize and doneParts."}
	}
	rec := &checkpoint.Record{Name: optString(v, "name"), UploadID: optString(v, "uploadId")}
	if n := v.Get("fileSize"); n.Type() == js.TypeNumber {
		rec.FileSize = int64(n.Float())
	}
	if n := v.Get("partSize"); n.Type() == js.TypeNumber {
		rec.PartSize = int64(n.Float())
	}
	if dp := v.Get("doneParts"); dp.Type() == js.TypeObject {
		for i := 0; i < dp.Length(); i++ {
			p := dp.Index(i)
			num := p.Get("number")
			if num.Type() != js.TypeNumber {
				num = p.Get("PartNumber")
			}
			etag := optString(p, "etag")
			if etag == "" {
				etag = optString(p, "ETag")
			}
			part := checkpoint.Part{Number: num.Int(), ETag: etag, CRC64: optString(p, "crc64")}
			if s := p.Get("size"); s.Type() == js.TypeNumber {
				part.Size = int64(s.Float())
			}
			rec.DoneParts = append(rec.DoneParts, part)
		}
	}
	if fp := v.Get("fingerprint"); fp.Type() == js.TypeObject {
		rec.Fingerprint = checkpoint.Fingerprint{Name: optString(fp, "name"), Sample: optString(fp, "sample")}
		if n := fp.Get("size"); n.Type() == js.TypeNumber {
			rec.Fingerprint.Size = int64(n.Float())
		}
		if n := fp.Get("lastModified"); n.Type() == js.TypeNumber {
			rec.Fingerprint.LastModified = int64(n.Float())
		}
	}
	if rec.PartSize <= 0 || rec.FileSize < 0 {
		return nil, &upload.Error{Code: upload.CodeCheckpointMismatch, Message: "options.checkpoint has no valid partSize/fileSize."}
	}
	return rec, nil
}

// checkpointValue is ali-oss's checkpoint shape plus what resume needs.
func checkpointValue(rec *checkpoint.Record, file js.Value) map[string]any {
	done := make([]any, len(rec.DoneParts))
	var bytes int64
	for i, p := range rec.DoneParts {
		done[i] = map[string]any{"number": p.Number, "etag": p.ETag, "size": p.Size, "crc64": p.CRC64}
		bytes += p.Size
	}
	return map[string]any{
		"file": file, "name": rec.Name, "bucket": rec.Bucket, "fileSize": rec.FileSize, "partSize": rec.PartSize, "uploadId": rec.UploadID,
		"doneParts": done, "bytesDone": bytes, "id": rec.ID,
		"fingerprint": map[string]any{"name": rec.Fingerprint.Name, "size": rec.Fingerprint.Size, "lastModified": rec.Fingerprint.LastModified, "sample": rec.Fingerprint.Sample},
		"created":     float64(rec.Created.UnixMilli()), "updated": float64(rec.Updated.UnixMilli()),
	}
}

// nameAndFile accepts (name, file) and, like a forgiving ali-oss, (file, name).
func nameAndFile(a []js.Value) (string, js.Value, js.Value, error) {
	if len(a) < 2 {
		return "", js.Undefined(), js.Undefined(), invalid("multipartUpload(name, file, options): name and file are required.")
	}
	n, f := a[0], a[1]
	if IsBlob(n) && f.Type() == js.TypeString {
		n, f = f, n
	}
	if n.Type() != js.TypeString {
		return "", js.Undefined(), js.Undefined(), invalid("multipartUpload: the object name must be a string, got %s.", n.Type())
	}
	if !IsBlob(f) {
		return "", js.Undefined(), js.Undefined(), invalid("multipartUpload: the file must be a File or Blob, got %s.", f.Type())
	}
	opts := js.Undefined()
	if len(a) > 2 {
		opts = a[2]
	}
	return n.String(), f, opts, nil
}

// MultipartUpload is ali-oss's multipartUpload(name, file, options).
func (c *Client) MultipartUpload(a []js.Value) (any, error) {
	name, file, o, err := nameAndFile(a)
	if err != nil {
		return nil, err
	}
	var opts upload.Options
	if v, ok, err := numberOpt(o, "parallel"); err != nil {
		return nil, err
	} else if ok {
		if v < 1 || v > float64(upload.MaxParallel) {
			return nil, invalid("options.parallel must be between 1 and %d, got %v.", upload.MaxParallel, v)
		}
		opts.Parallel = int(v)
	}
	if v, ok, err := numberOpt(o, "partSize"); err != nil {
		return nil, err
	} else if ok {
		if v < float64(upload.MinPartSize) || v > float64(upload.MaxPartSize) {
			return nil, invalid("options.partSize must be between 102400 (100 KiB) and 5 GiB, got %v.", v)
		}
		opts.PartSize = int64(v)
	}
	opts.Mime = optString(o, "mime")
	if opts.Meta, err = stringMap(o, "meta"); err != nil {
		return nil, err
	}
	if opts.Headers, err = stringMap(o, "headers"); err != nil {
		return nil, err
	}
	if o.Type() == js.TypeObject {
		if v := o.Get("integrity"); v.Type() == js.TypeBoolean {
			b := v.Bool()
			opts.Integrity = &b
		}
		if v := o.Get("fresh"); v.Type() == js.TypeBoolean {
			opts.Fresh = v.Bool()
		}
		opts.Wait = o.Get("wait").Type() == js.TypeBoolean && o.Get("wait").Bool()
		if opts.Checkpoint, err = toRecord(o.Get("checkpoint")); err != nil {
			return nil, err
		}
	}
	src, err := NewBlobSource(file)
	if err != nil {
		return nil, invalid("multipartUpload: %v", err)
	}
	ctx, done := c.track()
	defer done()
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	cb, err := callbackOption(o)
	if err != nil {
		return nil, err
	}
	c.api.SetCallback(name, cb)
	if o.Type() == js.TypeObject && o.Get("progress").Type() == js.TypeFunction {
		opts.Progress = progressFunc(ctx, o.Get("progress"), file)
	}
	if o.Type() == js.TypeObject && o.Get("fileHandle").Type() == js.TypeObject {
		if err := c.saveHandle(ctx, name, src, o.Get("fileHandle")); err != nil {
			js.Global().Get("console").Call("warn", "ossupload: the file handle could not be stored: "+err.Error())
		}
	}
	res, err := c.up.Upload(ctx, name, src, opts)
	if st, ok := c.store.(*idbstore.Store); ok && errors.Is(err, idbstore.ErrCorrupt) {
		// A damaged journal record would block this file for good: drop the
		// damaged records, say so, and upload from the start.
		dropped, derr := st.DropCorrupt(ctx)
		if derr != nil {
			return nil, err
		}
		js.Global().Get("console").Call("warn", "ossupload: dropped "+strconv.Itoa(len(dropped))+" corrupt journal record(s); "+name+" uploads from the start")
		res, err = c.up.Upload(ctx, name, src, opts)
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"data": callbackData(c.api.CallbackAnswer(name)),
		"name": res.Name, "bucket": res.Bucket, "etag": res.ETag, "crc64": res.CRC64,
		"resumed": res.Resumed, "restarted": res.Restarted, "alreadyDone": res.AlreadyDone, "warnings": stringsValue(res.Warnings), "res": resValue(res.Status, res.Header, c.endpoint+"/"+c.bucket+"/"+name),
	}, nil
}

// progressFunc calls the page's progress(p, checkpoint, res) and awaits it,
// as ali-oss does. Byte-level events are dropped while one is still being
// handled; part completions always get through.
func progressFunc(ctx context.Context, fn js.Value, file js.Value) func(upload.Progress) {
	var mu sync.Mutex
	var last js.Value = js.Null()
	return func(p upload.Progress) {
		important := p.Checkpoint != nil || p.Done
		if important {
			mu.Lock()
		} else if !mu.TryLock() {
			return
		}
		defer mu.Unlock()
		frac := 0.0
		if p.Total > 0 {
			frac = float64(p.Sent) / float64(p.Total)
		}
		if p.Done {
			frac = 1
		} else if frac >= 1 {
			frac = 0.9999 // 1 means complete, which only Complete's success says
		}
		if p.Checkpoint != nil {
			last = js.ValueOf(checkpointValue(p.Checkpoint, file))
			last.Set("file", file)
		}
		extra := js.ValueOf(map[string]any{"sent": p.Sent, "total": p.Total, "partsDone": p.PartsDone, "partsTotal": p.PartsTotal})
		if r := fn.Invoke(frac, last, js.Null(), extra); r.Type() == js.TypeObject {
			Await(ctx, r)
		}
	}
}

// AbortMultipartUpload cancels nothing else; it aborts uploadId and forgets its journal.
func (c *Client) AbortMultipartUpload(a []js.Value) (any, error) {
	if len(a) < 2 || a[0].Type() != js.TypeString || a[1].Type() != js.TypeString {
		return nil, invalid("abortMultipartUpload(name, uploadId): both must be strings.")
	}
	ctx, done := c.track()
	defer done()
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	if err := c.up.Abort(ctx, a[0].String(), a[1].String()); err != nil {
		return nil, err
	}
	return map[string]any{"res": map[string]any{"status": 204, "statusCode": 204}}, nil
}

// ListParts is ali-oss's listParts(name, uploadId).
func (c *Client) ListParts(a []js.Value) (any, error) {
	if len(a) < 2 || a[0].Type() != js.TypeString || a[1].Type() != js.TypeString {
		return nil, invalid("listParts(name, uploadId): both must be strings.")
	}
	ctx, done := c.track()
	defer done()
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	parts, err := c.api.ListParts(ctx, a[0].String(), a[1].String())
	if err != nil {
		return nil, err
	}
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = map[string]any{"PartNumber": strconv.Itoa(p.Number), "ETag": p.ETag, "Size": strconv.FormatInt(p.Size, 10)}
	}
	return map[string]any{"uploadId": a[1].String(), "bucket": c.bucket, "name": a[0].String(), "isTruncated": false, "parts": out, "res": map[string]any{"status": 200}}, nil
}

// ListUploads is ali-oss's listUploads({prefix, 'max-uploads'}).
func (c *Client) ListUploads(a []js.Value) (any, error) {
	ctx, done := c.track()
	defer done()
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	b, err := c.sdkBucket(ctx)
	if err != nil {
		return nil, err
	}
	q := arg(a)
	opts := []oss.Option{oss.WithContext(ctx), oss.SetHeader("x-oss-date", time.Now().UTC().Format("20060102T150405Z"))}
	if p := optString(q, "prefix"); p != "" {
		opts = append(opts, oss.Prefix(p))
	}
	r, err := b.ListMultipartUploads(opts...)
	if err != nil {
		return nil, mapSDKError(err)
	}
	ups := make([]any, len(r.Uploads))
	for i, u := range r.Uploads {
		ups[i] = map[string]any{"name": u.Key, "uploadId": u.UploadID, "initiated": u.Initiated.Format(time.RFC3339)}
	}
	return map[string]any{"uploads": ups, "isTruncated": r.IsTruncated, "nextKeyMarker": r.NextKeyMarker, "nextUploadIdMarker": r.NextUploadIDMarker, "res": map[string]any{"status": 200}}, nil
}

func mapSDKError(err error) error {
	if se, ok := err.(oss.ServiceError); ok {
		return &upload.Error{Code: se.Code, Message: se.Message, Status: se.StatusCode, RequestID: se.RequestID}
	}
	return &upload.Error{Code: upload.CodeNetwork, Message: err.Error(), Err: err}
}

// InitMultipartUpload is ali-oss's initMultipartUpload(name, {mime, meta, headers}).
func (c *Client) InitMultipartUpload(a []js.Value) (any, error) {
	if len(a) < 1 || a[0].Type() != js.TypeString {
		return nil, invalid("initMultipartUpload(name): name must be a string.")
	}
	ctx, done := c.track()
	defer done()
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	o := arg(a[1:])
	meta, err := stringMap(o, "meta")
	if err != nil {
		return nil, err
	}
	headers, err := stringMap(o, "headers")
	if err != nil {
		return nil, err
	}
	id, err := c.api.Initiate(ctx, a[0].String(), upload.InitOptions{Mime: optString(o, "mime"), Meta: meta, Headers: headers})
	if err != nil {
		return nil, err
	}
	return map[string]any{"bucket": c.bucket, "name": a[0].String(), "uploadId": id, "res": map[string]any{"status": 200}}, nil
}

// UploadPart is ali-oss's uploadPart(name, uploadId, partNo, file, start, end).
func (c *Client) UploadPart(a []js.Value) (any, error) {
	if len(a) < 6 || a[0].Type() != js.TypeString || a[1].Type() != js.TypeString || a[2].Type() != js.TypeNumber || !IsBlob(a[3]) || a[4].Type() != js.TypeNumber || a[5].Type() != js.TypeNumber {
		return nil, invalid("uploadPart(name, uploadId, partNo, file, start, end): wrong argument types.")
	}
	start, end := int64(a[4].Float()), int64(a[5].Float())
	src, _ := NewBlobSource(a[3])
	if start < 0 || end < start || end > src.Size() {
		return nil, invalid("uploadPart: start/end must satisfy 0 <= start <= end <= file.size.")
	}
	ctx, done := c.track()
	defer done()
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	pctx := src.Direct(ctx, start, end-start, nil)
	r, err := c.api.UploadPart(pctx, a[0].String(), a[1].String(), a[2].Int(), nil, end-start)
	if err != nil {
		return nil, err
	}
	return map[string]any{"name": a[0].String(), "etag": r.ETag, "crc64": r.CRC64, "res": map[string]any{"status": 200}}, nil
}

// CompleteMultipartUpload is ali-oss's completeMultipartUpload(name, uploadId, parts).
func (c *Client) CompleteMultipartUpload(a []js.Value) (any, error) {
	if len(a) < 3 || a[0].Type() != js.TypeString || a[1].Type() != js.TypeString || a[2].Type() != js.TypeObject {
		return nil, invalid("completeMultipartUpload(name, uploadId, parts): parts must be [{number, etag}].")
	}
	var parts []checkpoint.Part
	for i := 0; i < a[2].Length(); i++ {
		p := a[2].Index(i)
		parts = append(parts, checkpoint.Part{Number: p.Get("number").Int(), ETag: optString(p, "etag")})
	}
	ctx, done := c.track()
	defer done()
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	r, err := c.api.Complete(ctx, a[0].String(), a[1].String(), parts)
	if err != nil {
		return nil, err
	}
	return map[string]any{"bucket": c.bucket, "name": a[0].String(), "etag": r.ETag, "res": resValue(r.Status, r.Header, r.Location)}, nil
}

// SignatureURL is ali-oss's signatureUrl(name, {expires, method}) (async here:
// credentials may need fetching first).
func (c *Client) SignatureURL(a []js.Value) (any, error) {
	if len(a) < 1 || a[0].Type() != js.TypeString {
		return nil, invalid("signatureUrl(name, options): name must be a string.")
	}
	ctx, done := c.track()
	defer done()
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	o := arg(a[1:])
	expires := int64(1800)
	if v, ok, err := numberOpt(o, "expires"); err != nil {
		return nil, err
	} else if ok {
		expires = int64(v)
	}
	method := oss.HTTPGet
	if m := optString(o, "method"); m != "" {
		method = oss.HTTPMethod(m)
	}
	b, err := c.sdkBucket(ctx)
	if err != nil {
		return nil, err
	}
	return b.SignURL(a[0].String(), method, expires)
}

// ResumableUploads lists this identity's unfinished uploads from the
// journal (marking those live in another tab), aborting and dropping those
// idle for upload.StaleAfter.
func (c *Client) ResumableUploads() (any, error) {
	ctx, done := c.track()
	defer done()
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	return c.resumable(ctx)
}

// saveHandle keeps a FileSystemFileHandle with the upload's journal so a
// page can resume after a reload without the user choosing the file again
// (handle.getFile() after the browser's permission prompt).
func (c *Client) saveHandle(ctx context.Context, name string, src *BlobSource, handle js.Value) error {
	st, ok := c.store.(*idbstore.Store)
	if !ok {
		return invalid("no IndexedDB to keep the handle in")
	}
	fp, err := upload.Fingerprinted(src)
	if err != nil {
		return err
	}
	return st.PutHandle(ctx, checkpoint.ScopedKey(c.journalScope(), fp, c.bucket, name), handle)
}
