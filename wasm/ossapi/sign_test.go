//go:build !js

package ossapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// SignURL as ali-oss's signatureUrl/signatureUrlV4: a name starting with
// '?' is signed (strictness is signatureUrl's own rule), additionalHeaders
// are signed when present and refused by ali-oss's message when not, and a
// URL whose signed headers the user sends is accepted by the embedded OSS.
func TestSignURLAsAliOSS(t *testing.T) {
	f := setup(t, nil)
	c := f.env.STS(osslocaltest.PrefixPolicy(osslocaltest.Bucket, ""), time.Hour)
	cr := credentials.Credentials{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken}
	put := map[string]string{"Content-Type": "text/plain; charset=UTF-8", "Content-Md5": "sQqNsWTgdUEFt6mb5y4/5Q=="} // md5("Hello World")
	cases := []struct {
		name    string
		key     string
		o       ossapi.SignOptions
		send    map[string]string
		wantErr string
		want    []string // in the URL
	}{
		{name: "V1 PUT with Content-Md5 in ali-oss's spelling", key: prefix + "put.txt", o: ossapi.SignOptions{Method: "PUT", Headers: put}, send: put},
		{name: "V1 name starting with ?", key: "?" + prefix + "q.txt", o: ossapi.SignOptions{Method: "PUT"}},
		{name: "V4 additional header present", key: prefix + "v4.txt", o: ossapi.SignOptions{Method: "PUT", V4: true, Headers: map[string]string{"Cache-Control": "no-cache"},
			AdditionalHeaders: []string{"Cache-Control", "cache-control", "x-oss-meta-a", "content-type"}}, send: map[string]string{"Cache-Control": "no-cache"},
			want: []string{"x-oss-additional-headers=cache-control"}},
		{name: "V4 additional header missing", key: prefix + "v4.txt", o: ossapi.SignOptions{V4: true, AdditionalHeaders: []string{"cache-control"}},
			wantErr: "Can't find additional header cache-control in request headers."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, err := f.client.SignURL(cr, tc.key, tc.o)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tc.wantErr, err.Error()[strings.Index(err.Error(), "Can't"):])
				assert.Equal(t, upload.CodeInvalidArgument, upload.CodeOf(err))
				return
			}
			require.NoError(t, err)
			for _, w := range tc.want {
				assert.Contains(t, u, w)
			}
			pu, err := url.Parse(u)
			require.NoError(t, err)
			req, err := http.NewRequest(tc.o.Method, u, strings.NewReader("Hello World"))
			require.NoError(t, err)
			req.URL = pu
			for k, v := range tc.send {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, 200, resp.StatusCode)
		})
	}
}
