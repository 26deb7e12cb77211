//go:build js && wasm

package jsbridge

import "strings"

// replaceHeaders are the headers whose presence makes ali-oss's copy replace
// the object's metadata (x-oss-metadata-directive: REPLACE) instead of
// copying the source's: without it OSS would ignore them.
var replaceHeaders = map[string]bool{"content-type": true, "content-encoding": true, "content-language": true,
	"content-disposition": true, "cache-control": true, "expires": true}

// copyHeaders is what ali-oss's copy does to options.headers (before meta is
// added): each header is also sent as x-oss-copy-source-<name> (which is how
// If-Match and the like become CopyObject's source conditions), and meta or
// a header in replaceHeaders sets x-oss-metadata-directive: REPLACE.
func copyHeaders(headers map[string]string, meta bool) map[string]string {
	out := map[string]string{}
	replace := meta
	for k, v := range headers {
		out[k] = v
		out["x-oss-copy-source-"+strings.ToLower(k)] = v
		replace = replace || replaceHeaders[strings.ToLower(k)]
	}
	if replace {
		out["x-oss-metadata-directive"] = "REPLACE"
	}
	return out
}
