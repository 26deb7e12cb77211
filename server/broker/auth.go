package broker

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"regexp"
	"strings"
)

// Authenticator decides who is calling, and so which prefix they may write.
// It may set cookies on w. It never reads the request body. Its errors are
// shown to the caller, so they must not contain secrets.
type Authenticator interface {
	Authenticate(w http.ResponseWriter, r *http.Request) (callerID string, err error)
}

// Minter is an Authenticator that creates identities for callers without
// one (CookieAuth); the broker limits how many it mints per address.
type Minter interface {
	// WouldMint reports whether Authenticate would create a new identity for r.
	WouldMint(r *http.Request) bool
}

// Authentication failures; callers get 401 with the message.
var (
	ErrUnauthenticated = errors.New("no caller credentials")
	ErrBadCredentials  = errors.New("caller credentials invalid")
	// ErrSeveralCookies is a request carrying more than one identity cookie.
	ErrSeveralCookies = errors.New("several identity cookies in one request: clear this site's cookies and reload")
)

// callerIDRE is what may appear in a prefix: e-mail-like IDs pass, but no
// '/', '*' or '?' that could widen the policy resource or leave the
// caller's folder, no leading '.', and short enough that "web-"+ID is a
// valid RoleSessionName (at most 64 characters of [A-Za-z0-9.@_-]).
var callerIDRE = regexp.MustCompile(`^[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,59}$`)

// ValidCallerID reports whether id may name a caller (and a prefix).
func ValidCallerID(id string) bool { return callerIDRE.MatchString(id) }

func mac(secret []byte, label, id string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(label))
	m.Write([]byte{0})
	m.Write([]byte(id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CookieAuth gives each browser a random identity in an HttpOnly,
// SameSite=Strict cookie: the local default, so each visitor writes under
// its own prefix. The cookie is MAC-signed, so a visitor cannot pick someone
// else's identity by writing the cookie; derive Secret from a stable key and
// identities (and resumable uploads) survive a restart.
type CookieAuth struct {
	Secret []byte // at least 16 bytes
	Name   string // cookie name; "ossupload_id" when empty
	Secure bool   // set on https deployments
}

func (a CookieAuth) name() string {
	if a.Name == "" {
		return "ossupload_id"
	}
	return a.Name
}

// identity reads r's identity cookie: the caller ID when there is exactly
// one genuine cookie, ErrSeveralCookies for more than one, "" otherwise.
func (a CookieAuth) identity(r *http.Request) (string, error) {
	var found []*http.Cookie
	for _, c := range r.Cookies() {
		if c.Name == a.name() {
			found = append(found, c)
		}
	}
	if len(found) > 1 {
		// Two identity cookies mean one was planted (cookie tossing from a
		// sibling host, or a narrower Path): choosing either could put the
		// visitor's uploads under someone else's prefix.
		return "", ErrSeveralCookies
	}
	if len(found) == 1 {
		id, sig, ok := strings.Cut(found[0].Value, ".")
		if ok && ValidCallerID(id) && hmac.Equal([]byte(sig), []byte(mac(a.Secret, "cookie", id))) {
			return id, nil
		}
	}
	return "", nil
}

// WouldMint implements Minter.
func (a CookieAuth) WouldMint(r *http.Request) bool {
	id, err := a.identity(r)
	return id == "" && err == nil
}

// Authenticate implements Authenticator.
func (a CookieAuth) Authenticate(w http.ResponseWriter, r *http.Request) (string, error) {
	name := a.name()
	id, err := a.identity(r)
	if err != nil || id != "" {
		return id, err
	}
	// No cookie, or a forged or stale one: a fresh identity.
	b := make([]byte, 16)
	rand.Read(b)
	id = hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: name, Value: id + "." + mac(a.Secret, "cookie", id), Path: "/", HttpOnly: true,
		Secure: a.Secure, SameSite: http.SameSiteStrictMode, MaxAge: 30 * 24 * 3600})
	return id, nil
}

// BearerAuth accepts "Authorization: Bearer <callerID>.<sig>" where sig is
// base64url(HMAC-SHA256(secret, callerID)): tokens the application's own
// login issues with BearerToken, so the broker needs no user database.
type BearerAuth struct{ Secret []byte }

// BearerToken issues the token for callerID.
func (a BearerAuth) BearerToken(callerID string) string {
	return callerID + "." + mac(a.Secret, "bearer", callerID)
}

// Authenticate implements Authenticator.
func (a BearerAuth) Authenticate(_ http.ResponseWriter, r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", ErrUnauthenticated
	}
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return "", ErrBadCredentials
	}
	// The signature is base64url (no '.'), while caller IDs may contain
	// '.', so the ID ends at the last dot.
	i := strings.LastIndexByte(tok, '.')
	if i < 0 {
		return "", ErrBadCredentials
	}
	id := tok[:i]
	if !ValidCallerID(id) || !hmac.Equal([]byte(a.BearerToken(id)), []byte(tok)) {
		return "", ErrBadCredentials
	}
	return id, nil
}

// HeaderAuth trusts a header set by a reverse proxy that authenticated the
// user. The proxy must strip the header from client requests, and the
// server must be reachable only through it.
type HeaderAuth struct{ Header string }

// Authenticate implements Authenticator.
func (a HeaderAuth) Authenticate(_ http.ResponseWriter, r *http.Request) (string, error) {
	id := r.Header.Get(a.Header)
	if id == "" {
		return "", ErrUnauthenticated
	}
	if !ValidCallerID(id) {
		return "", ErrBadCredentials
	}
	return id, nil
}
