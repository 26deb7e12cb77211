// Package partcopy is the part-copy engine of ali-oss's multipartUploadCopy:
// an object (or a byte range of it) copied server-side into a multipart
// upload by UploadPartCopy requests, in parallel, with a checkpoint updated
// after each part. It sends nothing itself: requests go through a Doer
// (ossapi.Client in the module).
package partcopy

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

const (
	// MinPartSize is ali-oss's smallest copy and part size (100 KiB).
	MinPartSize int64 = 100 << 10
	// DefaultPartSize is ali-oss's part size when none is given (1 MiB).
	DefaultPartSize int64 = 1 << 20
	// DefaultParallel is ali-oss's multipartUploadCopy parallelism.
	DefaultParallel = 5
)

// Doer sends one OSS request (ossapi.Client.Do).
type Doer interface {
	Do(ctx context.Context, r ossapi.Request) (*ossapi.Response, error)
}

// Source is what is copied: ali-oss's sourceData and the version.
type Source struct {
	Bucket, Key, VersionID string
}

// Range is one part's bytes of the source: [Start, End).
type Range struct{ Start, End int64 }

// PartSize is ali-oss's _getPartSize: the part size asked for (default
// 1 MiB), raised so that size fits in 10,000 parts.
func PartSize(size, partSize int64) int64 {
	if partSize <= 0 {
		partSize = DefaultPartSize
	}
	if safe := (size + upload.MaxParts - 1) / upload.MaxParts; partSize < safe {
		partSize = safe
	}
	return partSize
}

// Divide is ali-oss's _divideMultipartCopyParts: size bytes from start in
// parts of partSize, part n being ranges[n-1].
func Divide(size, partSize, start int64) []Range {
	if size <= 0 || partSize <= 0 {
		return nil
	}
	n := (size + partSize - 1) / partSize
	out := make([]Range, n)
	for i := range out {
		s := start + int64(i)*partSize
		out[i] = Range{Start: s, End: min(s+partSize, start+size)}
	}
	return out
}

// Bytes is the range as ali-oss's uploadPartCopy takes it: "start-last".
func (r Range) Bytes() string { return fmt.Sprintf("%d-%d", r.Start, r.End-1) }

// Request is ali-oss's uploadPartCopy request: PUT ?partNumber&uploadId
// with x-oss-copy-source (the key encodeURIComponent'd, as ali-oss does)
// and, for a byteRange ("start-last", "" for the whole object),
// x-oss-copy-source-range.
func Request(key, uploadID string, number int, src Source, byteRange string, headers map[string]string) ossapi.Request {
	h := map[string]string{}
	for k, v := range headers {
		h[k] = v
	}
	source := "/" + src.Bucket + "/" + encodeURIComponent(src.Key)
	if src.VersionID != "" {
		source += "?versionId=" + src.VersionID
	}
	h["x-oss-copy-source"] = source
	if byteRange != "" {
		h["x-oss-copy-source-range"] = "bytes=" + byteRange
	}
	return ossapi.Request{Method: "PUT", Key: key, Headers: h,
		Params: map[string]any{"partNumber": fmt.Sprint(number), "uploadId": uploadID}}
}

// encodeURIComponent is JavaScript's: url.QueryEscape without its '+' for a
// space, leaving !'()* alone.
func encodeURIComponent(s string) string {
	return strings.NewReplacer("+", "%20", "%21", "!", "%27", "'", "%28", "(", "%29", ")", "%2A", "*").Replace(url.QueryEscape(s))
}

// Job is one multipartUploadCopy's parts.
type Job struct {
	Key, UploadID string
	Source        Source
	// Parts are the ranges to copy, part n being Parts[n-1].
	Parts []Range
	// Done are parts copied before (a checkpoint's doneParts); they are not copied again.
	Done []checkpoint.Part
	// Parallel parts at once (default DefaultParallel).
	Parallel int
	// Headers go with every UploadPartCopy (ali-oss's copyheaders:
	// x-oss-copy-source-if-match and the like).
	Headers map[string]string
	// Progress, if set, is called after each part with the parts done so
	// far (in the order they finished) and that part's answer; calls never
	// overlap. An error stops the copy with that error.
	Progress func(ctx context.Context, done []checkpoint.Part, res *ossapi.Response) error
}

