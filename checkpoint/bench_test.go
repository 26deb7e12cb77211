package checkpoint_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ossupload/ossupload/checkpoint"
)

// BenchmarkJournal10000Parts journals a 10,000-part upload part by part, as
// the engine does: AddParts (a record per part) against rewriting the whole
// record per part. bytes/part is what each journal write costs; with
// AddParts it stays flat however many parts came before.
func BenchmarkJournal10000Parts(b *testing.B) {
	const parts = 10000
	for _, mode := range []string{"AddParts", "PutWhole"} {
		b.Run(mode, func(b *testing.B) {
			var written int64
			for range b.N {
				s := checkpoint.NewMemoryStore()
				rec := &checkpoint.Record{ID: "r", Name: "uploads/u/big.bin", Bucket: "demo", FileSize: parts << 20, PartSize: 1 << 20, UploadID: "0123456789ABCDEF0123456789ABCDEF"}
				ctx := context.Background()
				if err := s.Put(ctx, rec); err != nil {
					b.Fatal(err)
				}
				for n := 1; n <= parts; n++ {
					p := checkpoint.Part{Number: n, ETag: fmt.Sprintf(`"%032X"`, n), Size: 1 << 20, CRC64: "18446744073709551615"}
					var err error
					if mode == "AddParts" {
						err = s.AddParts(ctx, "r", []checkpoint.Part{p}, time.Now())
					} else {
						rec.DoneParts = append(rec.DoneParts, p)
						err = s.Put(ctx, rec)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				written += s.BytesWritten()
			}
			b.ReportMetric(float64(written)/float64(b.N*parts), "bytes/part")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*parts), "ns/part")
		})
	}
}
