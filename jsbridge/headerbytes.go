//go:build js && wasm

package jsbridge

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// headerBytes sends header values byte for byte, as Go signed them.
//
// OSS takes any bytes in a header value (x-oss-meta-* in Chinese is UTF-8
// on the wire), and the request is signed over the value's UTF-8 bytes. But
// XMLHttpRequest and fetch take header values as JavaScript strings of
// ISO-8859-1 code points, one byte each, and refuse anything above U+00FF:
// a UTF-8 Go string handed over as is becomes such a string only if it is
// ASCII. ali-oss's headerEncoding: 'latin1' does the same conversion
// (Buffer.from(value).toString('latin1')); here it is always done, since the
// bytes signed must be the bytes sent. The answer's headers come back as
// browsers give them (each byte a code point), as in ali-oss.
type headerBytes struct{ rt http.RoundTripper }

// RoundTrip implements http.RoundTripper.
func (t headerBytes) RoundTrip(r *http.Request) (*http.Response, error) {
	var h http.Header
	for k, vs := range r.Header {
		for i, v := range vs {
			if !isASCII(v) {
				if h == nil {
					h = r.Header.Clone()
				}
				h[k][i] = byteString(v)
			}
		}
	}
	if h != nil {
		r = r.Clone(r.Context())
		r.Header = h
	}
	return t.rt.RoundTrip(r)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// byteString is s with each byte as the code point of that value (the
// string whose ISO-8859-1 encoding is s's bytes).
func byteString(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}
