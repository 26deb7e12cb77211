// Package ossauth verifies OSS request signatures (V1 and V4, in headers and
// in presigned URLs) and evaluates the session policies that STS tokens carry.
//
// It is written from the wire format, sharing no code with the SDKs that sign
// requests: a test passes only when two independent implementations agree.
package ossauth

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ossupload/ossupload/server/ststoken"
)

// Config configures a Verifier.
type Config struct {
	RootAccessKeyID     string
	RootAccessKeySecret string
	// Tokens verifies STS security tokens and derives temporary secrets.
	Tokens *ststoken.Issuer
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// MaxSkew is the largest accepted request clock skew; 15 minutes when zero, as OSS.
	MaxSkew time.Duration
	// MaxTokenAge, when positive, makes tokens older than it count as expired:
	// fault injection that lets tests expire credentials without waiting.
	MaxTokenAge time.Duration
}

// Verifier authenticates requests. It is safe for concurrent use.
type Verifier struct {
	cfg         Config
	maxTokenAge atomic.Int64
}

// NewVerifier returns a Verifier for cfg.
func NewVerifier(cfg Config) *Verifier {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxSkew == 0 {
		cfg.MaxSkew = 15 * time.Minute
	}
	v := &Verifier{cfg: cfg}
	v.maxTokenAge.Store(int64(cfg.MaxTokenAge))
	return v
}

// SetMaxTokenAge changes the token age limit at run time (0 turns it off).
func (v *Verifier) SetMaxTokenAge(d time.Duration) { v.maxTokenAge.Store(int64(d)) }

// Principal is who signed a request.
type Principal struct {
	AccessKeyID string
	// Root is true for the long-term root AccessKey, which no policy limits.
	Root bool
	// Claims are the STS token's claims; zero for root.
	Claims ststoken.Claims
}

// Error is an authentication or authorization failure with its OSS code.
type Error struct {
	Status  int
	Code    string
	Message string
	// RequestTime and ServerTime are set for RequestTimeTooSkewed: OSS
	// reports both, and clients (ali-oss) correct their clock from ServerTime.
	RequestTime, ServerTime time.Time
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func denied(msg string) *Error {
	return &Error{Status: http.StatusForbidden, Code: "AccessDenied", Message: msg}
}

var (
	errNoSignature = denied("You have no right to access this object because of bucket acl.")
	errBadSig      = &Error{Status: http.StatusForbidden, Code: "SignatureDoesNotMatch", Message: "The request signature we calculated does not match the signature you provided. Check your key and signing method."}
	errUnknownAK   = &Error{Status: http.StatusForbidden, Code: "InvalidAccessKeyId", Message: "The OSS Access Key Id you provided does not exist in our records."}
	errBadToken    = &Error{Status: http.StatusForbidden, Code: "InvalidSecurityToken", Message: "The security token you provided is invalid."}
	errExpired     = &Error{Status: http.StatusForbidden, Code: "SecurityTokenExpired", Message: "The security token you provided has expired."}
	errSkewed      = &Error{Status: http.StatusForbidden, Code: "RequestTimeTooSkewed", Message: "The difference between the request time and the current time is too large."}
	errURLExpired  = denied("Request has expired.")
)

func invalidArg(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "InvalidArgument", Message: msg}
}

// signedSubresources are the query parameters V1 signs (the OSS API
// reference; the same set as signKeyList in aliyun-oss-go-sdk v3.0.2 conn.go
// and the keys ali-oss puts in subResource); any other parameter is left out
// of the V1 string to sign, as OSS leaves it out.
var signedSubresources = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`acl uploads location cors logging website referer lifecycle delete append
		tagging objectMeta uploadId partNumber security-token position img style styleName replication
		replicationProgress replicationLocation cname bucketInfo comp qos live status vod startTime endTime
		symlink x-oss-process response-content-type x-oss-traffic-limit response-content-language
		response-expires response-cache-control response-content-disposition response-content-encoding udf
		udfName udfImage udfId udfImageDesc udfApplication udfApplicationLog restore callback callback-var
		qosInfo policy stat encryption versions versioning versionId requestPayment x-oss-request-payer
		sequential inventory inventoryId continuation-token asyncFetch worm wormId wormExtend withHashContext
		x-oss-enable-md5 x-oss-enable-sha1 x-oss-enable-sha256 x-oss-hash-ctx x-oss-md5-ctx
		transferAcceleration regionList cloudboxes metaQuery resourceGroup rtc x-oss-async-process responseHeader
		x-oss-ac-source-ip x-oss-ac-subnet-mask x-oss-ac-vpc-id x-oss-ac-forward-allow`) {
		signedSubresources[k] = true
	}
}

