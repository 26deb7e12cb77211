//go:build js && wasm

// Package weblock is a checkpoint.Locker over the Web Locks API
// (navigator.locks), shared by every tab and worker of the origin: one
// writer per upload across tabs.
package weblock

import (
	"context"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/ossupload/ossupload/checkpoint"
)

// prefix namespaces this module's lock names within the origin.
const prefix = "ossupload:"

// Locker is a checkpoint.Locker over navigator.locks.
type Locker struct {
	locks js.Value
	mu    sync.Mutex
	here  map[string]int // names held by this module instance
}

var _ checkpoint.Locker = (*Locker)(nil)

// New returns the Web Locks locker, or the process-wide memory locker where
// navigator.locks does not exist (an old browser, an insecure context).
func New() checkpoint.Locker {
	nav := js.Global().Get("navigator")
	if nav.IsUndefined() || nav.Get("locks").IsUndefined() {
		return checkpoint.DefaultLocker()
	}
	return &Locker{locks: nav.Get("locks"), here: map[string]int{}}
}

// Lock implements checkpoint.Locker. The Web Lock is held until release
// resolves the promise its callback returned.
func (l *Locker) Lock(ctx context.Context, id string, wait bool) (func(), error) {
	got := make(chan bool, 1)
	var resolve js.Value
	var cb, executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve = args[0]
		return nil
	})
	cb = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 || args[0].IsNull() {
			got <- false
			return nil
		}
		p := js.Global().Get("Promise").New(executor)
		got <- true
		return p
	})
	ac := js.Global().Get("AbortController").New()
	opts := map[string]any{"mode": "exclusive"}
	if wait {
		opts["signal"] = ac.Get("signal")
	} else {
		opts["ifAvailable"] = true
	}
	var onErr js.Func
	onErr = js.FuncOf(func(js.Value, []js.Value) any {
		select {
		case got <- false:
		default:
		}
		return nil
	})
	granted := l.locks.Call("request", prefix+id, opts, cb)
	granted.Call("catch", onErr)
	free := func() { cb.Release(); executor.Release(); onErr.Release() }
	select {
	case ok := <-got:
		if !ok {
			free()
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			return nil, checkpoint.ErrLocked
		}
	case <-ctx.Done():
		ac.Call("abort")
		// The request may still be granted: release it then.
		go func() {
			if <-got {
				resolve.Invoke()
			}
			free()
		}()
		return nil, ctx.Err()
	}
	l.mark(id, 1)
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mark(id, -1)
			resolve.Invoke()
			// The lock is released asynchronously; wait for it, so the
			// caller's next Lock of the same upload does not find it held.
			c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_, _ = await(c, granted)
			cancel()
			free()
		})
	}, nil
}

func (l *Locker) mark(id string, d int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.here[id] += d
	if l.here[id] <= 0 {
		delete(l.here, id)
	}
}

// Held implements checkpoint.Locker from navigator.locks.query().
func (l *Locker) Held(ctx context.Context) (map[string]bool, error) {
	snap, err := await(ctx, l.locks.Call("query"))
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	held := snap.Get("held")
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := 0; i < held.Length(); i++ {
		name := held.Index(i).Get("name").String()
		if id, ok := strings.CutPrefix(name, prefix); ok {
			out[id] = l.here[id] > 0
		}
	}
	return out, nil
}

// await waits for a promise.
func await(ctx context.Context, p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- result{v: a[0]}; return nil })
	fail := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- result{err: js.Error{Value: a[0]}}; return nil })
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}
