package ossapi

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExpiryDateMatchesRegexp checks the hand-written match against the
// regular expression ali-oss uses, on the shapes that can trip it.
func TestExpiryDateMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`expiry-date="(.*)"`)
	for _, s := range []string{
		``,
		`ongoing-request="false", expiry-date="Sun, 16 Apr 2017 08:12:33 GMT"`,
		`ongoing-request="false", expiry-date="Sun, 16 Apr 2017 08:12:33 GMT", x="y"`,
		`expiry-date="`,
		`expiry-date=""`,
		`expiry-date="a` + "\n" + `b"`,
		`expiry-date="a` + "\n" + `expiry-date="b"c"`,
		`expiry-date="expiry-date="x"`,
		`expiry-date="a"` + "\n" + `"`,
		`expiry-date="a` + "\r" + `b"`,
		"expiry-date=\"\xff\xfe\"",
		`no date here`,
	} {
		want, wantOK := "", false
		if m := re.FindStringSubmatch(s); m != nil {
			want, wantOK = m[1], true
		}
		got, ok := expiryDate(s)
		assert.Equal(t, wantOK, ok, "%q", s)
		assert.Equal(t, want, got, "%q", s)
	}
}
