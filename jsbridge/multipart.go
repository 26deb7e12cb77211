//go:build js && wasm

package jsbridge

import (
	"context"
	"syscall/js"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// ali-oss's low-level multipart methods, for callers that drive parts themselves.

func nameAndID(a []js.Value, method string) (string, string, error) {
	if len(a) < 2 || a[0].Type() != js.TypeString || a[1].Type() != js.TypeString {
		return "", "", invalid("%s(name, uploadId): both must be strings.", method)
	}
	return a[0].String(), a[1].String(), nil
}

// AbortMultipartUpload is ali-oss's abortMultipartUpload(name, uploadId): it
// aborts the upload and forgets its journal.
func (c *Client) AbortMultipartUpload(ctx context.Context, a []js.Value) (any, error) {
	name, id, err := nameAndID(a, "abortMultipartUpload")
	if err != nil {
		return nil, err
	}
	_, up, err := c.engine()
	if err != nil {
		return nil, err
	}
	ctx, x := ossapi.WithExchange(ctx)
	if err := up.Abort(ctx, name, id); err != nil {
		return nil, err
	}
	return map[string]any{"res": encodeRes(x.Response())}, nil
}

// ListParts is ali-oss's listParts(name, uploadId, query).
func (c *Client) ListParts(ctx context.Context, a []js.Value) (any, error) {
	name, id, err := nameAndID(a, "listParts")
	if err != nil {
		return nil, err
	}
	p := queryParams(arg(a[2:]))
	p["uploadId"] = id
	var l struct {
		oss.ListUploadedPartsResult
		PartNumberMarker string `xml:"PartNumberMarker"`
	}
	r, err := c.doXML(ctx, ossapi.Request{Method: "GET", Key: name, Params: p}, &l, "ListParts")
	if err != nil {
		return nil, err
	}
	parts := make([]any, len(l.UploadedParts))
	for i, p := range l.UploadedParts {
		parts[i] = map[string]any{"PartNumber": itoa(p.PartNumber), "LastModified": p.LastModified.UTC().Format(time.RFC3339Nano),
			"ETag": `"` + trimQuotes(p.ETag) + `"`, "Size": itoa(p.Size)}
	}
	return map[string]any{"res": encodeRes(*r), "uploadId": l.UploadID, "bucket": l.Bucket, "name": l.Key,
		"partNumberMarker": l.PartNumberMarker, "nextPartNumberMarker": l.NextPartNumberMarker, "maxParts": l.MaxParts,
		"isTruncated": l.IsTruncated, "parts": parts}, nil
}

// ListUploads is ali-oss's listUploads(query).
func (c *Client) ListUploads(ctx context.Context, a []js.Value) (any, error) {
	p := queryParams(arg(a))
	p["uploads"] = nil
	var l oss.ListMultipartUploadResult
	r, err := c.doXML(ctx, ossapi.Request{Method: "GET", Params: p}, &l, "ListMultipartUploads")
	if err != nil {
		return nil, err
	}
	ups := make([]any, len(l.Uploads))
	for i, u := range l.Uploads {
		ups[i] = map[string]any{"name": u.Key, "uploadId": u.UploadID, "initiated": u.Initiated.UTC().Format(time.RFC3339Nano)}
	}
	return map[string]any{"res": encodeRes(*r), "uploads": ups, "bucket": l.Bucket, "nextKeyMarker": l.NextKeyMarker,
		"nextUploadIdMarker": l.NextUploadIDMarker, "isTruncated": l.IsTruncated}, nil
}

// InitMultipartUpload is ali-oss's initMultipartUpload(name, {mime, meta, headers}).
func (c *Client) InitMultipartUpload(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "initMultipartUpload")
	if err != nil {
		return nil, err
	}
	o := arg(a[1:])
	headers, err := decodeHeaders(o)
	if err != nil {
		return nil, err
	}
	api, _, err := c.engine()
	if err != nil {
		return nil, err
	}
	ctx, x := ossapi.WithExchange(ctx)
	id, err := api.Initiate(ctx, name, upload.InitOptions{Mime: optString(o, "mime"), Headers: headers})
	if err != nil {
		return nil, err
	}
	return map[string]any{"res": encodeRes(x.Response()), "bucket": api.Bucket(), "name": name, "uploadId": id}, nil
}

