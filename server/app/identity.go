package app

import (
	"net/http"

	"github.com/ossupload/ossupload/server/broker"
)

// withIdentity sets the identity cookie on the page's own responses (the
// HTML and the module it loads) through the broker, so clients started
// together on a first visit share one identity instead of each minting one
// at /api/sts and the last Set-Cookie winning.
func withIdentity(b *broker.Broker, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			b.PageIdentity(w, r)
		}
		next.ServeHTTP(w, r)
	})
}
