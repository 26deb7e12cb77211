package ossauth

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAliOSSSignedRequestsVerify has the npm ali-oss package sign requests
// (V1 and V4 headers, signatureUrl and signatureUrlV4, with and without an STS
// token) and checks the verdict of Verify on each. It fails rather than skips
// when node or ali-oss is missing: a skip would hide that nothing was checked.
func TestAliOSSSignedRequestsVerify(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is required (make test installs the npm packages)")
	_, url, iss := newRecorder(t, time.Now)
	ak, sk, token := sts(iss, "", time.Hour)
	aak, ask, atoken := sts(iss, `{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:PutObject"],"Resource":["acs:oss:*:*:demo/uploads/alice/*"]}]}`, time.Hour)
	keysJSON, _ := json.Marshal(keys)
	cmd := exec.Command(node, filepath.Join("testdata", "alioss-sign.cjs"))
	cmd.Env = append(cmd.Environ(), "REPO_ROOT="+root, "OSS_ENDPOINT="+url, "KEYS="+string(keysJSON),
		"ROOT_AK="+rootAK, "ROOT_SK="+rootSecret, "AK="+ak, "SK="+sk, "TOKEN="+token,
		"ALICE_AK="+aak, "ALICE_SK="+ask, "ALICE_TOKEN="+atoken)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())

	want := map[string]string{ // case suffix -> expected OSS error code ("" = accepted)
		"bad-secret/put":        "SignatureDoesNotMatch",
		"forged-token/put":      "InvalidSecurityToken",
		"alice/own":             "",
		"alice/bob":             "AccessDenied",
		"alice/expired-presign": "AccessDenied",
	}
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r struct {
			Case, Code, Message string
			OK                  bool
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), sc.Text())
		n++
		_, suffix, _ := strings.Cut(r.Case, "/")
		code, special := want[suffix]
		if !special {
			assert.True(t, r.OK, "%s: %s %s", r.Case, r.Code, r.Message)
			continue
		}
		if code == "" {
			assert.True(t, r.OK, "%s: %s %s", r.Case, r.Code, r.Message)
		} else {
			assert.Equal(t, code, r.Code, "%s: %s", r.Case, r.Message)
		}
	}
	// Per version: 2 principals x (4 per key + list), then 5 negative/policy cases.
	assert.Equal(t, 2*(2*(4*len(keys)+1)+5), n)
}
