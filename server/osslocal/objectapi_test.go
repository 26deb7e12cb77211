package osslocal_test

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
)

// Object APIs beyond the multipart path, driven by the official Go SDK v1
// with V1 and V4 signing: what ali-oss's own suite needs, as OSS answers it.

func bothSignings(t *testing.T, f func(t *testing.T, b *oss.Bucket)) {
	for _, v4 := range []bool{false, true} {
		t.Run(map[bool]string{false: "V1", true: "V4"}[v4], func(t *testing.T) {
			env := osslocaltest.Start(t)
			f(t, bucketFor(t, env, env.STS("", time.Hour), v4))
		})
	}
}

func TestListObjectsOwnerPagingDelimiter(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		keys := []string{"l/oss.jpg", "l/fun/test.jpg", "l/fun/movie/001.avi", "l/fun/movie/007.avi", "l/other/movie/007.avi", "l/other/movie/008.avi"}
		for _, k := range keys {
			require.NoError(t, b.PutObject(k, strings.NewReader(k)))
		}
		res, err := b.ListObjects(oss.Prefix("l/"), oss.MaxKeys(2))
		require.NoError(t, err)
		assert.True(t, res.IsTruncated)
		assert.Equal(t, "l/fun/movie/007.avi", res.NextMarker)
		require.Len(t, res.Objects, 2)
		o := res.Objects[0]
		assert.Equal(t, "1000000000000000", o.Owner.ID)
		assert.Equal(t, "Normal", o.Type)
		assert.Equal(t, "Standard", o.StorageClass)

		res, err = b.ListObjects(oss.Prefix("l/"), oss.Delimiter("/"))
		require.NoError(t, err)
		assert.Equal(t, []string{"l/fun/", "l/other/"}, res.CommonPrefixes)
		require.Len(t, res.Objects, 1)
		assert.Equal(t, "l/oss.jpg", res.Objects[0].Key)

		// V2: continuation tokens walk every key exactly once; start-after; owner only on request.
		var seen []string
		token := ""
		for {
			opts := []oss.Option{oss.Prefix("l/"), oss.MaxKeys(4)}
			if token != "" {
				opts = append(opts, oss.ContinuationToken(token))
			}
			r2, err := b.ListObjectsV2(opts...)
			require.NoError(t, err)
			for _, o := range r2.Objects {
				assert.Empty(t, o.Owner.ID)
				seen = append(seen, o.Key)
			}
			if !r2.IsTruncated {
				break
			}
			token = r2.NextContinuationToken
		}
		assert.ElementsMatch(t, keys, seen)
		r2, err := b.ListObjectsV2(oss.Prefix("l/"), oss.StartAfter("l/a"), oss.Delimiter("/"), oss.MaxKeys(5), oss.FetchOwner(true))
		require.NoError(t, err)
		assert.Len(t, r2.Objects, 1)
		assert.Equal(t, []string{"l/fun/", "l/other/"}, r2.CommonPrefixes)
		assert.Equal(t, "1000000000000000", r2.Objects[0].Owner.ID)
		r2, err = b.ListObjectsV2(oss.Prefix("l/"), oss.StartAfter("l/oss.jpg"), oss.Delimiter("/"))
		require.NoError(t, err)
		assert.Empty(t, r2.Objects)
		assert.Equal(t, []string{"l/other/"}, r2.CommonPrefixes)
	})
}

func TestCopyObjectDirectives(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		src := "c/src ;,?:@&=+$#.js"
		require.NoError(t, b.PutObject(src, strings.NewReader("abc"), oss.Meta("uid", "1"), oss.ContentType("text/x-src"), oss.CacheControl("no-store")))
		_, err := b.CopyObject(src, "c/copy")
		require.NoError(t, err)
		h, err := b.GetObjectDetailedMeta("c/copy")
		require.NoError(t, err)
		assert.Equal(t, "1", h.Get("X-Oss-Meta-Uid"), "COPY keeps the source's metadata")
		assert.Equal(t, "text/x-src", h.Get("Content-Type"))
		assert.Equal(t, "no-store", h.Get("Cache-Control"))

		_, err = b.CopyObject(src, "c/replace", oss.MetadataDirective(oss.MetaReplace), oss.Meta("uid", "2"), oss.CacheControl("max-age=0, s-maxage=86400"))
		require.NoError(t, err)
		h, err = b.GetObjectDetailedMeta("c/replace")
		require.NoError(t, err)
		assert.Equal(t, "2", h.Get("X-Oss-Meta-Uid"))
		assert.Equal(t, "max-age=0, s-maxage=86400", h.Get("Cache-Control"))
		assert.Equal(t, "abc", string(get(t, b, "c/replace")))

		_, err = b.CopyObject("c/missing", "c/x")
		assert.Equal(t, "NoSuchKey", code(err))
	})
}

