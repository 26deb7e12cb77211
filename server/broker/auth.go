package broker

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"regexp"
	"strings"
)

// Authenticator decides who is calling, and so which prefix they may write.
// It may set cookies on w. It never trusts the request body.
type Authenticator interface {
	Authenticate(w http.ResponseWriter, r *http.Request) (callerID string, err error)
}

// ErrUnauthenticated is returned when a caller cannot be identified.
var ErrUnauthenticated = errors.New("caller not authenticated")

var callerIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// CookieAuth gives each browser a random identity in an HttpOnly cookie: the
// local default, so each visitor writes under its own prefix.
type CookieAuth struct {
	Name   string // cookie name; "ossupload_id" when empty
	Secure bool
}

// Authenticate implements Authenticator.
func (a CookieAuth) Authenticate(w http.ResponseWriter, r *http.Request) (string, error) {
	name := a.Name
	if name == "" {
		name = "ossupload_id"
	}
	if c, err := r.Cookie(name); err == nil && callerIDRE.MatchString(c.Value) {
		return c.Value, nil
	}
	b := make([]byte, 12)
	rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: name, Value: id, Path: "/", HttpOnly: true, Secure: a.Secure, SameSite: http.SameSiteStrictMode, MaxAge: 30 * 24 * 3600})
	return id, nil
}

// BearerAuth accepts "Authorization: Bearer <callerID>.<sig>" where sig is
// base64url(HMAC-SHA256(secret, callerID)): tokens the application's own
// login issues with BearerToken.
type BearerAuth struct{ Secret []byte }

// BearerToken issues the token for callerID.
func (a BearerAuth) BearerToken(callerID string) string {
	m := hmac.New(sha256.New, a.Secret)
	m.Write([]byte(callerID))
	return callerID + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Authenticate implements Authenticator.
func (a BearerAuth) Authenticate(_ http.ResponseWriter, r *http.Request) (string, error) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return "", ErrUnauthenticated
	}
	id, _, ok := strings.Cut(tok, ".")
	if !ok || !callerIDRE.MatchString(id) || !hmac.Equal([]byte(a.BearerToken(id)), []byte(tok)) {
		return "", ErrUnauthenticated
	}
	return id, nil
}

// HeaderAuth trusts a header set by a reverse proxy that authenticated the
// user (and strips the header from client requests).
type HeaderAuth struct{ Header string }

// Authenticate implements Authenticator.
func (a HeaderAuth) Authenticate(_ http.ResponseWriter, r *http.Request) (string, error) {
	id := r.Header.Get(a.Header)
	if !callerIDRE.MatchString(id) {
		return "", ErrUnauthenticated
	}
	return id, nil
}
