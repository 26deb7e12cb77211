//go:build !js

package ossapi

import (
	"net/http"

	"github.com/ossupload/ossupload/wasm/upload"
)

// HTTPSender sends with an *http.Client (native programs and tests).
type HTTPSender struct{ Client *http.Client }

// Send implements Sender.
func (h HTTPSender) Send(r *http.Request) (*http.Response, error) { return h.Client.Do(r) }

// defaultSender is net/http's client with NewTransport.
func defaultSender() Sender { return HTTPSender{Client: &http.Client{Transport: NewTransport()}} }

// NewTransport returns the default transport: net/http's, keeping enough
// idle connections per host for every part in flight (net/http keeps 2, so
// with 4 parts in flight half the requests would open a new connection).
func NewTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = upload.MaxParallel
	return t
}