// Verify authenticates r, addressed to bucket and key (key "" for a
// bucket-level request), by V1 or V4 header signature or presigned URL.
func (v *Verifier) Verify(r *http.Request, bucket, key string) (*Principal, error) {
	q := r.URL.Query()
	auth := r.Header.Get("Authorization")
	switch {
	case strings.HasPrefix(auth, "OSS4-HMAC-SHA256 "):
		return v.verifyV4Header(r, q, auth, bucket, key)
	case strings.HasPrefix(auth, "OSS "):
		return v.verifyV1Header(r, q, auth, bucket, key)
	case auth != "":
		return nil, invalidArg("Authorization header is invalid.")
	case q.Get("x-oss-signature-version") != "":
		return v.verifyV4Query(r, q, bucket, key)
	case q.Has("OSSAccessKeyId") || q.Has("Signature"):
		return v.verifyV1Query(r, q, bucket, key)
	}
	return nil, errNoSignature
}

// credentials resolves an AccessKey ID and its token to a secret and principal.
func (v *Verifier) credentials(ak, token string) (string, *Principal, error) {
	if !strings.HasPrefix(ak, ststoken.Prefix) {
		if ak == v.cfg.RootAccessKeyID && ak != "" {
			if token != "" {
				return "", nil, errBadToken
			}
			return v.cfg.RootAccessKeySecret, &Principal{AccessKeyID: ak, Root: true}, nil
		}
		return "", nil, errUnknownAK
	}
	if v.cfg.Tokens == nil {
		return "", nil, errUnknownAK
	}
	if token == "" {
		return "", nil, &Error{Status: http.StatusForbidden, Code: "InvalidAccessKeyId", Message: "The STS AccessKey requires a security token (x-oss-security-token)."}
	}
	c, err := v.cfg.Tokens.Verify(token)
	if err != nil || c.AccessKeyID != ak {
		return "", nil, errBadToken
	}
	now := v.cfg.Now()
	if now.After(c.ExpiresAt()) {
		return "", nil, errExpired
	}
	if age := time.Duration(v.maxTokenAge.Load()); age > 0 && now.Sub(c.IssuedAtTime()) > age {
		return "", nil, errExpired
	}
	return v.cfg.Tokens.Secret(ak), &Principal{AccessKeyID: ak, Claims: c}, nil
}

func (v *Verifier) checkSkew(t time.Time) error {
	now := v.cfg.Now()
	d := now.Sub(t)
	if d < 0 {
		d = -d
	}
	if d > v.cfg.MaxSkew {
		e := *errSkewed
		e.RequestTime, e.ServerTime = t, now
		return &e
	}
	return nil
}

// --- V1 ---

func (v *Verifier) verifyV1Header(r *http.Request, q url.Values, auth, bucket, key string) (*Principal, error) {
	ak, sig, ok := strings.Cut(strings.TrimPrefix(auth, "OSS "), ":")
	if !ok || ak == "" || sig == "" {
		return nil, invalidArg("Authorization header is invalid.")
	}
	date := r.Header.Get("Date")
	var t time.Time
	var err error
	if date != "" {
		t, err = http.ParseTime(date)
	}
	if date == "" || err != nil {
		// Browsers may not send Date: ali-oss signs x-oss-date on the Date line.
		date = r.Header.Get("X-Oss-Date")
		t, err = parseAnyDate(date)
	}
	if date == "" || err != nil {
		return nil, denied("Missing or invalid Date header: sign the request with a Date or x-oss-date header.")
	}
	if err := v.checkSkew(t); err != nil {
		return nil, err
	}
	secret, p, err := v.credentials(ak, r.Header.Get("X-Oss-Security-Token"))
	if err != nil {
		return nil, err
	}
	sts := v1StringToSign(r.Method, r.Header, date, q, bucket, key, nil)
	if !hmac.Equal([]byte(sig), []byte(v1Sign(secret, sts))) {
		return nil, errBadSig
	}
	return p, nil
}

