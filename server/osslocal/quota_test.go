package osslocal_test

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/ossauth"
	"github.com/ossupload/ossupload/server/osslocal"
	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
)

func quotaServer(t *testing.T, dir string, quota int64) *oss.Bucket {
	v := ossauth.NewVerifier(ossauth.Config{RootAccessKeyID: osslocaltest.RootAccessKeyID, RootAccessKeySecret: osslocaltest.RootAccessKeySecret})
	s, err := osslocal.New(osslocal.Config{DataDir: dir, Buckets: []string{"demo"}, Verifier: v, QuotaPerPrefix: quota})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	cl, err := oss.New(srv.URL, osslocaltest.RootAccessKeyID, osslocaltest.RootAccessKeySecret)
	require.NoError(t, err)
	b, err := cl.Bucket("demo")
	require.NoError(t, err)
	return b
}

// The optional per-prefix quota counts objects and parts in progress under
// "uploads/<id>/", frees what Delete, Abort and Complete free, and is read
// back from disk after a restart.
func TestQuotaPerPrefix(t *testing.T) {
	dir := t.TempDir()
	b := quotaServer(t, dir, 500<<10)
	kib := func(n int) *bytes.Reader { return bytes.NewReader(make([]byte, n<<10)) }
	require.NoError(t, b.PutObject("uploads/a/one", kib(200)))
	require.NoError(t, b.PutObject("uploads/a/sub/two", kib(200)))
	assert.Equal(t, "QuotaExceeded", code(b.PutObject("uploads/a/three", kib(200))), "600 KiB > 500 KiB")
	require.NoError(t, b.PutObject("uploads/b/one", kib(200)), "other prefixes have their own quota")
	require.NoError(t, b.PutObject("uploads/a/one", kib(100)), "overwriting counts the difference")
	require.NoError(t, b.PutObject("uploads/a/three", kib(150)))
	assert.Equal(t, "QuotaExceeded", code(b.PutObject("uploads/a/four", kib(100))))

	require.NoError(t, b.DeleteObject("uploads/a/sub/two"))
	imur, err := b.InitiateMultipartUpload("uploads/a/big")
	require.NoError(t, err)
	_, err = b.UploadPart(imur, kib(200), 200<<10, 1)
	require.NoError(t, err)
	_, err = b.UploadPart(imur, kib(100), 100<<10, 2)
	assert.Equal(t, "QuotaExceeded", code(err), "parts in progress count")
	require.NoError(t, b.AbortMultipartUpload(imur))
	require.NoError(t, b.PutObject("uploads/a/four", kib(200)), "Abort freed its parts")

	// After a restart the usage is read from disk: 100+150+200 = 450 KiB.
	b = quotaServer(t, dir, 500<<10)
	assert.Equal(t, "QuotaExceeded", code(b.PutObject("uploads/a/five", kib(100))))
	require.NoError(t, b.PutObject("uploads/a/five", kib(50)))

	// Complete turns parts into an object without counting them twice.
	require.NoError(t, b.DeleteObject("uploads/a/four"))
	require.NoError(t, b.DeleteObject("uploads/a/five"))
	imur, err = b.InitiateMultipartUpload("uploads/a/big")
	require.NoError(t, err)
	p1, err := b.UploadPart(imur, kib(150), 150<<10, 1)
	require.NoError(t, err)
	p2, err := b.UploadPart(imur, kib(100), 100<<10, 2)
	require.NoError(t, err)
	_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{p1, p2})
	require.NoError(t, err)
	require.NoError(t, b.PutObject("uploads/a/six", kib(0)))
	assert.Equal(t, "QuotaExceeded", code(b.PutObject("uploads/a/six", kib(1))), "100+150+250 = 500 KiB: full")
}
