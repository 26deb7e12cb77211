package osslocal_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"hash/crc64"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/ossauth"
	"github.com/ossupload/ossupload/server/osslocal"
	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
)

func bucketFor(t testing.TB, env *osslocaltest.Env, c osslocaltest.Creds, v4 bool) *oss.Bucket {
	opts := []oss.ClientOption{oss.SecurityToken(c.SecurityToken)}
	if v4 {
		opts = append(opts, oss.AuthVersion(oss.AuthV4), oss.Region(osslocaltest.Region))
	}
	cl, err := oss.New(env.URL, c.AccessKeyID, c.AccessKeySecret, opts...)
	require.NoError(t, err)
	b, err := cl.Bucket(osslocaltest.Bucket)
	require.NoError(t, err)
	return b
}

func code(err error) string {
	var se oss.ServiceError
	switch e := err.(type) {
	case oss.ServiceError:
		se = e
	case nil:
		return ""
	default:
		return "other: " + err.Error()
	}
	return se.Code
}

func randBytes(n int, seed int64) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(seed)).Read(b)
	return b
}

func get(t *testing.T, b *oss.Bucket, key string) []byte {
	r, err := b.GetObject(key)
	require.NoError(t, err)
	defer r.Close()
	data, err := io.ReadAll(r)
	require.NoError(t, err)
	return data
}

func TestMultipartEndToEndWithSDK(t *testing.T) {
	env := osslocaltest.Start(t)
	keys := []string{"uploads/a/file.bin", "uploads/a/with space+plus~tilde.bin", "uploads/a/文件 ü.bin", "uploads/a/pct%2Fkey"}
	for _, v4 := range []bool{false, true} {
		b := bucketFor(t, env, env.STS(osslocaltest.PrefixPolicy("demo", "uploads/a/"), time.Hour), v4)
		rootBucket := bucketFor(t, env, osslocaltest.Creds{AccessKeyID: osslocaltest.RootAccessKeyID, AccessKeySecret: osslocaltest.RootAccessKeySecret}, v4)
		for i, key := range keys {
			data := randBytes(300<<10+7, int64(i))
			imur, err := b.InitiateMultipartUpload(key, oss.ContentType("application/x-test"), oss.Meta("origin", "test"))
			require.NoError(t, err, key)
			assert.Equal(t, key, imur.Key)
			var parts []oss.UploadPart
			// Out of order, with a re-upload of part 2 that must replace it.
			for _, n := range []int{2, 1, 3, 2} {
				off := (n - 1) * (100 << 10)
				end := min(off+100<<10, len(data))
				if n == 3 {
					end = len(data)
				}
				p, err := b.UploadPart(imur, bytes.NewReader(data[off:end]), int64(end-off), n)
				require.NoError(t, err)
				sum := md5.Sum(data[off:end])
				assert.Equal(t, fmt.Sprintf(`"%X"`, sum), p.ETag)
				if len(parts) < 3 {
					parts = append(parts, p)
				}
			}
			lp, err := b.ListUploadedParts(imur)
			require.NoError(t, err)
			assert.Len(t, lp.UploadedParts, 3)
			assert.Equal(t, key, lp.Key, "ListParts with encoding-type=url round-trips the key")
			// The caller's policy has no bucket-level listing; the root key does.
			lu, err := rootBucket.ListMultipartUploads(oss.Prefix(key))
			require.NoError(t, err)
			require.Len(t, lu.Uploads, 1)
			assert.Equal(t, key, lu.Uploads[0].Key)
			assert.Equal(t, imur.UploadID, lu.Uploads[0].UploadID)
			parts = []oss.UploadPart{{PartNumber: 1, ETag: lp.UploadedParts[0].ETag}, {PartNumber: 2, ETag: lp.UploadedParts[1].ETag}, {PartNumber: 3, ETag: lp.UploadedParts[2].ETag}}
			res, err := b.CompleteMultipartUpload(imur, parts)
			require.NoError(t, err, key)
			assert.True(t, strings.HasSuffix(res.ETag, `-3"`), res.ETag)
			assert.Equal(t, data, get(t, b, key))

			meta, err := b.GetObjectDetailedMeta(key)
			require.NoError(t, err)
			assert.Equal(t, strconv.FormatUint(crc64.Checksum(data, crc64.MakeTable(crc64.ECMA)), 10), meta.Get("x-oss-hash-crc64ecma"))
			assert.Equal(t, "test", meta.Get("x-oss-meta-origin"))
			assert.Equal(t, "application/x-test", meta.Get("Content-Type"))

			r, err := b.GetObject(key, oss.Range(10, 19))
			require.NoError(t, err)
			got, _ := io.ReadAll(r)
			r.Close()
			assert.Equal(t, data[10:20], got)
		}
	}
}

