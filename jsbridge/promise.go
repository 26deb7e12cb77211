//go:build js && wasm

// Package jsbridge is everything that touches syscall/js: the JavaScript API
// (an ali-oss-compatible client), Promises, Blob-backed sources and the
// transport that sends part bodies straight from a Blob.
package jsbridge

import (
	"context"
	"errors"
	"syscall/js"
)

// Promise runs fn in a goroutine and returns a JS Promise of its result.
// Work must not run in the JS callback itself: blocking there would stop the
// event loop, and with it every fetch the work waits for.
func Promise(fn func() (any, error)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			defer executor.Release()
			defer func() {
				if r := recover(); r != nil {
					reject.Invoke(NewError("InternalError", "unexpected failure in the upload module", 0, "", 0))
				}
			}()
			v, err := fn()
			if err != nil {
				reject.Invoke(ErrorValue(err))
				return
			}
			resolve.Invoke(v)
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

// Await waits for a JS promise (or plain value) from a goroutine.
func Await(ctx context.Context, v js.Value) (js.Value, error) {
	if v.Type() != js.TypeObject || v.Get("then").Type() != js.TypeFunction {
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
	v.Call("then", onOK, onErr)
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

func str(v js.Value) string {
	if v.IsUndefined() || v.IsNull() {
		return ""
	}
	if v.Type() == js.TypeString {
		return v.String()
	}
	return js.Global().Get("String").Invoke(v).String()
}

var errNoXHR = errors.New("XMLHttpRequest is not available")
