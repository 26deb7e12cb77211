//go:build js && wasm

package jsbridge

import (
	"context"
	"syscall/js"

	"github.com/ossupload/ossupload/wasm/upload"
)

// stsRequest is how the STS endpoint is asked for credentials, from the
// client's options: fetch's credentials mode (stsCredentials: 'same-origin',
// the default, 'include' for a cookie-authenticated broker on another
// origin, or 'omit') and extra headers (stsHeaders: an object, or a function
// returning one or a Promise of one, called before every request so a fresh
// bearer token is sent each time).
type stsRequest struct {
	credentials string
	headers     js.Value // undefined, an object, or a function
}

// stsRequestOptions validates stsCredentials and stsHeaders.
func stsRequestOptions(o js.Value) (stsRequest, error) {
	r := stsRequest{credentials: "same-origin", headers: o.Get("stsHeaders")}
	switch v := o.Get("stsCredentials"); {
	case v.IsUndefined() || v.IsNull():
	case v.Type() == js.TypeString && (v.String() == "same-origin" || v.String() == "include" || v.String() == "omit"):
		r.credentials = v.String()
	default:
		return r, invalid("options.stsCredentials must be 'same-origin', 'include' or 'omit', got %s.", str(v))
	}
	switch t := r.headers.Type(); {
	case r.headers.IsUndefined() || r.headers.IsNull():
		r.headers = js.Undefined()
	case t != js.TypeObject && t != js.TypeFunction:
		return r, invalid("options.stsHeaders must be an object of strings or a function returning one, got %s.", str(r.headers))
	}
	return r, nil
}

// init is fetch's RequestInit for one STS request.
func (r stsRequest) init(ctx context.Context) (map[string]any, error) {
	headers := map[string]any{"Accept": "application/json"}
	h := r.headers
	if h.Type() == js.TypeFunction {
		v, err := callUser(ctx, h)
		if err != nil {
			return nil, &upload.Error{Code: "CredentialsUnavailable", Message: "options.stsHeaders() failed: " + err.Error(), Err: err}
		}
		h = v
	}
	if !h.IsUndefined() && !h.IsNull() {
		if h.Type() != js.TypeObject {
			return nil, invalid("options.stsHeaders() must return an object of strings, got %s.", str(h))
		}
		keys := js.Global().Get("Object").Call("keys", h)
		for i := 0; i < keys.Length(); i++ {
			k := keys.Index(i).String()
			headers[k] = str(h.Get(k))
		}
	}
	return map[string]any{"method": "POST", "credentials": r.credentials, "headers": headers}, nil
}

// callUser calls an application function and awaits its result if it is a
// Promise; a throw becomes an error, not a crash.
func callUser(ctx context.Context, fn js.Value) (v js.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			if je, ok := p.(js.Error); ok {
				err = je
				return
			}
			panic(p)
		}
	}()
	v = fn.Invoke()
	if v.Type() == js.TypeObject && v.Get("then").Type() == js.TypeFunction {
		return Await(ctx, v)
	}
	return v, nil
}
