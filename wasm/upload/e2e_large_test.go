//go:build !js

package upload_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/upload"
)

// A multi-GiB file generated on the fly (nothing stored client side),
// verified by streaming the object back through SHA-256. Skipped with -short;
// OSSUPLOAD_LARGE_GIB overrides the size (default 2 GiB + 3 bytes).
func TestE2ELargeSparse(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-GiB upload skipped in -short mode")
	}
	size := int64(2<<30) + 3
	if v, err := strconv.ParseFloat(os.Getenv("OSSUPLOAD_LARGE_GIB"), 64); err == nil && v > 0 {
		size = int64(v * (1 << 30))
	}
	e := newEnv(t, time.Hour)
	src := newGen(size, 1234)
	key := prefix + "large"
	start := time.Now()
	var last upload.Progress
	res, err := e.uploader(checkpoint.NewMemoryStore(), upload.Config{}).Upload(context.Background(), key, src, upload.Options{PartSize: 64 << 20, Parallel: 4,
		Progress: func(p upload.Progress) { last = p }})
	require.NoError(t, err)
	t.Logf("uploaded %d bytes in %s (%.0f MB/s)", size, time.Since(start), float64(size)/time.Since(start).Seconds()/1e6)
	assert.True(t, last.Done)
	assert.Equal(t, 33, last.PartsTotal)
	assert.NotEmpty(t, res.CRC64)
	sum, n := e.objectSHA(t, key)
	assert.Equal(t, size, n)
	assert.Equal(t, src.sha(), sum)
}