func (v *Verifier) verifyV1Query(r *http.Request, q url.Values, bucket, key string) (*Principal, error) {
	ak, sig, expires := q.Get("OSSAccessKeyId"), q.Get("Signature"), q.Get("Expires")
	exp, err := strconv.ParseInt(expires, 10, 64)
	if ak == "" || sig == "" || err != nil {
		return nil, denied("Presigned URL needs OSSAccessKeyId, Signature and a numeric Expires.")
	}
	if v.cfg.Now().Unix() > exp {
		return nil, errURLExpired
	}
	secret, p, err := v.credentials(ak, q.Get("security-token"))
	if err != nil {
		return nil, err
	}
	sts := v1StringToSign(r.Method, r.Header, expires, q, bucket, key, map[string]bool{"OSSAccessKeyId": true, "Signature": true, "Expires": true})
	if !hmac.Equal([]byte(sig), []byte(v1Sign(secret, sts))) {
		return nil, errBadSig
	}
	return p, nil
}

func v1Sign(secret, s string) string {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func v1StringToSign(method string, h http.Header, date string, q url.Values, bucket, key string, skip map[string]bool) string {
	var b strings.Builder
	b.WriteString(method + "\n" + h.Get("Content-MD5") + "\n" + h.Get("Content-Type") + "\n" + date + "\n")
	ossHeaders := map[string]string{}
	for k, vs := range h {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "x-oss-") && len(vs) > 0 {
			ossHeaders[lk] = vs[0]
		}
	}
	for _, k := range sortedKeys(ossHeaders) {
		b.WriteString(k + ":" + ossHeaders[k] + "\n")
	}
	b.WriteString("/")
	if bucket != "" {
		b.WriteString(bucket + "/" + key)
	}
	var sub []string
	for k := range q {
		if signedSubresources[k] && !skip[k] {
			sub = append(sub, k)
		}
	}
	sort.Strings(sub)
	for i, k := range sub {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(k)
		if val := q.Get(k); val != "" {
			b.WriteString("=" + val)
		}
	}
	return b.String()
}

// --- V4 ---

const v4Algorithm = "OSS4-HMAC-SHA256"

type v4Credential struct {
	ak, day, region string
}

func parseCredential(s string) (v4Credential, bool) {
	parts := strings.Split(s, "/")
	if len(parts) != 5 || parts[3] != "oss" || parts[4] != "aliyun_v4_request" || parts[0] == "" || len(parts[1]) != 8 || parts[2] == "" {
		return v4Credential{}, false
	}
	return v4Credential{parts[0], parts[1], parts[2]}, true
}

func (v *Verifier) verifyV4Header(r *http.Request, q url.Values, auth, bucket, key string) (*Principal, error) {
	fields := map[string]string{}
	for _, f := range strings.Split(strings.TrimPrefix(auth, v4Algorithm+" "), ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(f), "=")
		if !ok {
			return nil, invalidArg("Authorization header is invalid.")
		}
		fields[k] = val
	}
	cred, ok := parseCredential(fields["Credential"])
	sig := fields["Signature"]
	if !ok || sig == "" {
		return nil, invalidArg("Authorization header is invalid: want Credential=<AK>/<yyyymmdd>/<region>/oss/aliyun_v4_request and Signature.")
	}
	// The timestamp is x-oss-date; an SDK that omits it signs the Date value,
	// which a browser cannot send, so such a request fails here as on OSS.
	stamp := r.Header.Get("X-Oss-Date")
	var t time.Time
	var err error
	if stamp != "" {
		t, err = time.Parse("20060102T150405Z", stamp)
	} else if stamp = r.Header.Get("Date"); stamp != "" {
		t, err = http.ParseTime(stamp)
	}
	if stamp == "" || err != nil {
		return nil, denied("Missing or invalid x-oss-date header: V4 requests must carry x-oss-date (yyyymmddTHHMMSSZ).")
	}
	if t.UTC().Format("20060102") != cred.day {
		return nil, invalidArg("The date in the credential scope does not match the request date.")
	}
	if err := v.checkSkew(t); err != nil {
		return nil, err
	}
	secret, p, err := v.credentials(cred.ak, r.Header.Get("X-Oss-Security-Token"))
	if err != nil {
		return nil, err
	}
	var additional []string
	if a := fields["AdditionalHeaders"]; a != "" {
		additional = strings.Split(strings.ToLower(a), ";")
	}
	payload := r.Header.Get("X-Oss-Content-Sha256")
	if payload == "" {
		payload = "UNSIGNED-PAYLOAD"
	}
	canon := v4Canonical(r.Method, r.Header, q, bucket, key, additional, payload, "")
	if !hmac.Equal([]byte(sig), []byte(v4Sign(secret, cred, stamp, canon))) {
		return nil, errBadSig
	}
	return p, nil
}

