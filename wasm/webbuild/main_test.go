//go:build !js

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModuleFromWasmExecLeavesNoGlobals(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	require.NoError(t, err)
	mod, err := moduleFromWasmExec(string(src), runtime.Version())
	require.NoError(t, err)
	assert.NotRegexp(t, regexp.MustCompile(`globalThis\.(Go|fs|process|path)\b`), mod)
	assert.Contains(t, mod, "export const { Go, fs, process, path } = shim;")
	assert.NotRegexp(t, regexp.MustCompile(`[^.]\bfs\.writeSync\(fd,`), mod, "the runtime writes through the module's fs")
}

func TestModuleFromWasmExecRefusesAnUnknownShape(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"no fs", "globalThis.process; globalThis.path; globalThis.Go = 1; fs.writeSync(fd, x)"},
		{"no Go", "globalThis.fs; globalThis.process; globalThis.path; fs.writeSync(fd, x)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := moduleFromWasmExec(tc.src, "go0")
			assert.Error(t, err)
		})
	}
}

func TestHashedNamesByContentAndRemovesOldVersions(t *testing.T) {
	dir := t.TempDir()
	wasm := filepath.Join(dir, "oss-upload.wasm")
	stale := filepath.Join(dir, "oss-upload.0123456789abcdef.wasm")
	require.NoError(t, os.WriteFile(stale, []byte("old"), 0o644))
	require.NoError(t, os.WriteFile(stale+".br", []byte("old"), 0o644))
	require.NoError(t, os.WriteFile(wasm, []byte("\x00asm new module"), 0o644))
	require.NoError(t, hashed(dir, wasm))

	names, _ := filepath.Glob(filepath.Join(dir, "oss-upload.*.wasm*"))
	require.Len(t, names, 4, "the new version and its .br, .zst, .gz; the old one is gone: %v", names)
	js, err := os.ReadFile(filepath.Join(dir, "oss-upload-wasm.js"))
	require.NoError(t, err)
	m := regexp.MustCompile(`new URL\('\./(oss-upload\.[0-9a-f]{16}\.wasm)', import\.meta\.url\)`).FindStringSubmatch(string(js))
	require.NotNil(t, m, string(js))
	got, err := os.ReadFile(filepath.Join(dir, m[1]))
	require.NoError(t, err)
	assert.Equal(t, "\x00asm new module", string(got))
}
