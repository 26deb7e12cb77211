package ossauth

import (
	"context"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/ststoken"
)

const (
	rootAK     = "LTAIlocalroot0000000"
	rootSecret = "local-root-secret-change-me"
)

// recorder is an HTTP server that verifies every request with a Verifier and
// answers just enough for the SDK to be satisfied; the SDK, not our code,
// signs the requests.
type recorder struct {
	v    *Verifier
	mu   sync.Mutex
	errs []error
	last *Principal
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if b, _, ok := strings.Cut(r.Host, ".oss-"); ok {
		// Virtual-hosted addressing (ali-oss in node sends Host: demo.oss-<region>...).
		bucket, key = b, strings.TrimPrefix(r.URL.Path, "/")
	}
	io.Copy(io.Discard, r.Body)
	p, err := rec.v.Verify(r, bucket, key)
	if err == nil {
		err = p.Authorize(actionFor(r), bucket, key)
	}
	rec.mu.Lock()
	rec.errs = append(rec.errs, err)
	rec.last = p
	rec.mu.Unlock()
	w.Header().Set("x-oss-request-id", "req-1")
	if err != nil {
		e := err.(*Error)
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(e.Status)
		xml.NewEncoder(w).Encode(struct {
			XMLName xml.Name `xml:"Error"`
			Code    string
			Message string
		}{Code: e.Code, Message: e.Message})
		return
	}
	w.Header().Set("ETag", `"D41D8CD98F00B204E9800998ECF8427E"`)
	if r.Method == http.MethodPost && r.URL.Query().Has("uploads") {
		io.WriteString(w, `<InitiateMultipartUploadResult><Bucket>`+bucket+`</Bucket><Key>`+html.EscapeString(key)+`</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>`)
	}
	if r.Method == http.MethodGet && key == "" {
		io.WriteString(w, `<ListBucketResult><Name>`+bucket+`</Name></ListBucketResult>`)
	}
}

func actionFor(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return "oss:GetObject"
	}
	return "oss:PutObject"
}

func newRecorder(t *testing.T, now func() time.Time) (*recorder, string, *ststoken.Issuer) {
	iss := ststoken.NewIssuer(rootSecret)
	rec := &recorder{v: NewVerifier(Config{RootAccessKeyID: rootAK, RootAccessKeySecret: rootSecret, Tokens: iss, Now: now})}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv.URL, iss
}

func sts(iss *ststoken.Issuer, policy string, ttl time.Duration) (ak, secret, token string) {
	now := time.Now()
	ak = ststoken.NewAccessKeyID()
	token, secret = iss.Issue(ststoken.Claims{AccessKeyID: ak, RoleArn: "acs:ram::1:role/r", SessionName: "s", Policy: policy, IssuedAt: now.Unix(), Expires: now.Add(ttl).Unix()})
	return
}

func sdkBucket(t *testing.T, endpoint, ak, secret, token string, v4 bool) *oss.Bucket {
	opts := []oss.ClientOption{oss.EnableCRC(false)}
	if token != "" {
		opts = append(opts, oss.SecurityToken(token))
	}
	if v4 {
		opts = append(opts, oss.AuthVersion(oss.AuthV4), oss.Region("cn-hangzhou"))
	}
	c, err := oss.New(endpoint, ak, secret, opts...)
	require.NoError(t, err)
	b, err := c.Bucket("demo")
	require.NoError(t, err)
	return b
}