func TestDeleteMultipleObjectsQuiet(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		for _, k := range []string{"d/0", "d/1", "d/2"} {
			require.NoError(t, b.PutObject(k, strings.NewReader(k)))
		}
		res, err := b.DeleteObjects([]string{"d/0", "d/1", "d/missing"})
		require.NoError(t, err)
		assert.Equal(t, []string{"d/0", "d/1", "d/missing"}, res.DeletedObjects)
		res, err = b.DeleteObjects([]string{"d/2"}, oss.DeleteObjectsQuiet(true))
		require.NoError(t, err)
		assert.Empty(t, res.DeletedObjects)
		ok, err := b.IsObjectExist("d/2")
		require.NoError(t, err)
		assert.False(t, ok)
	})
}

func TestAppendObject(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		next, err := b.AppendObject("a/log", strings.NewReader("foo"), 0)
		require.NoError(t, err)
		assert.EqualValues(t, 3, next)
		_, err = b.AppendObject("a/log", strings.NewReader("x"), 1)
		assert.Equal(t, "PositionNotEqualToLength", code(err))
		next, err = b.AppendObject("a/log", strings.NewReader("bar"), next)
		require.NoError(t, err)
		assert.EqualValues(t, 6, next)
		assert.Equal(t, "foobar", string(get(t, b, "a/log")))
		h, err := b.GetObjectDetailedMeta("a/log")
		require.NoError(t, err)
		assert.Equal(t, "Appendable", h.Get("X-Oss-Object-Type"))
		assert.Equal(t, "6", h.Get("X-Oss-Next-Append-Position"))

		require.NoError(t, b.PutObject("a/normal", strings.NewReader("n")))
		_, err = b.AppendObject("a/normal", strings.NewReader("x"), 1)
		assert.Equal(t, "ObjectNotAppendable", code(err))
	})
}

func TestSymlinks(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		require.NoError(t, b.PutObject("s/target-测试.js", strings.NewReader("test-symlink")))
		require.NoError(t, b.PutSymlink("s/link-软链接.js", "s/target-测试.js", oss.Meta("uid", "1")))
		h, err := b.GetSymlink("s/link-软链接.js")
		require.NoError(t, err)
		target, _ := url.PathUnescape(h.Get(oss.HTTPHeaderOssSymlinkTarget))
		assert.Equal(t, "s/target-测试.js", target)
		assert.Equal(t, "test-symlink", string(get(t, b, "s/link-软链接.js")))
		h, err = b.GetObjectDetailedMeta("s/link-软链接.js")
		require.NoError(t, err)
		assert.Equal(t, "Symlink", h.Get("X-Oss-Object-Type"))

		require.NoError(t, b.PutSymlink("s/two", "s/link-软链接.js"))
		_, err = b.GetObjectDetailedMeta("s/two")
		assert.Equal(t, "InvalidTargetType", code(err))
		require.NoError(t, b.PutSymlink("s/dangling", "s/none"))
		_, err = b.GetObject("s/dangling")
		assert.Equal(t, "SymlinkTargetNotExist", code(err))
	})
}

