package app

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/broker"
)

// The page's own responses carry the identity cookie when the browser has
// none, and leave a valid one alone; other authentications are untouched.
func TestPageSetsIdentityCookie(t *testing.T) {
	auth := broker.CookieAuth{Secret: []byte("0123456789abcdef-test")}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("page")) })
	h := withIdentity(auth, ok)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	cookies := rec.Result().Cookies()
	require.Len(t, cookies, 1)
	assert.Equal(t, "ossupload_id", cookies[0].Name)
	assert.True(t, cookies[0].HttpOnly)
	assert.Equal(t, "page", rec.Body.String())

	again := httptest.NewRequest(http.MethodGet, "/oss-upload.wasm", nil)
	again.AddCookie(cookies[0])
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, again)
	assert.Empty(t, rec.Result().Cookies(), "a valid identity is kept")

	rec = httptest.NewRecorder()
	withIdentity(broker.BearerAuth{Secret: []byte("x")}, ok).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Empty(t, rec.Result().Cookies())
}
