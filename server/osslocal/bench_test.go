package osslocal_test

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
)

// BenchmarkIngest measures part ingest with the Go SDK as client on loopback
// beside writing the same bytes straight to a file in the same data
// directory, in the same run: into the page cache and with fsync (the
// disk itself). Ingest hashes every byte twice (MD5 for the ETag, CRC64),
// in parallel with the file write; one MD5 stream (~0.9 GB/s on a 2 GHz
// Xeon) therefore bounds a single part's ingest whatever the disk does.
func BenchmarkIngest(b *testing.B) {
	const partSize = 8 << 20
	data := make([]byte, partSize)
	rand.New(rand.NewSource(1)).Read(data)
	env := osslocaltest.Start(b)
	c := env.STS("", time.Hour)
	cl, err := oss.New(env.URL, c.AccessKeyID, c.AccessKeySecret, oss.SecurityToken(c.SecurityToken), oss.AuthVersion(oss.AuthV4), oss.Region(osslocaltest.Region), oss.EnableCRC(false))
	if err != nil {
		b.Fatal(err)
	}
	bk, _ := cl.Bucket(osslocaltest.Bucket)
	imur, err := bk.InitiateMultipartUpload("bench")
	if err != nil {
		b.Fatal(err)
	}
	var disk, synced, ingest time.Duration
	b.SetBytes(partSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		if _, err := bk.UploadPart(imur, bytes.NewReader(data), partSize, i%100+1); err != nil {
			b.Fatal(err)
		}
		ingest += time.Since(t)
		t = time.Now()
		f, err := os.CreateTemp(filepath.Join(env.Dir, "tmp"), "disk-")
		if err != nil {
			b.Fatal(err)
		}
		f.Write(data)
		f.Close()
		os.Remove(f.Name())
		disk += time.Since(t)
		t = time.Now()
		f, err = os.CreateTemp(filepath.Join(env.Dir, "tmp"), "sync-")
		if err != nil {
			b.Fatal(err)
		}
		f.Write(data)
		f.Sync()
		f.Close()
		os.Remove(f.Name())
		synced += time.Since(t)
	}
	mbps := func(d time.Duration) float64 { return float64(partSize) * float64(b.N) / 1e6 / d.Seconds() }
	b.ReportMetric(mbps(ingest), "ingest-MB/s")
	b.ReportMetric(mbps(disk), "disk-MB/s")
	b.ReportMetric(mbps(synced), "fsync-disk-MB/s")
	b.ReportMetric(mbps(ingest)/mbps(disk), "ingest/cache-write")
	b.ReportMetric(mbps(ingest)/mbps(synced), "ingest/fsync-write")
}
