package app

import (
	"context"
	"crypto"
	"crypto/md5"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ossupload/ossupload/server/broker"
	"github.com/ossupload/ossupload/server/localcloud"
	"github.com/ossupload/ossupload/server/osslocal"
)

// OfficialCallbackKeyPrefix is where Alibaba Cloud OSS publishes the public
// keys of its upload callbacks; a production callback server trusts no other.
const OfficialCallbackKeyPrefix = "https://gosspublic.alicdn.com/"

const (
	maxCallbackBody   = 64 << 10
	maxPublicKeyBytes = 16 << 10
	keptConfirmations = 100
)

// Confirmation is an upload OSS reported complete through a verified callback.
type Confirmation struct {
	Bucket    string    `json:"bucket"`
	Object    string    `json:"object"`
	ETag      string    `json:"etag"`
	Size      int64     `json:"size"`
	MimeType  string    `json:"mimeType"`
	Confirmed time.Time `json:"confirmed"`
}

// Callbacks is POST /api/oss-callback, the upload callback receiver: it
// verifies OSS's RSA signature as Alibaba's sample callback servers do (the
// public key named by x-oss-pub-key-url, fetched only from an allowed
// location and cached; MD5 over the URL-decoded path, the query, "\n" and the
// body), then records the upload for the caller whose prefix
// (uploads/<caller>/) holds the object. OSS relays its JSON answer to the
// uploader. GET lists the calling browser's confirmed uploads.
type Callbacks struct {
	allowedKeyURLs []string // prefixes
	auth           broker.Authenticator
	log            *slog.Logger
	client         *http.Client

	mu   sync.Mutex
	keys map[string]*rsa.PublicKey
	by   map[string][]Confirmation // caller -> newest last
}

// NewCallbacks trusts public keys only under the given URL prefixes.
func NewCallbacks(allowedKeyURLs []string, auth broker.Authenticator, log *slog.Logger) *Callbacks {
	return &Callbacks{allowedKeyURLs: allowedKeyURLs, auth: auth, log: log, client: &http.Client{Timeout: 5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		keys: map[string]*rsa.PublicKey{}, by: map[string][]Confirmation{}}
}

// callbackKeyURLs is where callback keys may come from: OSS's official
// location, and in local mode the embedded OSS.
func callbackKeyURLs(cloud *localcloud.Cloud) []string {
	if cloud == nil {
		return []string{OfficialCallbackKeyPrefix}
	}
	return []string{cloud.OSSURL + osslocal.PublicKeyPath}
}

var errCallbackAuth = errors.New("callback signature invalid")

func (c *Callbacks) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		c.receive(w, r)
	case http.MethodGet:
		c.list(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
	}
}

func (c *Callbacks) receive(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCallbackBody+1))
	if err != nil || len(body) > maxCallbackBody {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "callback body unreadable or too large"})
		return
	}
	if err := c.verify(r.Context(), r, body); err != nil {
		c.log.Warn("oss callback refused", "err", err)
		writeJSON(w, http.StatusForbidden, map[string]string{"error": errCallbackAuth.Error()})
		return
	}
	conf, err := parseCallbackBody(r.Header.Get("Content-Type"), body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	caller, ok := callerOf(conf.Object)
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "object is not under uploads/<caller>/"})
		return
	}
	conf.Confirmed = time.Now().UTC()
	c.mu.Lock()
	list := append(c.by[caller], conf)
	if len(list) > keptConfirmations {
		list = list[len(list)-keptConfirmations:]
	}
	c.by[caller] = list
	c.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"status": "confirmed", "object": conf.Object, "size": conf.Size, "etag": conf.ETag})
}

func (c *Callbacks) list(w http.ResponseWriter, r *http.Request) {
	caller, err := c.auth.Authenticate(w, r)
	if err != nil {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": err.Error()})
		return
	}
	c.mu.Lock()
	list := append([]Confirmation{}, c.by[caller]...)
	c.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"uploads": list})
}

// verify checks the authorization header against the key x-oss-pub-key-url names.
func (c *Callbacks) verify(ctx context.Context, r *http.Request, body []byte) error {
	rawURL, err := base64.StdEncoding.DecodeString(r.Header.Get("x-oss-pub-key-url"))
	if err != nil || len(rawURL) == 0 {
		return errors.New("x-oss-pub-key-url missing or not base64")
	}
	key, err := c.publicKey(ctx, string(rawURL))
	if err != nil {
		return err
	}
	sig, err := base64.StdEncoding.DecodeString(r.Header.Get("Authorization"))
	if err != nil || len(sig) == 0 {
		return errors.New("authorization missing or not base64")
	}
	path, err := url.PathUnescape(r.URL.EscapedPath())
	if err != nil {
		return err
	}
	s := path
	if r.URL.RawQuery != "" {
		s += "?" + r.URL.RawQuery
	}
	sum := md5.Sum(append([]byte(s+"\n"), body...))
	return rsa.VerifyPKCS1v15(key, crypto.MD5, sum[:], sig)
}

// publicKey returns the key at u, fetched once, if u is under an allowed prefix.
func (c *Callbacks) publicKey(ctx context.Context, u string) (*rsa.PublicKey, error) {
	allowed := false
	for _, p := range c.allowedKeyURLs {
		allowed = allowed || strings.HasPrefix(u, p)
	}
	if !allowed {
		return nil, errors.New("public key URL not allowed: " + u)
	}
	c.mu.Lock()
	k := c.keys[u]
	c.mu.Unlock()
	if k != nil {
		return k, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxPublicKeyBytes))
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil, errors.New("public key unavailable: " + resp.Status)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("public key is not PEM")
	}
	pub, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, err
	}
	k, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("public key is not RSA")
	}
	c.mu.Lock()
	c.keys[u] = k
	c.mu.Unlock()
	return k, nil
}

// parseCallbackBody reads bucket, object, etag, size and mimeType from a
// form-encoded or JSON callback body.
func parseCallbackBody(contentType string, body []byte) (Confirmation, error) {
	var conf Confirmation
	mt, _, _ := mime.ParseMediaType(contentType)
	vals := map[string]string{}
	switch mt {
	case "application/json":
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return conf, errors.New("callback body is not JSON")
		}
		for k, v := range m {
			switch v := v.(type) {
			case string:
				vals[k] = v
			case float64:
				vals[k] = strconv.FormatInt(int64(v), 10)
			}
		}
	default:
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return conf, errors.New("callback body is not form-encoded")
		}
		for k := range q {
			vals[k] = q.Get(k)
		}
	}
	size, err := strconv.ParseInt(vals["size"], 10, 64)
	if vals["object"] == "" || err != nil {
		return conf, errors.New("callback body needs object and size")
	}
	return Confirmation{Bucket: vals["bucket"], Object: vals["object"], ETag: vals["etag"], Size: size, MimeType: vals["mimeType"]}, nil
}

// callerOf is the caller whose prefix holds key: uploads/<caller>/...; the
// caller's STS policy let only them write there, and OSS signed the callback.
func callerOf(key string) (string, bool) {
	rest, ok := strings.CutPrefix(key, "uploads/")
	if !ok {
		return "", false
	}
	caller, _, ok := strings.Cut(rest, "/")
	return caller, ok && broker.ValidCallerID(caller)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
