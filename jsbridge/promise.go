//go:build js && wasm

// Package jsbridge is everything that touches syscall/js: the JavaScript API
// (an ali-oss-compatible client), Promises, Blob-backed sources and the
// transport that sends part bodies straight from a Blob.
package jsbridge

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"

	"github.com/ossupload/ossupload/wasm/upload"
)

// Promise runs fn in a goroutine and returns a JS Promise of its result.
// Work must not run in the JS callback itself: blocking there would stop the
// event loop, and with it every fetch the work waits for. A panic in fn
// rejects the promise with an InternalError instead of ending the runtime.
func Promise(fn func() (any, error)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			defer executor.Release()
			v, err := guard(fn)
			if err != nil {
				reject.Invoke(ErrorValue(err))
				return
			}
			if _, err := guard(func() (any, error) { resolve.Invoke(v); return nil, nil }); err != nil {
				// A result js.ValueOf cannot convert is a bug of ours: say so.
				reject.Invoke(ErrorValue(err))
			}
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

// guard runs fn and turns a panic (a Go bug, or a JS exception surfacing
// through syscall/js) into an error, so no caller can take the runtime down.
func guard(fn func() (any, error)) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	return fn()
}

// panicError turns a recovered value into an error: a JS exception keeps its
// value (the caller's own error object), anything else is an InternalError.
func panicError(r any) error {
	if je, ok := r.(js.Error); ok {
		return jsError(je.Value)
	}
	return &upload.Error{Code: upload.CodeInternal, Message: fmt.Sprintf("unexpected failure in the upload module: %v", r)}
}

// invoke calls a caller's JS function; a synchronous throw comes back as an
// error instead of a Go panic.
func invoke(fn js.Value, args ...any) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	return fn.Invoke(args...), nil
}

// call is invoke for a method of a JS object (XMLHttpRequest, Blob...).
func call(o js.Value, method string, args ...any) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	return o.Call(method, args...), nil
}

// Await waits for a JS promise (or plain value) from a goroutine.
func Await(ctx context.Context, v js.Value) (js.Value, error) {
	if v.Type() != js.TypeObject && v.Type() != js.TypeFunction {
		return v, nil
	}
	if then := v.Get("then"); then.Type() != js.TypeFunction {
		return v, nil
	}
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var onOK, onErr js.Func
	onOK = js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- result{v: arg(a)}
		return nil
	})
	onErr = js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- result{err: jsError(arg(a))}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	if _, err := call(v, "then", onOK, onErr); err != nil {
		return js.Undefined(), err // a hostile thenable
	}
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}

func arg(a []js.Value) js.Value {
	if len(a) == 0 {
		return js.Undefined()
	}
	return a[0]
}

// JSError is a JavaScript exception or rejection seen from Go.
type JSError struct {
	Name, Message string
	Value         js.Value
}

func (e *JSError) Error() string { return e.Name + ": " + e.Message }

func jsError(v js.Value) error {
	if v.Type() == js.TypeObject {
		return &JSError{Name: str(v.Get("name")), Message: str(v.Get("message")), Value: v}
	}
	return &JSError{Name: "Error", Message: str(v), Value: v}
}

// str is String(v), never panicking (a Symbol or a throwing toString gives "").
func str(v js.Value) string {
	switch v.Type() {
	case js.TypeUndefined, js.TypeNull:
		return ""
	case js.TypeString:
		return v.String()
	}
	s, err := invoke(js.Global().Get("String"), v)
	if err != nil || s.Type() != js.TypeString {
		return ""
	}
	return s.String()
}

var errNoXHR = errors.New("XMLHttpRequest is not available")

var reflectGet = js.Global().Get("Reflect").Get("get")

// get reads a property of a caller's object. A getter or Proxy that throws
// must not reach syscall/js's Value.Get, whose JS side does not catch
// exceptions (the runtime would be left broken); through Reflect.get by
// Invoke it becomes a js.Error panic, which the method wrapper's guard turns
// into a rejection.
func get(o js.Value, k string) js.Value {
	v, err := invoke(reflectGet, o, k)
	if err != nil {
		var je *JSError
		if errors.As(err, &je) {
			panic(js.Error{Value: je.Value})
		}
		panic(err)
	}
	return v
}
