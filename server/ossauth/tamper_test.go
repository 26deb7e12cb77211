package ossauth

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tamper changes a request after the SDK has signed it, as a man in the
// middle (or a buggy proxy) would.
type tamper func(r *http.Request)

func (f tamper) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	f(r)
	return http.DefaultTransport.RoundTrip(r)
}

func TestSDKTamperedRequestsRejected(t *testing.T) {
	_, url, iss := newRecorder(t, time.Now)
	ak, secret, token := sts(iss, "", time.Hour)
	cases := []struct {
		name string
		f    func(r *http.Request)
	}{
		{"untouched (control)", func(*http.Request) {}},
		{"content-md5", func(r *http.Request) { r.Header.Set("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==") }},
		{"content-type", func(r *http.Request) { r.Header.Set("Content-Type", "text/html") }},
		{"x-oss-meta header", func(r *http.Request) { r.Header.Set("X-Oss-Meta-Injected", "1") }},
		{"sub-resource added", func(r *http.Request) { r.URL.RawQuery = "partNumber=1&uploadId=u" }},
		{"other key", func(r *http.Request) { r.URL.Path += "x" }},
		{"other ak in header", func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), ak, rootAK, 1))
		}},
		{"other token", func(r *http.Request) {
			_, _, other := sts(iss, "", time.Hour)
			r.Header.Set("X-Oss-Security-Token", other)
		}},
	}
	want := map[string]string{"untouched (control)": "ok", "other ak in header": "InvalidSecurityToken", "other token": "InvalidSecurityToken"}
	for _, v4 := range []bool{false, true} {
		for _, c := range cases {
			opts := []oss.ClientOption{oss.EnableCRC(false), oss.SecurityToken(token), oss.HTTPClient(&http.Client{Transport: tamper(c.f)})}
			if v4 {
				opts = append(opts, oss.AuthVersion(oss.AuthV4), oss.Region("cn-hangzhou"))
			}
			cl, err := oss.New(url, ak, secret, opts...)
			require.NoError(t, err)
			b, err := cl.Bucket("demo")
			require.NoError(t, err)
			err = b.PutObject("k", strings.NewReader("x"), oss.ContentType("text/plain"), oss.ContentMD5("nY4MzgYqA9WSgvWeIhSHDw=="))
			code := want[c.name]
			switch code {
			case "":
				code = "SignatureDoesNotMatch"
			case "ok":
				code = ""
			}
			assert.Equal(t, code, codeOf(err), "v4=%v %s", v4, c.name)
		}
	}
}

func TestSkewAndPresignExpiryAgainstSDK(t *testing.T) {
	var shift atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(shift.Load())) }
	_, url, iss := newRecorder(t, now)
	ak, secret, token := sts(iss, "", 2*time.Hour)
	for _, v4 := range []bool{false, true} {
		b := sdkBucket(t, url, ak, secret, token, v4)
		for _, c := range []struct {
			shift time.Duration
			want  string
		}{
			{14 * time.Minute, ""}, {-14 * time.Minute, ""},
			{16 * time.Minute, "RequestTimeTooSkewed"}, {-16 * time.Minute, "RequestTimeTooSkewed"},
		} {
			shift.Store(int64(c.shift))
			// x-oss-date is what a browser sends; V1 signs it only when Date is absent, so set both ways.
			err := b.PutObject("k", strings.NewReader("x"), oss.SetHeader("x-oss-date", time.Now().UTC().Format("20060102T150405Z")))
			assert.Equal(t, c.want, codeOf(err), "v4=%v server clock %v", v4, c.shift)
		}
		shift.Store(0)

		signed, err := b.SignURL("dir/presigned key+~", oss.HTTPPut, 60)
		require.NoError(t, err)
		for _, c := range []struct {
			shift  time.Duration
			status int
			code   string
		}{{0, 200, ""}, {59 * time.Second, 200, ""}, {62 * time.Second, 403, "Request has expired."}} {
			shift.Store(int64(c.shift))
			req, _ := http.NewRequest(http.MethodPut, signed, strings.NewReader("x"))
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, c.status, resp.StatusCode, "v4=%v +%v %s", v4, c.shift, body)
			assert.Contains(t, string(body), c.code)
		}
		shift.Store(0)
		// Any change to the query of a presigned URL breaks it.
		resp, err := http.Get(signed + "&partNumber=2&uploadId=u")
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Contains(t, string(body), "SignatureDoesNotMatch", "v4=%v", v4)
	}
}

// TestSDKQueryParametersVerify covers the V1 split between signed
// sub-resources and ignored parameters, and V4's signing of every parameter,
// with values that need escaping.
func TestSDKQueryParametersVerify(t *testing.T) {
	rec, url, iss := newRecorder(t, time.Now)
	ak, secret, token := sts(iss, "", time.Hour)
	params := [][]oss.Option{
		{oss.AddParam("response-content-type", "text/plain; charset=utf-8"), oss.AddParam("response-content-disposition", `attachment; filename="a b+c.txt"`)},
		{oss.AddParam("x-oss-process", "image/resize,w_10"), oss.AddParam("versionId", "v+1/2")},
		{oss.AddParam("x-oss-ac-source-ip", "10.0.0.1"), oss.AddParam("x-oss-ac-subnet-mask", "24")},
		{oss.AddParam("not-a-subresource", "x y"), oss.AddParam("empty", "")},
	}
	for _, v4 := range []bool{false, true} {
		b := sdkBucket(t, url, ak, secret, token, v4)
		for i, opts := range params {
			_, err := b.GetObject("dir/q?k", opts...)
			assert.NoError(t, err, "v4=%v params #%d", v4, i)
		}
	}
	for _, err := range rec.errs {
		assert.NoError(t, err)
	}
}
