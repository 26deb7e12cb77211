//go:build js && wasm

package jsbridge

import (
	"context"
	"net"
	"net/url"
	"strings"
	"syscall/js"

	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// signatureUrl, asyncSignatureUrl and signatureUrlV4: ali-oss's checks,
// then ossapi.SignURL.

// decodeSignOptions reads signatureUrl's options as ali-oss's
// _signatureForURL does: method, expires, process, trafficLimit, response,
// subResource, callback, and every key that starts (in any case) with
// x-oss-, content-md5 or content-type as a header the URL's user sends.
func decodeSignOptions(o js.Value, v4 bool) (ossapi.SignOptions, error) {
	so := ossapi.SignOptions{Method: strings.ToUpper(optString(o, "method")), V4: v4, Params: map[string]string{}, Headers: map[string]string{}}
	if v, ok, err := numberOpt(o, "expires"); err != nil {
		return so, err
	} else if ok {
		so.Expires = int64(v)
	}
	if !isObject(o) {
		return so, nil
	}
	for k, v := range objectStrings(o) {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "x-oss-") || strings.HasPrefix(lk, "content-md5") || strings.HasPrefix(lk, "content-type") {
			so.Headers[k] = v
		}
	}
	if s := optString(o, "process"); s != "" {
		so.Params["x-oss-process"] = s
	}
	if v := get(o, "trafficLimit"); v.Type() == js.TypeNumber || v.Type() == js.TypeString {
		so.Params["x-oss-traffic-limit"] = str(v)
	}
	resp, err := stringMap(o, "response")
	if err != nil {
		return so, err
	}
	for k, v := range resp {
		so.Params["response-"+strings.ToLower(k)] = v
	}
	sub, err := stringMap(o, "subResource")
	if err != nil {
		return so, err
	}
	for k, v := range sub {
		so.Params[k] = v
	}
	if err := signCallback(o, so.Params); err != nil {
		return so, err
	}
	h, err := stringMap(o, "headers")
	for k, v := range h {
		so.Headers[k] = v
	}
	return so, err
}

// signCallback puts ali-oss's callback option into the signed query
// (callback, callback-var), as _signatureForURL does.
func signCallback(o js.Value, params map[string]string) error {
	cb := get(o, "callback")
	if !isObject(cb) {
		return nil
	}
	h := map[string]string{}
	if err := callbackHeaders(o, h); err != nil {
		return err
	}
	for k, v := range h {
		switch strings.ToLower(k) {
		case "x-oss-callback":
			params["callback"] = v
		case "x-oss-callback-var":
			params["callback-var"] = v
		}
	}
	return nil
}

// credsNow are the credentials to sign with without waiting: the cached
// ones, else those given in the options.
func (c *Client) credsNow() (credentials.Credentials, error) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if cr, err := c.creds.Get(ctx); err == nil {
		return cr, nil
	}
	if c.given {
		return credentials.Credentials{AccessKeyID: c.cfg.AccessKeyID, AccessKeySecret: c.cfg.AccessKeySecret, SecurityToken: c.cfg.STSToken}, nil
	}
	return credentials.Credentials{}, &upload.Error{Code: "CredentialsNotReady", Message: "signatureUrl is synchronous and this client's credentials are not fetched yet: await any call first (e.g. client.info()) or use asyncSignatureUrl."}
}

// checkSignable is ali-oss's first two checks in signatureUrl and
// asyncSignatureUrl: no URL for an IP endpoint, and (strict, the default)
// no name starting with '?'.
func (c *Client) checkSignable(a []js.Value) error {
	c.mu.Lock()
	ep := c.endpoint
	c.mu.Unlock()
	if u, err := url.Parse(ep); err == nil && net.ParseIP(u.Hostname()) != nil {
		return &upload.Error{Code: upload.CodeInvalidArgument, Message: "can not get the object URL when endpoint is IP"}
	}
	strict := true
	if len(a) > 2 && a[2].Type() == js.TypeBoolean {
		strict = a[2].Bool()
	}
	if strict && len(a) > 0 && a[0].Type() == js.TypeString && strings.HasPrefix(a[0].String(), "?") {
		return &upload.Error{Code: upload.CodeInvalidArgument, Message: "Invalid object name " + a[0].String()}
	}
	return nil
}

func (c *Client) sign(a []js.Value, cr credentials.Credentials) (string, error) {
	name, err := nameArg(a, "signatureUrl")
	if err != nil {
		return "", err
	}
	so, err := decodeSignOptions(arg(a[1:]), false)
	if err != nil {
		return "", err
	}
	api, _, err := c.engine()
	if err != nil {
		return "", err
	}
	return api.SignURL(cr, name, so)
}

// SignatureURL is ali-oss's synchronous signatureUrl(name, options,
// strictObjectNameValidation) (V1).
func (c *Client) SignatureURL(a []js.Value) (any, error) {
	if err := c.checkSignable(a); err != nil {
		return nil, err
	}
	cr, err := c.credsNow()
	if err != nil {
		return nil, err
	}
	return c.sign(a, cr)
}

// AsyncSignatureURL is ali-oss's asyncSignatureUrl: credentials are
// fetched or refreshed first if needed.
func (c *Client) AsyncSignatureURL(ctx context.Context, a []js.Value) (any, error) {
	if err := c.checkSignable(a); err != nil {
		return nil, err
	}
	cr, err := c.creds.Get(ctx)
	if err != nil {
		return nil, err
	}
	return c.sign(a, cr)
}

// SignatureURLV4 is ali-oss's signatureUrlV4(method, expires, request,
// objectName, additionalHeaders).
func (c *Client) SignatureURLV4(ctx context.Context, a []js.Value) (any, error) {
	if len(a) < 4 || a[0].Type() != js.TypeString || a[3].Type() != js.TypeString {
		return nil, invalid("signatureUrlV4(method, expires, request, objectName): method and objectName must be strings.")
	}
	so := ossapi.SignOptions{Method: strings.ToUpper(a[0].String()), V4: true, Params: map[string]string{}, Headers: map[string]string{}}
	if a[1].Type() == js.TypeNumber {
		so.Expires = int64(a[1].Float())
	}
	if req := a[2]; isObject(req) {
		if h, _ := stringMap(req, "headers"); h != nil {
			so.Headers = h
		}
		if q, _ := stringMap(req, "queries"); q != nil {
			so.Params = q
		}
	}
	if len(a) > 4 && a[4].Type() == js.TypeObject {
		items, err := arrayItems(a[4], "signatureUrlV4's additionalHeaders")
		if err != nil {
			return nil, err
		}
		for _, h := range items {
			so.AdditionalHeaders = append(so.AdditionalHeaders, str(h))
		}
	}
	if c.bucketName() == "" {
		return nil, invalid("Please ensure that bucketName is passed into getCanonicalRequest.")
	}
	cr, err := c.creds.Get(ctx)
	if err != nil {
		return nil, err
	}
	api, _, err := c.engine()
	if err != nil {
		return nil, err
	}
	return api.SignURL(cr, strings.TrimLeft(a[3].String(), "/"), so)
}
