//go:build !js

package jsbridge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBuildTags guards that every non-test file here is js/wasm-only: this
// package is the one place (with the IndexedDB store) that touches syscall/js.
func TestBuildTags(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, f := range files {
		if f == "tags_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(b), "//go:build js && wasm"), f)
	}
}
