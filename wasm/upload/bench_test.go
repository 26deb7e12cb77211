//go:build !js

package upload_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
	"github.com/ossupload/ossupload/wasm/upload"
)

// fileSource is an os.File as a Source, so the engine reads from disk like
// the SDK's UploadFile does.
type fileSource struct {
	*os.File
	size int64
}

func (f fileSource) Size() int64         { return f.size }
func (f fileSource) Name() string        { return filepath.Base(f.File.Name()) }
func (f fileSource) LastModified() int64 { return 1 }

// BenchmarkEngineVsSDK uploads the same 128 MiB file through the engine and
// through the SDK's own Bucket.UploadFile (same parallelism and part size,
// both verifying CRC64) to the embedded OSS on loopback, and reports both
// throughputs and their ratio (engine / SDK).
func BenchmarkEngineVsSDK(b *testing.B) {
	const size = 128 << 20
	const partSize = 8 << 20
	const parallel = 4
	e := newEnv(b, time.Hour)
	path := filepath.Join(b.TempDir(), "bench.bin")
	f, err := os.Create(path)
	require.NoError(b, err)
	_, err = io.Copy(f, io.NewSectionReader(newGen(size, 3), 0, size))
	require.NoError(b, err)
	require.NoError(b, f.Close())
	f, err = os.Open(path)
	require.NoError(b, err)
	defer f.Close()
	src := fileSource{f, size}

	c := e.STS(osslocaltest.PrefixPolicy(osslocaltest.Bucket, prefix), time.Hour)
	sdk, err := oss.New(e.URL, c.AccessKeyID, c.AccessKeySecret, oss.SecurityToken(c.SecurityToken), oss.AuthVersion(oss.AuthV4), oss.Region(osslocaltest.Region))
	require.NoError(b, err)
	bucket, err := sdk.Bucket(osslocaltest.Bucket)
	require.NoError(b, err)
	u := e.uploader(nil, upload.Config{})

	var engineTime, sdkTime time.Duration
	b.SetBytes(2 * size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		_, err := u.Upload(context.Background(), prefix+"bench-engine", src, upload.Options{PartSize: partSize, Parallel: parallel, Fresh: true})
		require.NoError(b, err)
		engineTime += time.Since(start)
		start = time.Now()
		require.NoError(b, bucket.UploadFile(prefix+"bench-sdk", path, partSize, oss.Routines(parallel)))
		sdkTime += time.Since(start)
	}
	b.StopTimer()
	mbps := func(d time.Duration) float64 { return float64(size) * float64(b.N) / d.Seconds() / 1e6 }
	b.ReportMetric(mbps(engineTime), "engine-MB/s")
	b.ReportMetric(mbps(sdkTime), "sdk-MB/s")
	b.ReportMetric(mbps(engineTime)/mbps(sdkTime), "engine/sdk")
}
