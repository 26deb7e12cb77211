//go:build js

package ossapi

// defaultSender is none in js/wasm: the module gives its own (jsbridge's
// XMLHttpRequest sender), and net/http's client must stay out of the binary.
func defaultSender() Sender { return nil }
