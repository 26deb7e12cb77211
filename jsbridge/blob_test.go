//go:build js && wasm

package jsbridge

import (
	"context"
	"io"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func blobOf(b []byte) js.Value {
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return js.Global().Get("Blob").New([]any{u})
}

func TestBlobSourceReadAt(t *testing.T) {
	data := make([]byte, 300000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	src, err := NewBlobSource(blobOf(data))
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)), src.Size())
	buf := make([]byte, 1000)
	n, err := src.ReadAt(buf, 123456)
	require.NoError(t, err)
	assert.Equal(t, data[123456:124456], buf[:n])
	n, err = src.ReadAt(buf, int64(len(data))-10)
	assert.Equal(t, 10, n)
	assert.ErrorIs(t, err, io.EOF)
	_, err = src.ReadAt(buf, int64(len(data)))
	assert.ErrorIs(t, err, io.EOF)

	ctx := src.Direct(context.Background(), 10, 20, nil)
	d := ctx.Value(directKey{}).(*direct)
	assert.Equal(t, 20, d.body("").Get("size").Int())
}

// TestDirectBody: a whole Blob goes as itself unless its type would make
// XMLHttpRequest add a Content-Type the request did not set (and sign).
func TestDirectBody(t *testing.T) {
	typed := js.Global().Get("Blob").New([]any{"hello world"}, map[string]any{"type": "text/plain"})
	untyped := blobOf([]byte("hello world"))
	for _, tc := range []struct {
		name        string
		blob        js.Value
		off, n      int64
		contentType string
		same        bool
	}{
		{"whole untyped", untyped, 0, 11, "", true},
		{"whole typed, Content-Type set", typed, 0, 11, "text/plain", true},
		{"whole typed, no Content-Type", typed, 0, 11, "", false},
		{"part", untyped, 0, 5, "", false},
		{"tail", untyped, 6, 5, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := NewBlobSource(tc.blob)
			require.NoError(t, err)
			d := src.Direct(context.Background(), tc.off, tc.n, nil).Value(directKey{}).(*direct)
			b := d.body(tc.contentType)
			assert.Equal(t, tc.same, b.Equal(tc.blob))
			assert.Equal(t, int(tc.n), b.Get("size").Int())
			if !tc.same {
				assert.Equal(t, "", b.Get("type").String(), "a slice has no type")
			}
		})
	}
}

func TestNotABlob(t *testing.T) {
	for _, v := range []js.Value{js.ValueOf("x"), js.ValueOf(3), js.Null(), js.Undefined(), js.ValueOf(map[string]any{"size": 3})} {
		_, err := NewBlobSource(v)
		assert.Error(t, err)
	}
}

func TestPromiseAndAwait(t *testing.T) {
	ctx := context.Background()
	v, err := Await(ctx, Promise(func() (any, error) { return 42, nil }))
	require.NoError(t, err)
	assert.Equal(t, 42, v.Int())
	_, err = Await(ctx, Promise(func() (any, error) { return nil, invalid("bad %d", 1) }))
	var je *JSError
	require.ErrorAs(t, err, &je)
	assert.Equal(t, "InvalidArgument", je.Value.Get("code").String())
	assert.Equal(t, "InvalidArgumentError", je.Name)
}
