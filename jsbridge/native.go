//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"sync"
	"syscall/js"
	"time"

	"github.com/ossupload/ossupload/wasm/ossapi"
)

// A method is one native function behind the OSS class. Every method goes
// through the same wrapper (wrap): client lookup, call tracking (cancel and
// AbortSignal), setup, a Promise, and a panic guard.
type method struct {
	fn func(c *Client, ctx context.Context, a []js.Value) (any, error)
	// local: needs neither credentials nor the journal (no setup).
	local bool
	// upload: a multipartUpload, which cancel() stops.
	upload bool
	// noJournal: checks credentials but never touches the journal, so it
	// does not wait for IndexedDB to open (the first put of a page would
	// otherwise wait for it: ~70 ms when the database is created).
	noJournal bool
}

// syncMethod is a native function answering synchronously (signatureUrl,
// getObjectUrl...): it returns {value} or {error}, which the JS side returns
// or throws; it never blocks on JavaScript.
type syncMethod func(c *Client, a []js.Value) (any, error)

var methods = map[string]method{
	"multipartUpload":         {fn: (*Client).MultipartUpload, upload: true},
	"abortMultipartUpload":    {fn: (*Client).AbortMultipartUpload},
	"listParts":               {fn: (*Client).ListParts},
	"listUploads":             {fn: (*Client).ListUploads},
	"initMultipartUpload":     {fn: (*Client).InitMultipartUpload},
	"uploadPart":              {fn: (*Client).UploadPart},
	"completeMultipartUpload": {fn: (*Client).CompleteMultipartUpload},
	"asyncSignatureUrl":       {fn: (*Client).AsyncSignatureURL},
	"signatureUrlV4":          {fn: (*Client).SignatureURLV4},
	"resumableUploads":        {fn: (*Client).ResumableUploads},
	"info":                    {fn: (*Client).info},
	"put":                     {fn: (*Client).Put, noJournal: true},
	"append":                  {fn: (*Client).Append, noJournal: true},
	"head":                    {fn: (*Client).Head},
	"getObjectMeta":           {fn: (*Client).GetObjectMeta},
	"get":                     {fn: (*Client).Get},
	"delete":                  {fn: (*Client).Delete},
	"deleteMulti":             {fn: (*Client).DeleteMulti},
	"list":                    {fn: (*Client).List},
	"listV2":                  {fn: (*Client).ListV2},
	"copy":                    {fn: (*Client).Copy},
	"putMeta":                 {fn: (*Client).PutMeta},
	"restore":                 {fn: (*Client).Restore},
	"putSymlink":              {fn: (*Client).PutSymlink},
	"getSymlink":              {fn: (*Client).GetSymlink},
	"uploadPartCopy":          {fn: (*Client).UploadPartCopy},
	"multipartUploadCopy":     {fn: (*Client).MultipartUploadCopy, upload: true},
}

var syncMethods = map[string]syncMethod{
	"signatureUrl":           (*Client).SignatureURL,
	"getObjectUrl":           (*Client).GetObjectURL,
	"generateObjectUrl":      (*Client).GenerateObjectURL,
	"useBucket":              (*Client).useBucket,
	"cancel":                 (*Client).cancel,
	"signPostObjectPolicyV4": (*Client).SignPostObjectPolicyV4,
}

// registry holds the clients by handle; close() and the JS side's
// FinalizationRegistry release them.
type registry struct {
	mu      sync.Mutex
	clients map[int]*Client
	next    int
}

