//go:build js && wasm

package jsbridge

import (
	"strconv"
	"syscall/js"
)

// maxArrayItems bounds what is read from a caller's array: OSS allows 10,000
// parts per upload and 1,000 keys per DeleteMultipleObjects, so anything
// longer is a mistake, and a forged length of 2^32-1 must not loop for ever.
const maxArrayItems = 10000

// arrayItems reads a caller's array (or array-like) item by item through
// Reflect.get. js.Value's Length and Index read properties directly, and a
// getter or Proxy trap that throws there cannot be caught by syscall/js: it
// would take the Go runtime down. Through get, it panics with the thrown
// value, which the method wrapper turns into a rejected Promise.
func arrayItems(v js.Value, what string) ([]js.Value, error) {
	if v.Type() != js.TypeObject {
		return nil, invalid("%s must be an array.", what)
	}
	n := get(v, "length")
	if n.Type() != js.TypeNumber || n.Float() < 0 || n.Float() != float64(int(n.Float())) {
		return nil, invalid("%s must be an array.", what)
	}
	if n.Int() > maxArrayItems {
		return nil, invalid("%s has %d items; at most %d are accepted.", what, n.Int(), maxArrayItems)
	}
	items := make([]js.Value, n.Int())
	for i := range items {
		items[i] = get(v, strconv.Itoa(i))
	}
	return items, nil
}
