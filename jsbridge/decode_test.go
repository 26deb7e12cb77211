//go:build js && wasm

package jsbridge

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"syscall/js"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// jsObject evaluates a JS expression (object literals, functions) in the page.
func jsObject(expr string) js.Value {
	return js.Global().Get("Function").New("return (" + expr + ")").Invoke()
}

func TestDecodeClientOptions(t *testing.T) {
	for _, tc := range []struct {
		name, expr string
		https      bool
		check      func(t *testing.T, co ClientOptions)
		code       string
	}{
		{name: "ali-oss defaults", expr: `{accessKeyId: ' ak ', accessKeySecret: 'sk', bucket: 'b'}`, check: func(t *testing.T, co ClientOptions) {
			assert.Equal(t, "cn-hangzhou", co.Region)
			assert.Equal(t, "http://oss-cn-hangzhou.aliyuncs.com", co.Endpoint)
			assert.Equal(t, "ak", co.AccessKeyID)
			assert.False(t, co.V4, "ali-oss signs V1 unless authorizationV4")
			assert.Equal(t, 60*time.Second, co.Timeout)
			assert.Equal(t, 5*time.Minute, co.RefreshInterval)
			assert.Empty(t, co.Ignored)
		}},
		{name: "secure follows the page", expr: `{accessKeyId: 'a', accessKeySecret: 's', region: 'oss-cn-beijing'}`, https: true, check: func(t *testing.T, co ClientOptions) {
			assert.Equal(t, "https://oss-cn-beijing.aliyuncs.com", co.Endpoint)
		}},
		{name: "endpoint without scheme, secure, V4, cname", expr: `{accessKeyId: 'a', accessKeySecret: 's', endpoint: 'img.example.com', secure: true, authorizationV4: true, cname: true}`, check: func(t *testing.T, co ClientOptions) {
			assert.Equal(t, "https://img.example.com", co.Endpoint)
			assert.True(t, co.V4)
			assert.True(t, co.CNAME)
		}},
		{name: "stsEndpoint signs V4", expr: `{stsEndpoint: '/api/sts'}`, check: func(t *testing.T, co ClientOptions) { assert.True(t, co.V4) }},
		{name: "timeout as humanize-ms string, retryMax, interval", expr: `{accessKeyId: 'a', accessKeySecret: 's', timeout: '2m', retryMax: 3, refreshSTSTokenInterval: 1000}`, check: func(t *testing.T, co ClientOptions) {
			assert.Equal(t, 2*time.Minute, co.Timeout)
			assert.Equal(t, 3, co.RetryMax)
			assert.Equal(t, time.Second, co.RefreshInterval)
		}},
		{name: "timeout in ms", expr: `{accessKeyId: 'a', accessKeySecret: 's', timeout: 1500}`, check: func(t *testing.T, co ClientOptions) {
			assert.Equal(t, 1500*time.Millisecond, co.Timeout)
		}},
		{name: "unknown options are reported", expr: `{accessKeyId: 'a', accessKeySecret: 's', internal: true, isRequestPay: false, useFetch: true, proxy: 'x'}`, check: func(t *testing.T, co ClientOptions) {
			assert.ElementsMatch(t, []string{"internal", "proxy"}, co.Ignored)
		}},
		{name: "refreshSTSToken alone", expr: `{refreshSTSToken: () => ({})}`, check: func(t *testing.T, co ClientOptions) {
			assert.Equal(t, js.TypeFunction, co.Refresh.Type())
		}},
		{name: "not an object", expr: `42`, code: upload.CodeInvalidArgument},
		{name: "no credentials", expr: `{bucket: 'b'}`, code: upload.CodeInvalidArgument},
		{name: "bad protocol", expr: `{accessKeyId: 'a', accessKeySecret: 's', endpoint: 'ftp://x'}`, code: upload.CodeInvalidArgument},
		{name: "bad timeout", expr: `{accessKeyId: 'a', accessKeySecret: 's', timeout: 'soon'}`, code: upload.CodeInvalidArgument},
		{name: "bad retryMax", expr: `{accessKeyId: 'a', accessKeySecret: 's', retryMax: 1.5}`, code: upload.CodeInvalidArgument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			co, err := decodeClientOptions(jsObject(tc.expr), tc.https)
			if tc.code != "" {
				assert.Equal(t, tc.code, upload.CodeOf(err))
				return
			}
			require.NoError(t, err)
			tc.check(t, co)
		})
	}
}

