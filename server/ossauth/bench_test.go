package ossauth

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ossupload/ossupload/server/ststoken"
)

// BenchmarkVerifyUploadPartSTS is the per-part authentication cost the
// backend pays: an UploadPart signed (V1) with an STS token, token MAC and
// expiry checked, then the session policy evaluated.
func BenchmarkVerifyUploadPartSTS(b *testing.B) {
	iss := ststoken.NewIssuer(rootSecret)
	v := NewVerifier(Config{RootAccessKeyID: rootAK, RootAccessKeySecret: rootSecret, Tokens: iss})
	ak, secret, token := sts(iss, `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:PutObject","oss:ListParts"],"Resource":["acs:oss:*:*:demo/uploads/alice/*"]}]}`, time.Hour)
	r := httptest.NewRequest("PUT", "/demo/uploads/alice/big.bin?partNumber=7&uploadId=0123456789ABCDEF", nil)
	d := time.Now().UTC().Format(http.TimeFormat)
	r.Header.Set("Date", d)
	r.Header.Set("X-Oss-Security-Token", token)
	r.Header.Set("Authorization", "OSS "+ak+":"+v1Sign(secret, "PUT\n\n\n"+d+"\nx-oss-security-token:"+token+"\n/demo/uploads/alice/big.bin?partNumber=7&uploadId=0123456789ABCDEF"))
	if _, err := v.Verify(r, "demo", "uploads/alice/big.bin"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := v.Verify(r, "demo", "uploads/alice/big.bin")
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Authorize("oss:PutObject", "demo", "uploads/alice/big.bin"); err != nil {
			b.Fatal(err)
		}
	}
}