func codeOf(err error) string {
	if se, ok := err.(oss.ServiceError); ok {
		return se.Code
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

var keys = []string{"a.txt", "dir/sub/file.bin", "with space.txt", "plus+sign", "tilde~x", "pct%2Fliteral", "unicode/文件名 ü.txt", "star*(paren)!'", "q?and&eq=", "trailing/"}

func TestSDKSignedRequestsVerify(t *testing.T) {
	rec, url, iss := newRecorder(t, time.Now)
	ak, secret, token := sts(iss, "", time.Hour)
	oxdate := func() oss.Option { return oss.SetHeader("x-oss-date", time.Now().UTC().Format("20060102T150405Z")) }
	for _, v4 := range []bool{false, true} {
		for _, cred := range []struct{ name, ak, secret, token string }{{"root", rootAK, rootSecret, ""}, {"sts", ak, secret, token}} {
			b := sdkBucket(t, url, cred.ak, cred.secret, cred.token, v4)
			for _, key := range keys {
				name := cred.name + "/" + key
				require.NoError(t, b.PutObject(key, strings.NewReader("hello"), oss.ContentType("text/plain"), oss.Meta("k", "v")), name)
				require.NoError(t, b.PutObject(key, strings.NewReader("x"), oxdate()), name)
				imur, err := b.InitiateMultipartUpload(key, oss.ContentType("application/octet-stream"))
				require.NoError(t, err, name)
				_, err = b.UploadPart(imur, strings.NewReader("part"), 4, 7, oxdate())
				require.NoError(t, err, name)
			}
			_, err := b.ListObjects(oss.Prefix("a b+c"), oss.MaxKeys(5), oss.Marker("m~"))
			require.NoError(t, err)
		}
	}
	for _, err := range rec.errs {
		assert.NoError(t, err)
	}
}

func TestSDKPresignedURLsVerify(t *testing.T) {
	_, url, iss := newRecorder(t, time.Now)
	ak, secret, token := sts(iss, "", time.Hour)
	for _, v4 := range []bool{false, true} {
		for _, key := range keys {
			b := sdkBucket(t, url, ak, secret, token, v4)
			signed, err := b.SignURL(key, oss.HTTPPut, 60)
			require.NoError(t, err)
			req, _ := http.NewRequest(http.MethodPut, signed, strings.NewReader("body"))
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, 200, resp.StatusCode, "v4=%v key=%q %s", v4, key, body)

			// Tampering with the URL breaks it.
			resp, err = http.Get(strings.Replace(signed, "/demo/", "/demo/x", 1))
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, 403, resp.StatusCode)
		}
	}
}

func TestRejections(t *testing.T) {
	clock := time.Now()
	now := func() time.Time { return clock }
	rec, url, iss := newRecorder(t, now)
	ak, secret, token := sts(iss, "", time.Hour)
	_, _, otherToken := sts(iss, "", time.Hour)
	expAK, expSecret, expToken := sts(iss, "", -time.Minute)
	for _, v4 := range []bool{false, true} {
		cases := []struct {
			name              string
			ak, secret, token string
			want              string
		}{
			{"wrong secret", ak, "nope", token, "SignatureDoesNotMatch"},
			{"unknown ak", "LTAIunknown", "x", "", "InvalidAccessKeyId"},
			{"token of another key", ak, secret, otherToken, "InvalidSecurityToken"},
			{"forged token", ak, secret, token + "x", "InvalidSecurityToken"},
			{"expired token", expAK, expSecret, expToken, "SecurityTokenExpired"},
			{"sts key without token", ak, secret, "", "InvalidAccessKeyId"},
		}
		for _, c := range cases {
			b := sdkBucket(t, url, c.ak, c.secret, c.token, v4)
			err := b.PutObject("k", strings.NewReader("x"))
			assert.Equal(t, c.want, codeOf(err), "v4=%v %s", v4, c.name)
		}
	}
	_ = rec
}

func TestSkewAndUnsigned(t *testing.T) {
	v := NewVerifier(Config{RootAccessKeyID: rootAK, RootAccessKeySecret: rootSecret})
	sign := func(date time.Time) *http.Request {
		r := httptest.NewRequest("PUT", "/demo/k", nil)
		d := date.UTC().Format(http.TimeFormat)
		r.Header.Set("Date", d)
		r.Header.Set("Authorization", "OSS "+rootAK+":"+v1Sign(rootSecret, "PUT\n\n\n"+d+"\n/demo/k"))
		return r
	}
	_, err := v.Verify(sign(time.Now()), "demo", "k")
	assert.NoError(t, err)
	for _, skew := range []time.Duration{16 * time.Minute, -16 * time.Minute} {
		_, err = v.Verify(sign(time.Now().Add(skew)), "demo", "k")
		assert.Equal(t, "RequestTimeTooSkewed", err.(*Error).Code)
	}
	_, err = v.Verify(httptest.NewRequest("PUT", "/demo/k", nil), "demo", "k")
	assert.Equal(t, "AccessDenied", err.(*Error).Code)

	// A tampered x-oss header or sub-resource breaks the signature.
	r := sign(time.Now())
	r.Header.Set("x-oss-meta-a", "b")
	_, err = v.Verify(r, "demo", "k")
	assert.Equal(t, "SignatureDoesNotMatch", err.(*Error).Code)
	r = sign(time.Now())
	r.URL.RawQuery = "uploadId=x&partNumber=1"
	_, err = v.Verify(r, "demo", "k")
	assert.Equal(t, "SignatureDoesNotMatch", err.(*Error).Code)
}

