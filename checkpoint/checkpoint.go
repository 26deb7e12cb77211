// Package checkpoint defines the journal an upload keeps so that it can resume,
// and the stores that hold it. The record's first fields mirror ali-oss's
// checkpoint ({file, name, fileSize, partSize, uploadId, doneParts}); the rest is
// what a safe resume needs beyond it: a fingerprint of the file, the bucket, and
// each done part's size and CRC64 so the server's ListParts can be cross-checked.
package checkpoint

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"time"
)

// ErrNotFound is returned by Store.Get when no record has the given ID.
var ErrNotFound = errors.New("checkpoint: record not found")

// Part is one part the journal believes the server holds.
type Part struct {
	Number int    `json:"number"`
	ETag   string `json:"etag"`
	Size   int64  `json:"size,omitempty"`
	// CRC64 is the part's CRC64-ECMA as a decimal string, as OSS writes it in
	// x-oss-hash-crc64ecma; empty when unknown (integrity checks off).
	CRC64 string `json:"crc64,omitempty"`
}

// Fingerprint identifies a file's content cheaply enough to compute on every
// resume: a changed file must not be completed with the old file's parts.
type Fingerprint struct {
	Name         string `json:"name"`
	Size         int64  `json:"size"`
	LastModified int64  `json:"lastModified"` // milliseconds since the epoch, as File.lastModified
	Sample       string `json:"sample"`       // hex SHA-256 of sampled content ranges
}

// Record is the journal of one multipart upload.
type Record struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"` // the object key
	Bucket      string      `json:"bucket"`
	FileSize    int64       `json:"fileSize"`
	PartSize    int64       `json:"partSize"`
	UploadID    string      `json:"uploadId"`
	DoneParts   []Part      `json:"doneParts"`
	Fingerprint Fingerprint `json:"fingerprint"`
	Created     time.Time   `json:"created"`
	Updated     time.Time   `json:"updated"`
	// Scope is the identity the journal belongs to (bucket and prefix from
	// /api/sts, or the access key): another identity on the same browser never
	// sees, resumes or lists it.
	Scope string `json:"scope,omitempty"`
}

// Key is the record ID for an upload of the file with fingerprint fp to
// bucket/name: the same file to the same object resumes, anything else does not.
func Key(fp Fingerprint, bucket, name string) string { return ScopedKey("", fp, bucket, name) }

// ScopedKey is Key within an identity's scope: the same file and object
// under two identities are two journals.
func ScopedKey(scope string, fp Fingerprint, bucket, name string) string {
	h := sha256.New()
	if scope != "" {
		h.Write([]byte("scope:" + strconv.Itoa(len(scope)) + ":" + scope))
	}
	for _, s := range []string{fp.Name, strconv.FormatInt(fp.Size, 10), strconv.FormatInt(fp.LastModified, 10), fp.Sample, bucket, name} {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Store holds journal records. Implementations must be safe for concurrent use
// and must return ErrNotFound (possibly wrapped) from Get for a missing ID.
// Put replaces the whole record; a failed Put must leave the previous record
// readable, so a crash mid-write never loses the journal.
type Store interface {
	Get(ctx context.Context, id string) (*Record, error)
	Put(ctx context.Context, rec *Record) error
	Delete(ctx context.Context, id string) error
	List(ctx context.Context) ([]*Record, error)
}

// PartAdder is implemented by stores that add parts to a record without
// rewriting it, so a journal write costs O(1) in the number of parts rather
// than a whole record (1 MB at 10,000 parts). Parts replace earlier ones with
// the same number; updated becomes the record's Updated. Adding to a missing
// record fails with ErrNotFound and creates nothing, so a record deleted by an
// abort elsewhere is not resurrected.
type PartAdder interface {
	AddParts(ctx context.Context, id string, parts []Part, updated time.Time) error
}

// ErrCorrupt means a stored record cannot be decoded. Stores report it rather
// than treating the record as missing, so a damaged journal never silently
// restarts an upload.
var ErrCorrupt = errors.New("checkpoint: journal record is corrupt")