func TestDecodeSTSCredentials(t *testing.T) {
	for _, expr := range []string{
		`{accessKeyId: 'id', accessKeySecret: 'sk', stsToken: 'tok', expiration: 'exp'}`,
		`{AccessKeyId: 'id', AccessKeySecret: 'sk', SecurityToken: 'tok', Expiration: 'exp'}`,
	} {
		id, sk, tok, exp := decodeSTSCredentials(jsObject(expr))
		assert.Equal(t, []string{"id", "sk", "tok", "exp"}, []string{id, sk, tok, exp}, expr)
	}
}

func TestDecodeBody(t *testing.T) {
	for _, tc := range []struct {
		expr string
		size int
	}{
		{`'héllo'`, 6}, {`new ArrayBuffer(7)`, 7}, {`new Uint8Array(5)`, 5}, {`new Float64Array(2)`, 16},
		{`new DataView(new ArrayBuffer(3))`, 3}, {`new Blob(['abc'])`, 3}, {`new File(['abcd'], 'f.txt')`, 4},
	} {
		b, err := decodeBody(jsObject(tc.expr))
		require.NoError(t, err, tc.expr)
		assert.True(t, IsBlob(b), tc.expr)
		assert.Equal(t, tc.size, b.Get("size").Int(), tc.expr)
	}
	for _, expr := range []string{`42`, `null`, `undefined`, `({size: 3})`, `[1, 2]`} {
		_, err := decodeBody(jsObject(expr))
		assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err), expr)
	}
}

func TestMimeOf(t *testing.T) {
	for _, tc := range []struct{ explicit, expr, want string }{
		{"", `new File([''], 'a.png')`, "image/png"},
		{"", `new File([''], 'a.unknownext')`, ""},
		{"", `new Blob([''], {type: 'text/csv'})`, "text/csv"},
		{"video/mp4", `new File([''], 'a.png')`, "video/mp4"},
		{"", `'a string'`, ""},
	} {
		assert.Equal(t, tc.want, mimeOf(tc.explicit, jsObject(tc.expr)), tc.expr)
	}
}

func TestCallbackHeaders(t *testing.T) {
	h := map[string]string{}
	require.NoError(t, callbackHeaders(jsObject(`{callback: {url: 'http://cb.example.com/a,b', body: 'bucket=${bucket}', contentType: 'application/json', customValue: {k: 'v'}}}`), h))
	raw, err := base64.StdEncoding.DecodeString(h["x-oss-callback"])
	require.NoError(t, err)
	var cb map[string]any
	require.NoError(t, json.Unmarshal(raw, &cb))
	assert.Equal(t, map[string]any{"callbackUrl": "http://cb.example.com/a%2Cb", "callbackBody": "bucket=${bucket}", "callbackBodyType": "application/json"}, cb)
	raw, _ = base64.StdEncoding.DecodeString(h["x-oss-callback-var"])
	assert.JSONEq(t, `{"x:k": "v"}`, string(raw))

	assert.Error(t, callbackHeaders(jsObject(`{callback: {body: 'no url'}}`), map[string]string{}))
	empty := map[string]string{}
	require.NoError(t, callbackHeaders(jsObject(`{}`), empty))
	assert.Empty(t, empty)
}

func TestDecodeCheckpoint(t *testing.T) {
	rec, err := decodeCheckpoint(jsObject(`{name: 'k', fileSize: 300, partSize: 102400, uploadId: 'U', doneParts: [{number: 1, etag: '"E1"'}, {PartNumber: '2', ETag: '"E2"'}]}`))
	require.NoError(t, err)
	assert.Equal(t, "U", rec.UploadID)
	assert.Equal(t, int64(300), rec.FileSize)
	require.Len(t, rec.DoneParts, 2)
	assert.Equal(t, 2, rec.DoneParts[1].Number)
	assert.Equal(t, `"E2"`, rec.DoneParts[1].ETag)

	rec, err = decodeCheckpoint(js.Undefined())
	assert.NoError(t, err)
	assert.Nil(t, rec)
	for _, expr := range []string{`{}`, `{uploadId: 'U'}`, `'U'`} {
		_, err := decodeCheckpoint(jsObject(expr))
		assert.Equal(t, upload.CodeCheckpointMismatch, upload.CodeOf(err), expr)
	}
}

func TestObjectName(t *testing.T) {
	for in, want := range map[string]string{"a/b": "a/b", "//a": "a", "é": "é"} {
		got, err := objectName(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	for _, bad := range []string{"", "///", string(make([]byte, 1024)), "\xff"} {
		_, err := objectName(bad)
		assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err))
	}
	assert.Equal(t, "a%20b/c%2Bd(1)!", escapeKey("a b/c+d(1)!"))
	assert.Equal(t, "/other/x%20y", sourceOf("/other/x y", "demo"))
	assert.Equal(t, "/demo/x", sourceOf("x", "demo"))
}