func (r *registry) get(a []js.Value) (*Client, error) {
	if len(a) == 0 || a[0].Type() != js.TypeNumber {
		return nil, invalid("internal: missing client handle")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.clients[a[0].Int()]
	if c == nil {
		return nil, invalid("this client was closed")
	}
	return c, nil
}

// Register installs globalThis.__ossuploadNative, the functions the ES
// module loader (web/oss-upload.js) wraps into the ali-oss-shaped OSS class.
func Register() {
	r := &registry{clients: map[int]*Client{}, next: 1}
	native := map[string]any{
		"create": js.FuncOf(func(_ js.Value, args []js.Value) any {
			return syncResult(guard(func() (any, error) {
				c, err := NewClient(arg(args))
				if err != nil {
					return nil, err
				}
				r.mu.Lock()
				defer r.mu.Unlock()
				r.clients[r.next] = c
				r.next++
				return r.next - 1, nil
			}))
		}),
		"close": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) > 0 && args[0].Type() == js.TypeNumber {
				r.mu.Lock()
				c := r.clients[args[0].Int()]
				delete(r.clients, args[0].Int())
				r.mu.Unlock()
				if c != nil {
					c.Cancel("", "")
				}
			}
			return nil
		}),
		"methods":       js.ValueOf(methodNames()),
		"setPartHasher": js.FuncOf(setPartHasher),
	}
	for name, m := range methods {
		native[name] = r.wrap(m)
	}
	for name, m := range syncMethods {
		native[name] = r.wrapSync(m)
	}
	js.Global().Set("__ossuploadNative", js.ValueOf(native))
}

func methodNames() map[string]any {
	out := map[string]any{}
	for name := range methods {
		out[name] = "async"
	}
	for name := range syncMethods {
		out[name] = "sync"
	}
	return out
}

// wrap is the one wrapper of every asynchronous method.
func (r *registry) wrap(m method) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		args = append([]js.Value(nil), args...)
		return Promise(func() (any, error) {
			c, err := r.get(args)
			if err != nil {
				return nil, err
			}
			a := args[1:]
			ctx, done := c.track(tracked{uploads: m.upload}, findSignal(a))
			defer done()
			if d, err := findTimeout(a); err != nil {
				return nil, err
			} else if d > 0 {
				ctx = ossapi.WithTimeout(ctx, d)
			}
			if !m.local {
				if err := c.setup(ctx, !m.noJournal); err != nil {
					return nil, err
				}
			}
			v, err := m.fn(c, ctx, a)
			cause := context.Cause(ctx)
			var ce *callerError
			if errors.As(cause, &ce) {
				return nil, cause // the caller's callback threw: reject with its error, as ali-oss does
			}
			if err != nil && cause != nil && cause != context.Canceled {
				return nil, cause // canceled by cancel() or a signal: say which
			}
			return v, err
		})
	})
}

// wrapSync is the one wrapper of every synchronous method.
func (r *registry) wrapSync(m syncMethod) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		return syncResult(guard(func() (any, error) {
			c, err := r.get(args)
			if err != nil {
				return nil, err
			}
			return m(c, args[1:])
		}))
	})
}

func syncResult(v any, err error) any {
	if err != nil {
		return map[string]any{"error": ErrorValue(err)}
	}
	return map[string]any{"value": v}
}

// findSignal is the AbortSignal of a call: the `signal` of its options (the
// last object argument that has one).
func findSignal(a []js.Value) js.Value {
	for i := len(a) - 1; i >= 0; i-- {
		if a[i].Type() == js.TypeObject && !IsBlob(a[i]) {
			if s := get(a[i], "signal"); s.Type() == js.TypeObject {
				return s
			}
		}
	}
	return js.Undefined()
}

// findTimeout is a call's own `timeout` (ali-oss reads options.timeout in
// every method, milliseconds or a humanize-ms string), found as findSignal
// finds the signal; 0 when the call has none, so the constructor's applies.
func findTimeout(a []js.Value) (time.Duration, error) {
	for i := len(a) - 1; i >= 0; i-- {
		if a[i].Type() != js.TypeObject || IsBlob(a[i]) {
			continue
		}
		if v := get(a[i], "timeout"); !v.IsUndefined() && !v.IsNull() {
			d, err := humanDuration(v)
			if err != nil {
				return 0, invalid("options.timeout must be milliseconds or a duration such as '60s', got %s.", str(v))
			}
			return d, nil
		}
	}
	return 0, nil
}
