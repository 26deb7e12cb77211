package osslocal_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
)

// V4 requests must carry x-oss-content-sha256: UNSIGNED-PAYLOAD, as on OSS;
// a digest (even the body's true one) or any other value is refused, signed
// or not, and nothing is stored.
func TestV4ContentSHA256(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), true)
	body := "hello"
	sum := sha256.Sum256([]byte(body))
	for _, v := range []string{hex.EncodeToString(sum[:]), strings.Repeat("0", 64), "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "unsigned-payload"} {
		err := b.PutObject("sha/k", strings.NewReader(body), oss.SetHeader("X-Oss-Content-Sha256", v))
		assert.Equal(t, "InvalidArgument", code(err), v)
	}
	ok, err := b.IsObjectExist("sha/k")
	require.NoError(t, err)
	assert.False(t, ok)
	require.NoError(t, b.PutObject("sha/k", strings.NewReader(body)), "the SDK's own UNSIGNED-PAYLOAD is accepted")
}

// Like OSS, keys may hold ".." segments and backslashes; each names its own
// object and none reaches outside the bucket.
func TestDotDotAndBackslashKeys(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), false)
	keys := []string{"a/../b", "a/b", "b", `a\..\b`, "../../etc/passwd", "a/./b"}
	for i, k := range keys {
		require.NoError(t, b.PutObject(k, strings.NewReader(strings.Repeat("x", i+1))), k)
	}
	for i, k := range keys {
		assert.Equal(t, []byte(strings.Repeat("x", i+1)), get(t, b, k), k)
	}
	for _, k := range []string{"/abs", `\abs`} {
		assert.Equal(t, "InvalidObjectName", code(b.PutObject(k, strings.NewReader("x"))), k)
	}
}

// Objects are served nosniff and as attachments unless the request asks
// otherwise; an uploaded HTML page never renders inline from the OSS origin.
func TestServedContentIsInert(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), false)
	require.NoError(t, b.PutObject("page.html", strings.NewReader("<script>alert(1)</script>"), oss.ContentType("text/html")))
	require.NoError(t, b.PutObject("pic.png", strings.NewReader("png"), oss.ContentType("image/png")))
	cases := []struct {
		key, asked, want string
	}{
		{"page.html", "", "attachment"},
		{"page.html", "inline", "attachment"},
		{"pic.png", "", "attachment"},
		{"pic.png", "inline", "inline"},
		{"pic.png", `attachment; filename="x.png"`, `attachment; filename="x.png"`},
	}
	for _, c := range cases {
		var opts []oss.Option
		if c.asked != "" {
			opts = append(opts, oss.ResponseContentDisposition(c.asked))
		}
		u, err := b.SignURL(c.key, oss.HTTPGet, 60, opts...)
		require.NoError(t, err)
		resp, _ := raw(t, "GET", u, nil, nil)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
		assert.Equal(t, c.want, resp.Header.Get("Content-Disposition"), c.key+" "+c.asked)
	}
	h, err := b.GetObjectDetailedMeta("page.html")
	require.NoError(t, err)
	assert.Equal(t, "attachment", h.Get("Content-Disposition"), "HEAD too")
}
