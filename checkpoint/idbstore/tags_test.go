//go:build !js

package idbstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBuildTags guards that every file touching syscall/js is js/wasm-only.
func TestBuildTags(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, f := range files {
		if f == "tags_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		if strings.Contains(string(b), `"syscall/js"`) {
			assert.True(t, strings.HasPrefix(string(b), "//go:build js && wasm"), f)
		}
	}
}
