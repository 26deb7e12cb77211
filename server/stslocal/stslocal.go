// Package stslocal is an embedded STS endpoint speaking AssumeRole's RPC wire
// format, so the production STS client runs unchanged against it. It mints
// ststoken tokens that carry the session policy the embedded OSS enforces.
package stslocal

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ossupload/ossupload/server/ossauth"
	"github.com/ossupload/ossupload/server/ststoken"
)

// Config configures the endpoint.
type Config struct {
	RootAccessKeyID     string
	RootAccessKeySecret string
	// RoleArn is the one role that may be assumed.
	RoleArn string
	// MaxDuration is the role's maximum session duration; 3600s when zero.
	MaxDuration time.Duration
	// Issuer mints the tokens; the embedded OSS verifies them with the same key.
	Issuer *ststoken.Issuer
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Handler answers AssumeRole.
type Handler struct {
	cfg       Config
	mu        sync.Mutex
	nonces    map[string]time.Time
	lastSweep time.Time
}

// New returns the AssumeRole handler.
func New(cfg Config) *Handler {
	if cfg.MaxDuration == 0 {
		cfg.MaxDuration = time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Handler{cfg: cfg, nonces: map[string]time.Time{}}
}

// Error is an STS error with its HTTP status and code.
type Error struct {
	Status        int
	Code, Message string
}

// Error is the code and message, as the JSON body carries them.
func (e *Error) Error() string { return e.Code + ": " + e.Message }

func e400(code, msg string) *Error { return &Error{400, code, msg} }

var sessionNameRE = regexp.MustCompile(`^[A-Za-z0-9.@_-]{2,64}$`)

// Response is AssumeRole's JSON answer, field names as the real service writes them.
type Response struct {
	RequestId       string
	AssumedRoleUser struct{ AssumedRoleId, Arn string }
	Credentials     struct{ AccessKeyId, AccessKeySecret, SecurityToken, Expiration string }
}

func requestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	h := strings.ToUpper(hex.EncodeToString(b))
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// ServeHTTP handles one RPC call.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := requestID()
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	res, err := h.assumeRole(r, id)
	if err != nil {
		e, ok := err.(*Error)
		if !ok {
			e = &Error{500, "InternalError", "The request processing has failed due to some unknown error."}
		}
		w.WriteHeader(e.Status)
		json.NewEncoder(w).Encode(map[string]string{"RequestId": id, "HostId": r.Host, "Code": e.Code, "Message": e.Message, "Recommend": ""})
		return
	}
	json.NewEncoder(w).Encode(res)
}

// required are the parameters AssumeRole cannot do without, in the order the
// real service reports them.
var required = []string{"AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp", "Action", "Version", "RoleArn", "RoleSessionName"}

func missing(name string) *Error {
	return e400("Missing"+name, name+" is mandatory for this action.")
}

func (h *Handler) assumeRole(r *http.Request, id string) (*Response, error) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		return nil, &Error{405, "UnsupportedHTTPMethod", "This http method is not supported."}
	}
	r.Body = http.MaxBytesReader(nil, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return nil, e400("InvalidParameter", "The request could not be parsed as form parameters: "+err.Error())
	}
	p := r.Form // query and form body, as the RPC style allows both
	for _, k := range required {
		if p.Get(k) == "" {
			return nil, missing(k)
		}
	}
	if p.Get("Action") != "AssumeRole" {
		return nil, &Error{404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."}
	}
	if p.Get("Version") != "2015-04-01" {
		return nil, e400("InvalidVersion", "Specified parameter Version is not valid.")
	}
	if f := p.Get("Format"); f != "" && !strings.EqualFold(f, "JSON") {
		return nil, e400("InvalidParameter.Format", "Only Format=JSON is supported by this endpoint.")
	}
	if p.Get("SignatureMethod") != "HMAC-SHA1" {
		return nil, e400("InvalidSignatureMethod", "Specified signature method is not supported: use HMAC-SHA1.")
	}
	if v := p.Get("SignatureVersion"); v != "1.0" {
		return nil, e400("InvalidSignatureVersion", "Specified signature version is not supported: use 1.0.")
	}
	if p.Get("AccessKeyId") != h.cfg.RootAccessKeyID {
		return nil, &Error{404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."}
	}
	if !hmac.Equal([]byte(p.Get("Signature")), []byte(Sign(r.Method, p, h.cfg.RootAccessKeySecret))) {
		return nil, e400("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
	}
	now := h.cfg.Now()
	ts, err := time.Parse("2006-01-02T15:04:05Z", p.Get("Timestamp"))
	if err != nil {
		return nil, e400("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted: use yyyy-MM-ddTHH:mm:ssZ in UTC.")
	}
	if d := now.Sub(ts); d > maxSkew || d < -maxSkew {
		return nil, e400("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
	}
	if !h.useNonce(p.Get("SignatureNonce"), now) {
		return nil, e400("SignatureNonceUsed", "Specified signature nonce was used already.")
	}
	if p.Get("RoleArn") != h.cfg.RoleArn {
		return nil, &Error{404, "EntityNotExist.Role", "The role not exists: " + p.Get("RoleArn") + "."}
	}
	if !sessionNameRE.MatchString(p.Get("RoleSessionName")) {
		return nil, e400("InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed: 2 to 64 characters of [A-Za-z0-9.@_-].")
	}
	dur := time.Hour
	if dur > h.cfg.MaxDuration {
		dur = h.cfg.MaxDuration
	}
	if ds, set := p["DurationSeconds"]; set {
		n, err := strconv.Atoi(ds[0])
		if err != nil || n < 900 || time.Duration(n)*time.Second > h.cfg.MaxDuration {
			return nil, e400("InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/"+maxText(h.cfg.MaxDuration)+".")
		}
		dur = time.Duration(n) * time.Second
	}
	policy := p.Get("Policy")
	if _, set := p["Policy"]; set {
		if len(policy) < 1 || len(policy) > 2048 {
			return nil, e400("InvalidParameter.PolicyLength", "The length of Policy must be 1 to 2048 characters.")
		}
		if err := CheckPolicy(policy); err != nil {
			return nil, e400("InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check: "+err.Error())
		}
	}
	c := ststoken.Claims{AccessKeyID: ststoken.NewAccessKeyID(), RoleArn: h.cfg.RoleArn, SessionName: p.Get("RoleSessionName"),
		Policy: policy, IssuedAt: now.Unix(), Expires: now.Add(dur).Unix()}
	token, secret := h.cfg.Issuer.Issue(c)
	res := &Response{RequestId: id}
	account := strings.TrimPrefix(strings.SplitN(h.cfg.RoleArn, ":role/", 2)[0], "acs:ram::")
	res.AssumedRoleUser.AssumedRoleId = "3" + strings.Repeat("0", max(0, 17-len(account))) + account + ":" + c.SessionName
	res.AssumedRoleUser.Arn = strings.Replace(h.cfg.RoleArn, ":role/", ":assumed-role/", 1) + "/" + c.SessionName
	res.Credentials.AccessKeyId = c.AccessKeyID
	res.Credentials.AccessKeySecret = secret
	res.Credentials.SecurityToken = token
	res.Credentials.Expiration = c.ExpiresAt().UTC().Format("2006-01-02T15:04:05Z")
	return res, nil
}

// maxSkew is how far a request's Timestamp may be from the server's clock.
const maxSkew = 15 * time.Minute

func maxText(d time.Duration) string {
	if d == time.Hour {
		return "1hr"
	}
	return strconv.Itoa(int(d.Seconds())) + "s"
}

// CheckPolicy is the session policy grammar check: Version "1", at least one
// statement, each with Effect Allow or Deny, and non-empty Action and
// Resource lists of strings. The embedded OSS must be able to evaluate what
// passes, so it also has to parse with ossauth.ParsePolicy.
func CheckPolicy(doc string) error {
	var p struct {
		Version   *string
		Statement []map[string]json.RawMessage
	}
	dec := json.NewDecoder(strings.NewReader(doc))
	if err := dec.Decode(&p); err != nil {
		return errors.New("not a JSON policy document")
	}
	if dec.More() {
		return errors.New("trailing data after the policy document")
	}
	if p.Version == nil || *p.Version != "1" {
		return errors.New(`Version must be "1"`)
	}
	if len(p.Statement) == 0 {
		return errors.New("Statement must hold at least one statement")
	}
	for i, st := range p.Statement {
		var effect string
		if json.Unmarshal(st["Effect"], &effect) != nil || (effect != "Allow" && effect != "Deny") {
			return fmt.Errorf("Statement %d: Effect must be Allow or Deny", i+1)
		}
		for _, k := range []string{"Action", "Resource"} {
			var one string
			var many []string
			if json.Unmarshal(st[k], &one) == nil && one != "" {
				continue
			}
			if json.Unmarshal(st[k], &many) != nil || len(many) == 0 || slices.Contains(many, "") {
				return fmt.Errorf("Statement %d: %s must be a non-empty string or list of strings", i+1, k)
			}
		}
	}
	if _, err := ossauth.ParsePolicy(doc); err != nil {
		return err
	}
	return nil
}

// useNonce records a nonce and reports whether it was fresh. Nonces are
// remembered for twice the timestamp window, beyond which a replay fails the
// timestamp check anyway; expired ones are swept at most once a minute.
func (h *Handler) useNonce(n string, now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if now.Sub(h.lastSweep) > time.Minute {
		h.lastSweep = now
		for k, t := range h.nonces {
			if now.Sub(t) > 2*maxSkew+time.Minute {
				delete(h.nonces, k)
			}
		}
	}
	if _, used := h.nonces[n]; used {
		return false
	}
	h.nonces[n] = now
	return true
}

// Sign computes the RPC (signature version 1.0) signature of params.
func Sign(method string, params url.Values, secret string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, pct(k)+"="+pct(params.Get(k)))
	}
	sts := method + "&" + pct("/") + "&" + pct(strings.Join(parts, "&"))
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func pct(s string) string { return ossauth.Escape(s) }
