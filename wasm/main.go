//go:build js && wasm

// Command wasm is the browser module: it registers the native functions that
// web/oss-upload.js wraps into an ali-oss-compatible OSS class, then waits.
package main

import (
	"os"
	"syscall/js"

	"github.com/ossupload/ossupload/jsbridge"
)

func main() {
	jsbridge.Register()
	handOver(os.Getenv("OSSUPLOAD_NATIVE_KEY"))
	select {}
}

// handOver moves the native table from the name jsbridge.Register uses to
// the private, random key the loader (web/oss-upload-runtime.js) chose, which
// the loader reads and deletes in the same synchronous step: two copies of
// the module on one page never see each other's table, and none stays global.
func handOver(key string) {
	if key == "" {
		return // started by something other than our loader (tests): leave it where Register put it
	}
	g := js.Global()
	g.Set(key, g.Get("__ossuploadNative"))
	g.Delete("__ossuploadNative")
}
