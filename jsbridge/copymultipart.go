//go:build js && wasm

package jsbridge

import (
	"context"
	"strconv"
	"syscall/js"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/partcopy"
)

// copySource is ali-oss's sourceData {sourceKey, sourceBucketName,
// startOffset, endOffset} (the bucket defaults to the client's).
type copySource struct {
	partcopy.Source
	Start, End int64 // End 0: the object's size
}

func (c *Client) decodeCopySource(v js.Value, versionID string) (copySource, error) {
	if !isObject(v) || optString(v, "sourceKey") == "" {
		return copySource{}, invalid("sourceData must be {sourceKey, sourceBucketName, startOffset, endOffset}.")
	}
	s := copySource{Source: partcopy.Source{Key: optString(v, "sourceKey"), Bucket: optString(v, "sourceBucketName"), VersionID: versionID},
		Start: int64Of(get(v, "startOffset")), End: int64Of(get(v, "endOffset"))}
	if s.Bucket == "" {
		s.Bucket = c.bucketName()
	}
	if s.Start < 0 || s.End < 0 {
		return s, invalid("sourceData.startOffset and endOffset must not be negative.")
	}
	return s, nil
}

// UploadPartCopy is ali-oss's uploadPartCopy(name, uploadId, partNo, range,
// sourceData, {versionId, headers}): {name, etag, res}.
func (c *Client) UploadPartCopy(ctx context.Context, a []js.Value) (any, error) {
	if len(a) < 5 || a[0].Type() != js.TypeString || a[1].Type() != js.TypeString || (a[2].Type() != js.TypeNumber && a[2].Type() != js.TypeString) {
		return nil, invalid("uploadPartCopy(name, uploadId, partNo, range, sourceData): wrong argument types.")
	}
	o := arg(a[5:])
	src, err := c.decodeCopySource(a[4], optString(o, "versionId"))
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(str(a[2]))
	if err != nil || n < 1 {
		return nil, invalid("uploadPartCopy: partNo must be a positive integer.")
	}
	h, err := stringMap(o, "headers")
	if err != nil {
		return nil, err
	}
	r, err := c.do(ctx, partcopy.Request(a[0].String(), a[1].String(), n, src.Source, str(a[3]), h))
	if err != nil {
		return nil, err
	}
	return map[string]any{"name": a[0].String(), "etag": etagOf(*r, ""), "res": encodeRes(*r)}, nil
}

// MultipartUploadCopy is ali-oss's multipartUploadCopy(name, sourceData,
// {partSize, parallel, progress, checkpoint, versionId, copyheaders, headers,
// meta, mime, callback}): the source (or a range of it) copied by
// UploadPartCopy into a new multipart upload, then completed.
func (c *Client) MultipartUploadCopy(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "multipartUploadCopy")
	if err != nil {
		return nil, err
	}
	o := arg(a[2:])
	var sd js.Value
	if len(a) > 1 {
		sd = a[1]
	}
	src, err := c.decodeCopySource(sd, optString(o, "versionId"))
	if err != nil {
		return nil, err
	}
	size, err := c.objectSize(ctx, src.Source)
	if err != nil {
		return nil, err
	}
	if src.End == 0 {
		src.End = size
	}
	cpt, err := c.copyCheckpoint(ctx, name, src, o)
	if err != nil {
		return nil, err
	}
	headers, err := stringMap(o, "copyheaders")
	if err != nil {
		return nil, err
	}
	parallel, _, err := numberOpt(o, "parallel")
	if err != nil {
		return nil, err
	}
	progress := js.Undefined()
	if isObject(o) {
		progress = get(o, "progress")
	}
	ranges := partcopy.Divide(cpt.copySize, cpt.partSize, src.Start)
	done, err := partcopy.Copy(ctx, c.doer(), partcopy.Job{Key: name, UploadID: cpt.uploadID, Source: src.Source, Parts: ranges,
		Done: cpt.done, Parallel: int(parallel), Headers: headers,
		Progress: func(ctx context.Context, done []checkpoint.Part, res *ossapi.Response) error {
			if progress.Type() != js.TypeFunction {
				return nil
			}
			cpt.done = done
			return callProgress(ctx, progress, float64(len(done))/float64(len(ranges)), cpt.value(name), encodeRes(*res))
		}})
	if err != nil {
		return nil, err
	}
	parts := make([]any, len(done))
	for i, p := range done {
		parts[i] = map[string]any{"number": p.Number, "etag": p.ETag}
	}
	return c.CompleteMultipartUpload(ctx, []js.Value{js.ValueOf(name), js.ValueOf(cpt.uploadID), js.ValueOf(parts), o})
}

