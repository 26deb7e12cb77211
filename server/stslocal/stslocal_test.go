package stslocal

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	sts "github.com/alibabacloud-go/sts-20150401/v2/client"
	"github.com/alibabacloud-go/tea/tea"

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
	if _, set := p["Signature"]; !set {
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
		{"missing role", func(p url.Values) { p.Del("RoleArn") }, 400, "MissingRoleArn"},
		{"missing session", func(p url.Values) { p.Del("RoleSessionName") }, 400, "MissingRoleSessionName"},
		{"missing nonce", func(p url.Values) { p.Del("SignatureNonce") }, 400, "MissingSignatureNonce"},
		{"missing signature", func(p url.Values) { p.Set("Signature", "") }, 400, "MissingSignature"},
		{"wrong version", func(p url.Values) { p.Set("Version", "2015-04-02") }, 400, "InvalidVersion"},
		{"xml format", func(p url.Values) { p.Set("Format", "XML") }, 400, "InvalidParameter.Format"},
		{"sha256 method", func(p url.Values) { p.Set("SignatureMethod", "HMAC-SHA256") }, 400, "InvalidSignatureMethod"},
		{"signature version 2", func(p url.Values) { p.Set("SignatureVersion", "2.0") }, 400, "InvalidSignatureVersion"},
		{"signed with another secret", func(p url.Values) { p.Set("Signature", Sign("POST", p, "other")) }, 400, "SignatureDoesNotMatch"},
		{"signed as GET, sent as POST", func(p url.Values) { p.Set("Signature", Sign("GET", p, secret)) }, 400, "SignatureDoesNotMatch"},
		{"long session", func(p url.Values) { p.Set("RoleSessionName", strings.Repeat("a", 65)) }, 400, "InvalidParameter.RoleSessionName"},
		{"unicode session", func(p url.Values) { p.Set("RoleSessionName", "ålice") }, 400, "InvalidParameter.RoleSessionName"},
		{"empty duration", func(p url.Values) { p.Set("DurationSeconds", "") }, 400, "InvalidParameter.DurationSeconds"},
		{"empty policy", func(p url.Values) { p.Set("Policy", "") }, 400, "InvalidParameter.PolicyLength"},
		{"policy without version", func(p url.Values) {
			p.Set("Policy", `{"Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}`)
		}, 400, "InvalidParameter.PolicyGrammar"},
		{"policy without statements", func(p url.Values) { p.Set("Policy", `{"Version":"1","Statement":[]}`) }, 400, "InvalidParameter.PolicyGrammar"},
		{"policy with bad effect", func(p url.Values) {
			p.Set("Policy", `{"Version":"1","Statement":[{"Effect":"allow","Action":"oss:*","Resource":"*"}]}`)
		}, 400, "InvalidParameter.PolicyGrammar"},
		{"policy without resource", func(p url.Values) {
			p.Set("Policy", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"]}]}`)
		}, 400, "InvalidParameter.PolicyGrammar"},
		{"policy with trailing data", func(p url.Values) {
			p.Set("Policy", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]} {}`)
		}, 400, "InvalidParameter.PolicyGrammar"},
		{"future timestamp", func(p url.Values) {
			p.Set("Timestamp", time.Now().Add(20*time.Minute).UTC().Format("2006-01-02T15:04:05Z"))
		}, 400, "InvalidTimeStamp.Expired"},
		{"timestamp with offset", func(p url.Values) {
			p.Set("Timestamp", time.Now().Format("2006-01-02T15:04:05-07:00"))
		}, 400, "InvalidTimeStamp.Format"},
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
		t.Run(c.name, func(t *testing.T) {
			status, out := call(t, srv, params(c.mod))
			assert.Equal(t, c.status, status)
			assert.Equal(t, c.code, out["Code"])
			assert.NotEmpty(t, out["RequestId"])
			assert.NotEmpty(t, out["Message"])
			assert.NotContains(t, fmt.Sprint(out), secret)
		})
	}
	// Replaying a signed request is refused.
	p := params(nil)
	status, _ := call(t, srv, p)
	require.Equal(t, 200, status)
	_, out := call(t, srv, p)
	assert.Equal(t, "SignatureNonceUsed", out["Code"])
}

func TestAssumeRoleAcceptedVariants(t *testing.T) {
	srv, iss := newServer(t)
	// Parameters in the query string of a GET, signed as GET.
	p := params(func(p url.Values) { p.Set("Signature", "") })
	p.Del("Signature")
	p.Set("Signature", Sign("GET", p, secret))
	resp, err := http.Get(srv.URL + "/?" + p.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	// No DurationSeconds: the default hour; no Policy: the role's own rights.
	status, out := call(t, srv, params(func(p url.Values) { p.Del("DurationSeconds"); p.Del("Policy") }))
	require.Equal(t, 200, status, out)
	cr := out["Credentials"].(map[string]any)
	exp, _ := time.Parse("2006-01-02T15:04:05Z", cr["Expiration"].(string))
	assert.WithinDuration(t, time.Now().Add(time.Hour), exp, 5*time.Second)
	c, err := iss.Verify(cr["SecurityToken"].(string))
	require.NoError(t, err)
	assert.Empty(t, c.Policy)
	assert.Equal(t, "acs:ram::1:assumed-role/r/web-alice", out["AssumedRoleUser"].(map[string]any)["Arn"])

	// A role with a longer maximum accepts longer sessions.
	long := httptest.NewServer(New(Config{RootAccessKeyID: ak, RootAccessKeySecret: secret, RoleArn: role, Issuer: iss, MaxDuration: 12 * time.Hour}))
	defer long.Close()
	status, _ = call(t, long, params(func(p url.Values) { p.Set("DurationSeconds", "43200") }))
	assert.Equal(t, 200, status)
	status, out = call(t, long, params(func(p url.Values) { p.Set("DurationSeconds", "43201") }))
	assert.Equal(t, 400, status)
	assert.Contains(t, out["Message"], "43200s")
}

// stsClient is the production client, github.com/alibabacloud-go/sts-20150401/v2:
// it signs independently of this package, so agreement here is wire fidelity.
func stsClient(t *testing.T, endpoint, key, sec string) *sts.Client {
	u, err := url.Parse(endpoint)
	require.NoError(t, err)
	c, err := sts.NewClient(&openapi.Config{AccessKeyId: tea.String(key), AccessKeySecret: tea.String(sec),
		Endpoint: tea.String(u.Host), Protocol: tea.String("http"), ReadTimeout: tea.Int(5000), ConnectTimeout: tea.Int(5000)})
	require.NoError(t, err)
	return c
}

func TestOfficialClient(t *testing.T) {
	srv, iss := newServer(t)
	policy := `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:PutObject"],"Resource":["acs:oss:*:*:demo/uploads/a b+c~d%2F/*"]}]}`
	res, err := stsClient(t, srv.URL, ak, secret).AssumeRole(&sts.AssumeRoleRequest{RoleArn: tea.String(role),
		RoleSessionName: tea.String("web-alice@example.com"), DurationSeconds: tea.Int64(1800), Policy: tea.String(policy)})
	require.NoError(t, err)
	cr := res.Body.Credentials
	exp, err := time.Parse("2006-01-02T15:04:05Z", tea.StringValue(cr.Expiration))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(30*time.Minute), exp, 5*time.Second)
	c, err := iss.Verify(tea.StringValue(cr.SecurityToken))
	require.NoError(t, err)
	assert.Equal(t, policy, c.Policy, "the policy survives the wire byte for byte")
	assert.Equal(t, iss.Secret(c.AccessKeyID), tea.StringValue(cr.AccessKeySecret))
	assert.Equal(t, "web-alice@example.com", c.SessionName)
	assert.NotEmpty(t, tea.StringValue(res.Body.RequestId))

	cases := []struct {
		name   string
		client *sts.Client
		req    *sts.AssumeRoleRequest
		status int
		code   string
	}{
		{"wrong secret", stsClient(t, srv.URL, ak, "nope"), &sts.AssumeRoleRequest{RoleArn: tea.String(role), RoleSessionName: tea.String("web-a")}, 400, "SignatureDoesNotMatch"},
		{"unknown key", stsClient(t, srv.URL, "LTAIx", secret), &sts.AssumeRoleRequest{RoleArn: tea.String(role), RoleSessionName: tea.String("web-a")}, 404, "InvalidAccessKeyId.NotFound"},
		{"duration", stsClient(t, srv.URL, ak, secret), &sts.AssumeRoleRequest{RoleArn: tea.String(role), RoleSessionName: tea.String("web-a"), DurationSeconds: tea.Int64(7200)}, 400, "InvalidParameter.DurationSeconds"},
		{"session", stsClient(t, srv.URL, ak, secret), &sts.AssumeRoleRequest{RoleArn: tea.String(role), RoleSessionName: tea.String("a")}, 400, "InvalidParameter.RoleSessionName"},
		{"policy", stsClient(t, srv.URL, ak, secret), &sts.AssumeRoleRequest{RoleArn: tea.String(role), RoleSessionName: tea.String("web-a"), Policy: tea.String("{")}, 400, "InvalidParameter.PolicyGrammar"},
		{"role", stsClient(t, srv.URL, ak, secret), &sts.AssumeRoleRequest{RoleArn: tea.String("acs:ram::1:role/x"), RoleSessionName: tea.String("web-a")}, 404, "EntityNotExist.Role"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.client.AssumeRole(c.req)
			var se *tea.SDKError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, c.code, tea.StringValue(se.Code))
			assert.Equal(t, c.status, tea.IntValue(se.StatusCode))
		})
	}
}

func FuzzAssumeRoleParams(f *testing.F) {
	f.Add("web-alice", "900", `{"Version":"1","Statement":[]}`)
	f.Add("", "-1", "")
	f.Add(strings.Repeat("a", 65), "99999999999999999999", "{")
	f.Add("a.b@c_d-e", "3600", `{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:*","Resource":["*"]}]}`)
	f.Add("web-x", "0900", `{"Version":"1","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}`)
	f.Add("web-x", " 900", `{"Version":1,"Statement":{}}`)
	srv, _ := newServer(f)
	f.Fuzz(func(t *testing.T, session, duration, policy string) {
		status, out := call(t, srv, params(func(p url.Values) {
			p.Set("RoleSessionName", session)
			p.Set("DurationSeconds", duration)
			p.Set("Policy", policy)
		}))
		if status == 200 && (!sessionNameRE.MatchString(session) || policy == "" || len(policy) > 2048 || CheckPolicy(policy) != nil) {
			t.Fatalf("accepted invalid input: %q %q %q", session, duration, policy)
		}
		if status >= 500 {
			t.Fatalf("server error %v", out)
		}
		if status != 200 && (out["Code"] == nil || out["Message"] == nil || out["RequestId"] == nil) {
			t.Fatalf("error without code, message or request id: %v", out)
		}
	})
}