func TestRestoreObject(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		require.NoError(t, b.PutObject("r/std", strings.NewReader("abc")))
		err := b.RestoreObject("r/std")
		assert.Equal(t, "OperationNotSupported", code(err))
		require.NoError(t, b.PutObject("r/arc", strings.NewReader("abc"), oss.ObjectStorageClass(oss.StorageArchive)))
		_, err = b.GetObject("r/arc")
		assert.Equal(t, "InvalidObjectState", code(err))
		require.NoError(t, b.RestoreObject("r/arc"))
		assert.Equal(t, "RestoreAlreadyInProgress", code(b.RestoreObject("r/arc")))
		h, err := b.GetObjectDetailedMeta("r/arc")
		require.NoError(t, err)
		assert.Equal(t, "Archive", h.Get("X-Oss-Storage-Class"))
		assert.Equal(t, `ongoing-request="true"`, h.Get("X-Oss-Restore"))
		res, err := b.ListObjects(oss.Prefix("r/arc"))
		require.NoError(t, err)
		require.Len(t, res.Objects, 1)
		assert.Equal(t, "Archive", res.Objects[0].StorageClass)

		require.NoError(t, b.PutObject("r/cold", strings.NewReader("abc"), oss.ObjectStorageClass(oss.StorageColdArchive)))
		out, err := b.Do("POST", "r/cold", map[string]interface{}{"restore": nil}, nil,
			strings.NewReader("<RestoreRequest><Days>3</Days><JobParameters><Tier>Expedited</Tier></JobParameters></RestoreRequest>"), nil)
		require.NoError(t, err)
		out.Body.Close()
		assert.Equal(t, 202, out.StatusCode)
		assert.Equal(t, "Expedited", out.Headers.Get("X-Oss-Object-Restore-Priority"))
	})
}

func TestServerSideEncryptionAndStorageClassEcho(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		var h http.Header
		require.NoError(t, b.PutObject("e/put", strings.NewReader("x"), oss.ServerSideEncryption("AES256"), oss.GetResponseHeader(&h)))
		assert.Equal(t, "AES256", h.Get("X-Oss-Server-Side-Encryption"))
		imur, err := b.InitiateMultipartUpload("e/mp", oss.ServerSideEncryption("KMS"), oss.ObjectStorageClass(oss.StorageIA), oss.GetResponseHeader(&h))
		require.NoError(t, err)
		assert.Equal(t, "KMS", h.Get("X-Oss-Server-Side-Encryption"))
		p, err := b.UploadPart(imur, strings.NewReader("part"), 4, 1)
		require.NoError(t, err)
		_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{p}, oss.GetResponseHeader(&h))
		require.NoError(t, err)
		assert.Equal(t, "KMS", h.Get("X-Oss-Server-Side-Encryption"))
		meta, err := b.GetObjectDetailedMeta("e/mp")
		require.NoError(t, err)
		assert.Equal(t, "IA", meta.Get("X-Oss-Storage-Class"))
		assert.Equal(t, "KMS", meta.Get("X-Oss-Server-Side-Encryption"))
		assert.Equal(t, "InvalidEncryptionAlgorithmError", code(b.PutObject("e/bad", strings.NewReader("x"), oss.ServerSideEncryption("ROT13"))))
		assert.Equal(t, "FileAlreadyExists", code(b.PutObject("e/put", strings.NewReader("y"), oss.ForbidOverWrite(true))))
	})
}

func TestUploadPartCopy(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		data := randBytes(300<<10, 7)
		require.NoError(t, b.PutObject("pc/src", bytes.NewReader(data)))
		imur, err := b.InitiateMultipartUpload("pc/dst")
		require.NoError(t, err)
		p1, err := b.UploadPartCopy(imur, osslocaltest.Bucket, "pc/src", 0, 200<<10, 1)
		require.NoError(t, err)
		p2, err := b.UploadPartCopy(imur, osslocaltest.Bucket, "pc/src", 200<<10, 100<<10, 2)
		require.NoError(t, err)
		_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{p1, p2})
		require.NoError(t, err)
		assert.Equal(t, data, get(t, b, "pc/dst"))
	})
}

