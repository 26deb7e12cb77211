// Package osslocaltest starts the embedded OSS on a real 127.0.0.1 listener
// for tests in any package, and mints STS credentials it accepts.
package osslocaltest

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ossupload/ossupload/server/ossauth"
	"github.com/ossupload/ossupload/server/osslocal"
	"github.com/ossupload/ossupload/server/ststoken"
)

// Local credentials shared by tests; the embedded default uses the same.
const (
	RootAccessKeyID     = "LTAIlocalroot0000000"
	RootAccessKeySecret = "local-root-secret-change-me"
	Bucket              = "demo"
	Region              = "cn-hangzhou"
	// LocalToken opens the /_local endpoints of a test server.
	LocalToken = "osslocaltest-local-token"
)

// Env is a running embedded OSS.
type Env struct {
	URL    string
	Server *osslocal.Server
	Issuer *ststoken.Issuer
	Faults *osslocal.Faults
	Dir    string
}

// Creds are STS credentials as the broker hands them out.
type Creds struct {
	AccessKeyID, AccessKeySecret, SecurityToken string
	Expiration                                  time.Time
}

// Start runs an embedded OSS with fault injection available (off until set)
// in a fresh data directory, closed when the test ends.
func Start(t testing.TB) *Env {
	return StartIn(t, t.TempDir())
}

// StartIn is Start on a given data directory, to test restarts.
func StartIn(t testing.TB, dir string) *Env {
	iss := ststoken.NewIssuer(RootAccessKeySecret)
	v := ossauth.NewVerifier(ossauth.Config{RootAccessKeyID: RootAccessKeyID, RootAccessKeySecret: RootAccessKeySecret, Tokens: iss})
	faults := osslocal.NewFaults()
	s, err := osslocal.New(osslocal.Config{DataDir: dir, Buckets: []string{Bucket}, Verifier: v, AllowedOrigins: []string{"*"}, Faults: faults,
		LocalToken: LocalToken, LocalOrigins: []string{"http://app.test"}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &Env{URL: srv.URL, Server: s, Issuer: iss, Faults: faults, Dir: dir}
}

// STS mints credentials with the given session policy ("" = the role's full rights).
func (e *Env) STS(policy string, ttl time.Duration) Creds {
	now := time.Now()
	c := ststoken.Claims{AccessKeyID: ststoken.NewAccessKeyID(), RoleArn: "acs:ram::1000000000000000:role/ossupload-local", SessionName: "test", Policy: policy, IssuedAt: now.Unix(), Expires: now.Add(ttl).Unix()}
	tok, secret := e.Issuer.Issue(c)
	return Creds{c.AccessKeyID, secret, tok, c.ExpiresAt()}
}

// PrefixPolicy is the session policy the broker grants a caller: multipart
// upload, abort, list parts and read under bucket/prefix only.
func PrefixPolicy(bucket, prefix string) string {
	return `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:PutObject","oss:AbortMultipartUpload","oss:ListParts","oss:GetObject"],"Resource":["acs:oss:*:*:` + bucket + `/` + prefix + `*"]}]}`
}
