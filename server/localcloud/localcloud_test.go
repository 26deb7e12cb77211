package localcloud_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	sts "github.com/alibabacloud-go/sts-20150401/v2/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/localcloud"
)

const (
	rootAK, rootSecret = "LTAIlocalroot0000000", "local-root-secret-change-me"
	roleArn            = "acs:ram::1000000000000000:role/ossupload-local"
)

func start(t *testing.T, dir string, faults bool) *localcloud.Cloud {
	c, err := localcloud.Start(localcloud.Config{OSSAddr: "127.0.0.1:0", STSAddr: "127.0.0.1:0", DataDir: dir, Bucket: "demo",
		RootAccessKeyID: rootAK, RootAccessKeySecret: rootSecret, RoleArn: roleArn, AllowedOrigins: []string{"http://127.0.0.1:8080"}, Faults: faults})
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// The official STS client gets credentials from the embedded STS that the
// embedded OSS accepts within their policy, and data survives a restart.
func TestSTSCredentialsWorkOnOSSAndDataSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	c := start(t, dir, true)
	u, _ := url.Parse(c.STSURL)
	client, err := sts.NewClient(&openapi.Config{AccessKeyId: tea.String(rootAK), AccessKeySecret: tea.String(rootSecret), Endpoint: tea.String(u.Host), Protocol: tea.String("http")})
	require.NoError(t, err)
	res, err := client.AssumeRole(&sts.AssumeRoleRequest{RoleArn: tea.String(roleArn), RoleSessionName: tea.String("web-t"), DurationSeconds: tea.Int64(900),
		Policy: tea.String(`{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:PutObject"],"Resource":["acs:oss:*:*:demo/uploads/t/*"]}]}`)})
	require.NoError(t, err)
	cr := res.Body.Credentials
	ossc, err := oss.New(c.OSSURL, *cr.AccessKeyId, *cr.AccessKeySecret, oss.SecurityToken(*cr.SecurityToken))
	require.NoError(t, err)
	b, err := ossc.Bucket("demo")
	require.NoError(t, err)
	require.NoError(t, b.PutObject("uploads/t/kept", strings.NewReader("kept")))
	var se oss.ServiceError
	require.ErrorAs(t, b.PutObject("uploads/u/x", strings.NewReader("x")), &se)
	assert.Equal(t, "AccessDenied", se.Code)
	_, err = b.GetObject("uploads/t/kept")
	require.ErrorAs(t, err, &se, "the policy grants no read")

	resp, err := localGet(c, "/_local/stats")
	require.NoError(t, err)
	var stats map[string]int64
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&stats))
	resp.Body.Close()
	assert.Contains(t, stats, "bytesReceived", "fault mode exposes the test endpoints")
	require.NotNil(t, c.OSS.Faults())

	require.NoError(t, c.Close())
	require.NoError(t, c.Close(), "Close is idempotent")

	again := start(t, dir, false)
	assert.Nil(t, again.OSS.Faults(), "fault injection is off by default")
	rootc, err := oss.New(again.OSSURL, rootAK, rootSecret)
	require.NoError(t, err)
	rb, err := rootc.Bucket("demo")
	require.NoError(t, err)
	rc, err := rb.GetObject("uploads/t/kept")
	require.NoError(t, err)
	body, _ := io.ReadAll(rc)
	rc.Close()
	assert.Equal(t, "kept", string(body))
	resp, err = localGet(again, "/_local/stats")
	require.NoError(t, err)
	resp.Body.Close()
	assert.NotEqual(t, 200, resp.StatusCode, "no test endpoints without -faults")
}

func TestConfigRequired(t *testing.T) {
	_, err := localcloud.Start(localcloud.Config{OSSAddr: "127.0.0.1:0", STSAddr: "127.0.0.1:0", DataDir: t.TempDir()})
	assert.ErrorContains(t, err, "required")
}

func TestPortInUse(t *testing.T) {
	c := start(t, t.TempDir(), false)
	_, err := localcloud.Start(localcloud.Config{OSSAddr: strings.TrimPrefix(c.OSSURL, "http://"), STSAddr: "127.0.0.1:0", DataDir: t.TempDir(), Bucket: "demo",
		RootAccessKeyID: rootAK, RootAccessKeySecret: rootSecret, RoleArn: roleArn})
	assert.ErrorContains(t, err, "address already in use")
}

func localGet(c *localcloud.Cloud, path string) (*http.Response, error) {
	req, _ := http.NewRequest("GET", c.OSSURL+path, nil)
	req.Header.Set("X-Local-Token", c.LocalToken)
	return http.DefaultClient.Do(req)
}
