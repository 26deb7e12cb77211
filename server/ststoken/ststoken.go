// Package ststoken is the format of the security tokens the embedded STS issues
// and the embedded OSS verifies. A token is self-contained and MAC-protected, so
// the two servers share a key and no state: tokens survive restarts, cannot be
// forged, and the temporary AccessKey secret is derived from its ID rather than
// stored anywhere.
package ststoken

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Prefix begins every temporary AccessKey ID, as with the real STS.
const Prefix = "STS."

// ErrInvalid means a token is malformed or its MAC does not verify.
var ErrInvalid = errors.New("ststoken: invalid security token")

// Claims are what a token asserts. Expiry is checked by the verifier's caller
// against its own clock, so tests can shorten lifetimes without reissuing.
type Claims struct {
	AccessKeyID string `json:"ak"`
	RoleArn     string `json:"role"`
	SessionName string `json:"sess"`
	// Policy is the session policy JSON; empty means the role's own rights.
	Policy   string `json:"pol,omitempty"`
	IssuedAt int64  `json:"iat"`
	Expires  int64  `json:"exp"`
}

// ExpiresAt is the moment the token stops being valid.
func (c Claims) ExpiresAt() time.Time { return time.Unix(c.Expires, 0) }

// IssuedAtTime is the moment the token was issued.
func (c Claims) IssuedAtTime() time.Time { return time.Unix(c.IssuedAt, 0) }

// Issuer mints and verifies tokens with a key derived from the root secret.
type Issuer struct {
	macKey    []byte
	secretKey []byte
}

// NewIssuer derives the token keys from the root AccessKey secret, so every
// process configured with the same root key agrees on tokens.
func NewIssuer(rootSecret string) *Issuer {
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, []byte(rootSecret))
		m.Write([]byte("ossupload-local-sts/" + label))
		return m.Sum(nil)
	}
	return &Issuer{macKey: derive("mac"), secretKey: derive("secret")}
}

// NewAccessKeyID returns a fresh random temporary AccessKey ID.
func NewAccessKeyID() string {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return Prefix + base64.RawURLEncoding.EncodeToString(b)
}

// Secret is the temporary AccessKey secret that belongs to accessKeyID.
func (i *Issuer) Secret(accessKeyID string) string {
	m := hmac.New(sha256.New, i.secretKey)
	m.Write([]byte(accessKeyID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))[:30]
}

// Issue returns the security token for c and the secret of c.AccessKeyID.
func (i *Issuer) Issue(c Claims) (token, secret string) {
	payload, err := json.Marshal(c)
	if err != nil {
		panic(err) // Claims holds only strings and integers
	}
	p := base64.RawURLEncoding.EncodeToString(payload)
	return p + "." + i.mac(p), i.Secret(c.AccessKeyID)
}

// Verify checks the token's MAC and returns its claims. It does not check expiry.
func (i *Issuer) Verify(token string) (Claims, error) {
	p, sig, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(i.mac(p))) {
		return Claims{}, ErrInvalid
	}
	payload, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return Claims{}, ErrInvalid
	}
	var c Claims
	if err := json.Unmarshal(payload, &c); err != nil || !strings.HasPrefix(c.AccessKeyID, Prefix) {
		return Claims{}, ErrInvalid
	}
	return c, nil
}

func (i *Issuer) mac(payload string) string {
	m := hmac.New(sha256.New, i.macKey)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
