package app

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/broker"
)

// The embedded OSS calls back POST /api/oss-callback, which verifies the
// signature with the key fetched from the embedded OSS and records the
// upload for the caller; the Go SDK v1 is the uploader.
func TestUploadCallbackConfirmsToTheCaller(t *testing.T) {
	a := startApp(t, t.TempDir())
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Post(a.URL+"/api/sts", "", nil)
	require.NoError(t, err)
	var cr broker.Response
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&cr))
	resp.Body.Close()
	client, err := oss.New(cr.Endpoint, cr.AccessKeyID, cr.AccessKeySecret, oss.SecurityToken(cr.StsToken), oss.AuthVersion(oss.AuthV4), oss.Region(cr.Region), oss.ForcePathStyle(true))
	require.NoError(t, err)
	bkt, err := client.Bucket(cr.Bucket)
	require.NoError(t, err)

	cbJSON, _ := json.Marshal(map[string]string{"callbackUrl": a.URL + "/api/oss-callback",
		"callbackBody": "bucket=${bucket}&object=${object}&etag=${etag}&size=${size}&mimeType=${mimeType}"})
	cb := oss.Callback(base64.StdEncoding.EncodeToString(cbJSON))
	var answer []byte
	require.NoError(t, bkt.PutObject(cr.Prefix+"put.txt", strings.NewReader("hello"), cb, oss.ContentType("text/plain"), oss.CallbackResult(&answer)))
	assert.JSONEq(t, `{"status":"confirmed","object":"`+cr.Prefix+`put.txt","size":5,"etag":"5D41402ABC4B2A76B9719D911017C592"}`, string(answer))

	// Multipart, JSON body.
	jsonCB, _ := json.Marshal(map[string]string{"callbackUrl": a.URL + "/api/oss-callback", "callbackBodyType": "application/json",
		"callbackBody": `{"object":${object},"size":${size},"etag":${etag},"mimeType":${mimeType}}`})
	imur, err := bkt.InitiateMultipartUpload(cr.Prefix + "mp.bin")
	require.NoError(t, err)
	p, err := bkt.UploadPart(imur, strings.NewReader("0123456789"), 10, 1)
	require.NoError(t, err)
	_, err = bkt.CompleteMultipartUpload(imur, []oss.UploadPart{p}, oss.Callback(base64.StdEncoding.EncodeToString(jsonCB)))
	// The template quotes nothing: ${object} is not valid JSON, so the receiver refuses and OSS reports 203.
	assert.Error(t, err)
	jsonCB, _ = json.Marshal(map[string]string{"callbackUrl": a.URL + "/api/oss-callback", "callbackBodyType": "application/json",
		"callbackBody": `{"object":"${object}","size":${size},"etag":"${etag}","mimeType":"${mimeType}"}`})
	imur, err = bkt.InitiateMultipartUpload(cr.Prefix + "mp.bin")
	require.NoError(t, err)
	p, err = bkt.UploadPart(imur, strings.NewReader("0123456789"), 10, 1)
	require.NoError(t, err)
	_, err = bkt.CompleteMultipartUpload(imur, []oss.UploadPart{p}, oss.Callback(base64.StdEncoding.EncodeToString(jsonCB)))
	require.NoError(t, err)

	// The caller sees both confirmed; another browser sees none.
	resp, err = c.Get(a.URL + "/api/oss-callback")
	require.NoError(t, err)
	var list struct{ Uploads []Confirmation }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
	resp.Body.Close()
	require.Len(t, list.Uploads, 2)
	assert.Equal(t, cr.Prefix+"put.txt", list.Uploads[0].Object)
	assert.Equal(t, "text/plain", list.Uploads[0].MimeType)
	assert.Equal(t, cr.Prefix+"mp.bin", list.Uploads[1].Object)
	assert.EqualValues(t, 10, list.Uploads[1].Size)
	other, _ := cookiejar.New(nil)
	resp, err = (&http.Client{Jar: other}).Get(a.URL + "/api/oss-callback")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.JSONEq(t, `{"uploads":[]}`, string(body))
}

func TestForgedCallbacksAreRefused(t *testing.T) {
	a := startApp(t, t.TempDir())
	keyURL := a.Cloud.OSSURL + "/_oss/callback_pub_key_v1.pem"
	for name, hdr := range map[string]map[string]string{
		"no signature":       {"x-oss-pub-key-url": base64.StdEncoding.EncodeToString([]byte(keyURL))},
		"bad signature":      {"x-oss-pub-key-url": base64.StdEncoding.EncodeToString([]byte(keyURL)), "Authorization": base64.StdEncoding.EncodeToString(make([]byte, 128))},
		"key from elsewhere": {"x-oss-pub-key-url": base64.StdEncoding.EncodeToString([]byte("http://attacker.example/key.pem")), "Authorization": "AAAA"},
		"no key URL":         {"Authorization": "AAAA"},
	} {
		req, _ := http.NewRequest("POST", a.URL+"/api/oss-callback", strings.NewReader(url.Values{"object": {"uploads/x/y"}, "size": {"1"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 403, resp.StatusCode, name)
	}
}
