package broker_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/broker"
)

// Caller IDs may contain dots (e-mail-like IDs): the token's signature
// starts after the last dot.
func TestBearerCallerIDWithDots(t *testing.T) {
	bearer := broker.BearerAuth{Secret: []byte("s3cret")}
	e := start(t, bearer, nil)
	for _, id := range []string{"dora.m@example.com", "a.b.c", "plain"} {
		resp, r := post(t, http.DefaultClient, e.url, map[string]string{"Authorization": "Bearer " + bearer.BearerToken(id)})
		require.Equal(t, 200, resp.StatusCode, id)
		assert.Equal(t, "uploads/"+id+"/", r.Prefix)
	}
	// Moving the split does not let one caller's token name another.
	tok := bearer.BearerToken("a.b")
	for _, forged := range []string{"a." + strings.TrimPrefix(tok, "a.b."), "a.b.c." + strings.TrimPrefix(tok, "a.b."), tok + "."} {
		resp, _ := post(t, http.DefaultClient, e.url, map[string]string{"Authorization": "Bearer " + forged})
		assert.Equal(t, 401, resp.StatusCode, forged)
	}
}

// Two identity cookies in one request (one planted by a sibling host or a
// narrower path) are refused, even when both are genuine.
func TestSeveralIdentityCookiesRefused(t *testing.T) {
	e := start(t, cookieAuth, nil)
	resp, _ := post(t, http.DefaultClient, e.url, nil)
	require.Equal(t, 200, resp.StatusCode)
	mine := resp.Cookies()[0].Value
	resp, _ = post(t, http.DefaultClient, e.url, nil)
	theirs := resp.Cookies()[0].Value
	for _, hdr := range []string{
		"ossupload_id=" + mine + "; ossupload_id=" + theirs,
		"ossupload_id=" + theirs + "; other=1; ossupload_id=" + mine,
		"ossupload_id=" + mine + "; ossupload_id=" + mine,
		"ossupload_id=" + mine + "; ossupload_id=forged",
	} {
		resp, _ := post(t, http.DefaultClient, e.url, map[string]string{"Cookie": hdr})
		assert.Equal(t, 401, resp.StatusCode, hdr)
		assert.Empty(t, resp.Cookies(), "no identity is minted either")
	}
	resp, _ = post(t, http.DefaultClient, e.url, map[string]string{"Cookie": "ossupload_id=" + mine + "; unrelated=x"})
	assert.Equal(t, 200, resp.StatusCode)
}
