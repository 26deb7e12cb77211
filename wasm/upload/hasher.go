package upload

import (
	"context"
	"hash/crc64"
)

// PartHasher computes the CRC-64/ECMA of a part, exactly as OSS reports it in
// x-oss-hash-crc64ecma: the CRC of src's bytes [off, off+n), with no seed
// (a part's CRC is independent of the parts before it; CombineCRC64 joins
// them). It must be safe for concurrent use, since parts hash in parallel.
//
// The engine calls it on the direct path (a DirectSource, whose part bytes
// the transport sends without Go reading them), where hashing means a
// second read of the file. The browser module plugs in a Web Worker pool so
// that read and CRC run off the page's main thread and on every core; the
// default reads the range into Go through src.ReadAt.
type PartHasher interface {
	HashPart(ctx context.Context, src Source, off, n int64) (uint64, error)
}

// PartHasherFunc adapts a function to PartHasher.
type PartHasherFunc func(ctx context.Context, src Source, off, n int64) (uint64, error)

// HashPart implements PartHasher.
func (f PartHasherFunc) HashPart(ctx context.Context, src Source, off, n int64) (uint64, error) {
	return f(ctx, src, off, n)
}

// GoHasher is the default PartHasher: it reads the range through src.ReadAt
// with a buffer of at most 1 MiB (never a whole part) and hashes it in Go.
var GoHasher PartHasher = PartHasherFunc(goHashPart)

func goHashPart(ctx context.Context, src Source, off, n int64) (uint64, error) {
	buf := make([]byte, min(n, 1<<20))
	c := crc64.New(crcTable)
	for done := int64(0); done < n; {
		if err := ctx.Err(); err != nil {
			return 0, canceled(ctx, err)
		}
		k := min(int64(len(buf)), n-done)
		if err := readFull(src, buf[:k], off+done); err != nil {
			return 0, err
		}
		c.Write(buf[:k])
		done += k
	}
	return c.Sum64(), nil
}
