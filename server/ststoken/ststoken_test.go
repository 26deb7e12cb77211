package ststoken

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIssueVerify(t *testing.T) {
	iss := NewIssuer("root-secret")
	c := Claims{AccessKeyID: NewAccessKeyID(), RoleArn: "acs:ram::1:role/r", SessionName: "s", Policy: `{"Version":"1"}`, IssuedAt: 10, Expires: 20}
	tok, secret := iss.Issue(c)
	got, err := iss.Verify(tok)
	require.NoError(t, err)
	assert.Equal(t, c, got)
	assert.Equal(t, secret, iss.Secret(c.AccessKeyID))
	assert.NotEqual(t, secret, NewIssuer("other").Secret(c.AccessKeyID))

	tampered := []string{
		"", "abc", tok + "x", strings.Replace(tok, ".", ".A", 1),
		"e30." + strings.SplitN(tok, ".", 2)[1], // payload swapped for {}
	}
	for _, bad := range tampered {
		_, err := iss.Verify(bad)
		assert.ErrorIs(t, err, ErrInvalid, bad)
	}
	_, err = NewIssuer("other").Verify(tok)
	assert.ErrorIs(t, err, ErrInvalid)
}
