//go:build js && wasm

package jsbridge

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/ossapi"
)

// The encoders turn Go results into the plain objects ali-oss returns.

// lowerHeaders is res.headers as ali-oss (urllib) gives them: lower-case
// names, the first value of each.
func lowerHeaders(h http.Header) map[string]any {
	out := map[string]any{}
	for k, v := range h {
		if len(v) > 0 {
			out[strings.ToLower(k)] = v[0]
		}
	}
	return out
}

// encodeRes is ali-oss's res: {status, statusCode, headers, size, aborted,
// rt, requestUrls}, plus requestId for convenience.
func encodeRes(r ossapi.Response) map[string]any {
	size := len(r.Body)
	if n, err := strconv.Atoi(r.Header.Get("Content-Length")); err == nil && size == 0 {
		size = n
	}
	urls := []any{}
	if r.URL != "" {
		urls = append(urls, r.URL)
	}
	return map[string]any{
		"status": r.Status, "statusCode": r.Status, "headers": lowerHeaders(r.Header), "size": size, "aborted": false,
		"rt": r.Took.Milliseconds(), "keepAliveSocket": false, "requestUrls": urls, "requestId": r.Header.Get("X-Oss-Request-Id"),
	}
}

// encodeCheckpoint is ali-oss's checkpoint {file, name, fileSize, partSize,
// uploadId, doneParts} plus what resume needs.
func encodeCheckpoint(rec *checkpoint.Record, file js.Value) map[string]any {
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

// bytesToBlob hands downloaded bytes to JavaScript as a Blob of type ct.
func bytesToBlob(b []byte, ct string) js.Value {
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return js.Global().Get("Blob").New([]any{u}, map[string]any{"type": ct})
}

func itoa[T ~int | ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }

func trimQuotes(s string) string { return strings.Trim(s, `"`) }

func sortParts(p []checkpoint.Part) {
	sort.Slice(p, func(i, j int) bool { return p[i].Number < p[j].Number })
}
