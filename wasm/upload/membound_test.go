package upload

import (
	"bytes"
	"context"
	"io"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
)

// slowAPI accepts everything slowly, so that every worker holds a part.
type slowAPI struct {
	mu    sync.Mutex
	parts map[int]checkpoint.Part
}

func (s *slowAPI) Bucket() string { return "b" }
func (s *slowAPI) Initiate(context.Context, string, InitOptions) (string, error) {
	return "id", nil
}
func (s *slowAPI) UploadPart(ctx context.Context, key, id string, n int, body io.Reader, size int64) (PartResult, error) {
	b, err := io.ReadAll(body)
	if err != nil {
		return PartResult{}, err
	}
	time.Sleep(3 * time.Millisecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.parts[n] = checkpoint.Part{Number: n, ETag: "e", Size: int64(len(b)), CRC64: CRC64Decimal(b)}
	return PartResult{ETag: "e", CRC64: CRC64Decimal(b)}, nil
}
func (s *slowAPI) ListParts(context.Context, string, string) ([]checkpoint.Part, error) {
	return nil, nil
}
func (s *slowAPI) Complete(ctx context.Context, key, id string, parts []checkpoint.Part) (CompleteResult, error) {
	return CompleteResult{ETag: "x", Status: 200}, nil
}
func (s *slowAPI) Abort(context.Context, string, string) error { return nil }

type memSrc struct{ b []byte }

func (m memSrc) ReadAt(p []byte, off int64) (int, error) { return bytes.NewReader(m.b).ReadAt(p, off) }
func (m memSrc) Size() int64                             { return int64(len(m.b)) }
func (m memSrc) Name() string                            { return "m" }
func (m memSrc) LastModified() int64                     { return 1 }

type memDirect struct{ memSrc }

func (memDirect) Direct(ctx context.Context, off, n int64, progress func(int64)) context.Context {
	return ctx
}

// Go holds at most Parallel part buffers, and none on the direct path.
func TestMemoryBound(t *testing.T) {
	data := bytes.Repeat([]byte{7}, 30*100<<10)
	for _, tc := range []struct {
		name     string
		src      Source
		parallel int
		wantPeak int64
	}{
		{"buffered parallel 1", memSrc{data}, 1, 1},
		{"buffered parallel 3", memSrc{data}, 3, 3},
		{"direct", memDirect{memSrc{data}}, 3, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bufsPeak.Store(0)
			api := &slowAPI{parts: map[int]checkpoint.Part{}}
			_, err := New(api, nil, Config{}).Upload(context.Background(), "k", tc.src, Options{PartSize: 100 << 10, Parallel: tc.parallel})
			require.NoError(t, err)
			assert.Equal(t, tc.wantPeak, bufsPeak.Load())
			assert.Equal(t, int64(0), bufsHeld.Load(), "all buffers returned")
			nums := []int{}
			for n := range api.parts {
				nums = append(nums, n)
			}
			sort.Ints(nums)
			assert.Len(t, nums, 30)
		})
	}
}
