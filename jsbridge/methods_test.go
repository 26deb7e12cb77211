//go:build js && wasm

package jsbridge

import (
	"net/http"
	"syscall/js"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/partcopy"
	"github.com/ossupload/ossupload/wasm/upload"
)

// The decoders and encoders of restore, putSymlink, signPostObjectPolicyV4
// and multipartUploadCopy.

func TestDecodeRestoreOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []js.Value
		want ossapi.RestoreOptions
	}{
		{"no options: Archive, as ali-oss's default parameter", nil, ossapi.RestoreOptions{Type: "Archive"}},
		{"options without type send no JobParameters", []js.Value{jsObject(`{Days: 1}`)}, ossapi.RestoreOptions{Days: "1"}},
		{"cold archive", []js.Value{jsObject(`{type: 'ColdArchive', Days: 3, JobParameters: 'Expedited', versionId: 'v'}`)},
			ossapi.RestoreOptions{Type: "ColdArchive", Days: "3", Tier: "Expedited", VersionID: "v"}},
		{"falsy Days is the default", []js.Value{jsObject(`{type: 'DeepColdArchive', Days: 0}`)}, ossapi.RestoreOptions{Type: "DeepColdArchive"}},
		{"null options", []js.Value{js.Null()}, ossapi.RestoreOptions{}},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, decodeRestoreOptions(tc.args)) })
	}
}

func TestRestoreInfo(t *testing.T) {
	assert.True(t, js.ValueOf(restoreInfo("")).IsUndefined())
	v := js.ValueOf(restoreInfo(`ongoing-request="true"`))
	assert.True(t, v.Get("ongoingRequest").Bool())
	assert.True(t, v.Get("expiryDate").IsUndefined())
	v = js.ValueOf(restoreInfo(`ongoing-request="false", expiry-date="Sun, 16 Apr 2017 08:12:33 GMT"`))
	assert.False(t, v.Get("ongoingRequest").Bool())
	assert.Equal(t, "Sun, 16 Apr 2017 08:12:33 GMT", v.Get("expiryDate").Call("toUTCString").String())
}

func TestDecodeSymlinkHeaders(t *testing.T) {
	h, err := decodeSymlinkHeaders(jsObject(`{storageClass: 'IA', meta: {uid: 1}, headers: {'Cache-Control': 'no-cache'}}`), "oss/target-测试 a.js")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"x-oss-symlink-target": "oss/target-%E6%B5%8B%E8%AF%95%20a.js", "x-oss-storage-class": "IA",
		"x-oss-meta-uid": "1", "Cache-Control": "no-cache"}, h)
	_, err = decodeSymlinkHeaders(jsObject(`{meta: 'x'}`), "t")
	assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err))
	assert.Equal(t, "%2F", symlinkTarget([]string{"%252F"}))
	assert.True(t, js.ValueOf(symlinkTarget(nil)).IsUndefined())
}

func TestDecodePolicy(t *testing.T) {
	for _, tc := range []struct {
		name, expr, want, err string
	}{
		{name: "object", expr: `{expiration: 'x', conditions: [['eq', '$a', 1], {b: 'ü'}]}`, want: `{"expiration":"x","conditions":[["eq","$a",1],{"b":"ü"}]}`},
		{name: "string is rewritten as JSON.stringify writes it", expr: `'{ "a" : 1.50 }'`, want: `{"a":1.5}`},
		{name: "not JSON", expr: `'test'`, err: "Policy string is not a valid JSON: "},
		{name: "nothing", expr: `undefined`, err: "policy must be a JSON string or an object."},
		{name: "unserializable", expr: `(() => { const o = {}; o.o = o; return o; })()`, err: "the policy cannot be written as JSON: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodePolicy(jsObject(tc.expr))
			if tc.err != "" {
				require.Error(t, err)
				assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err))
				var ue *upload.Error
				require.ErrorAs(t, err, &ue)
				assert.Contains(t, ue.Message, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDecodeDate(t *testing.T) {
	want := time.Date(2026, 12, 4, 23, 59, 59, 0, time.UTC)
	for _, expr := range []string{`new Date(Date.UTC(2026, 11, 4, 23, 59, 59))`, `Date.UTC(2026, 11, 4, 23, 59, 59)`, `'2026-12-04T23:59:59Z'`} {
		got, err := decodeDate(jsObject(expr))
		require.NoError(t, err, expr)
		assert.True(t, want.Equal(got), expr)
	}
	for _, expr := range []string{`new Date('nope')`, `undefined`, `{}`} {
		_, err := decodeDate(jsObject(expr))
		assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err), expr)
	}
}

func TestDecodeCopySource(t *testing.T) {
	c := &Client{bucket: "own"}
	s, err := c.decodeCopySource(jsObject(`{sourceKey: 'a b', sourceBucketName: 'other', startOffset: 10, endOffset: '20'}`), "v")
	require.NoError(t, err)
	assert.Equal(t, copySource{Source: partcopy.Source{Bucket: "other", Key: "a b", VersionID: "v"}, Start: 10, End: 20}, s)
	s, err = c.decodeCopySource(jsObject(`{sourceKey: 'k'}`), "")
	require.NoError(t, err)
	assert.Equal(t, "own", s.Bucket, "the client's bucket by default")
	for _, expr := range []string{`undefined`, `{}`, `{sourceKey: 'k', startOffset: -1}`} {
		_, err := c.decodeCopySource(jsObject(expr), "")
		assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err), expr)
	}
	cpt := (&copyCheckpoint{copySize: 5, partSize: 2, uploadID: "u"}).value("n")
	assert.Equal(t, "u", js.ValueOf(cpt).Get("uploadId").String())
	assert.Equal(t, 0, js.ValueOf(cpt).Get("doneParts").Length())
}

