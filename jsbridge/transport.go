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

// Transport sends requests from the browser by XMLHttpRequest, as ali-oss
// does. A request whose context carries a Blob body (BlobSource.Direct) sends
// the Blob itself, with byte-level upload progress and without the bytes ever
// entering Go memory; any other body is copied to the browser. Either way the
// browser drops headers it forbids (Date), which is why requests are signed
// over x-oss-date. It is an ossapi.Sender: nothing in the module calls
// net/http's client, so Go's TLS, x509 and HTTP/2 code stays out of it.
type Transport struct{}

// forbidden are headers browsers refuse to let scripts set.
var forbidden = map[string]bool{"Host": true, "Content-Length": true, "Date": true, "User-Agent": true, "Connection": true, "Accept-Encoding": true, "Expect": true}

// Send implements ossapi.Sender.
func (t *Transport) Send(req *http.Request) (*http.Response, error) {
	if d, ok := req.Context().Value(directKey{}).(*direct); ok {
		if req.Body != nil {
			req.Body.Close() // never read: the Blob is the body
		}
		return xhr(req, d.body(req.Header.Get("Content-Type")), d.progress)
	}
	body, err := bodyBytes(req)
	if err != nil {
		return nil, err
	}
	return xhr(req, body, nil)
}

// bodyBytes is req's body as a Uint8Array (null for none).
func bodyBytes(req *http.Request) (js.Value, error) {
	if req.Body == nil {
		return js.Null(), nil
	}
	defer req.Body.Close()
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return js.Null(), &upload.Error{Code: upload.CodeInternal, Message: "reading the request body failed", Err: err}
	}
	if len(b) == 0 {
		return js.Null(), nil
	}
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return u, nil
}

type xhrResult struct {
	resp *http.Response
	err  error
}

// xhr sends req with body (a Blob, a Uint8Array or null), reporting upload
// progress to progress if it is not nil, and reads the answer as bytes.
func xhr(req *http.Request, body js.Value, progress func(int64)) (*http.Response, error) {
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
	x.Set("responseType", "arraybuffer") // binary answers (get) arrive intact
	if progress != nil {
		on(x.Get("upload"), "progress", func(e js.Value) {
			// Hand off: the engine may block, and this runs in a JS callback.
			loaded := int64(e.Get("loaded").Float())
			go progress(loaded)
		})
	}
	on(x, "load", func(js.Value) { done <- xhrResult{resp: response(req, x)} })
	on(x, "error", func(js.Value) {
		done <- xhrResult{err: &NetworkError{"the connection failed (network down, CORS refused, or the server closed it)"}}
	})
	on(x, "timeout", func(js.Value) { done <- xhrResult{err: &NetworkError{"the request timed out"}} })
	on(x, "abort", func(js.Value) { done <- xhrResult{err: context.Canceled} })
	if _, err := call(x, "send", body); err != nil {
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
	var body []byte
	if ab := x.Get("response"); ab.Truthy() {
		u := js.Global().Get("Uint8Array").New(ab)
		body = make([]byte, u.Length())
		js.CopyBytesToGo(body, u)
	}
	status := x.Get("status").Int()
	return &http.Response{
		Status: strconv.Itoa(status) + " " + x.Get("statusText").String(), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h, Request: req,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)),
	}
}
