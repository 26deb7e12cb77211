//go:build js && wasm

package jsbridge

import (
	"context"
	"strconv"
	"sync"
	"syscall/js"

	"github.com/ossupload/ossupload/wasm/upload"
)

// poolHash is the JS function hashPart(blob, start, end) → Promise<decimal
// string> of web/crc64-pool.js, installed by the loader through the native
// table's setPartHasher; undefined until then.
var (
	poolMu   sync.RWMutex
	poolHash js.Value
)

// setPartHasher installs (or, with a non-function, removes) the worker pool.
func setPartHasher(_ js.Value, args []js.Value) any {
	poolMu.Lock()
	defer poolMu.Unlock()
	poolHash = js.Undefined()
	if len(args) > 0 && args[0].Type() == js.TypeFunction {
		poolHash = args[0]
	}
	return nil
}

// PoolHasher is the engine's PartHasher in the browser: a Blob part is read
// and hashed by the worker pool, off this thread and on every core; anything
// else, or any failure of the pool, takes Go's path (upload.GoHasher), which
// also turns read errors into the engine's typed errors.
type PoolHasher struct{}

// HashPart implements upload.PartHasher.
func (PoolHasher) HashPart(ctx context.Context, src upload.Source, off, n int64) (uint64, error) {
	poolMu.RLock()
	fn := poolHash
	poolMu.RUnlock()
	bs, ok := src.(*BlobSource)
	if ok && fn.Type() == js.TypeFunction && n > 0 {
		v, err := Await(ctx, fn.Invoke(bs.blob, float64(off), float64(off+n)))
		if err == nil && v.Type() == js.TypeString {
			if crc, perr := strconv.ParseUint(v.String(), 10, 64); perr == nil {
				return crc, nil
			}
		}
	}
	return upload.GoHasher.HashPart(ctx, src, off, n)
}
