package ossapi

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/upload"
)

// The multipart calls below send what the SDK's Bucket methods of the same
// names send (the same parameters, options and body), through send.

// Initiate starts a multipart upload with the object's content type, user
// metadata and extra headers.
func (c *Client) Initiate(ctx context.Context, key string, o upload.InitOptions) (string, error) {
	var extra []oss.Option
	if o.Mime != "" {
		extra = append(extra, oss.ContentType(o.Mime))
	}
	for k, v := range o.Meta {
		extra = append(extra, oss.Meta(k, v))
	}
	for k, v := range o.Headers {
		extra = append(extra, oss.SetHeader(k, v))
	}
	extra = append(extra, headerOptions(ctx, callbackHeaders...)...)
	var id string
	err := c.call(ctx, func(ctx context.Context, s *oss.Signer) error {
		// As Bucket.InitiateMultipartUpload: a type from the key's extension
		// unless one is given.
		opts := oss.AddContentType(c.common(ctx, extra...), key)
		r, err := c.object(s, "POST", key, map[string]any{"uploads": nil}, opts, nil)
		if err != nil {
			return err
		}
		defer discard(r)
		var res oss.InitiateMultipartUploadResult
		if err := xml.NewDecoder(r.Body).Decode(&res); err != nil {
			return err
		}
		id = res.UploadID
		return nil
	})
	return id, err
}

// UploadPart sends one part. ctx reaches the sender unchanged (a
// DirectSource handle rides in it); the CRC comes from x-oss-hash-crc64ecma.
func (c *Client) UploadPart(ctx context.Context, key, uploadID string, number int, body io.Reader, size int64) (upload.PartResult, error) {
	var res upload.PartResult
	err := c.call(ctx, func(ctx context.Context, s *oss.Signer) error {
		// ali-oss sends the upload's headers with each part, except these two
		// which OSS refuses on UploadPart.
		extra := append(headerOptions(ctx, append(callbackHeaders, "x-oss-server-side-encryption", "x-oss-storage-class")...), oss.ContentLength(size))
		params := map[string]any{"partNumber": strconv.Itoa(number), "uploadId": uploadID}
		r, err := c.object(s, "PUT", key, params, c.common(ctx, extra...), &io.LimitedReader{R: body, N: size})
		if err != nil {
			return err
		}
		defer discard(r)
		res = upload.PartResult{ETag: r.Headers.Get("ETag"), CRC64: r.Headers.Get("X-Oss-Hash-Crc64ecma")}
		return nil
	})
	return res, err
}

// ListParts returns every part of the upload, following the pages.
func (c *Client) ListParts(ctx context.Context, key, uploadID string) ([]checkpoint.Part, error) {
	var out []checkpoint.Part
	marker := 0
	for {
		var page oss.ListUploadedPartsResult
		err := c.call(ctx, func(ctx context.Context, s *oss.Signer) error {
			opts := c.common(ctx, oss.MaxParts(1000), oss.PartNumberMarker(marker), oss.EncodingType("url"))
			params, err := oss.GetRawParams(opts)
			if err != nil {
				return err
			}
			params["uploadId"] = uploadID
			r, err := c.object(s, "GET", key, params, opts, nil)
			if err != nil {
				return err
			}
			defer discard(r)
			page = oss.ListUploadedPartsResult{}
			return xml.NewDecoder(r.Body).Decode(&page)
		})
		if err != nil {
			return nil, err
		}
		for _, p := range page.UploadedParts {
			out = append(out, checkpoint.Part{Number: p.PartNumber, ETag: p.ETag, Size: int64(p.Size)})
		}
		if !page.IsTruncated {
			return out, nil
		}
		next, err := strconv.Atoi(page.NextPartNumberMarker)
		if err != nil || next <= marker {
			return nil, &upload.Error{Code: upload.CodeInternal, Message: fmt.Sprintf("ListParts returned a bad NextPartNumberMarker %q", page.NextPartNumberMarker)}
		}
		marker = next
	}
}

// completeXML is CompleteMultipartUpload's body.
type completeXML struct {
	XMLName xml.Name         `xml:"CompleteMultipartUpload"`
	Part    []oss.UploadPart `xml:"Part"`
}

// Complete completes the upload with parts (in ascending order).
func (c *Client) Complete(ctx context.Context, key, uploadID string, parts []checkpoint.Part) (upload.CompleteResult, error) {
	ups := make([]oss.UploadPart, len(parts))
	for i, p := range parts {
		ups[i] = oss.UploadPart{PartNumber: p.Number, ETag: p.ETag}
	}
	sort.Sort(oss.UploadParts(ups))
	body, err := xml.Marshal(completeXML{Part: ups})
	if err != nil {
		return upload.CompleteResult{}, &upload.Error{Code: upload.CodeInternal, Message: "encoding the part list failed", Err: err}
	}
	var res upload.CompleteResult
	err = c.call(ctx, func(ctx context.Context, s *oss.Signer) error {
		extra := append(headerOptions(ctx, append(callbackHeaders, "x-oss-server-side-encryption", "x-oss-storage-class")...), callbackOptions(ctx)...)
		r, err := c.object(s, "POST", key, map[string]any{"uploadId": uploadID}, c.common(ctx, extra...), bytes.NewReader(body))
		if err != nil {
			return err
		}
		res, err = c.completed(ctx, key, r)
		return err
	})
	return res, err
}

// completed reads Complete's answer: OSS's XML result, or with a callback
// the callback's JSON, in which case the object's identity comes from the
// headers.
func (c *Client) completed(ctx context.Context, key string, r *oss.Response) (upload.CompleteResult, error) {
	defer discard(r)
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return upload.CompleteResult{}, err
	}
	if err := oss.CheckRespCode(r.StatusCode, []int{http.StatusOK}); err != nil {
		return upload.CompleteResult{}, err
	}
	h := r.Headers
	var out oss.CompleteMultipartUploadResult
	callback := hasCallback(ctx)
	switch {
	case len(raw) > 0 && callback:
		out = oss.CompleteMultipartUploadResult{ETag: h.Get("ETag"), Bucket: c.cfg.Bucket, Key: key}
	case len(raw) > 0:
		if err := xml.Unmarshal(raw, &out); err != nil {
			return upload.CompleteResult{}, err
		}
	}
	res := upload.CompleteResult{ETag: out.ETag, Location: out.Location, Bucket: out.Bucket, Key: out.Key, Status: http.StatusOK,
		Header: h, CRC64: h.Get("X-Oss-Hash-Crc64ecma"), RequestID: h.Get("X-Oss-Request-Id")}
	if res.ETag == "" {
		res.ETag = strings.Trim(h.Get("Etag"), `"`)
	}
	if x, ok := ctx.Value(exchangeKey{}).(*Exchange); ok && callback && len(raw) > 0 {
		x.mu.Lock()
		x.body = raw
		x.mu.Unlock()
	}
	return res, nil
}

// Abort aborts the upload.
func (c *Client) Abort(ctx context.Context, key, uploadID string) error {
	return c.call(ctx, func(ctx context.Context, s *oss.Signer) error {
		r, err := c.object(s, "DELETE", key, map[string]any{"uploadId": uploadID}, c.common(ctx), nil)
		if err != nil {
			return err
		}
		defer discard(r)
		return oss.CheckRespCode(r.StatusCode, []int{http.StatusNoContent})
	})
}
