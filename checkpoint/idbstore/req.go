//go:build js && wasm

package idbstore

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
)

// call invokes method m of v. IndexedDB throws DOMExceptions (a closed
// connection, an inactive transaction); syscall/js panics with them, and
// here they become errors.
func call(v js.Value, m string, args ...any) (r js.Value, err error) {
	defer func() {
		if x := recover(); x != nil {
			if je, ok := x.(js.Error); ok {
				err = fmt.Errorf("idbstore: %s: %w", m, domError(je.Value))
				return
			}
			err = fmt.Errorf("idbstore: %s: %v", m, x)
		}
	}()
	return v.Call(m, args...), nil
}

// wait waits for request req (one go-indexeddb does not make: getAll over
// a key range) to succeed and returns its result, or its error. The result
// is read only once the request is done: reading it earlier throws
// InvalidStateError from a getter, which syscall/js cannot turn into a
// panic and which would end the Go program. A canceled wait is
// ctx's error, never an empty result; the request's handlers are removed
// before they are released, so a late answer calls nothing released.
func wait(ctx context.Context, req js.Value) (js.Value, error) {
	done := make(chan error, 1)
	ok := js.FuncOf(func(js.Value, []js.Value) any {
		done <- nil
		return nil
	})
	fail := js.FuncOf(func(js.Value, []js.Value) any {
		err := domError(req.Get("error"))
		if err == nil {
			err = errors.New("idbstore: the request failed")
		}
		done <- err
		return nil
	})
	defer func() {
		req.Set("onsuccess", js.Null())
		req.Set("onerror", js.Null())
		ok.Release()
		fail.Release()
	}()
	req.Set("onsuccess", ok)
	req.Set("onerror", fail)
	select {
	case err := <-done:
		if err != nil {
			return js.Undefined(), err
		}
		return req.Get("result"), nil
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}

// domError is a DOMException (or any thrown value) as an error naming it,
// or nil for null.
func domError(v js.Value) error {
	if v.IsNull() || v.IsUndefined() {
		return nil
	}
	if v.Type() == js.TypeObject {
		if name := v.Get("name"); name.Type() == js.TypeString {
			return fmt.Errorf("idbstore: %s: %s", name.String(), v.Get("message").String())
		}
	}
	return fmt.Errorf("idbstore: %s", js.Global().Call("String", v).String())
}
