package broker

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The page's own responses carry the identity cookie when the browser has
// none, leave a valid one alone, and count against the per-address limit on
// new identities; bearer tokens are untouched.
func TestPageIdentity(t *testing.T) {
	b, _ := churnBroker(t, CookieAuth{Secret: []byte("0123456789abcdef")}, func(c *Config) { c.NewIdentitiesPerAddr = 1 })
	rec := httptest.NewRecorder()
	b.PageIdentity(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	cookies := rec.Result().Cookies()
	require.Len(t, cookies, 1)
	assert.Equal(t, "ossupload_id", cookies[0].Name)
	assert.True(t, cookies[0].HttpOnly)

	again := httptest.NewRequest(http.MethodGet, "/oss-upload.wasm", nil)
	again.AddCookie(cookies[0])
	rec = httptest.NewRecorder()
	b.PageIdentity(rec, again)
	assert.Empty(t, rec.Result().Cookies(), "a valid identity is kept")

	minted := 1
	for range 10 {
		rec = httptest.NewRecorder()
		b.PageIdentity(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		minted += len(rec.Result().Cookies())
	}
	assert.Less(t, minted, 11, "new identities are limited per address")

	bb, _ := churnBroker(t, BearerAuth{Secret: []byte("0123456789abcdef0123456789abcdef")}, nil)
	rec = httptest.NewRecorder()
	bb.PageIdentity(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Empty(t, rec.Result().Cookies())
}
