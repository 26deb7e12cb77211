package ossapi

import (
	"sort"
	"strings"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/upload"
)

// SignOptions are ali-oss's signatureUrl options.
type SignOptions struct {
	Method  string            // default GET
	Expires int64             // seconds, default 1800
	Params  map[string]string // query signed with the URL (response-content-type, x-oss-process, sub-resources)
	Headers map[string]string // headers the URL's user must send (Content-Type, Content-MD5, x-oss-*)
	V4      bool              // signatureUrlV4 instead of ali-oss's V1 signatureUrl
	// AdditionalHeaders are signatureUrlV4's additionalHeaders: more of
	// Headers to sign (by name, any case); each must be in Headers.
	AdditionalHeaders []string
}

// additionalHeaders is ali-oss's fixAdditionalHeaders (lower-cased,
// deduplicated, sorted, without the headers V4 always signs), each checked
// against headers as ali-oss's getCanonicalRequest checks it.
func additionalHeaders(names []string, headers map[string]string) ([]string, error) {
	have := map[string]bool{}
	for k := range headers {
		have[strings.ToLower(k)] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		n = strings.ToLower(n)
		if seen[n] || n == "content-type" || n == "content-md5" || strings.HasPrefix(n, "x-oss-") {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	sort.Strings(out)
	for _, n := range out {
		if !have[n] {
			return nil, &upload.Error{Code: upload.CodeInvalidArgument, Message: "Can't find additional header " + n + " in request headers."}
		}
	}
	return out, nil
}

// SignURL presigns a URL for key with the given credentials. It is pure
// computation (no request and no credential fetch), so a synchronous
// signatureUrl can call it.
func (c *Client) SignURL(cr credentials.Credentials, key string, o SignOptions) (string, error) {
	version := oss.AuthV1
	if o.V4 {
		version = oss.AuthV4
	}
	// Which names may be signed is the caller's rule (ali-oss refuses a
	// leading '?' only in signatureUrl's strict mode), not the SDK's.
	opts := []oss.ClientOption{oss.AuthVersion(version), oss.Region(c.cfg.Region), oss.UseCname(c.cfg.CNAME), oss.VerifyObjectStrict(false)}
	if o.V4 {
		extra, err := additionalHeaders(o.AdditionalHeaders, o.Headers)
		if err != nil {
			return "", err
		}
		opts = append(opts, oss.AdditionalHeaders(extra))
	}
	if cr.SecurityToken != "" {
		opts = append(opts, oss.SecurityToken(cr.SecurityToken))
	}
	b, err := oss.NewSigner(c.cfg.Endpoint, cr.AccessKeyID, cr.AccessKeySecret, c.cfg.Bucket, opts...)
	if err != nil {
		return "", &upload.Error{Code: upload.CodeInvalidArgument, Message: "creating the signer failed", Err: err}
	}
	if o.Method == "" {
		o.Method = "GET"
	}
	if o.Expires == 0 {
		o.Expires = 1800
	}
	var extra []oss.Option
	for k, v := range o.Params {
		extra = append(extra, oss.AddParam(k, v))
	}
	for k, v := range o.Headers {
		extra = append(extra, oss.SetHeader(k, v))
	}
	u, err := b.SignURL(key, oss.HTTPMethod(o.Method), o.Expires, extra...)
	if err != nil {
		return "", &upload.Error{Code: upload.CodeInvalidArgument, Message: err.Error(), Err: err}
	}
	return u, nil
}

// Credentials returns the credentials the client would sign with now, if
// they are at hand without fetching (for synchronous signing).
func (c *Client) Credentials() (credentials.Credentials, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.signerFor, c.signer != nil
}
