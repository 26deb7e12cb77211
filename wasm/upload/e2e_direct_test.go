//go:build !js

package upload_test

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/wasm/upload"
)

type directKey struct{}

type directHandle struct {
	off, n   int64
	progress func(int64)
}

// directGen is a DirectSource: like a browser Blob, the transport sends its
// bytes without the engine reading them.
type directGen struct{ *genSource }

func (d directGen) Direct(ctx context.Context, off, n int64, progress func(int64)) context.Context {
	return context.WithValue(ctx, directKey{}, directHandle{off, n, progress})
}

type progressReader struct {
	r    io.Reader
	sent int64
	fn   func(int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.sent += int64(n)
	p.fn(p.sent)
	return n, err
}

// TestE2EDirectSource checks that on the direct path Go never reads part
// bytes for the body, and reads them exactly once (to hash) with integrity on.
func TestE2EDirectSource(t *testing.T) {
	for _, integrity := range []bool{false, true} {
		t.Run(map[bool]string{false: "integrity off", true: "integrity on"}[integrity], func(t *testing.T) {
			e := newEnv(t, time.Hour)
			size := int64(10*100*kib + 17)
			src := directGen{newGen(size, 99)}
			blob := newGen(size, 99) // what the "browser" sends from
			var direct atomic.Int32
			base := e.ct.rt
			e.ct.rt = roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if h, ok := r.Context().Value(directKey{}).(directHandle); ok {
					direct.Add(1)
					r = r.Clone(r.Context())
					r.Body = io.NopCloser(&progressReader{r: io.NewSectionReader(blob, h.off, h.n), fn: h.progress})
				}
				return base.RoundTrip(r)
			})
			sample := src.reads.Load()
			var last upload.Progress
			_, err := e.uploader(nil, upload.Config{}).Upload(context.Background(), prefix+"direct", src, upload.Options{PartSize: 100 * kib, Parallel: 3, Integrity: &integrity,
				Progress: func(p upload.Progress) { last = p }})
			require.NoError(t, err)
			assert.Equal(t, int32(11), direct.Load())
			assert.True(t, last.Done)
			fp := src.reads.Load() - sample // fingerprint sampling happens inside Upload
			if integrity {
				assert.Equal(t, size+3*64*kib, fp, "each byte read once to hash, plus the fingerprint sample")
			} else {
				assert.Equal(t, int64(3*64*kib), fp, "only the fingerprint sample was read")
			}
			sum, _ := e.objectSHA(t, prefix+"direct")
			assert.Equal(t, src.sha(), sum)
		})
	}
}