func TestCompleteAllAndAbort(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), true)
	data := randBytes(250<<10, 9)
	imur, err := b.InitiateMultipartUpload("k/all")
	require.NoError(t, err)
	_, err = b.UploadPart(imur, bytes.NewReader(data[:150<<10]), 150<<10, 1)
	require.NoError(t, err)
	_, err = b.UploadPart(imur, bytes.NewReader(data[150<<10:]), int64(len(data)-150<<10), 2)
	require.NoError(t, err)
	// The SDK has no complete-all call: send it signed by the SDK, with no body.
	u, err := b.SignURL("k/all", oss.HTTPPost, 60, oss.AddParam("uploadId", imur.UploadID), oss.SetHeader("x-oss-complete-all", "yes"))
	require.NoError(t, err)
	resp, body := raw(t, "POST", u, nil, map[string]string{"x-oss-complete-all": "yes"})
	require.Equal(t, 200, resp.StatusCode, body)
	assert.Contains(t, body, "<CompleteMultipartUploadResult>")
	assert.Equal(t, data, get(t, b, "k/all"))

	imur, err = b.InitiateMultipartUpload("k/abort")
	require.NoError(t, err)
	_, err = b.UploadPart(imur, bytes.NewReader(data), int64(len(data)), 1)
	require.NoError(t, err)
	require.NoError(t, b.AbortMultipartUpload(imur))
	assert.Equal(t, "NoSuchUpload", code(b.AbortMultipartUpload(imur)))
	_, err = b.ListUploadedParts(imur)
	assert.Equal(t, "NoSuchUpload", code(err))
	_, err = b.GetObject("k/abort")
	assert.Equal(t, "NoSuchKey", code(err))
}

func TestListPagingWithSDK(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), false)
	imur, err := b.InitiateMultipartUpload("paged")
	require.NoError(t, err)
	for n := 1; n <= 7; n++ {
		_, err := b.UploadPart(imur, strings.NewReader("x"), 1, n)
		require.NoError(t, err)
	}
	var got []int
	marker := 0
	for {
		lp, err := b.ListUploadedParts(imur, oss.MaxParts(3), oss.PartNumberMarker(marker))
		require.NoError(t, err)
		for _, p := range lp.UploadedParts {
			got = append(got, p.PartNumber)
		}
		if !lp.IsTruncated {
			break
		}
		marker, _ = strconv.Atoi(lp.NextPartNumberMarker)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 7}, got)

	for _, k := range []string{"p/a", "p/b", "p/b", "q/c", "p/sub/d"} {
		_, err := b.InitiateMultipartUpload(k)
		require.NoError(t, err)
	}
	var keys []string
	km, um := "", ""
	for {
		lu, err := b.ListMultipartUploads(oss.Prefix("p/"), oss.MaxUploads(2), oss.KeyMarker(km), oss.UploadIDMarker(um))
		require.NoError(t, err)
		for _, u := range lu.Uploads {
			keys = append(keys, u.Key)
		}
		if !lu.IsTruncated {
			break
		}
		km, um = lu.NextKeyMarker, lu.NextUploadIDMarker
	}
	assert.Equal(t, []string{"p/a", "p/b", "p/b", "p/sub/d"}, keys)
	lu, err := b.ListMultipartUploads(oss.Prefix("p/"), oss.Delimiter("/"))
	require.NoError(t, err)
	assert.Equal(t, []string{"p/sub/"}, lu.CommonPrefixes)
	assert.Len(t, lu.Uploads, 3)
}