func TestHeaderBytes(t *testing.T) {
	for in, want := range map[string]string{"abc": "abc", "阿": "\u00e9\u0098\u00bf", "é": "\u00c3\u00a9", "": ""} {
		got := byteString(in)
		assert.Equal(t, want, got, in)
		enc := js.Global().Get("TextEncoder").New().Call("encode", in)
		assert.Equal(t, enc.Length(), utf8.RuneCountInString(got), "one code point per byte")
	}
	var seen http.Header
	next := sendFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.Header
		return &http.Response{StatusCode: 200}, nil
	})
	for _, tc := range []struct {
		name, header, value, want string
		latin1                    bool
	}{
		{"ASCII as is", "X-Oss-Meta-B", "ascii", "ascii", false},
		{"beyond U+00FF: its bytes (ali-oss would throw)", "Content-Disposition", "阿达", "\u00e9\u0098\u00bf\u00e8\u00be\u00be", false},
		{"signed, up to U+00FF: its bytes, as signed", "X-Oss-Meta-A", "é", "\u00c3\u00a9", false},
		{"unsigned, up to U+00FF: as ali-oss sends it (ISO-8859-1)", "Content-Disposition", "é", "é", false},
		{"headerEncoding latin1: always its bytes, as ali-oss", "Content-Disposition", "é", "\u00c3\u00a9", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("PUT", "http://x/k", nil)
			req.Header.Set(tc.header, tc.value)
			_, err := headerBytes{next: next, utf8Always: tc.latin1}.Send(req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, seen.Get(tc.header))
			assert.Equal(t, tc.value, req.Header.Get(tc.header), "the caller's request is not modified")
		})
	}
	req, _ := http.NewRequest("PUT", "http://x/k", nil)
	req.Header.Set("X-Oss-Meta-A", "阿达")
	_, err := headerBytes{next: next}.Send(req)
	require.NoError(t, err)
	// The browser accepts what it refused before.
	x := js.Global().Get("XMLHttpRequest").New()
	x.Call("open", "PUT", "http://127.0.0.1:1/")
	_, err = call(x, "setRequestHeader", "x-oss-meta-a", seen.Get("X-Oss-Meta-A"))
	assert.NoError(t, err)
	_, err = call(x, "setRequestHeader", "x-oss-meta-a", "阿达")
	assert.Error(t, err)
}

type sendFunc func(*http.Request) (*http.Response, error)

func (f sendFunc) Send(r *http.Request) (*http.Response, error) { return f(r) }

func TestCopyHeaders(t *testing.T) {
	for _, tc := range []struct {
		name    string
		headers map[string]string
		meta    bool
		want    map[string]string
	}{
		{"nothing", nil, false, map[string]string{}},
		{"meta replaces", nil, true, map[string]string{"x-oss-metadata-directive": "REPLACE"}},
		{"Cache-Control replaces", map[string]string{"Cache-Control": "max-age=0"}, false,
			map[string]string{"Cache-Control": "max-age=0", "x-oss-copy-source-cache-control": "max-age=0", "x-oss-metadata-directive": "REPLACE"}},
		{"a condition does not", map[string]string{"If-Match": `"e"`}, false,
			map[string]string{"If-Match": `"e"`, "x-oss-copy-source-if-match": `"e"`}},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, copyHeaders(tc.headers, tc.meta)) })
	}
}