func TestListMultipartUploadsSortedByKeyThenInitiation(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		var ids []string
		for i := 0; i < 5; i++ {
			imur, err := b.InitiateMultipartUpload("u/same")
			require.NoError(t, err)
			ids = append(ids, imur.UploadID)
		}
		_, err := b.InitiateMultipartUpload("u/a-first")
		require.NoError(t, err)
		res, err := b.ListMultipartUploads(oss.Prefix("u/"))
		require.NoError(t, err)
		require.Len(t, res.Uploads, 6)
		assert.Equal(t, "u/a-first", res.Uploads[0].Key)
		var got []string
		for _, u := range res.Uploads[1:] {
			got = append(got, u.UploadID)
		}
		assert.Equal(t, ids, got, "same key: in initiation order")
		res, err = b.ListMultipartUploads(oss.Prefix("u/"), oss.KeyMarker("u/same"), oss.UploadIDMarker(ids[1]))
		require.NoError(t, err)
		assert.Len(t, res.Uploads, 3)
		for _, u := range res.Uploads {
			require.NoError(t, b.AbortMultipartUpload(oss.InitiateMultipartUploadResult{Bucket: osslocaltest.Bucket, Key: u.Key, UploadID: u.UploadID}))
		}
	})
}

func TestRequestTimeTooSkewedReportsServerTime(t *testing.T) {
	env := osslocaltest.Start(t)
	req, _ := http.NewRequest("GET", env.URL+"/demo/k", nil)
	req.Header.Set("Date", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat))
	req.Header.Set("Authorization", "OSS "+osslocaltest.RootAccessKeyID+":x")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 403, resp.StatusCode)
	assert.Contains(t, string(body), "<Code>RequestTimeTooSkewed</Code>")
	assert.Contains(t, string(body), "<ServerTime>"+time.Now().UTC().Format("2006-01-02T15"))
	assert.Contains(t, string(body), "<RequestTime>")
}

// callbackServer is a callback receiver that verifies the signature as
// Alibaba's sample callback servers do: fetch the public key from
// x-oss-pub-key-url, verify RSA-MD5 over path, query, "\n" and body.
type callbackServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
	status int
}

func newCallbackServer(t *testing.T) *callbackServer {
	cs := &callbackServer{status: 200}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		keyURL, _ := base64.StdEncoding.DecodeString(r.Header.Get("x-oss-pub-key-url"))
		kr, err := http.Get(string(keyURL))
		if !assert.NoError(t, err) {
			return
		}
		pemBytes, _ := io.ReadAll(kr.Body)
		kr.Body.Close()
		blk, _ := pem.Decode(pemBytes)
		require.NotNil(t, blk)
		pub, err := x509.ParsePKIXPublicKey(blk.Bytes)
		require.NoError(t, err)
		sig, _ := base64.StdEncoding.DecodeString(r.Header.Get("Authorization"))
		path, _ := url.PathUnescape(r.URL.EscapedPath())
		s := path
		if r.URL.RawQuery != "" {
			s += "?" + r.URL.RawQuery
		}
		sum := md5.Sum(append([]byte(s+"\n"), body...))
		assert.NoError(t, rsa.VerifyPKCS1v15(pub.(*rsa.PublicKey), crypto.MD5, sum[:], sig), "callback signature")
		cs.mu.Lock()
		cs.bodies = append(cs.bodies, string(body))
		status := cs.status
		cs.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(`{"confirmed":true}`))
	}))
	t.Cleanup(cs.Close)
	return cs
}

func callbackHeaders(t *testing.T, urls, body, bodyType string, vars map[string]string) []oss.Option {
	cb, _ := json.Marshal(map[string]string{"callbackUrl": urls, "callbackBody": body, "callbackBodyType": bodyType})
	opts := []oss.Option{oss.Callback(base64.StdEncoding.EncodeToString(cb))}
	if vars != nil {
		v, _ := json.Marshal(vars)
		opts = append(opts, oss.CallbackVar(base64.StdEncoding.EncodeToString(v)))
	}
	return opts
}