func TestV4WithoutDateInBrowserFails(t *testing.T) {
	// A browser drops Date; a V4 request signed over Date then carries no
	// timestamp at all and must be refused, as real OSS refuses it.
	_, url, _ := newRecorder(t, time.Now)
	b := sdkBucket(t, url, rootAK, rootSecret, "", true)
	signed := &http.Client{Transport: dropDate{}}
	c, _ := oss.New(url, rootAK, rootSecret, oss.AuthVersion(oss.AuthV4), oss.Region("cn-hangzhou"), oss.HTTPClient(signed))
	bb, _ := c.Bucket("demo")
	err := bb.PutObject("k", strings.NewReader("x"))
	assert.Equal(t, "AccessDenied", codeOf(err))
	require.NoError(t, b.PutObject("k", strings.NewReader("x")))
}

type dropDate struct{}

func (dropDate) RoundTrip(r *http.Request) (*http.Response, error) {
	r.Header.Del("Date")
	return http.DefaultTransport.RoundTrip(r.WithContext(context.Background()))
}

func TestTokenMaxAge(t *testing.T) {
	iss := ststoken.NewIssuer(rootSecret)
	v := NewVerifier(Config{RootAccessKeyID: rootAK, RootAccessKeySecret: rootSecret, Tokens: iss})
	ak, _, token := sts(iss, "", time.Hour)
	_, _, err := v.credentials(ak, token)
	require.NoError(t, err)
	v.SetMaxTokenAge(time.Nanosecond)
	time.Sleep(1100 * time.Millisecond)
	_, _, err = v.credentials(ak, token)
	assert.Equal(t, errExpired, err)
}

