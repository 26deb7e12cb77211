package osslocal_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
)

// TestAliOSSInterop runs the npm ali-oss package (installed by `make test`)
// against the backend. It fails rather than skips when node or the package
// is missing: a silent skip would hide that nothing was checked.
func TestAliOSSInterop(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is required (make test installs the npm packages)")
	env := osslocaltest.Start(t)
	policy := osslocaltest.PrefixPolicy("demo", "uploads/node/")
	c := env.STS(policy, time.Hour)
	cmd := exec.Command(node, filepath.Join("testdata", "alioss.cjs"))
	cmd.Env = append(cmd.Environ(), "REPO_ROOT="+root, "OSS_ENDPOINT="+env.URL, "AK="+c.AccessKeyID, "SK="+c.AccessKeySecret, "TOKEN="+c.SecurityToken)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), sc.Text())
		n++
		assert.Nil(t, r["error"], r)
		assert.Equal(t, float64(200), r["status"], r)
		assert.Equal(t, true, r["md5ok"], r)
		assert.Equal(t, "ali-oss", r["meta"], r)
		assert.Equal(t, "AccessDenied", r["denied"], "the token's policy is enforced for ali-oss too: %v", r)
		assert.Equal(t, true, r["aborted"], r)
		assert.Greater(t, r["progressCalls"], float64(0), r)
	}
	assert.Equal(t, 2, n, "V1 and V4")
}
