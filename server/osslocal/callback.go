package osslocal

import (
	"bytes"
	"context"
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Upload callbacks as OSS performs them on PutObject, PostObject and
// CompleteMultipartUpload: x-oss-callback (base64 JSON) names up to five URLs
// and a body template; OSS substitutes the system and x: variables, POSTs the
// body (5 s timeout, no retry, first success wins) signed with its RSA key,
// and returns the callback server's JSON to the uploader, or 203
// CallbackFailed with the object kept.

// PublicKeyPath is where the embedded OSS serves its callback public key (PEM);
// x-oss-pub-key-url carries the full URL, base64-encoded.
const PublicKeyPath = "/_oss/callback_pub_key_v1.pem"

const (
	callbackTimeout = 5 * time.Second
	maxCallbackResp = 3 << 20
	maxCallbackURLs = 5
)

type callbackSpec struct {
	urls     []string
	host     string
	body     string
	bodyType string
	vars     map[string]string
}

func callbackArg(msg string) *Error { return invalidArgument(msg) }

// parseCallback decodes x-oss-callback and x-oss-callback-var; nil when there is no callback.
func parseCallback(cbHeader, varHeader string) (*callbackSpec, error) {
	if cbHeader == "" {
		return nil, nil
	}
	raw, err := base64.StdEncoding.DecodeString(cbHeader)
	if err != nil {
		return nil, callbackArg("The callback configuration is not base64 encoded.")
	}
	var c struct {
		CallbackURL      string `json:"callbackUrl"`
		CallbackHost     string `json:"callbackHost"`
		CallbackBody     string `json:"callbackBody"`
		CallbackBodyType string `json:"callbackBodyType"`
		CallbackSNI      bool   `json:"callbackSNI"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, callbackArg("The callback configuration is not json format.")
	}
	spec := &callbackSpec{host: c.CallbackHost, body: c.CallbackBody, bodyType: c.CallbackBodyType, vars: map[string]string{}}
	if spec.bodyType == "" {
		spec.bodyType = "application/x-www-form-urlencoded"
	}
	if spec.bodyType != "application/x-www-form-urlencoded" && spec.bodyType != "application/json" {
		return nil, callbackArg("The callbackBodyType must be application/x-www-form-urlencoded or application/json.")
	}
	if spec.body == "" {
		return nil, callbackArg("The callbackBody is not specified.")
	}
	for _, u := range strings.Split(c.CallbackURL, ";") {
		if u = strings.TrimSpace(u); u == "" {
			continue
		}
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return nil, callbackArg("The callbackUrl is invalid: " + u)
		}
		spec.urls = append(spec.urls, u)
	}
	if len(spec.urls) == 0 || len(spec.urls) > maxCallbackURLs {
		return nil, callbackArg("The callbackUrl must list 1 to 5 URLs separated by ';'.")
	}
	if varHeader != "" {
		raw, err := base64.StdEncoding.DecodeString(varHeader)
		if err != nil {
			return nil, callbackArg("The callback-var is not base64 encoded.")
		}
		if err := json.Unmarshal(raw, &spec.vars); err != nil {
			return nil, callbackArg("The callback-var is not json format.")
		}
		for k := range spec.vars {
			if !strings.HasPrefix(k, "x:") || k != strings.ToLower(k) {
				return nil, callbackArg("Custom callback variables must be lower case and start with x: (" + k + ").")
			}
		}
	}
	return spec, nil
}

// render substitutes ${var} in the body template: system variables and x:
// variables, escaped for the body type (URL-encoded, or JSON string content).
func (c *callbackSpec) render(bucket string, m *objectMeta) string {
	vals := map[string]string{"bucket": bucket, "object": m.Key, "etag": m.ETag, "size": strconv.FormatInt(m.Size, 10),
		"mimeType": m.ContentType, "imageInfo.height": "", "imageInfo.width": "", "imageInfo.format": ""}
	for k, v := range c.vars {
		vals[k] = v
	}
	esc := url.QueryEscape
	if c.bodyType == "application/json" {
		esc = func(s string) string {
			b, _ := json.Marshal(s)
			return string(b[1 : len(b)-1])
		}
	}
	var out strings.Builder
	rest := c.body
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		out.WriteString(rest[:i])
		name := rest[i+2 : i+j]
		if v, ok := vals[name]; ok {
			out.WriteString(esc(v))
		} else if !strings.HasPrefix(name, "x:") {
			out.WriteString(rest[i : i+j+1]) // unknown: left as written
		}
		rest = rest[i+j+1:]
	}
	out.WriteString(rest)
	return out.String()
}

// callbackKey is the embedded OSS's RSA key, made on first use (1024 bits, as
// OSS's published callback key).
var callbackKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		panic(err)
	}
	return k
})

// servePublicKey answers GET PublicKeyPath with the PEM public key.
func servePublicKey(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeError(w, r, errMethod)
		return
	}
	der, _ := x509.MarshalPKIXPublicKey(&callbackKey().PublicKey)
	w.Header().Set("Content-Type", "application/x-pem-file")
	w.WriteHeader(200)
	pem.Encode(w, &pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// publicKeyURL is where this server's key can be fetched: the listener the
// request came in on (an address the uploader's app can reach).
func publicKeyURL(r *http.Request) string {
	host := r.Host
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		host = a.String()
	}
	return "http://" + host + PublicKeyPath
}

// signCallback is OSS's callback signature: base64 of RSA PKCS#1 v1.5 over the
// MD5 of url_decode(path) + query + "\n" + body.
func signCallback(u *url.URL, body []byte) (string, error) {
	path, err := url.PathUnescape(u.EscapedPath())
	if err != nil {
		return "", err
	}
	if path == "" {
		path = "/" // the path the request line carries
	}
	s := path
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	sum := md5.Sum(append([]byte(s+"\n"), body...))
	sig, err := rsa.SignPKCS1v15(rand.Reader, callbackKey(), crypto.MD5, sum[:])
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

var callbackClient = &http.Client{Timeout: callbackTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// callback performs the upload callback for the stored object m and answers
// the uploader: 200 with the callback server's JSON, or 203 CallbackFailed.
func (s *Server) callback(w http.ResponseWriter, r *http.Request, c *callbackSpec, bucket string, m *objectMeta) error {
	body := []byte(c.render(bucket, m))
	var last string
	for _, raw := range c.urls {
		resp, err := s.postCallback(r, c, raw, body)
		if err == nil {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", itoa(int64(len(resp))))
			w.WriteHeader(200)
			w.Write(resp)
			return nil
		}
		last = err.Error()
		s.cfg.Logger.Info("oss callback failed", "url", raw, "err", err)
	}
	writeCallbackFailed(w, r, last)
	return nil
}

func (s *Server) postCallback(r *http.Request, c *callbackSpec, raw string, body []byte) ([]byte, error) {
	u, _ := url.Parse(raw)
	sig, err := signCallback(u, body)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), callbackTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, raw, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if c.host != "" {
		req.Host = c.host
	}
	req.Header.Set("Content-Type", c.bodyType)
	req.Header.Set("Authorization", sig)
	req.Header.Set("x-oss-pub-key-url", base64.StdEncoding.EncodeToString([]byte(publicKeyURL(r))))
	req.Header.Set("x-oss-requester", "local")
	resp, err := callbackClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("error connecting to the callback server: %w", err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, maxCallbackResp+1))
	if err != nil {
		return nil, fmt.Errorf("error reading the callback response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("Error status : %d.", resp.StatusCode)
	}
	if len(out) > maxCallbackResp {
		return nil, fmt.Errorf("the callback response is larger than 3 MB")
	}
	if !json.Valid(out) {
		return nil, fmt.Errorf("Response body is not valid json format.")
	}
	return out, nil
}

// writeCallbackFailed is OSS's answer when no callback URL succeeded: 203 and
// a CallbackFailed error body; the object stays stored.
func writeCallbackFailed(w http.ResponseWriter, r *http.Request, msg string) {
	e := oerr(203, "CallbackFailed", msg)
	writeError(w, r, e)
}