func TestUploadCallbacks(t *testing.T) {
	bothSignings(t, func(t *testing.T, b *oss.Bucket) {
		cs := newCallbackServer(t)
		var body []byte
		opts := append(callbackHeaders(t, "http://127.0.0.1:1/unreachable;"+cs.URL+"/cb?a=1",
			"bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}&who=${x:who}", "", map[string]string{"x:who": "a b&c"}),
			oss.ContentType("text/plain"), oss.CallbackResult(&body))
		require.NoError(t, b.PutObject("cb/put file.txt", strings.NewReader("hello"), opts...))
		assert.JSONEq(t, `{"confirmed":true}`, string(body))
		require.Len(t, cs.bodies, 1)
		assert.Equal(t, "bucket=demo&object=cb%2Fput+file.txt&etag=5D41402ABC4B2A76B9719D911017C592&size=5&mimeType=text%2Fplain&who=a+b%26c", cs.bodies[0])

		// Multipart, JSON body.
		imur, err := b.InitiateMultipartUpload("cb/mp.bin")
		require.NoError(t, err)
		p, err := b.UploadPart(imur, strings.NewReader("0123456789"), 10, 1)
		require.NoError(t, err)
		var hdr http.Header
		_, err = b.CompleteMultipartUpload(imur, []oss.UploadPart{p}, append(callbackHeaders(t, cs.URL, `{"object":"${object}","size":${size}}`, "application/json", nil), oss.GetResponseHeader(&hdr))...)
		require.NoError(t, err)
		assert.JSONEq(t, `{"object":"cb/mp.bin","size":10}`, cs.bodies[1])

		// A failing callback server: 203 CallbackFailed, object kept.
		cs.mu.Lock()
		cs.status = 500
		cs.mu.Unlock()
		err = b.PutObject("cb/failed.txt", strings.NewReader("kept"), callbackHeaders(t, cs.URL, "object=${object}", "", nil)...)
		assert.Equal(t, "CallbackFailed", code(err))
		assert.Equal(t, "kept", string(get(t, b, "cb/failed.txt")))

		// A malformed callback is refused before anything is stored.
		err = b.PutObject("cb/bad.txt", strings.NewReader("x"), oss.Callback("not base64!"))
		assert.Equal(t, "InvalidArgument", code(err))
		ok, err := b.IsObjectExist("cb/bad.txt")
		require.NoError(t, err)
		assert.False(t, ok)
	})
}

// postForm signs a PostObject form with V4 the way OSS documents it (an
// independent implementation: HMAC-SHA256 key chain over the base64 policy).
func postForm(t *testing.T, env *osslocaltest.Env, c osslocaltest.Creds, policy map[string]any, fields map[string]string, file string) *http.Response {
	now := time.Now().UTC()
	day := now.Format("20060102")
	cred := c.AccessKeyID + "/" + day + "/" + osslocaltest.Region + "/oss/aliyun_v4_request"
	fields["x-oss-date"] = now.Format("20060102T150405Z")
	fields["x-oss-credential"] = cred
	fields["x-oss-signature-version"] = "OSS4-HMAC-SHA256"
	fields["x-oss-security-token"] = c.SecurityToken
	pj, _ := json.Marshal(policy)
	b64 := base64.StdEncoding.EncodeToString(pj)
	mac := func(k []byte, s string) []byte { m := hmac.New(sha256.New, k); m.Write([]byte(s)); return m.Sum(nil) }
	k := mac([]byte("aliyun_v4"+c.AccessKeySecret), day)
	k = mac(k, osslocaltest.Region)
	k = mac(k, "oss")
	k = mac(k, "aliyun_v4_request")
	fields["policy"] = b64
	fields["x-oss-signature"] = hex.EncodeToString(mac(k, b64))
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, v := range fields {
		mw.WriteField(name, v)
	}
	fw, _ := mw.CreateFormFile("file", "local.txt")
	fw.Write([]byte(file))
	mw.Close()
	resp, err := http.Post(env.URL+"/"+osslocaltest.Bucket, mw.FormDataContentType(), &buf)
	require.NoError(t, err)
	resp.Body.Close()
	return resp
}