func (v *Verifier) verifyV4Query(r *http.Request, q url.Values, bucket, key string) (*Principal, error) {
	if q.Get("x-oss-signature-version") != v4Algorithm {
		return nil, invalidArg("Unsupported x-oss-signature-version.")
	}
	cred, ok := parseCredential(q.Get("x-oss-credential"))
	stamp, sig := q.Get("x-oss-date"), q.Get("x-oss-signature")
	t, err := time.Parse("20060102T150405Z", stamp)
	expires, err2 := strconv.ParseInt(q.Get("x-oss-expires"), 10, 64)
	if !ok || sig == "" || err != nil || err2 != nil || expires <= 0 {
		return nil, denied("Presigned URL needs x-oss-credential, x-oss-date, x-oss-expires and x-oss-signature.")
	}
	if t.Format("20060102") != cred.day {
		return nil, invalidArg("The date in the credential scope does not match x-oss-date.")
	}
	now := v.cfg.Now()
	if now.After(t.Add(time.Duration(expires) * time.Second)) {
		return nil, errURLExpired
	}
	if t.Sub(now) > v.cfg.MaxSkew {
		return nil, errSkewed
	}
	secret, p, err := v.credentials(cred.ak, q.Get("x-oss-security-token"))
	if err != nil {
		return nil, err
	}
	var additional []string
	if a := q.Get("x-oss-additional-headers"); a != "" {
		additional = strings.Split(strings.ToLower(a), ";")
	}
	canon := v4Canonical(r.Method, r.Header, q, bucket, key, additional, "UNSIGNED-PAYLOAD", "x-oss-signature")
	if !hmac.Equal([]byte(sig), []byte(v4Sign(secret, cred, stamp, canon))) {
		return nil, errBadSig
	}
	return p, nil
}

func v4Canonical(method string, h http.Header, q url.Values, bucket, key string, additional []string, payload, skip string) string {
	var b strings.Builder
	b.WriteString(method + "\n")
	if bucket == "" {
		b.WriteString("/")
	} else {
		b.WriteString(strings.ReplaceAll(Escape("/"+bucket+"/"+key), "%2F", "/"))
	}
	b.WriteString("\n")
	enc := map[string]string{}
	for k := range q {
		if k != skip {
			enc[Escape(k)] = Escape(q.Get(k))
		}
	}
	for i, k := range sortedKeys(enc) {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		if enc[k] != "" {
			b.WriteString("=" + enc[k])
		}
	}
	b.WriteString("\n")
	headers := map[string]string{}
	extra := map[string]bool{}
	for _, a := range additional {
		extra[a] = true
	}
	for k, vs := range h {
		lk := strings.ToLower(k)
		if len(vs) > 0 && (lk == "content-type" || lk == "content-md5" || strings.HasPrefix(lk, "x-oss-") || extra[lk]) {
			headers[lk] = strings.TrimSpace(vs[0])
		}
	}
	for _, k := range sortedKeys(headers) {
		b.WriteString(k + ":" + headers[k] + "\n")
	}
	b.WriteString("\n" + strings.Join(additional, ";") + "\n" + payload)
	return b.String()
}

func v4Sign(secret string, c v4Credential, stamp, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	sts := v4Algorithm + "\n" + stamp + "\n" + c.day + "/" + c.region + "/oss/aliyun_v4_request\n" + hex.EncodeToString(sum[:])
	k := hmacSHA256([]byte("aliyun_v4"+secret), c.day)
	k = hmacSHA256(k, c.region)
	k = hmacSHA256(k, "oss")
	k = hmacSHA256(k, "aliyun_v4_request")
	return hex.EncodeToString(hmacSHA256(k, sts))
}

func hmacSHA256(key []byte, s string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

// Escape percent-encodes s per RFC 3986: only unreserved characters stay.
func Escape(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
		}
	}
	return b.String()
}

func parseAnyDate(s string) (time.Time, error) {
	if t, err := time.Parse("20060102T150405Z", s); err == nil {
		return t, nil
	}
	return http.ParseTime(s)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