func TestErrorInfo(t *testing.T) {
	se := oss.ServiceError{Code: "NoSuchKey", Message: "gone", StatusCode: 404, RequestID: "R1", HostID: "demo.oss", Ec: "0026-00000001"}
	for _, tc := range []struct {
		name string
		err  error
		want ErrorInfo
	}{
		{"OSS error", &upload.Error{Code: "NoSuchKey", Message: "gone", Status: 404, RequestID: "R1", Err: se},
			ErrorInfo{Code: "NoSuchKey", Message: "gone", Status: 404, RequestID: "R1", HostID: "demo.oss", ECCode: "0026-00000001"}},
		{"part", &upload.Error{Code: "InvalidPart", Message: "m", Status: 400, PartNumber: 3}, ErrorInfo{Code: "InvalidPart", Message: "m", Status: 400, PartNum: 3}},
		{"network is status -1", &upload.Error{Code: upload.CodeNetwork, Message: "down"}, ErrorInfo{Code: "RequestError", Message: "down", Status: -1}},
		{"timeout is status -2", &upload.Error{Code: upload.CodeTimeout, Message: "slow"}, ErrorInfo{Code: "ConnectionTimeoutError", Message: "slow", Status: -2}},
		{"plain error", errors.New("x"), ErrorInfo{Code: upload.CodeInternal, Message: "x"}},
	} {
		assert.Equal(t, tc.want, errorInfo(tc.err), tc.name)
	}
	e := ErrorValue(&upload.Error{Code: "AccessDenied", Message: "no", Status: 403, RequestID: "R"})
	assert.Equal(t, "AccessDeniedError", e.Get("name").String())
	assert.Equal(t, 403, e.Get("status").Int())
	assert.True(t, e.InstanceOf(js.Global().Get("Error")))
}

func TestErrorName(t *testing.T) {
	for code, want := range map[string]string{
		upload.CodeCanceled: "cancel", upload.CodeAborted: "abort", "NoSuchKey": "NoSuchKeyError", upload.CodeNetwork: "NetworkError", "RequestError": "RequestError", "ConnectionTimeoutError": "ConnectionTimeoutError",
	} {
		assert.Equal(t, want, errorName(code), code)
		assert.Equal(t, want, NewError(ErrorInfo{Code: code}).Get("name").String(), code)
	}
}

func TestEncodeRes(t *testing.T) {
	r := encodeRes(ossapi.Response{Status: 200, URL: "http://h/b/k?uploads", Took: 1500 * time.Millisecond,
		Header: http.Header{"Etag": {`"E"`}, "X-Oss-Request-Id": {"R"}, "Content-Length": {"12"}}})
	assert.Equal(t, map[string]any{"etag": `"E"`, "x-oss-request-id": "R", "content-length": "12"}, r["headers"])
	assert.Equal(t, []any{"http://h/b/k?uploads"}, r["requestUrls"])
	assert.Equal(t, 12, r["size"])
	assert.Equal(t, int64(1500), r["rt"])
	assert.Equal(t, 200, r["statusCode"])
}

func TestGuardAndInvoke(t *testing.T) {
	_, err := guard(func() (any, error) { panic("bug") })
	assert.Equal(t, upload.CodeInternal, upload.CodeOf(err))
	_, err = guard(func() (any, error) { jsObject(`{}`).Call("nope"); return nil, nil })
	assert.Equal(t, upload.CodeInternal, upload.CodeOf(err), "a syscall/js panic is an error, not a crash")
	_, err = guard(func() (any, error) { get(jsObject(`{get x() { throw new TypeError('trap') }}`), "x"); return nil, nil })
	var je *JSError
	require.ErrorAs(t, err, &je, "a JS exception keeps its value")
	assert.Equal(t, "TypeError", je.Name)

	thrower := jsObject(`() => { throw Object.assign(new Error('mine'), {marker: 7}) }`)
	_, err = invoke(thrower)
	require.ErrorAs(t, err, &je)
	assert.Equal(t, 7, je.Value.Get("marker").Int())
	assert.Equal(t, "", str(jsObject(`{toString() { throw new Error('x') }}`)), "str never throws")
}

func TestFindSignal(t *testing.T) {
	args := []js.Value{js.ValueOf("name"), jsObject(`new Blob(['x'])`), jsObject(`{signal: new AbortController().signal}`)}
	assert.Equal(t, js.TypeObject, findSignal(args).Type())
	assert.True(t, findSignal([]js.Value{js.ValueOf("x")}).IsUndefined())
}
