//go:build js && wasm

// Command wasm is the browser module: it registers the native functions that
// web/oss-upload.js wraps into an ali-oss-compatible OSS class, then waits.
package main

import "github.com/ossupload/ossupload/jsbridge"

func main() {
	jsbridge.Register()
	select {}
}
