//go:build js && wasm

package jsbridge

import (
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/wasm/upload"
)

// Callers' arrays are read without ever letting a throwing getter reach
// syscall/js's uncatchable paths: each case either decodes, is refused with
// InvalidArgument, or panics with the thrown value (which the method wrapper
// turns into a rejected Promise) while the runtime stays up.
func TestArrayItems(t *testing.T) {
	for _, tc := range []struct {
		name, expr string
		n          int
		code       string
		panics     bool
	}{
		{name: "array", expr: `[{number: 1, etag: '"a"'}, {number: 2, etag: '"b"'}]`, n: 2},
		{name: "empty", expr: `[]`, n: 0},
		{name: "array-like", expr: `{length: 1, 0: 'k'}`, n: 1},
		{name: "not an object", expr: `'parts'`, code: "InvalidArgument"},
		{name: "no length", expr: `{a: 1}`, code: "InvalidArgument"},
		{name: "forged length", expr: `{length: 4294967295}`, code: "InvalidArgument"},
		{name: "fractional length", expr: `{length: 1.5}`, code: "InvalidArgument"},
		{name: "throwing length getter", expr: `{get length() { throw new Error('no length') }}`, panics: true},
		{name: "throwing item getter", expr: `{length: 1, get 0() { throw new Error('no item') }}`, panics: true},
		{name: "proxy throwing on get", expr: `new Proxy([], {get() { throw new Error('trap') }})`, panics: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := jsObject(tc.expr)
			if tc.panics {
				assert.Panics(t, func() { _, _ = arrayItems(v, "parts") })
				return
			}
			items, err := arrayItems(v, "parts")
			if tc.code != "" {
				require.Error(t, err)
				assert.Equal(t, tc.code, upload.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.Len(t, items, tc.n)
		})
	}
}

func TestFindTimeout(t *testing.T) {
	for _, tc := range []struct {
		name, expr string
		want       time.Duration
		code       string
	}{
		{name: "none", expr: `['name', {mime: 'text/plain'}]`},
		{name: "milliseconds", expr: `['name', {timeout: 1500}]`, want: 1500 * time.Millisecond},
		{name: "humanize-ms string", expr: `['name', 'x', {timeout: '2m'}]`, want: 2 * time.Minute},
		{name: "the last options object wins", expr: `['name', {timeout: 1}, {timeout: 2}]`, want: 2 * time.Millisecond},
		{name: "not a duration", expr: `['name', {timeout: 'soon'}]`, code: "InvalidArgument"},
		{name: "negative", expr: `['name', {timeout: -1}]`, code: "InvalidArgument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arr := jsObject(tc.expr)
			var a []js.Value
			for i := 0; i < arr.Length(); i++ {
				a = append(a, arr.Index(i))
			}
			d, err := findTimeout(a)
			if tc.code != "" {
				assert.Equal(t, tc.code, upload.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, d)
		})
	}
}
