package upload

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"

	"github.com/ossupload/ossupload/checkpoint"
)

// sampleSize is the length of each of the three sampled ranges (first, middle,
// last): enough to catch an edited or replaced file with the same name, size
// and mtime, cheap enough (192 KiB) to read on every resume.
const sampleSize = 64 << 10

// Fingerprinted computes the fingerprint of src.
func Fingerprinted(src Source) (checkpoint.Fingerprint, error) {
	size := src.Size()
	h := sha256.New()
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(size))
	h.Write(n[:])
	buf := make([]byte, sampleSize)
	for _, off := range []int64{0, size/2 - sampleSize/2, size - sampleSize} {
		off = max(0, off)
		l := min(int64(sampleSize), size-off)
		if l <= 0 {
			continue
		}
		if err := readFull(src, buf[:l], off); err != nil {
			return checkpoint.Fingerprint{}, err
		}
		h.Write(buf[:l])
	}
	return checkpoint.Fingerprint{Name: src.Name(), Size: size, LastModified: src.LastModified(), Sample: hex.EncodeToString(h.Sum(nil))}, nil
}

// readFull reads exactly len(b) bytes at off; a short file means it changed
// under us, which is FileChanged rather than a read error.
func readFull(src io.ReaderAt, b []byte, off int64) error {
	n, err := src.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == nil || err == io.EOF || err == io.ErrUnexpectedEOF {
		return &Error{Code: CodeFileChanged, Message: "the file became shorter while being read; it was modified, choose it again", Err: err}
	}
	return &Error{Code: CodeSourceRead, Message: "reading the file failed", Err: err}
}
