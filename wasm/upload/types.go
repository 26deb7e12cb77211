// Package upload is the resumable multipart upload engine. It is platform
// neutral (no syscall/js) so that it runs and is tested natively with -race;
// the browser module only plugs a Source, an API transport and a journal
// store into it.
package upload

import (
	"context"
	"io"
	"net/http"

	"github.com/ossupload/ossupload/checkpoint"
)

// Source is the file being uploaded. ReadAt must be safe for concurrent use
// because parts are read in parallel.
type Source interface {
	io.ReaderAt
	Size() int64
	Name() string
	// LastModified is milliseconds since the epoch, as File.lastModified; it is
	// part of the fingerprint that tells a resumed file from a changed one.
	LastModified() int64
}

// DirectSource is optionally implemented by a Source whose part bytes the
// transport can send without Go reading them (a browser Blob.slice()). The
// engine calls it per part attempt and passes the returned ctx to
// API.UploadPart; the transport looks for the handle in req.Context() and
// then ignores req.Body. progress reports bytes sent.
type DirectSource interface {
	Direct(ctx context.Context, off, n int64, progress func(sent int64)) context.Context
}

// InitOptions are the object attributes fixed when a multipart upload starts.
type InitOptions struct {
	Mime    string
	Meta    map[string]string // x-oss-meta-* without the prefix
	Headers map[string]string // extra request headers (Cache-Control, Content-Disposition, x-oss-*)
}

// PartResult is what the server answered for one part.
type PartResult struct {
	ETag  string
	CRC64 string // decimal x-oss-hash-crc64ecma; empty if the server sent none
}

// CompleteResult is what the server answered to CompleteMultipartUpload.
type CompleteResult struct {
	ETag, CRC64, Location, Bucket, Key string
	Status                             int
	Header                             http.Header
	RequestID                          string
}

// API is the slice of the OSS multipart API the engine needs; wasm/ossapi
// implements it over aliyun-oss-go-sdk. Errors should be *Error (or wrap one)
// so the engine can tell retryable failures from fatal ones.
type API interface {
	Bucket() string
	Initiate(ctx context.Context, key string, o InitOptions) (uploadID string, err error)
	UploadPart(ctx context.Context, key, uploadID string, number int, body io.Reader, size int64) (PartResult, error)
	// ListParts returns every part of the upload, all pages.
	ListParts(ctx context.Context, key, uploadID string) ([]checkpoint.Part, error)
	Complete(ctx context.Context, key, uploadID string, parts []checkpoint.Part) (CompleteResult, error)
	Abort(ctx context.Context, key, uploadID string) error
}

// Options tune one Upload call; the zero value is valid.
type Options struct {
	// Parallel is the number of parts in flight (1..MaxParallel; 0 = Config's default).
	Parallel int
	// PartSize is the requested part size (0 = default); it grows when the file
	// would otherwise need more than MaxParts parts.
	PartSize int64
	// Checkpoint is an ali-oss style checkpoint to resume from: another file
	// than the one it was written for is refused with FileChanged. nil means
	// look the journal up in the store by the file's fingerprint; a journal of
	// another version of the file (same name and object, other size,
	// lastModified or sampled content) is then retired, as with Fresh, unless
	// another tab or client is uploading it, and a new upload starts, as
	// ali-oss starts one whenever no checkpoint is given.
	Checkpoint *checkpoint.Record
	Mime       string
	Meta       map[string]string
	Headers    map[string]string
	// Integrity turns CRC64 checks on or off; nil means on. On, each part's
	// CRC64-ECMA is compared with the server's x-oss-hash-crc64ecma and the
	// combined CRC with the completed object's. It is on by default because it
	// costs about a millisecond of CPU per MiB (and, on the direct path, one
	// read of the file alongside the upload) while it catches what TLS cannot:
	// a file read wrongly, a proxy that alters bodies, a resumed part that is
	// not the bytes we think.
	Integrity *bool
	// Fresh ignores any journal for this file and object and starts a new
	// upload (aborting the old one, here and in other tabs).
	Fresh bool
	// Wait makes an Upload of a file another tab or client is uploading to
	// the same object wait for it to finish, instead of failing at once with
	// UploadInProgress.
	Wait bool
	// Progress receives throttled, monotonic progress events.
	Progress func(Progress)
}

// Progress is one progress event. Sent never decreases, and Done (Sent ==
// Total, fraction 1.0) is reported only after Complete succeeded.
type Progress struct {
	Sent, Total           int64
	PartsDone, PartsTotal int
	Checkpoint            *checkpoint.Record
	Done                  bool
}

// Result describes a completed upload.
type Result struct {
	Name, Bucket, ETag, CRC64, RequestID string
	Status                               int
	Header                               http.Header
	// Restarted is true when the journal's upload no longer existed on the
	// server and the journal proved it had expired (older than the bucket's
	// Config.UploadLifetime), so the whole file was sent again under a new one.
	Restarted bool
	// Resumed is true when parts from an earlier attempt were reused.
	Resumed bool
	// AlreadyDone is true when the object already was this file (same size
	// and CRC64: an earlier Complete whose journal delete was lost) and
	// nothing was sent.
	AlreadyDone bool
	// Warnings say what degraded without failing the upload (a journal write
	// failed and the upload went on with a journal in memory) and which
	// journals of another version of the file were retired or left alone.
	Warnings []string
}