// Copy copies the job's parts not done yet and returns all parts done, in
// the order they finished (as ali-oss's checkpoint.doneParts). After a
// failure no new part starts (ali-oss stops so with parallel 1; with more it
// goes on batch by batch, which only costs requests: a checkpoint resumes
// either way) and the parts in flight finish. The first failure (by part
// number) is returned with its PartNumber, as Aborted when the upload is
// gone (ali-oss's abort event), and as Canceled if ctx ends.
func Copy(ctx context.Context, d Doer, job Job) ([]checkpoint.Part, error) {
	done := append([]checkpoint.Part(nil), job.Done...)
	skip := map[int]bool{}
	for _, p := range done {
		skip[p.Number] = true
	}
	parallel := job.Parallel
	if parallel <= 0 {
		parallel = DefaultParallel
	}
	var (
		mu      sync.Mutex // guards done and errs; held across Progress so calls never overlap
		errs    []error
		wg      sync.WaitGroup
		workers = make(chan struct{}, parallel)
	)
	for i := range job.Parts {
		n := i + 1
		if skip[n] {
			continue
		}
		workers <- struct{}{}
		mu.Lock()
		stop := len(errs) > 0 || ctx.Err() != nil
		mu.Unlock()
		if stop {
			<-workers
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-workers; wg.Done() }()
			err := copyPart(ctx, d, job, n, &mu, &done)
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return done, &upload.Error{Code: upload.CodeCanceled, Message: "the copy was canceled", Err: context.Cause(ctx)}
	}
	return done, firstError(errs)
}

func copyPart(ctx context.Context, d Doer, job Job, n int, mu *sync.Mutex, done *[]checkpoint.Part) error {
	r := job.Parts[n-1]
	res, err := d.Do(ctx, Request(job.Key, job.UploadID, n, job.Source, r.Bytes(), job.Headers))
	if err != nil {
		return partError(err, n)
	}
	mu.Lock()
	defer mu.Unlock()
	if ctx.Err() != nil {
		return nil
	}
	*done = append(*done, checkpoint.Part{Number: n, ETag: res.Header.Get("ETag"), Size: r.End - r.Start})
	if job.Progress != nil {
		if err := job.Progress(ctx, append([]checkpoint.Part(nil), *done...), res); err != nil {
			return err
		}
	}
	return nil
}

// partError is err with its part number; an upload that is gone is
// ali-oss's abort (ali-oss takes any 404 for that; a missing source keeps
// its NoSuchKey here, which says more).
func partError(err error, n int) error {
	ue := &upload.Error{Code: upload.CodeOf(err), Message: err.Error(), Err: err}
	var e *upload.Error
	if errors.As(err, &e) {
		c := *e
		ue = &c
	}
	if ue.Code == upload.CodeNoSuchUpload {
		ue = &upload.Error{Code: upload.CodeAborted, Message: "the upload was aborted: " + ue.Message, Status: 404, RequestID: ue.RequestID, Err: err}
	}
	ue.PartNumber = n
	return ue
}

// firstError is the failure to report: an abort first, else the lowest
// part's, its message saying which part as ali-oss's does.
func firstError(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool { return partOf(errs[i]) < partOf(errs[j]) })
	for _, e := range errs {
		if upload.CodeOf(e) == upload.CodeAborted {
			return e
		}
	}
	if ue, ok := errs[0].(*upload.Error); ok {
		c := *ue
		c.Message = fmt.Sprintf("Failed to copy some parts with error: %s part_num: %d", ue.Message, ue.PartNumber)
		return &c
	}
	return errs[0]
}

func partOf(err error) int {
	if ue, ok := err.(*upload.Error); ok {
		return ue.PartNumber
	}
	return 0
}
