//go:build !js

package ossapi_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The SDK copy in third_party is upstream's v3.0.2 plus oss/signer.go:
// every other file hashes as listed in upstream.sha256, and nothing else
// was added.
func TestSDKCopyIsUpstream(t *testing.T) {
	root := filepath.Join("..", "..", "third_party", "aliyun-oss-go-sdk")
	f, err := os.Open(filepath.Join(root, "upstream.sha256"))
	require.NoError(t, err)
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		require.True(t, ok, sc.Text())
		want[name] = sum
	}
	require.NoError(t, sc.Err())
	require.Greater(t, len(want), 20)
	for name, sum := range want {
		b, err := os.ReadFile(filepath.Join(root, name))
		if !assert.NoError(t, err, name) {
			continue
		}
		got := sha256.Sum256(b)
		assert.Equal(t, sum, hex.EncodeToString(got[:]), "%s differs from upstream", name)
	}
	files, err := filepath.Glob(filepath.Join(root, "oss", "*"))
	require.NoError(t, err)
	for _, p := range files {
		name := "oss/" + filepath.Base(p)
		if name == "oss/signer.go" {
			continue
		}
		_, ok := want[name]
		assert.True(t, ok, "%s is not upstream's", name)
	}
}