func TestErrorCodes(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), true)
	small := randBytes(50<<10, 1)
	imur, err := b.InitiateMultipartUpload("err/k")
	require.NoError(t, err)
	p1, err := b.UploadPart(imur, bytes.NewReader(small), int64(len(small)), 1)
	require.NoError(t, err)
	p2, err := b.UploadPart(imur, bytes.NewReader(small), int64(len(small)), 2)
	require.NoError(t, err)

	_, err = b.UploadPart(imur, bytes.NewReader(small), int64(len(small)), 10001)
	assert.Equal(t, "InvalidArgument", code(err))
	_, err = b.UploadPart(imur, bytes.NewReader(small), int64(len(small)), 0)
	assert.Equal(t, "InvalidArgument", code(err))
	// The SDK sorts parts itself, so the out-of-order list goes raw.
	u, err := b.SignURL("err/k", oss.HTTPPost, 60, oss.AddParam("uploadId", imur.UploadID))
	require.NoError(t, err)
	resp, body := raw(t, "POST", u, strings.NewReader(`<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>`+p2.ETag+`</ETag></Part><Part><PartNumber>1</PartNumber><ETag>&#34;`+strings.Trim(p1.ETag, `"`)+`&#34;</ETag></Part></CompleteMultipartUpload>`), nil)
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, body, "<Code>InvalidPartOrder</Code>")
	_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{p1, {PartNumber: 3, ETag: p1.ETag}})
	assert.Equal(t, "InvalidPart", code(err))
	_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{p1, {PartNumber: 2, ETag: `"00000000000000000000000000000000"`}})
	assert.Equal(t, "InvalidPart", code(err))
	_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{p1, p2})
	assert.Equal(t, "EntityTooSmall", code(err))
	bad := imur
	bad.UploadID = "0123456789ABCDEF0123456789ABCDEF"
	_, err = b.CompleteMultipartUpload(bad, []oss.UploadPart{p1})
	assert.Equal(t, "NoSuchUpload", code(err))
	bad.UploadID = "../../../etc"
	_, err = b.UploadPart(bad, bytes.NewReader(small), 1, 1)
	assert.Equal(t, "NoSuchUpload", code(err))
	_, err = b.GetObject("err/missing")
	assert.Equal(t, "NoSuchKey", code(err))
	_, err = b.GetObjectDetailedMeta("err/missing")
	assert.Equal(t, "NoSuchKey", code(err), "HEAD error decoded from x-oss-err")

	// The stored parts survived every rejected request.
	lp, err := b.ListUploadedParts(imur)
	require.NoError(t, err)
	assert.Len(t, lp.UploadedParts, 2)
	_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{p1})
	require.NoError(t, err)
	assert.Equal(t, small, get(t, b, "err/k"))

	// Content-MD5 mismatch.
	sum := md5.Sum([]byte("other"))
	err = b.PutObject("err/md5", bytes.NewReader(small), oss.ContentMD5(base64.StdEncoding.EncodeToString(sum[:])))
	assert.Equal(t, "InvalidDigest", code(err))
	_, err = b.GetObject("err/md5")
	assert.Equal(t, "NoSuchKey", code(err))

	cl, _ := oss.New(env.URL, "x", "y")
	nb, _ := cl.Bucket("nope")
	_, err = nb.GetObject("k")
	assert.Equal(t, "NoSuchBucket", code(err))
}

