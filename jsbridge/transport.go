//go:build js && wasm

package jsbridge

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/ossupload/ossupload/wasm/upload"
)

// Transport sends requests from the browser. A request whose context carries
// a Blob body (BlobSource.Direct) goes out by XMLHttpRequest with the Blob
// itself as the body, with byte-level upload progress and without the bytes
// ever entering Go memory; every other request goes through Go's fetch-based
// transport. Either way the browser drops headers it forbids (Date), which is
// why requests are signed over x-oss-date.
type Transport struct {
	// Fallback handles requests without a Blob body; http.DefaultTransport when nil.
	Fallback http.RoundTripper
}

// forbidden are headers browsers refuse to let scripts set.
var forbidden = map[string]bool{"Host": true, "Content-Length": true, "Date": true, "User-Agent": true, "Connection": true, "Accept-Encoding": true, "Expect": true}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	d, ok := req.Context().Value(directKey{}).(*direct)
	if !ok {
		fb := t.Fallback
		if fb == nil {
			fb = http.DefaultTransport
		}
		return fb.RoundTrip(req)
	}
	if req.Body != nil {
		req.Body.Close() // never read: the Blob is the body
	}
	return xhr(req, d)
}

type xhrResult struct {
	resp *http.Response
	err  error
}

func xhr(req *http.Request, d *direct) (*http.Response, error) {
	ctor := js.Global().Get("XMLHttpRequest")
	if ctor.Type() != js.TypeFunction {
		return nil, errNoXHR
	}
	x := ctor.New()
	if _, err := call(x, "open", req.Method, req.URL.String(), true); err != nil {
		return nil, &NetworkError{"the request could not be opened: " + err.Error()}
	}
	for k, vs := range req.Header {
		if !forbidden[http.CanonicalHeaderKey(k)] && len(vs) > 0 {
			// A header value the browser refuses (a caller's bad header) throws.
			if _, err := call(x, "setRequestHeader", k, vs[0]); err != nil {
				return nil, &upload.Error{Code: upload.CodeInvalidArgument, Message: "the browser refused the header " + k + ": " + err.Error()}
			}
		}
	}
	done := make(chan xhrResult, 1)
	var funcs []js.Func
	on := func(target js.Value, event string, fn func(js.Value)) {
		f := js.FuncOf(func(_ js.Value, a []js.Value) any { fn(arg(a)); return nil })
		funcs = append(funcs, f)
		target.Call("addEventListener", event, f)
	}
	defer func() {
		for _, f := range funcs {
			f.Release()
		}
	}()
	if d.progress != nil {
		on(x.Get("upload"), "progress", func(e js.Value) {
			// Hand off: the engine may block, and this runs in a JS callback.
			loaded := int64(e.Get("loaded").Float())
			go d.progress(loaded)
		})
	}
	on(x, "load", func(js.Value) { done <- xhrResult{resp: response(req, x)} })
	on(x, "error", func(js.Value) {
		done <- xhrResult{err: &NetworkError{"the connection failed (network down, CORS refused, or the server closed it)"}}
	})
	on(x, "timeout", func(js.Value) { done <- xhrResult{err: &NetworkError{"the request timed out"}} })
	on(x, "abort", func(js.Value) { done <- xhrResult{err: context.Canceled} })
	if _, err := call(x, "send", d.body(req.Header.Get("Content-Type"))); err != nil {
		return nil, &NetworkError{"the request could not be sent: " + err.Error()}
	}
	select {
	case r := <-done:
		return r.resp, r.err
	case <-req.Context().Done():
		x.Call("abort")
		return nil, req.Context().Err()
	}
}

// NetworkError is a request that got no HTTP response.
type NetworkError struct{ Reason string }

func (e *NetworkError) Error() string { return "network error: " + e.Reason }

// Temporary marks it retryable for callers that ask.
func (e *NetworkError) Temporary() bool { return true }

func response(req *http.Request, x js.Value) *http.Response {
	h := http.Header{}
	for _, line := range strings.Split(x.Call("getAllResponseHeaders").String(), "\r\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		}
	}
	body := x.Get("responseText").String()
	status := x.Get("status").Int()
	return &http.Response{
		Status: strconv.Itoa(status) + " " + x.Get("statusText").String(), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h, Request: req,
		Body: io.NopCloser(bytes.NewReader([]byte(body))), ContentLength: int64(len(body)),
	}
}
