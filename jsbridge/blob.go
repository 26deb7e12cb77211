//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"io"
	"syscall/js"
)

// BlobSource is an upload.Source and upload.DirectSource over a JS Blob or
// File. Parts go to the network as Blob slices and never enter Go memory;
// ReadAt copies bytes in only when the engine needs them (integrity, the
// fingerprint sample).
type BlobSource struct {
	blob         js.Value
	size         int64
	name         string
	lastModified int64
}

// NewBlobSource wraps blob; it must be a Blob (a File is one).
func NewBlobSource(blob js.Value) (*BlobSource, error) {
	if !IsBlob(blob) {
		return nil, errors.New("not a Blob or File")
	}
	s := &BlobSource{blob: blob, size: int64(blob.Get("size").Float())}
	if n := blob.Get("name"); n.Type() == js.TypeString {
		s.name = n.String()
	}
	if lm := blob.Get("lastModified"); lm.Type() == js.TypeNumber {
		s.lastModified = int64(lm.Float())
	}
	return s, nil
}

// IsBlob reports whether v is a Blob (or File).
func IsBlob(v js.Value) bool {
	b := js.Global().Get("Blob")
	return v.Type() == js.TypeObject && b.Type() == js.TypeFunction && v.InstanceOf(b)
}

// Blob returns the wrapped JS value.
func (s *BlobSource) Blob() js.Value { return s.blob }

// Size implements upload.Source.
func (s *BlobSource) Size() int64 { return s.size }

// Name implements upload.Source.
func (s *BlobSource) Name() string { return s.name }

// LastModified implements upload.Source.
func (s *BlobSource) LastModified() int64 { return s.lastModified }

// ReadAt implements io.ReaderAt by reading a slice's arrayBuffer; a file
// changed or deleted on disk makes the browser fail the read (NotReadableError).
func (s *BlobSource) ReadAt(p []byte, off int64) (int, error) {
	if off >= s.size {
		return 0, io.EOF
	}
	end := min(off+int64(len(p)), s.size)
	buf, err := Await(context.Background(), s.blob.Call("slice", float64(off), float64(end)).Call("arrayBuffer"))
	if err != nil {
		return 0, err
	}
	n := js.CopyBytesToGo(p, js.Global().Get("Uint8Array").New(buf))
	if int64(n) < int64(len(p)) {
		return n, io.EOF
	}
	return n, nil
}

type directKey struct{}

type direct struct {
	blob     js.Value
	off, n   int64
	whole    bool // off 0 and n the Blob's size
	progress func(int64)
}

// Direct implements upload.DirectSource: the transport will send
// blob.slice(off, off+n) as the body (or the Blob itself, when that is all
// of it; see body).
func (s *BlobSource) Direct(ctx context.Context, off, n int64, progress func(sent int64)) context.Context {
	return context.WithValue(ctx, directKey{}, &direct{blob: s.blob, off: off, n: n, whole: off == 0 && n == s.size, progress: progress})
}

// body is what the request sends. A whole Blob goes as itself: Blob.slice
// registers a new Blob with the browser, about as much main-thread work as
// the send (measured with bench/small.mjs: ~0.6-1.1 ms a file of the ~3 ms a
// small put costs the page). A slice has no type, so XMLHttpRequest adds no
// Content-Type of its own; the whole Blob is sent only when that holds for it
// too (a Content-Type the request sets wins, or the Blob has no type), so no
// header the signature did not cover is ever added.
func (d *direct) body(contentType string) js.Value {
	if d.whole && (contentType != "" || optString(d.blob, "type") == "") {
		return d.blob
	}
	return d.blob.Call("slice", float64(d.off), float64(d.off+d.n))
}