// copyCheckpoint is ali-oss's copy checkpoint {name, copySize, partSize,
// uploadId, doneParts}: the one given in options.checkpoint, or a new upload
// (initiated here, with progress(0, checkpoint, res) as ali-oss calls it).
type copyCheckpoint struct {
	copySize, partSize int64
	uploadID           string
	done               []checkpoint.Part
}

func (p *copyCheckpoint) value(name string) map[string]any {
	done := make([]any, len(p.done))
	for i, d := range p.done {
		done[i] = map[string]any{"number": d.Number, "etag": d.ETag}
	}
	return map[string]any{"name": name, "copySize": p.copySize, "partSize": p.partSize, "uploadId": p.uploadID, "doneParts": done}
}

func (c *Client) copyCheckpoint(ctx context.Context, name string, src copySource, o js.Value) (*copyCheckpoint, error) {
	if v := getIfObject(o, "checkpoint"); isObject(v) && optString(v, "uploadId") != "" {
		cpt := &copyCheckpoint{copySize: int64Of(get(v, "copySize")), partSize: int64Of(get(v, "partSize")), uploadID: optString(v, "uploadId")}
		if dp := get(v, "doneParts"); dp.Type() == js.TypeObject {
			items, err := arrayItems(dp, "options.checkpoint.doneParts")
			if err != nil {
				return nil, err
			}
			for _, p := range items {
				cpt.done = append(cpt.done, decodePart(p))
			}
		}
		if cpt.copySize <= 0 || cpt.partSize <= 0 {
			return nil, invalid("options.checkpoint must have copySize and partSize.")
		}
		return cpt, nil
	}
	size := src.End - src.Start
	if size < partcopy.MinPartSize {
		return nil, invalid("copySize must not be smaller than %d", partcopy.MinPartSize)
	}
	partSize, _, err := numberOpt(o, "partSize")
	if err != nil {
		return nil, err
	}
	if partSize != 0 && int64(partSize) < partcopy.MinPartSize {
		return nil, invalid("partSize must not be smaller than %d", partcopy.MinPartSize)
	}
	init, err := c.InitMultipartUpload(ctx, []js.Value{js.ValueOf(name), o})
	if err != nil {
		return nil, err
	}
	m := init.(map[string]any)
	cpt := &copyCheckpoint{copySize: size, partSize: partcopy.PartSize(size, int64(partSize)), uploadID: m["uploadId"].(string)}
	if p := getIfObject(o, "progress"); p.Type() == js.TypeFunction {
		if err := callProgress(ctx, p, 0, cpt.value(name), m["res"]); err != nil {
			return nil, err
		}
	}
	return cpt, nil
}

func getIfObject(o js.Value, k string) js.Value {
	if !isObject(o) {
		return js.Undefined()
	}
	return get(o, k)
}

// objectSize HEADs the source (in its own bucket) for its size, as
// ali-oss's _getObjectMeta does.
func (c *Client) objectSize(ctx context.Context, s partcopy.Source) (int64, error) {
	api, err := c.apiFor(s.Bucket)
	if err != nil {
		return 0, err
	}
	var p map[string]any
	if s.VersionID != "" {
		p = map[string]any{"versionId": s.VersionID}
	}
	r, err := api.Do(ctx, ossapi.Request{Method: "HEAD", Key: s.Key, Params: p})
	if err != nil {
		return 0, headError(err)
	}
	n, err := strconv.ParseInt(r.Header.Get("Content-Length"), 10, 64)
	if err != nil {
		return 0, invalid("the source's HEAD gave no Content-Length (is it exposed by the bucket's CORS rule?)")
	}
	return n, nil
}

// apiFor is the OSS API for bucket: the client's own, or one built like it
// for another bucket.
func (c *Client) apiFor(bucket string) (*ossapi.Client, error) {
	api, _, err := c.engine()
	if err != nil || bucket == "" || bucket == api.Bucket() {
		return api, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	own := c.bucket
	c.bucket = bucket
	defer func() { c.bucket = own }()
	return c.newAPI()
}

// doer sends the copy's requests with the client's current bucket.
func (c *Client) doer() partcopy.Doer { return doerFunc(c.do) }

type doerFunc func(ctx context.Context, r ossapi.Request) (*ossapi.Response, error)

func (f doerFunc) Do(ctx context.Context, r ossapi.Request) (*ossapi.Response, error) {
	return f(ctx, r)
}
