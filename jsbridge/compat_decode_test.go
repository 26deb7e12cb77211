//go:build js && wasm

package jsbridge

import (
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/wasm/upload"
)

// signatureUrl's options as ali-oss's _signatureForURL reads them.
func TestDecodeSignOptions(t *testing.T) {
	for _, tc := range []struct {
		name, expr      string
		method          string
		expires         int64
		headers, params map[string]string
		code            string
	}{
		{name: "defaults", expr: `{}`, headers: map[string]string{}, params: map[string]string{}},
		{name: "PUT with Content-Md5 and Content-Type in any case", expr: `{method: 'put', expires: 60, 'Content-Md5': 'm', 'content-type': 't', 'X-Oss-Meta-A': 'b', Cache: 'no'}`,
			method: "PUT", expires: 60, headers: map[string]string{"Content-Md5": "m", "content-type": "t", "X-Oss-Meta-A": "b"}, params: map[string]string{}},
		{name: "response keys lower-cased, process, trafficLimit, subResource", expr: `{response: {'Content-Disposition': 'a.js'}, process: 'image/resize,w_200', trafficLimit: 819200, subResource: {acl: ''}}`,
			headers: map[string]string{}, params: map[string]string{"response-content-disposition": "a.js", "x-oss-process": "image/resize,w_200", "x-oss-traffic-limit": "819200", "acl": ""}},
		{name: "bad expires", expr: `{expires: 'soon'}`, code: upload.CodeInvalidArgument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			so, err := decodeSignOptions(jsObject(tc.expr), false)
			if tc.code != "" {
				assert.Equal(t, tc.code, upload.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.method, so.Method)
			assert.Equal(t, tc.expires, so.Expires)
			assert.Equal(t, tc.headers, so.Headers)
			assert.Equal(t, tc.params, so.Params)
		})
	}
}

func TestSignCallback(t *testing.T) {
	so, err := decodeSignOptions(jsObject(`{callback: {url: 'http://cb.example.com/x', body: 'k=${key}', customValue: {a: '1'}}}`), false)
	require.NoError(t, err)
	assert.NotEmpty(t, so.Params["callback"])
	assert.NotEmpty(t, so.Params["callback-var"])
}

// get(name, [file], options) as ali-oss reads its arguments.
func TestDecodeGetOptions(t *testing.T) {
	for _, tc := range []struct {
		name, args string
		headers    map[string]string
		params     map[string]any
	}{
		{name: "no options: response-cache-control=no-cache", args: `['k']`, params: map[string]any{"response-cache-control": "no-cache"}},
		{name: "options second", args: `['k', {headers: {Range: 'bytes=0-3'}}]`, headers: map[string]string{"Range": "bytes=0-3"}, params: map[string]any{"response-cache-control": "no-cache"}},
		{name: "null file, options third", args: `['k', null, {headers: {Range: 'bytes=0-3'}}]`, headers: map[string]string{"Range": "bytes=0-3"}, params: map[string]any{"response-cache-control": "no-cache"}},
		{name: "a number or true as file, options third", args: `['k', 2, {versionId: 'v'}]`, params: map[string]any{"response-cache-control": "no-cache", "versionId": "v"}},
		{name: "responseCacheControl null, subres, process", args: `['k', {responseCacheControl: null, subres: {a: 'b'}, process: 'p'}]`, params: map[string]any{"a": "b", "x-oss-process": "p"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := jsObject(tc.args)
			var args []js.Value
			for i := 0; i < a.Length(); i++ {
				args = append(args, a.Index(i))
			}
			h, p, err := decodeGetOptions(args)
			require.NoError(t, err)
			if tc.headers == nil {
				assert.Empty(t, h)
			} else {
				assert.Equal(t, tc.headers, h)
			}
			assert.Equal(t, tc.params, p)
		})
	}
}

// multipartUpload's partSize with ali-oss's messages; a progress function
// asks for byte-level calls by declaring the 4th parameter.
func TestPartSizeAndProgressArity(t *testing.T) {
	for _, tc := range []struct{ expr, msg string }{
		{`{partSize: 14.56}`, "partSize must be int number"},
		{`{partSize: '102400'}`, "partSize must be int number"},
		{`{partSize: 1}`, "partSize must not be smaller than 102400"},
	} {
		_, err := decodeOptions(jsObject(tc.expr))
		var ue *upload.Error
		require.ErrorAs(t, err, &ue, tc.expr)
		assert.Equal(t, tc.msg, ue.Message, tc.expr)
	}
	o, err := decodeOptions(jsObject(`{partSize: 0}`))
	require.NoError(t, err)
	assert.Zero(t, o.PartSize, "0 is the default, as ali-oss reads it")
	assert.False(t, declaresBytes(jsObject(`function (p, cpt, res) {}`)))
	assert.True(t, declaresBytes(jsObject(`(p, cpt, res, bytes) => {}`)))
	assert.False(t, declaresBytes(jsObject(`(...a) => {}`)))
}