func TestPostObjectV4Policy(t *testing.T) {
	env := osslocaltest.Start(t)
	c := env.STS(osslocaltest.PrefixPolicy("demo", "uploads/a/"), time.Hour)
	policy := func(exp time.Duration, extra ...any) map[string]any {
		conds := []any{map[string]string{"bucket": "demo"}, []any{"content-length-range", 1, 10}, []any{"starts-with", "$key", "uploads/a/"},
			[]any{"in", "$content-type", []string{"text/plain"}}, []any{"eq", "$success_action_status", "201"}}
		return map[string]any{"expiration": time.Now().Add(exp).UTC().Format("2006-01-02T15:04:05.000Z"), "conditions": append(conds, extra...)}
	}
	fields := func(key string) map[string]string {
		return map[string]string{"key": key, "Content-Type": "text/plain", "Cache-Control": "max-age=30", "success_action_status": "201"}
	}
	resp := postForm(t, env, c, policy(time.Minute), fields("uploads/a/post.txt"), "test")
	assert.Equal(t, 201, resp.StatusCode)
	b := bucketFor(t, env, c, true)
	assert.Equal(t, "test", string(get(t, b, "uploads/a/post.txt")))
	h, err := b.GetObjectDetailedMeta("uploads/a/post.txt")
	require.NoError(t, err)
	assert.Equal(t, "max-age=30", h.Get("Cache-Control"))
	assert.Equal(t, "text/plain", h.Get("Content-Type"))

	for name, tc := range map[string]struct {
		policy map[string]any
		fields map[string]string
		file   string
		status int
	}{
		"expired policy":            {policy(-time.Minute), fields("uploads/a/x"), "test", 403},
		"key outside the condition": {policy(time.Minute), fields("elsewhere/x"), "test", 403},
		"file too large":            {policy(time.Minute), fields("uploads/a/big"), "01234567890", 400},
		"session policy denies":     {policy(time.Minute, []any{"starts-with", "$key", ""}), fields("uploads/b/x"), "test", 403},
	} {
		resp := postForm(t, env, c, tc.policy, tc.fields, tc.file)
		assert.Equal(t, tc.status, resp.StatusCode, name)
	}
	// A signature over another policy is refused.
	f := fields("uploads/a/y")
	resp = postForm(t, env, osslocaltest.Creds{AccessKeyID: c.AccessKeyID, AccessKeySecret: "wrong", SecurityToken: c.SecurityToken}, policy(time.Minute), f, "test")
	assert.Equal(t, 403, resp.StatusCode)
}

// A V1 PostObject form: Signature = base64 HMAC-SHA1 of the base64 policy.
func TestPostObjectV1Policy(t *testing.T) {
	env := osslocaltest.Start(t)
	c := env.STS("", time.Hour)
	pj, _ := json.Marshal(map[string]any{"expiration": time.Now().Add(time.Minute).UTC().Format("2006-01-02T15:04:05.000Z"),
		"conditions": []any{[]any{"starts-with", "$key", "v1/"}}})
	b64 := base64.StdEncoding.EncodeToString(pj)
	post := func(secret, key string) int {
		m := hmac.New(sha1.New, []byte(secret))
		m.Write([]byte(b64))
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"key": key, "OSSAccessKeyId": c.AccessKeyID, "policy": b64,
			"Signature": base64.StdEncoding.EncodeToString(m.Sum(nil)), "x-oss-security-token": c.SecurityToken} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("file", "f.txt")
		fw.Write([]byte("v1 body"))
		mw.Close()
		resp, err := http.Post(env.URL+"/"+osslocaltest.Bucket, mw.FormDataContentType(), &buf)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, 204, post(c.AccessKeySecret, "v1/${filename}"), "default success_action_status")
	assert.Equal(t, "v1 body", string(get(t, bucketFor(t, env, c, false), "v1/f.txt")))
	assert.Equal(t, 403, post("wrong", "v1/x"))
	assert.Equal(t, 403, post(c.AccessKeySecret, "other/x"))
}

// PostObject carries its callback in the form (callback, and x:* fields as
// custom variables); OSS answers with the callback server's JSON.
func TestPostObjectCallback(t *testing.T) {
	env := osslocaltest.Start(t)
	cs := newCallbackServer(t)
	c := env.STS("", time.Hour)
	cb, _ := json.Marshal(map[string]string{"callbackUrl": cs.URL + "/post", "callbackBody": "object=${object}&size=${size}&who=${x:who}"})
	policy := map[string]any{"expiration": time.Now().Add(time.Minute).UTC().Format("2006-01-02T15:04:05.000Z"), "conditions": []any{map[string]string{"bucket": "demo"}}}
	resp := postForm(t, env, c, policy, map[string]string{"key": "p/cb.txt", "callback": base64.StdEncoding.EncodeToString(cb), "x:who": "me"}, "12345")
	assert.Equal(t, 200, resp.StatusCode)
	require.Len(t, cs.bodies, 1)
	assert.Equal(t, "object=p%2Fcb.txt&size=5&who=me", cs.bodies[0])
}
