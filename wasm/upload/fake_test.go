package upload_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"hash/crc64"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/upload"
)

// fakeAPI is an in-memory multipart service with hooks to inject failures.
type fakeAPI struct {
	mu       sync.Mutex
	uploads  map[string]map[int]fakePart // uploadID -> parts
	objects  map[string][]byte
	nextID   int
	puts     map[int]int // part number -> successful puts (all uploads)
	calls    map[string]int
	inflight atomic.Int32
	maxIn    atomic.Int32
	aborted  []string
	// hook runs before each call; a non-nil error fails it. op is
	// "Initiate", "UploadPart", "ListParts", "Complete" or "Abort".
	hook func(ctx context.Context, op string, part int) error
	// afterRead runs after UploadPart consumed the body; an error fails the part.
	afterRead func(part int) error
	// badCRC makes UploadPart answer a wrong CRC for these parts.
	badCRC map[int]bool
}

type fakePart struct {
	data []byte
	etag string
}

func newFake() *fakeAPI {
	return &fakeAPI{uploads: map[string]map[int]fakePart{}, objects: map[string][]byte{}, puts: map[int]int{}, calls: map[string]int{}}
}

func (f *fakeAPI) Bucket() string { return "demo" }

func (f *fakeAPI) before(ctx context.Context, op string, part int) error {
	f.mu.Lock()
	f.calls[op]++
	hook := f.hook
	f.mu.Unlock()
	if hook != nil {
		if err := hook(ctx, op, part); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (f *fakeAPI) Initiate(ctx context.Context, key string, o upload.InitOptions) (string, error) {
	if err := f.before(ctx, "Initiate", 0); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	id := fmt.Sprintf("up%d", f.nextID)
	f.uploads[id] = map[int]fakePart{}
	return id, nil
}

func etagOf(b []byte) string {
	s := md5.Sum(b)
	return `"` + strings.ToUpper(hex.EncodeToString(s[:])) + `"`
}

func (f *fakeAPI) UploadPart(ctx context.Context, key, id string, n int, body io.Reader, size int64) (upload.PartResult, error) {
	in := f.inflight.Add(1)
	defer f.inflight.Add(-1)
	for {
		m := f.maxIn.Load()
		if in <= m || f.maxIn.CompareAndSwap(m, in) {
			break
		}
	}
	if err := f.before(ctx, "UploadPart", n); err != nil {
		return upload.PartResult{}, err
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return upload.PartResult{}, &upload.Error{Code: upload.CodeNetwork, Err: err}
	}
	if f.afterRead != nil {
		if err := f.afterRead(n); err != nil {
			return upload.PartResult{}, err
		}
	}
	if int64(len(b)) != size {
		return upload.PartResult{}, &upload.Error{Code: "IncompleteBody", Status: 400}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	up, ok := f.uploads[id]
	if !ok {
		return upload.PartResult{}, &upload.Error{Code: "NoSuchUpload", Status: 404}
	}
	up[n] = fakePart{data: b, etag: etagOf(b)}
	f.puts[n]++
	crc := crc64.Checksum(b, crc64.MakeTable(crc64.ECMA))
	if f.badCRC[n] {
		crc++
	}
	return upload.PartResult{ETag: up[n].etag, CRC64: strconv.FormatUint(crc, 10)}, nil
}

func (f *fakeAPI) ListParts(ctx context.Context, key, id string) ([]checkpoint.Part, error) {
	if err := f.before(ctx, "ListParts", 0); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	up, ok := f.uploads[id]
	if !ok {
		return nil, &upload.Error{Code: "NoSuchUpload", Status: 404}
	}
	var out []checkpoint.Part
	for n, p := range up {
		out = append(out, checkpoint.Part{Number: n, ETag: p.etag, Size: int64(len(p.data))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, nil
}

func (f *fakeAPI) Complete(ctx context.Context, key, id string, parts []checkpoint.Part) (upload.CompleteResult, error) {
	if err := f.before(ctx, "Complete", 0); err != nil {
		return upload.CompleteResult{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	up, ok := f.uploads[id]
	if !ok {
		return upload.CompleteResult{}, &upload.Error{Code: "NoSuchUpload", Status: 404}
	}
	if len(parts) == 0 {
		return upload.CompleteResult{}, &upload.Error{Code: "MalformedXML", Status: 400}
	}
	var obj []byte
	for i, p := range parts {
		sp, ok := up[p.Number]
		if !ok || sp.etag != p.ETag || (i > 0 && parts[i-1].Number >= p.Number) {
			return upload.CompleteResult{}, &upload.Error{Code: "InvalidPart", Status: 400, Message: fmt.Sprint("part ", p.Number)}
		}
		obj = append(obj, sp.data...)
	}
	delete(f.uploads, id)
	f.objects[key] = obj
	crc := crc64.Checksum(obj, crc64.MakeTable(crc64.ECMA))
	return upload.CompleteResult{ETag: `"X"`, CRC64: strconv.FormatUint(crc, 10), Status: 200, Bucket: "demo", Key: key}, nil
}

func (f *fakeAPI) Abort(ctx context.Context, key, id string) error {
	if err := f.before(ctx, "Abort", 0); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.uploads[id]; !ok {
		return &upload.Error{Code: "NoSuchUpload", Status: 404}
	}
	delete(f.uploads, id)
	f.aborted = append(f.aborted, id)
	return nil
}

func (f *fakeAPI) object(key string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.objects[key]
}

func (f *fakeAPI) putCount(n int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.puts[n]
}

func (f *fakeAPI) callCount(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

// StatObject implements upload.ObjectStater.
func (f *fakeAPI) StatObject(ctx context.Context, key string) (upload.ObjectInfo, error) {
	if err := f.before(ctx, "StatObject", 0); err != nil {
		return upload.ObjectInfo{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	obj, ok := f.objects[key]
	if !ok {
		return upload.ObjectInfo{}, &upload.Error{Code: "NoSuchKey", Status: 404}
	}
	crc := crc64.Checksum(obj, crc64.MakeTable(crc64.ECMA))
	return upload.ObjectInfo{Size: int64(len(obj)), CRC64: strconv.FormatUint(crc, 10), ETag: `"X"`}, nil
}
