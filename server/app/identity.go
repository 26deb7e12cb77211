package app

import (
	"net/http"

	"github.com/ossupload/ossupload/server/broker"
)

// withIdentity sets the identity cookie on the page's own responses (the
// HTML and the module it loads), so the identity is fixed from the first
// byte: clients started together on a first visit then all call /api/sts
// with the same cookie and share one prefix, instead of each minting an
// identity and the last Set-Cookie winning. Only cookie identities need
// this; bearer tokens and proxy headers are fixed by the caller.
func withIdentity(auth broker.Authenticator, next http.Handler) http.Handler {
	ca, ok := auth.(broker.CookieAuth)
	if !ok {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			// A request with a valid cookie is left alone; an error (two
			// identity cookies) is for /api/sts to report.
			_, _ = ca.Authenticate(w, r)
		}
		next.ServeHTTP(w, r)
	})
}
