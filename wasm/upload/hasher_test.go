package upload_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/wasm/upload"
)

// recordingHasher hashes with GoHasher (optionally corrupting one part or
// failing) and records the ranges it was asked for.
type recordingHasher struct {
	mu      sync.Mutex
	ranges  map[[2]int64]int
	corrupt int64 // offset whose CRC is made wrong; -1 for none
	err     error
}

func (h *recordingHasher) HashPart(ctx context.Context, src upload.Source, off, n int64) (uint64, error) {
	h.mu.Lock()
	h.ranges[[2]int64{off, n}]++
	h.mu.Unlock()
	if h.err != nil {
		return 0, h.err
	}
	c, err := upload.GoHasher.HashPart(ctx, src, off, n)
	if off == h.corrupt {
		c ^= 1
	}
	return c, err
}

func TestGoHasherMatchesCRC64(t *testing.T) {
	src := newGen(3*100*kib+5, 7)
	all := content(src)
	for _, r := range []struct{ off, n int64 }{{0, 0}, {0, 1}, {0, 100 * kib}, {100 * kib, 100 * kib}, {300 * kib, 5}, {17, 2<<20 - 1}} {
		if r.off+r.n > src.Size() {
			r.n = src.Size() - r.off
		}
		got, err := upload.GoHasher.HashPart(context.Background(), src, r.off, r.n)
		require.NoError(t, err)
		assert.Equal(t, upload.CRC64(all[r.off:r.off+r.n]), got, "%d+%d", r.off, r.n)
	}
}

// The injected hasher is what the direct path trusts: called once per part
// with the part's range, its answer compared with the server's CRC.
func TestInjectedPartHasher(t *testing.T) {
	on, off := true, false
	for _, tc := range []struct {
		name      string
		integrity *bool
		corrupt   int64
		err       error
		wantCode  string
		wantCalls int
	}{
		{name: "default integrity", corrupt: -1, wantCalls: 3},
		{name: "integrity on", integrity: &on, corrupt: -1, wantCalls: 3},
		{name: "integrity off", integrity: &off, corrupt: -1, wantCalls: 0},
		{name: "wrong CRC", integrity: &on, corrupt: 100 * kib, wantCode: upload.CodeIntegrityMismatch},
		{name: "hasher fails", integrity: &on, corrupt: -1, err: &upload.Error{Code: upload.CodeFileChanged}, wantCode: upload.CodeFileChanged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			h := &recordingHasher{ranges: map[[2]int64]int{}, corrupt: tc.corrupt, err: tc.err}
			pol := fastRetry()
			pol.MaxAttempts = 2
			src := silentDirect{newGen(2*100*kib+3, 5)}
			_, err := upload.New(f, nil, upload.Config{Retry: pol, Hasher: h}).Upload(context.Background(), "k", src,
				upload.Options{PartSize: 100 * kib, Integrity: tc.integrity})
			if tc.wantCode != "" {
				assert.Equal(t, tc.wantCode, upload.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, content(src), f.object("k"))
			calls := 0
			for r, n := range h.ranges {
				assert.Equal(t, 1, n, "range %v hashed once", r)
				calls += n
			}
			assert.Equal(t, tc.wantCalls, calls)
			if tc.wantCalls > 0 {
				assert.Equal(t, map[[2]int64]int{{0, 100 * kib}: 1, {100 * kib, 100 * kib}: 1, {200 * kib, 3}: 1}, h.ranges)
			}
		})
	}
}

// A hasher that is canceled mid-part surfaces as the upload's cancellation.
func TestPartHasherCanceled(t *testing.T) {
	f := newFake()
	ctx, cancel := context.WithCancel(context.Background())
	h := upload.PartHasherFunc(func(c context.Context, src upload.Source, off, n int64) (uint64, error) {
		cancel()
		<-c.Done()
		return 0, errors.New("worker gone")
	})
	_, err := upload.New(f, nil, upload.Config{Retry: fastRetry(), Hasher: h}).Upload(ctx, "k", silentDirect{newGen(150*kib, 3)}, upload.Options{PartSize: 100 * kib})
	assert.Equal(t, upload.CodeCanceled, upload.CodeOf(err))
}