func TestPolicy(t *testing.T) {
	alice := `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:PutObject","oss:GetObject"],"Resource":["acs:oss:*:*:demo/uploads/alice/*"]},
	  {"Effect":"Deny","Action":"oss:GetObject","Resource":"acs:oss:*:*:demo/uploads/alice/secret*"}]}`
	cases := []struct {
		action, bucket, key string
		ok                  bool
	}{
		{"oss:PutObject", "demo", "uploads/alice/a.bin", true},
		{"OSS:putobject", "demo", "uploads/alice/deep/a.bin", true},
		{"oss:PutObject", "demo", "uploads/bob/x", false},
		{"oss:PutObject", "other", "uploads/alice/a.bin", false},
		{"oss:PutObject", "demo", "uploads/alice", false},
		{"oss:DeleteObject", "demo", "uploads/alice/a.bin", false},
		{"oss:GetObject", "demo", "uploads/alice/secret.txt", false},
		{"oss:GetObject", "demo", "uploads/alice/public.txt", true},
		{"oss:ListMultipartUploads", "demo", "", false},
	}
	p := &Principal{AccessKeyID: "STS.x", Claims: ststoken.Claims{Policy: alice}}
	for _, c := range cases {
		err := p.Authorize(c.action, c.bucket, c.key)
		if c.ok {
			assert.NoError(t, err, c)
		} else {
			assert.Error(t, err, c)
		}
	}
	for _, doc := range []string{
		"not json",
		`{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"oss:DeleteObject","Resource":"*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","NotResource":"acs:oss:*:*:demo/private/*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"allow","Action":"oss:*","Resource":"*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":7,"Resource":"*"}]}`,
	} {
		assert.Error(t, (&Principal{Claims: ststoken.Claims{Policy: doc}}).Authorize("oss:PutObject", "demo", "k"), doc)
	}
	// A Deny with a condition we cannot evaluate still denies (fails closed).
	condDeny := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"},{"Effect":"Deny","Action":"oss:PutObject","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"false"}}}]}`
	assert.Error(t, (&Principal{Claims: ststoken.Claims{Policy: condDeny}}).Authorize("oss:PutObject", "demo", "k"))
	assert.NoError(t, (&Principal{Claims: ststoken.Claims{Policy: condDeny}}).Authorize("oss:GetObject", "demo", "k"))
	assert.NoError(t, (&Principal{Root: true}).Authorize("oss:DeleteObject", "any", "k"))
}

func TestWildcard(t *testing.T) {
	cases := []struct {
		p, s string
		ok   bool
	}{
		{"*", "", true}, {"a*", "abc", true}, {"a?c", "abc", true}, {"a?c", "ac", false},
		{"*/x/*", "a/x/b", true}, {"*/x/*", "a/y/b", false}, {"a*b*c", "aXbYc", true}, {"a*b*c", "aXbY", false},
	}
	for _, c := range cases {
		assert.Equal(t, c.ok, wildcard(c.p, c.s), c)
	}
}

func FuzzVerify(f *testing.F) {
	iss := ststoken.NewIssuer(rootSecret)
	v := NewVerifier(Config{RootAccessKeyID: rootAK, RootAccessKeySecret: rootSecret, Tokens: iss})
	// Seeds carry a genuine token and current timestamps, so mutations reach
	// the token, skew and signature checks rather than stopping at parsing.
	ak, _, token := sts(iss, "", time.Hour)
	now := time.Now().UTC()
	day, stamp := now.Format("20060102"), now.Format("20060102T150405Z")
	f.Add("PUT", "/demo/k", "OSS a:b", "", "uploads", "")
	f.Add("PUT", "/demo/k", "OSS "+ak+":c2lnbmF0dXJl", now.Format(http.TimeFormat), "partNumber=1&uploadId=u", token)
	f.Add("GET", "/demo/", "OSS4-HMAC-SHA256 Credential=a/20260101/r/oss/aliyun_v4_request,Signature=00", "20260101T000000Z", "x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=a", "")
	f.Add("PUT", "/demo/a%20b", "OSS4-HMAC-SHA256 Credential="+ak+"/"+day+"/cn-hangzhou/oss/aliyun_v4_request, AdditionalHeaders=host, Signature=00ff", stamp, "uploads=", token)
	f.Add("GET", "/demo/k", "", "", "OSSAccessKeyId="+ak+"&Signature=s&Expires=99999999999&security-token="+token, "")
	f.Add("GET", "/demo/k", "", "", "x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential="+ak+"%2F"+day+"%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date="+stamp+"&x-oss-expires=60&x-oss-signature=00&x-oss-security-token="+token, "")
	f.Fuzz(func(t *testing.T, method, path, auth, date, query, tok string) {
		r := &http.Request{Method: method, Header: http.Header{}, URL: &neturl.URL{}}
		r.URL.Path, r.URL.RawQuery = path, query
		r.Header.Set("Authorization", auth)
		r.Header.Set("x-oss-date", date)
		r.Header.Set("x-oss-security-token", tok)
		p, err := v.Verify(r, "demo", strings.TrimPrefix(path, "/demo/"))
		if err == nil {
			t.Fatalf("forged request accepted: %+v", p)
		}
		if _, ok := err.(*Error); !ok {
			t.Fatalf("error is not an *Error: %T %v", err, err)
		}
	})
}

func FuzzPolicy(f *testing.F) {
	f.Add(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"acs:oss:*:*:demo/*"}]}`, "oss:PutObject", "demo/x")
	f.Add(`{"Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"]}]}`, "a", "b")
	f.Fuzz(func(t *testing.T, doc, action, resource string) {
		if p, err := ParsePolicy(doc); err == nil {
			p.Allows(action, resource)
		}
	})
}