func raw(t *testing.T, method, url string, body io.Reader, hdr map[string]string) (*http.Response, string) {
	req, err := http.NewRequest(method, url, body)
	require.NoError(t, err)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func TestRawBadInput(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), false)
	imur, err := b.InitiateMultipartUpload("raw/k")
	require.NoError(t, err)
	_, err = b.UploadPart(imur, strings.NewReader("abc"), 3, 1)
	require.NoError(t, err)
	sign := func(method, key string, params map[string]any) string {
		u, err := b.SignURL(key, oss.HTTPMethod(method), 60, func() []oss.Option {
			var o []oss.Option
			for k, v := range params {
				o = append(o, oss.AddParam(k, v))
			}
			return o
		}()...)
		require.NoError(t, err)
		return u
	}
	// Malformed XML.
	resp, body := raw(t, "POST", sign("POST", "raw/k", map[string]any{"uploadId": imur.UploadID}), strings.NewReader("<CompleteMultipartUpload><Part>"), nil)
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, body, "<Code>MalformedXML</Code>")
	assert.NotEmpty(t, resp.Header.Get("x-oss-request-id"))
	assert.Contains(t, body, "<RequestId>"+resp.Header.Get("x-oss-request-id")+"</RequestId>")
	// Complete-all with a body.
	u, err := b.SignURL("raw/k", oss.HTTPPost, 60, oss.AddParam("uploadId", imur.UploadID), oss.SetHeader("x-oss-complete-all", "yes"))
	require.NoError(t, err)
	resp, body = raw(t, "POST", u, strings.NewReader("<x/>"), map[string]string{"x-oss-complete-all": "yes"})
	assert.Equal(t, 400, resp.StatusCode, body)
	assert.Contains(t, body, "InvalidArgument")
	// A part body shorter than declared is refused and stores nothing.
	req, _ := http.NewRequest("PUT", sign("PUT", "raw/k", map[string]any{"uploadId": imur.UploadID, "partNumber": "2"}), io.LimitReader(strings.NewReader("0123456789"), 4))
	req.ContentLength = 10
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	lp, err := b.ListUploadedParts(imur)
	require.NoError(t, err)
	assert.Len(t, lp.UploadedParts, 1)
	// Invalid keys.
	for _, k := range []string{strings.Repeat("a", 1024)} {
		err := b.PutObject(k, strings.NewReader("x"))
		assert.Equal(t, "InvalidObjectName", code(err), k)
	}
	resp, body = raw(t, "PUT", env.URL+"/demo/%5Cbackslash", strings.NewReader("x"), nil)
	assert.Equal(t, 403, resp.StatusCode, body) // auth is checked first
	// Unsigned request.
	resp, body = raw(t, "GET", env.URL+"/demo/raw/k", nil, nil)
	assert.Equal(t, 403, resp.StatusCode)
	assert.Contains(t, body, "AccessDenied")
}

func TestPolicyEnforced(t *testing.T) {
	env := osslocaltest.Start(t)
	alice := bucketFor(t, env, env.STS(osslocaltest.PrefixPolicy("demo", "uploads/alice/"), time.Hour), true)
	require.NoError(t, alice.PutObject("uploads/alice/x", strings.NewReader("mine")))
	assert.Equal(t, "AccessDenied", code(alice.PutObject("uploads/bob/x", strings.NewReader("not mine"))))
	_, err := alice.InitiateMultipartUpload("uploads/bob/y")
	assert.Equal(t, "AccessDenied", code(err))
	assert.Equal(t, "AccessDenied", code(alice.DeleteObject("uploads/alice/x")))
	_, err = alice.ListMultipartUploads()
	assert.Equal(t, "AccessDenied", code(err))
	root, _ := oss.New(env.URL, osslocaltest.RootAccessKeyID, osslocaltest.RootAccessKeySecret)
	rb, _ := root.Bucket("demo")
	require.NoError(t, rb.PutObject("uploads/bob/secret", strings.NewReader("bob's")))
	_, err = alice.GetObject("uploads/bob/secret")
	assert.Equal(t, "AccessDenied", code(err))
	// Expired credentials.
	expired := bucketFor(t, env, env.STS("", -time.Second), true)
	assert.Equal(t, "SecurityTokenExpired", code(expired.PutObject("k", strings.NewReader("x"))))
}

func TestDurableAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	env := osslocaltest.StartIn(t, dir)
	creds := env.STS("", time.Hour)
	b := bucketFor(t, env, creds, true)
	data := randBytes(200<<10, 3)
	imur, err := b.InitiateMultipartUpload("durable")
	require.NoError(t, err)
	p1, err := b.UploadPart(imur, bytes.NewReader(data[:100<<10]), 100<<10, 1)
	require.NoError(t, err)

	env2 := osslocaltest.StartIn(t, dir) // a new process on the same directory
	b2 := bucketFor(t, env2, creds, true)
	lp, err := b2.ListUploadedParts(imur)
	require.NoError(t, err)
	require.Len(t, lp.UploadedParts, 1)
	p2, err := b2.UploadPart(imur, bytes.NewReader(data[100<<10:]), 100<<10, 2)
	require.NoError(t, err)
	_, err = b2.CompleteMultipartUpload(imur, []oss.UploadPart{p1, p2})
	require.NoError(t, err)
	assert.Equal(t, data, get(t, b2, "durable"))
}

func TestCORS(t *testing.T) {
	env := osslocaltest.Start(t)
	req, _ := http.NewRequest("OPTIONS", env.URL+"/demo/k?partNumber=1&uploadId=x", nil)
	req.Header.Set("Origin", "http://127.0.0.1:8080")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	req.Header.Set("Access-Control-Request-Headers", "authorization,x-oss-date,x-oss-security-token,content-type")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "http://127.0.0.1:8080", resp.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "authorization,x-oss-date,x-oss-security-token,content-type", resp.Header.Get("Access-Control-Allow-Headers"))
	assert.Contains(t, resp.Header.Get("Access-Control-Expose-Headers"), "ETag")
	assert.Contains(t, resp.Header.Get("Access-Control-Expose-Headers"), "x-oss-hash-crc64ecma")
	assert.Equal(t, "86400", resp.Header.Get("Access-Control-Max-Age"))

	// Errors carry CORS headers too.
	req, _ = http.NewRequest("GET", env.URL+"/demo/k", nil)
	req.Header.Set("Origin", "http://127.0.0.1:8080")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 403, resp.StatusCode)
	assert.Equal(t, "http://127.0.0.1:8080", resp.Header.Get("Access-Control-Allow-Origin"))
}

func TestCORSOriginNotAllowed(t *testing.T) {
	_, err := osslocal.New(osslocal.Config{DataDir: t.TempDir()})
	assert.Error(t, err, "a verifier is required")
	env := osslocaltest.Start(t)
	s, err := osslocal.New(osslocal.Config{DataDir: t.TempDir(), Verifier: ossauth.NewVerifier(ossauth.Config{}), AllowedOrigins: []string{"http://app.example"}})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	defer srv.Close()
	_ = env
	req, _ := http.NewRequest("OPTIONS", srv.URL+"/demo/k", nil)
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 403, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"))
}

func TestFaultInjection(t *testing.T) {
	env := osslocaltest.Start(t)
	b := bucketFor(t, env, env.STS("", time.Hour), true)
	imur, err := b.InitiateMultipartUpload("faulty")
	require.NoError(t, err)
	env.Faults.Set(osslocal.FaultSettings{PartFailRate: 1, Kinds: []string{"503"}})
	_, err = b.UploadPart(imur, strings.NewReader("x"), 1, 1)
	assert.Equal(t, "ServiceUnavailable", code(err))
	env.Faults.Set(osslocal.FaultSettings{PartFailRate: 1, Kinds: []string{"drop"}})
	_, err = b.UploadPart(imur, bytes.NewReader(randBytes(200<<10, 1)), 200<<10, 1)
	assert.Error(t, err)
	env.Faults.Set(osslocal.FaultSettings{TokenMaxAge: time.Nanosecond})
	time.Sleep(1100 * time.Millisecond)
	_, err = b.UploadPart(imur, strings.NewReader("x"), 1, 1)
	assert.Equal(t, "SecurityTokenExpired", code(err))
	env.Faults.Set(osslocal.FaultSettings{})
	_, err = b.UploadPart(imur, strings.NewReader("x"), 1, 1)
	require.NoError(t, err)
	assert.Positive(t, env.Server.Stats().PartPuts)
}
