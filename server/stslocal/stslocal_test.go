package stslocal

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/ststoken"
)

const (
	ak, secret = "LTAIroot", "root-secret"
	role       = "acs:ram::1:role/r"
)

func newServer(t testing.TB) (*httptest.Server, *ststoken.Issuer) {
	iss := ststoken.NewIssuer(secret)
	srv := httptest.NewServer(New(Config{RootAccessKeyID: ak, RootAccessKeySecret: secret, RoleArn: role, Issuer: iss}))
	t.Cleanup(srv.Close)
	return srv, iss
}

var nonce int

func params(mod func(url.Values)) url.Values {
	nonce++
	p := url.Values{
		"Action": {"AssumeRole"}, "Version": {"2015-04-01"}, "Format": {"JSON"}, "AccessKeyId": {ak},
		"SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"}, "SignatureNonce": {"n" + strconv.Itoa(nonce) + strconv.FormatInt(time.Now().UnixNano(), 10)},
		"Timestamp": {time.Now().UTC().Format("2006-01-02T15:04:05Z")}, "RoleArn": {role}, "RoleSessionName": {"web-alice"},
		"DurationSeconds": {"900"}, "Policy": {`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:PutObject","Resource":"acs:oss:*:*:demo/a/*"}]}`},
	}
	if mod != nil {
		mod(p)
	}
	if p.Get("Signature") == "" {
		p.Set("Signature", Sign("POST", p, secret))
	}
	return p
}

func call(t testing.TB, srv *httptest.Server, p url.Values) (int, map[string]any) {
	resp, err := http.Post(srv.URL+"/", "application/x-www-form-urlencoded", strings.NewReader(p.Encode()))
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

func TestAssumeRoleWire(t *testing.T) {
	srv, iss := newServer(t)
	status, out := call(t, srv, params(nil))
	require.Equal(t, 200, status, out)
	cr := out["Credentials"].(map[string]any)
	exp, err := time.Parse("2006-01-02T15:04:05Z", cr["Expiration"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(900*time.Second), exp, 5*time.Second)
	c, err := iss.Verify(cr["SecurityToken"].(string))
	require.NoError(t, err)
	assert.Equal(t, cr["AccessKeyId"], c.AccessKeyID)
	assert.Equal(t, iss.Secret(c.AccessKeyID), cr["AccessKeySecret"])
	assert.Contains(t, c.Policy, "demo/a/*")
	assert.NotEmpty(t, out["RequestId"])
}

func TestAssumeRoleErrors(t *testing.T) {
	srv, _ := newServer(t)
	cases := []struct {
		name   string
		mod    func(url.Values)
		status int
		code   string
	}{
		{"bad signature", func(p url.Values) { p.Set("Signature", "AAAA") }, 400, "SignatureDoesNotMatch"},
		{"unknown key", func(p url.Values) { p.Set("AccessKeyId", "LTAIother") }, 404, "InvalidAccessKeyId.NotFound"},
		{"missing role", func(p url.Values) { p.Del("RoleArn") }, 400, "MissingParameter"},
		{"unknown role", func(p url.Values) { p.Set("RoleArn", "acs:ram::1:role/other") }, 404, "EntityNotExist.Role"},
		{"short session", func(p url.Values) { p.Set("RoleSessionName", "a") }, 400, "InvalidParameter.RoleSessionName"},
		{"bad session chars", func(p url.Values) { p.Set("RoleSessionName", "a b/c") }, 400, "InvalidParameter.RoleSessionName"},
		{"duration low", func(p url.Values) { p.Set("DurationSeconds", "899") }, 400, "InvalidParameter.DurationSeconds"},
		{"duration high", func(p url.Values) { p.Set("DurationSeconds", "3601") }, 400, "InvalidParameter.DurationSeconds"},
		{"duration nan", func(p url.Values) { p.Set("DurationSeconds", "x") }, 400, "InvalidParameter.DurationSeconds"},
		{"policy grammar", func(p url.Values) { p.Set("Policy", "{not json") }, 400, "InvalidParameter.PolicyGrammar"},
		{"policy length", func(p url.Values) { p.Set("Policy", strings.Repeat(" ", 2049)) }, 400, "InvalidParameter.PolicyLength"},
		{"old timestamp", func(p url.Values) {
			p.Set("Timestamp", time.Now().Add(-time.Hour).UTC().Format("2006-01-02T15:04:05Z"))
		}, 400, "InvalidTimeStamp.Expired"},
		{"wrong action", func(p url.Values) { p.Set("Action", "GetCallerIdentity") }, 404, "InvalidAction.NotFound"},
	}
	for _, c := range cases {
		status, out := call(t, srv, params(c.mod))
		assert.Equal(t, c.status, status, c.name)
		assert.Equal(t, c.code, out["Code"], c.name)
		assert.NotEmpty(t, out["RequestId"], c.name)
	}
	// Replaying a signed request is refused.
	p := params(nil)
	status, _ := call(t, srv, p)
	require.Equal(t, 200, status)
	_, out := call(t, srv, p)
	assert.Equal(t, "SignatureNonceUsed", out["Code"])
}

func FuzzAssumeRoleParams(f *testing.F) {
	f.Add("web-alice", "900", `{"Version":"1","Statement":[]}`)
	f.Add("", "-1", "")
	f.Add(strings.Repeat("a", 65), "99999999999999999999", "{")
	srv, _ := newServer(f)
	f.Fuzz(func(t *testing.T, session, duration, policy string) {
		status, out := call(t, srv, params(func(p url.Values) {
			p.Set("RoleSessionName", session)
			p.Set("DurationSeconds", duration)
			p.Set("Policy", policy)
		}))
		if status == 200 && (!sessionNameRE.MatchString(session) || len(policy) > 2048) {
			t.Fatalf("accepted invalid input: %q %q %q", session, duration, policy)
		}
		if status >= 500 {
			t.Fatalf("server error %v", out)
		}
	})
}
