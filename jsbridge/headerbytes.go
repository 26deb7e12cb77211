//go:build js && wasm

package jsbridge

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
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
//
// WebKitGTK does not send a value's code points one byte each: its network
// layer sends the string's UTF-8 (Ã© leaves as C3 83 C2 A9, so the handed
// bytes arrive encoded twice and OSS answers SignatureDoesNotMatch). Which
// way an engine goes is not visible to script, so it is learned: a mismatch
// on a request that carried such bytes is sent once more with the values as
// they are, and if OSS then accepts the signature, every later request of
// this page sends them so (utf8Engine).
type headerBytes struct {
	next       ossapi.Sender
	utf8Always bool // headerEncoding: 'latin1'
}

// utf8Engine records that this browser sends header values as the UTF-8 of
// their code points: there a value's own string is its signed bytes, and a
// value beyond U+00FF cannot be sent at all (setRequestHeader refuses it).
var utf8Engine atomic.Bool

// Send implements ossapi.Sender.
func (t headerBytes) Send(r *http.Request) (*http.Response, error) {
	h := t.byteHeaders(r.Header)
	if h == nil {
		return t.next.Send(r)
	}
	if utf8Engine.Load() {
		if k := beyondLatin1(r.Header); k != "" {
			return nil, invalid("this browser sends header values as the UTF-8 of their characters, so it cannot send %s, whose value has characters beyond U+00FF (WebKitGTK does this; Chromium and Firefox can).", k)
		}
		return t.next.Send(r)
	}
	body, err := replayable(r)
	if err != nil {
		return nil, err
	}
	first := r.Clone(r.Context())
	first.Header, first.Body = h, body()
	res, err := t.next.Send(first)
	if err != nil || beyondLatin1(r.Header) != "" || !signatureMismatch(res) {
		return res, err
	}
	second := r.Clone(r.Context())
	second.Body = body()
	again, err := t.next.Send(second)
	if err != nil {
		return res, nil // the first answer says more than a refused retry
	}
	if !signatureMismatch(again) {
		utf8Engine.Store(true)
	}
	return again, nil
}

// byteHeaders is h with the values that must go as bytes so (nil if none).
func (t headerBytes) byteHeaders(h http.Header) http.Header {
	var out http.Header
	for k, vs := range h {
		for i, v := range vs {
			if t.asBytes(k, v) {
				if out == nil {
					out = h.Clone()
				}
				out[k][i] = byteString(v)
			}
		}
	}
	return out
}

// replayable reads r's body once, so that it can be sent twice. A part on
// the direct path is not read: the Transport sends its Blob, and reading the
// stand-in body would copy the whole part into Go memory.
func replayable(r *http.Request) (func() io.ReadCloser, error) {
	if _, direct := r.Context().Value(directKey{}).(*direct); direct || r.Body == nil || r.Body == http.NoBody {
		return func() io.ReadCloser { return r.Body }, nil
	}
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	return func() io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }, err
}

// signatureMismatch reports whether res is OSS's SignatureDoesNotMatch (in the
// body, or in x-oss-err for a body-less HEAD), leaving res's body readable.
func signatureMismatch(res *http.Response) bool {
	if res == nil || res.StatusCode != http.StatusForbidden {
		return false
	}
	var b []byte
	if res.Body != nil {
		b, _ = io.ReadAll(res.Body)
		res.Body.Close()
		res.Body = io.NopCloser(bytes.NewReader(b))
	}
	if e, err := base64.StdEncoding.DecodeString(res.Header.Get("X-Oss-Err")); err == nil {
		b = append(b, e...)
	}
	return bytes.Contains(b, []byte("<Code>SignatureDoesNotMatch</Code>"))
}

// beyondLatin1 is the name of a header of h with a value beyond U+00FF,
// which no browser takes as it is ("" if none).
func beyondLatin1(h http.Header) string {
	for k, vs := range h {
		for _, v := range vs {
			if !latin1(v) {
				return k
			}
		}
	}
	return ""
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
