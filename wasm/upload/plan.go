package upload

import (
	"fmt"
	"unicode/utf8"
)

// Part plan limits. OSS rejects parts over 5 GiB, more than 10,000 parts, and
// non-last parts under 100 KiB.
const (
	// DefaultPartSize is 8 MiB: measured in Chromium here, 8 MiB parts with 4 in
	// flight reach the fetch ceiling while ali-oss's 1 MiB default spends its
	// time on per-request overhead (preflight, signing, round trips); and a
	// part lost to a reload or failure costs at most 8 MiB to send again.
	DefaultPartSize int64 = 8 << 20
	// MinPartSize is OSS's minimum size of a part that is not the last.
	MinPartSize int64 = 100 << 10
	// MaxPartSize is OSS's maximum part size.
	MaxPartSize int64 = 5 << 30
	// MaxParts is OSS's maximum number of parts in one upload.
	MaxParts = 10000
	// MaxObjectSize is the largest file a multipart upload can hold.
	MaxObjectSize = MaxPartSize * MaxParts
	// DefaultParallel is 4 parts in flight: enough to hide request latency on
	// loopback and in Chromium (see DefaultPartSize), while browsers allow only 6
	// HTTP/1.1 connections per host and memory stays at 4 part buffers.
	DefaultParallel = 4
	// MaxParallel bounds parallelism (and so memory: MaxParallel part buffers).
	MaxParallel = 64
)

// PartSpec is one planned part: its number (1-based) and byte range.
type PartSpec struct {
	Number int
	Offset int64
	Size   int64
}

// PlanParts splits a file of size bytes into parts of partSize (0 = the
// default). The part size grows, in whole MiB, until the file fits in MaxParts
// parts; the last part holds the remainder. An empty file is one empty part,
// because OSS rejects a CompleteMultipartUpload that lists no parts. It
// returns the part size actually used.
func PlanParts(size, partSize int64) (int64, []PartSpec, error) {
	if size < 0 {
		return 0, nil, errorf(CodeInvalidArgument, "file size %d is negative", size)
	}
	if size > MaxObjectSize {
		return 0, nil, errorf(CodeInvalidArgument, "file size %d exceeds the %d bytes a multipart upload can hold", size, MaxObjectSize)
	}
	if partSize == 0 {
		partSize = DefaultPartSize
	}
	if partSize < MinPartSize || partSize > MaxPartSize {
		return 0, nil, errorf(CodeInvalidArgument, "part size %d is outside %d..%d bytes", partSize, MinPartSize, MaxPartSize)
	}
	if (size+partSize-1)/partSize > MaxParts {
		const mib = 1 << 20
		need := (size + MaxParts - 1) / MaxParts
		partSize = min((need+mib-1)/mib*mib, MaxPartSize)
	}
	if size == 0 {
		return partSize, []PartSpec{{Number: 1}}, nil
	}
	n := int((size + partSize - 1) / partSize)
	parts := make([]PartSpec, n)
	for i := range parts {
		off := int64(i) * partSize
		parts[i] = PartSpec{Number: i + 1, Offset: off, Size: min(partSize, size-off)}
	}
	return partSize, parts, nil
}

// validateKey applies OSS's object name rules so a bad key fails before any
// request with an actionable message rather than as a server 400.
func validateKey(key string) error {
	switch {
	case key == "":
		return errorf(CodeInvalidArgument, "object key is empty")
	case len(key) > 1023:
		return errorf(CodeInvalidArgument, "object key is %d bytes; OSS allows at most 1023", len(key))
	case key[0] == '/' || key[0] == '\\':
		return errorf(CodeInvalidArgument, "object key %q must not start with / or \\", key)
	case !utf8.ValidString(key):
		return errorf(CodeInvalidArgument, "object key is not valid UTF-8")
	}
	return nil
}

func validateOptions(o *Options) error {
	if o.Parallel < 0 || o.Parallel > MaxParallel {
		return errorf(CodeInvalidArgument, "parallel %d is outside 1..%d", o.Parallel, MaxParallel)
	}
	if o.PartSize != 0 && (o.PartSize < MinPartSize || o.PartSize > MaxPartSize) {
		return errorf(CodeInvalidArgument, "part size %d is outside %d..%d bytes", o.PartSize, MinPartSize, MaxPartSize)
	}
	for k := range o.Meta {
		if k == "" {
			return errorf(CodeInvalidArgument, "empty metadata name")
		}
	}
	return nil
}

func partString(p PartSpec) string {
	return fmt.Sprintf("part %d [%d,+%d)", p.Number, p.Offset, p.Size)
}