// UploadPart is ali-oss's uploadPart(name, uploadId, partNo, file, start, end, options).
func (c *Client) UploadPart(ctx context.Context, a []js.Value) (any, error) {
	if len(a) < 6 || a[0].Type() != js.TypeString || a[1].Type() != js.TypeString || a[2].Type() != js.TypeNumber || a[4].Type() != js.TypeNumber || a[5].Type() != js.TypeNumber {
		return nil, invalid("uploadPart(name, uploadId, partNo, file, start, end): wrong argument types.")
	}
	blob, err := decodeBody(a[3])
	if err != nil {
		return nil, err
	}
	start, end := int64(a[4].Float()), int64(a[5].Float())
	src, _ := NewBlobSource(blob)
	if start < 0 || end < start || end > src.Size() {
		return nil, invalid("uploadPart: start/end must satisfy 0 <= start <= end <= file.size.")
	}
	headers, err := stringMap(arg(a[6:]), "headers")
	if err != nil {
		return nil, err
	}
	api, _, err := c.engine()
	if err != nil {
		return nil, err
	}
	ctx, x := ossapi.WithExchange(ossapi.WithHeaders(ctx, headers))
	r, err := api.UploadPart(src.Direct(ctx, start, end-start, nil), a[0].String(), a[1].String(), a[2].Int(), nil, end-start)
	if err != nil {
		return nil, err
	}
	res := x.Response()
	return map[string]any{"name": a[0].String(), "etag": etagOf(res, r.ETag), "crc64": r.CRC64, "res": encodeRes(res)}, nil
}

// CompleteMultipartUpload is ali-oss's completeMultipartUpload(name,
// uploadId, parts, {callback, headers, progress}).
func (c *Client) CompleteMultipartUpload(ctx context.Context, a []js.Value) (any, error) {
	if len(a) < 3 || a[0].Type() != js.TypeString || a[1].Type() != js.TypeString || a[2].Type() != js.TypeObject {
		return nil, invalid("completeMultipartUpload(name, uploadId, parts): parts must be [{number, etag}].")
	}
	items, err := arrayItems(a[2], "completeMultipartUpload's parts")
	if err != nil {
		return nil, err
	}
	var parts []checkpoint.Part
	seen := map[int]bool{}
	for _, item := range items {
		p := decodePart(item)
		if !seen[p.Number] { // ali-oss drops duplicates
			seen[p.Number] = true
			parts = append(parts, p)
		}
	}
	sortParts(parts)
	o := arg(a[3:])
	headers, err := decodeHeaders(o)
	if err != nil {
		return nil, err
	}
	api, _, err := c.engine()
	if err != nil {
		return nil, err
	}
	ctx, x := ossapi.WithExchange(ossapi.WithHeaders(ctx, headers))
	r, err := api.Complete(ctx, a[0].String(), a[1].String(), parts)
	if err != nil {
		return nil, err
	}
	res := x.Response()
	if isObject(o) && get(o, "progress").Type() == js.TypeFunction {
		if err := callProgress(ctx, get(o, "progress"), 1, js.Null(), encodeRes(res)); err != nil {
			return nil, err
		}
	}
	out := map[string]any{"res": encodeRes(res), "bucket": api.Bucket(), "name": a[0].String(), "etag": etagOf(res, r.ETag)}
	if _, ok := headers["x-oss-callback"]; ok {
		out["data"] = jsonValue(res.Body)
	}
	return out, nil
}

// ResumableUploads lists this identity's unfinished uploads from the
// journal (marking those live in another tab), aborting and dropping those
// idle for upload.StaleAfter.
func (c *Client) ResumableUploads(ctx context.Context, _ []js.Value) (any, error) {
	if _, _, err := c.engine(); err != nil {
		return nil, err
	}
	return c.resumable(ctx)
}
