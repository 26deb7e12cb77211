//go:build !js

package upload_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/upload"
)

func TestE2ESizes(t *testing.T) {
	e := newEnv(t, time.Hour)
	const ps = 100 << 10
	for _, size := range []int64{0, 1, ps - 1, ps, ps + 1, 3 * ps, 3*ps + 7} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			src := newGen(size, uint64(size))
			store := checkpoint.NewMemoryStore()
			key := fmt.Sprintf("%ssize-%d", prefix, size)
			var last upload.Progress
			res, err := e.uploader(store, upload.Config{}).Upload(context.Background(), key, src, upload.Options{PartSize: ps, Parallel: 3,
				Progress: func(p upload.Progress) {
					assert.GreaterOrEqual(t, p.Sent, last.Sent)
					assert.False(t, last.Done, "event after Done")
					last = p
				}})
			require.NoError(t, err)
			assert.False(t, res.Restarted)
			assert.NotEmpty(t, res.ETag)
			assert.NotEmpty(t, res.CRC64)
			assert.True(t, last.Done)
			assert.Equal(t, size, last.Sent)
			sum, n := e.objectSHA(t, key)
			assert.Equal(t, size, n)
			assert.Equal(t, src.sha(), sum)
			recs, _ := store.List(context.Background())
			assert.Empty(t, recs, "journal deleted after success")
		})
	}
}
