//go:build js && wasm

// Package broadcast is a checkpoint.Bus over a BroadcastChannel: an abort or
// discard in one tab (or worker) of the origin reaches uploads running in
// the others at once, and the process-wide memory bus carries it to the
// other clients of this module.
package broadcast

import (
	"sync"
	"syscall/js"

	"github.com/ossupload/ossupload/checkpoint"
)

// Channel is the BroadcastChannel name.
const Channel = "ossupload"

// Bus is a checkpoint.Bus across tabs.
type Bus struct {
	local *checkpoint.MemoryBus
	ch    js.Value
}

var (
	once sync.Once
	bus  checkpoint.Bus
)

// Shared returns the module's one Bus (one BroadcastChannel per module
// instance); where BroadcastChannel does not exist, the memory bus alone.
func Shared() checkpoint.Bus {
	once.Do(func() {
		local := checkpoint.DefaultBus()
		ctor := js.Global().Get("BroadcastChannel")
		if ctor.IsUndefined() {
			bus = local
			return
		}
		b := &Bus{local: local, ch: ctor.New(Channel)}
		b.ch.Set("onmessage", js.FuncOf(func(_ js.Value, args []js.Value) any {
			d := args[0].Get("data")
			if d.Type() == js.TypeObject && d.Get("type").String() == "abort" && d.Get("uploadId").Type() == js.TypeString {
				// Subscribers only cancel contexts: nothing here blocks.
				local.Publish(d.Get("uploadId").String())
			}
			return nil
		}))
		bus = b
	})
	return bus
}

// Publish implements checkpoint.Bus: this module's clients and every other
// tab and worker of the origin hear it.
func (b *Bus) Publish(uploadID string) {
	b.local.Publish(uploadID)
	b.ch.Call("postMessage", map[string]any{"type": "abort", "uploadId": uploadID})
}

// Subscribe implements checkpoint.Bus.
func (b *Bus) Subscribe(fn func(string)) func() { return b.local.Subscribe(fn) }
