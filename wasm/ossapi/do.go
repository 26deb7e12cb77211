package ossapi

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/wasm/upload"
)

// Request is one OSS object request, as ali-oss's object methods make them:
// a method, an object key (empty for bucket-level calls such as listing), the
// sub-resources and query parameters, extra headers and a body.
type Request struct {
	Method  string
	Key     string
	Params  map[string]any    // sub-resources and query (nil values are bare sub-resources)
	Headers map[string]string // sent and signed as given (x-oss-meta-*, Content-Type, x-oss-callback...)
	Body    io.Reader         // nil: no body; on the browser's direct path the transport sends a Blob instead
}

// Response is what ali-oss calls `res`: the status, headers and URL of the
// answer, and its body.
type Response struct {
	Status int
	Header http.Header
	URL    string
	Body   []byte
	// Took is the round trip time (ali-oss's res.rt, in milliseconds there).
	Took time.Duration
}

type exchangeKey struct{}

// Exchange records the last HTTP exchange made under a context: the URL the
// request really went to and the answer's status and headers, so callers can
// report ali-oss's res.requestUrls and res.headers for calls whose SDK
// method hides them.
type Exchange struct {
	mu     sync.Mutex
	url    string
	status int
	header http.Header
	start  time.Time
	took   time.Duration
	body   []byte // Complete's callback answer
}

// WithExchange returns a context whose requests are recorded in the returned Exchange.
func WithExchange(ctx context.Context) (context.Context, *Exchange) {
	x := &Exchange{}
	return context.WithValue(ctx, exchangeKey{}, x), x
}

// Response returns what was recorded (the zero Response if nothing was sent).
func (x *Exchange) Response() Response {
	x.mu.Lock()
	defer x.mu.Unlock()
	return Response{Status: x.status, Header: x.header.Clone(), URL: x.url, Took: x.took, Body: x.body}
}

func (x *Exchange) begin(r *http.Request) {
	x.mu.Lock()
	defer x.mu.Unlock()
	// The SDK escapes the key's slashes; ali-oss's requestUrls keep them.
	u, _, _ := strings.Cut(r.URL.String(), "?")
	x.url, x.start, x.status, x.header = strings.ReplaceAll(u, "%2F", "/")+strings.TrimPrefix(r.URL.String(), u), time.Now(), 0, nil
}

func (x *Exchange) end(resp *http.Response) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.took = time.Since(x.start)
	if resp != nil {
		x.status, x.header = resp.StatusCode, resp.Header
	}
}

type headersKey struct{}

// WithHeaders returns a context whose Initiate, UploadPart and Complete
// requests carry h as well: ali-oss sends a multipartUpload's headers with
// every request of the upload (and its callback with Complete), and the
// engine's API has no place for them.
func WithHeaders(ctx context.Context, h map[string]string) context.Context {
	return context.WithValue(ctx, headersKey{}, h)
}

func headerOptions(ctx context.Context, skip ...string) []oss.Option {
	h, _ := ctx.Value(headersKey{}).(map[string]string)
	var out []oss.Option
outer:
	for k, v := range h {
		for _, s := range skip {
			if http.CanonicalHeaderKey(s) == http.CanonicalHeaderKey(k) {
				continue outer
			}
		}
		out = append(out, oss.SetHeader(k, v))
	}
	return out
}

// callbackHeaders go with Complete only (and PutObject), as in ali-oss.
var callbackHeaders = []string{"x-oss-callback", "x-oss-callback-var"}

// callbackOptions are the upload's callback headers as the SDK's own
// options, which is how its Complete learns to keep the callback's JSON
// answer instead of parsing it as XML.
func callbackOptions(ctx context.Context) []oss.Option {
	h, _ := ctx.Value(headersKey{}).(map[string]string)
	var out []oss.Option
	for k, v := range h {
		switch http.CanonicalHeaderKey(k) {
		case "X-Oss-Callback":
			out = append(out, oss.Callback(v))
		case "X-Oss-Callback-Var":
			out = append(out, oss.CallbackVar(v))
		}
	}
	return out
}

// hasCallback reports whether the upload under ctx has a callback, whose
// JSON answer replaces Complete's XML result.
func hasCallback(ctx context.Context) bool {
	h, _ := ctx.Value(headersKey{}).(map[string]string)
	for k := range h {
		if http.CanonicalHeaderKey(k) == "X-Oss-Callback" {
			return true
		}
	}
	return false
}

// Do sends one request with fresh credentials, the client's signing, per
// request timeout and network retries, and returns the answer. A status other
// than 2xx is an *upload.Error with OSS's code (the Response is still
// returned, for its headers).
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	ctx, x := WithExchange(ctx)
	var resp *oss.Response
	err := c.call(ctx, func(ctx context.Context, s *oss.Signer) error {
		opts := c.common(ctx)
		for k, v := range r.Headers {
			opts = append(opts, oss.SetHeader(k, v))
		}
		var err error
		resp, err = c.send(s, r.Method, r.Key, r.Params, opts, r.Body)
		return err
	})
	out := x.Response()
	if resp != nil {
		out.Status, out.Header = resp.StatusCode, resp.Headers
		if resp.Body != nil {
			out.Body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
	}
	if err != nil {
		return &out, err
	}
	return &out, nil
}

// retryable reports whether ali-oss's retryMax would retry err: requests
// that got no answer (its status -1 and -2).
func retryable(err error) bool {
	code := upload.CodeOf(err)
	return code == upload.CodeNetwork || code == upload.CodeTimeout
}
