//go:build js && wasm

package jsbridge

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/wasm/upload"
)

// engine is a browser and OSS in one: it puts each header value on the wire
// as the browser would (one byte a code point, or the UTF-8 of the code
// points as WebKitGTK does), refuses what setRequestHeader refuses, and
// answers SignatureDoesNotMatch unless the wire bytes are the signed ones.
type engine struct {
	utf8   bool
	signed map[string]string // header → the bytes Go signed
	sends  int
	bodies []string
}

func (e *engine) Send(r *http.Request) (*http.Response, error) {
	e.sends++
	if _, direct := r.Context().Value(directKey{}).(*direct); r.Body != nil && !direct { // as Transport: a direct part's Blob is the body
		b, _ := io.ReadAll(r.Body)
		e.bodies = append(e.bodies, string(b))
	}
	ok := true
	for k, want := range e.signed {
		v := r.Header.Get(k)
		if !latin1(v) {
			return nil, &NetworkError{"setRequestHeader refused " + k} // stands for the browser's TypeError
		}
		wire := v // the UTF-8 of the code points: a Go string is that
		if !e.utf8 {
			var b strings.Builder
			for _, c := range v {
				b.WriteByte(byte(c))
			}
			wire = b.String()
		}
		ok = ok && wire == want
	}
	if ok {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(""))}, nil
	}
	body := "<Error><Code>SignatureDoesNotMatch</Code></Error>"
	return &http.Response{StatusCode: 403, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}, nil
}

func TestHeaderBytesLearnsTheEngine(t *testing.T) {
	for _, tc := range []struct {
		name         string
		utf8         bool
		value        string
		wrongKey     bool
		status       int
		sends        int // of the first request
		learned      bool
		sendsOfLater int // of the same request once more
	}{
		{"one byte a code point (Chromium, Firefox): sent once", false, "Zürich", false, 200, 1, false, 1},
		{"UTF-8 engine (WebKitGTK): the retry is accepted, later requests go right at once", true, "Zürich", false, 200, 2, true, 1},
		{"UTF-8 engine, beyond U+00FF: no retry the browser would refuse", true, "我", false, 403, 1, false, 1},
		{"a real mismatch: one retry, the engine not learned", false, "Zürich", true, 403, 2, false, 2},
		{"ASCII: never retried", false, "plain", true, 403, 1, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			utf8Engine.Store(false)
			defer utf8Engine.Store(false)
			signed := tc.value
			if tc.wrongKey {
				signed = "other"
			}
			e := &engine{utf8: tc.utf8, signed: map[string]string{"X-Oss-Meta-City": signed}}
			send := func() *http.Response {
				req, _ := http.NewRequest("PUT", "http://x/k", strings.NewReader("body"))
				req.Header.Set("X-Oss-Meta-City", tc.value)
				res, err := headerBytes{next: e}.Send(req)
				require.NoError(t, err)
				return res
			}
			res := send()
			assert.Equal(t, tc.status, res.StatusCode)
			if tc.status == 403 {
				b, _ := io.ReadAll(res.Body)
				assert.Contains(t, string(b), "SignatureDoesNotMatch", "the answer's body is still readable")
			}
			assert.Equal(t, tc.sends, e.sends)
			assert.Equal(t, tc.learned, utf8Engine.Load())
			for _, b := range e.bodies {
				assert.Equal(t, "body", b, "each attempt sends the whole body")
			}
			e.sends = 0
			assert.Equal(t, tc.status, send().StatusCode)
			assert.Equal(t, tc.sendsOfLater, e.sends)
		})
	}
}

// A part on the direct path is retried without reading its stand-in body:
// the Transport sends the Blob, and reading it would copy the part into Go.
func TestHeaderBytesLeavesDirectBodiesUnread(t *testing.T) {
	utf8Engine.Store(false)
	defer utf8Engine.Store(false)
	e := &engine{utf8: true, signed: map[string]string{"X-Oss-Meta-City": "Zürich"}}
	ctx := context.WithValue(context.Background(), directKey{}, &direct{})
	body := &countingReader{}
	req, _ := http.NewRequestWithContext(ctx, "PUT", "http://x/k", body)
	req.Header.Set("X-Oss-Meta-City", "Zürich")
	res, err := headerBytes{next: e}.Send(req)
	require.NoError(t, err)
	assert.Equal(t, 200, res.StatusCode)
	assert.Equal(t, 2, e.sends)
	assert.Zero(t, body.n, "the stand-in body was read")
}

// countingReader counts the bytes read from it (an endless stream of zeros).
type countingReader struct{ n int }

func (c *countingReader) Read(p []byte) (int, error) { c.n += len(p); return len(p), nil }

func TestHeaderBytesBeyondLatin1InAUTF8Engine(t *testing.T) {
	utf8Engine.Store(true)
	defer utf8Engine.Store(false)
	e := &engine{utf8: true, signed: map[string]string{"X-Oss-Meta-Who": "我"}}
	req, _ := http.NewRequest("PUT", "http://x/k", nil)
	req.Header.Set("X-Oss-Meta-Who", "我")
	_, err := headerBytes{next: e}.Send(req)
	assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err))
	assert.ErrorContains(t, err, "X-Oss-Meta-Who")
	assert.Zero(t, e.sends, "nothing is sent that the browser cannot send")
}
