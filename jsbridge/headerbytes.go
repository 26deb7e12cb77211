//go:build js && wasm

package jsbridge

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ossupload/ossupload/wasm/ossapi"
)

// headerBytes hands header values to the browser so that what is sent is
// what ali-oss sends, and what Go signed.
//
// XMLHttpRequest and fetch take header values as JavaScript strings of
// ISO-8859-1 code points, one byte each, and refuse anything above U+00FF.
// ali-oss passes its strings as they are (its default headerEncoding
// 'utf-8'): a value up to U+00FF goes out as ISO-8859-1, a value beyond
// throws in setRequestHeader. With headerEncoding 'latin1' it passes the
// string whose code points are the value's UTF-8 bytes
// (Buffer.from(value).toString('latin1')), so OSS receives UTF-8 (x-oss-meta-*
// in Chinese). Go signs a value's UTF-8 bytes. So a value is sent as its UTF-8
// bytes with utf8Always ('latin1'), when the browser would refuse it, and when
// it is signed (x-oss-*, Content-Type, Content-MD5: other bytes would not
// match the signature, where ali-oss fails); otherwise as ali-oss sends it.
// The answer's headers come back as browsers give them, as in ali-oss.
type headerBytes struct {
	next       ossapi.Sender
	utf8Always bool // headerEncoding: 'latin1'
}

// Send implements ossapi.Sender.
func (t headerBytes) Send(r *http.Request) (*http.Response, error) {
	var h http.Header
	for k, vs := range r.Header {
		for i, v := range vs {
			if t.asBytes(k, v) {
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
	return t.next.Send(r)
}

// asBytes reports whether value must be handed over as its bytes.
func (t headerBytes) asBytes(name, value string) bool {
	if isASCII(value) {
		return false
	}
	if t.utf8Always || !latin1(value) {
		return true
	}
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "x-oss-") || n == "content-type" || n == "content-md5"
}

// latin1 reports whether every code point of s is at most U+00FF.
func latin1(s string) bool {
	for _, r := range s {
		if r > 0xff {
			return false
		}
	}
	return true
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
