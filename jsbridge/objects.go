//go:build js && wasm

package jsbridge

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"net/url"
	"strings"
	"syscall/js"
	"time"
	"unicode/utf8"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// The object methods of ali-oss's browser client. Each decodes its
// arguments, sends one request through ossapi and encodes ali-oss's result.

// do sends r with the client's current bucket.
func (c *Client) do(ctx context.Context, r ossapi.Request) (*ossapi.Response, error) {
	api, _, err := c.engine()
	if err != nil {
		return nil, err
	}
	return api.Do(ctx, r)
}

// doXML sends r and decodes its XML answer into out; what names the answer
// in the error, for an answer OSS would never send.
func (c *Client) doXML(ctx context.Context, r ossapi.Request, out any, what string) (*ossapi.Response, error) {
	res, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := xml.Unmarshal(res.Body, out); err != nil {
		return nil, &upload.Error{Code: upload.CodeInternal, Message: "unreadable " + what + " answer", Err: err}
	}
	return res, nil
}

func nameArg(a []js.Value, method string) (string, error) {
	if len(a) < 1 || a[0].Type() != js.TypeString {
		return "", invalid("%s(name, ...): name must be a string.", method)
	}
	return objectName(a[0].String())
}

// objectName is ali-oss's _objectName (leading slashes dropped) checked
// against OSS's rules, so a bad key fails before any request.
func objectName(name string) (string, error) {
	name = strings.TrimLeft(name, "/")
	switch {
	case name == "":
		return "", invalid("the object name is empty.")
	case len(name) > 1023:
		return "", invalid("the object name is %d bytes; OSS allows at most 1023.", len(name))
	case !utf8.ValidString(name):
		return "", invalid("the object name is not valid UTF-8.")
	}
	return name, nil
}

// putObject sends a Blob with PUT (or POST for append) straight from the
// Blob, as parts are sent.
func (c *Client) putObject(ctx context.Context, method, name string, blob js.Value, mime string, headers map[string]string, params map[string]any) (*ossapi.Response, error) {
	src, err := NewBlobSource(blob)
	if err != nil {
		return nil, invalid("put: %v", err)
	}
	h := map[string]string{}
	for k, v := range headers {
		h[k] = v
	}
	if mime != "" {
		h["Content-Type"] = mime
	}
	ctx = src.Direct(ctx, 0, src.Size(), nil)
	return c.do(ctx, ossapi.Request{Method: method, Key: name, Params: params, Headers: h, Body: bytes.NewReader(nil)})
}

// Put is ali-oss's put(name, file, {mime, meta, headers, callback}).
func (c *Client) Put(ctx context.Context, a []js.Value) (any, error) {
	return c.put(ctx, a, "PUT", nil)
}

func (c *Client) put(ctx context.Context, a []js.Value, method string, params map[string]any) (map[string]any, error) {
	name, err := nameArg(a, "put")
	if err != nil {
		return nil, err
	}
	if len(a) < 2 {
		return nil, invalid("put(name, file): file is required.")
	}
	blob, err := decodeBody(a[1])
	if err != nil {
		return nil, err
	}
	o := arg(a[2:])
	headers, err := decodeHeaders(o)
	if err != nil {
		return nil, err
	}
	r, err := c.putObject(ctx, method, name, blob, mimeOf(optString(o, "mime"), a[1]), headers, params)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"name": name, "url": c.objectURL(name), "res": encodeRes(*r)}
	if _, ok := headers["x-oss-callback"]; ok {
		out["data"] = jsonValue(r.Body)
	}
	return out, nil
}

// Append is ali-oss's append(name, file, {position}).
func (c *Client) Append(ctx context.Context, a []js.Value) (any, error) {
	pos := "0"
	if o := arg(a[2:]); isObject(o) {
		if p := get(o, "position"); p.Type() == js.TypeNumber || p.Type() == js.TypeString {
			pos = str(p)
		}
	}
	out, err := c.put(ctx, a, "POST", map[string]any{"append": nil, "position": pos})
	if err != nil {
		return nil, err
	}
	out["nextAppendPosition"] = out["res"].(map[string]any)["headers"].(map[string]any)["x-oss-next-append-position"]
	return out, nil
}

// Head is ali-oss's head(name): {status, meta, res}.
func (c *Client) Head(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "head")
	if err != nil {
		return nil, err
	}
	h, err := decodeHeaders(arg(a[1:]))
	if err != nil {
		return nil, err
	}
	r, err := c.do(ctx, ossapi.Request{Method: "HEAD", Key: name, Headers: h, Params: versionParam(arg(a[1:]))})
	if err != nil {
		return nil, headError(err)
	}
	meta := map[string]any{}
	for k, v := range r.Header {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-oss-meta-") && len(v) > 0 {
			meta[strings.TrimPrefix(lk, "x-oss-meta-")] = v[0]
		}
	}
	return map[string]any{"status": r.Status, "meta": meta, "res": encodeRes(*r)}, nil
}

// headError gives a HEAD's body-less 404 ali-oss's code and message.
func headError(err error) error {
	var ue *upload.Error
	if errors.As(err, &ue) && ue.Status == 404 && (ue.Code == "" || ue.Code == "UnexpectedStatus") {
		return &upload.Error{Code: "NoSuchKey", Message: "Object not exists", Status: 404, RequestID: ue.RequestID, Err: err}
	}
	return err
}

func versionParam(o js.Value) map[string]any {
	if v := optString(o, "versionId"); v != "" {
		return map[string]any{"versionId": v}
	}
	return nil
}

// GetObjectMeta is ali-oss's getObjectMeta(name): {status, res}.
func (c *Client) GetObjectMeta(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "getObjectMeta")
	if err != nil {
		return nil, err
	}
	p := versionParam(arg(a[1:]))
	if p == nil {
		p = map[string]any{}
	}
	p["objectMeta"] = nil
	r, err := c.do(ctx, ossapi.Request{Method: "HEAD", Key: name, Params: p})
	if err != nil {
		return nil, headError(err)
	}
	return map[string]any{"status": r.Status, "res": encodeRes(*r)}, nil
}

// Get is ali-oss's get(name, options): {content, res}, content as a Blob.
func (c *Client) Get(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "get")
	if err != nil {
		return nil, err
	}
	h, params, err := decodeGetOptions(a)
	if err != nil {
		return nil, err
	}
	r, err := c.do(ctx, ossapi.Request{Method: "GET", Key: name, Headers: h, Params: params})
	if err != nil {
		return nil, err
	}
	return map[string]any{"content": bytesToBlob(r.Body, r.Header.Get("Content-Type")), "res": encodeRes(*r)}, nil
}

// decodeGetOptions reads get(name, [file], options) as ali-oss does: the
// second argument is the options when it is a plain object, else the third
// is (a file path or stream has no meaning in a browser). In a browser
// ali-oss asks for response-cache-control=no-cache unless
// responseCacheControl is null; subres, versionId and process are sub-resources.
func decodeGetOptions(a []js.Value) (map[string]string, map[string]any, error) {
	o := js.Undefined()
	if len(a) > 2 {
		o = a[2]
	}
	if len(a) > 1 && isPlainObject(a[1]) {
		o = a[1]
	}
	h, err := stringMap(o, "headers")
	if err != nil {
		return nil, nil, err
	}
	params := map[string]any{}
	if !isObject(o) || !get(o, "responseCacheControl").IsNull() {
		params["response-cache-control"] = "no-cache"
	}
	sub, err := stringMap(o, "subres")
	if err != nil {
		return nil, nil, err
	}
	for k, v := range sub {
		params[k] = v
	}
	if v := optString(o, "versionId"); v != "" {
		params["versionId"] = v
	}
	if p := optString(o, "process"); p != "" {
		params["x-oss-process"] = p
	}
	resp, err := stringMap(o, "response")
	for k, v := range resp {
		params["response-"+k] = v
	}
	return h, params, err
}

// isPlainObject is ali-oss's isObject: Object.prototype.toString gives [object Object].
func isPlainObject(v js.Value) bool {
	return v.Type() == js.TypeObject && js.Global().Get("Object").Get("prototype").Get("toString").Call("call", v).String() == "[object Object]"
}

// Delete is ali-oss's delete(name): {res}.
func (c *Client) Delete(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "delete")
	if err != nil {
		return nil, err
	}
	r, err := c.do(ctx, ossapi.Request{Method: "DELETE", Key: name, Params: versionParam(arg(a[1:]))})
	if err != nil {
		return nil, err
	}
	return map[string]any{"res": encodeRes(*r)}, nil
}

// DeleteMulti is ali-oss's deleteMulti(names, {quiet}): {res, deleted}.
func (c *Client) DeleteMulti(ctx context.Context, a []js.Value) (any, error) {
	var names []js.Value
	if len(a) > 0 {
		names, _ = arrayItems(a[0], "deleteMulti's names")
	}
	if len(names) == 0 {
		return nil, invalid("deleteMulti(names): names must be a non-empty array.")
	}
	type object struct {
		Key       string `xml:"Key"`
		VersionID string `xml:"VersionId,omitempty"`
	}
	var body struct {
		XMLName xml.Name `xml:"Delete"`
		Quiet   bool     `xml:"Quiet"`
		Objects []object `xml:"Object"`
	}
	body.Quiet, _ = optBool(arg(a[1:]), "quiet")
	for _, n := range names {
		if n.Type() == js.TypeString {
			body.Objects = append(body.Objects, object{Key: n.String()})
		} else {
			body.Objects = append(body.Objects, object{Key: optString(n, "key"), VersionID: optString(n, "versionId")})
		}
	}
	x, _ := xml.Marshal(body)
	sum := md5.Sum(x)
	r, err := c.do(ctx, ossapi.Request{Method: "POST", Params: map[string]any{"delete": nil}, Body: bytes.NewReader(x),
		Headers: map[string]string{"Content-MD5": base64.StdEncoding.EncodeToString(sum[:]), "Content-Type": "application/xml"}})
	if err != nil {
		return nil, err
	}
	var res oss.DeleteObjectVersionsResult
	_ = xml.Unmarshal(r.Body, &res)
	deleted := []any{}
	for _, d := range res.DeletedObjectsDetail {
		deleted = append(deleted, map[string]any{"Key": d.Key})
	}
	return map[string]any{"res": encodeRes(*r), "deleted": deleted}, nil
}

// queryParams is a list query ({prefix, marker, 'max-keys', delimiter...}) as request parameters.
func queryParams(o js.Value) map[string]any {
	p := map[string]any{}
	if o.Type() == js.TypeObject {
		for k, v := range objectStrings(o) {
			p[k] = v
		}
	}
	return p
}

// List is ali-oss's list(query): {objects, prefixes, nextMarker, isTruncated, res}.
func (c *Client) List(ctx context.Context, a []js.Value) (any, error) {
	var l oss.ListObjectsResult
	r, err := c.doXML(ctx, ossapi.Request{Method: "GET", Params: queryParams(arg(a))}, &l, "ListObjects")
	if err != nil {
		return nil, err
	}
	return map[string]any{"res": encodeRes(*r), "objects": c.encodeObjects(l.Objects, false), "prefixes": prefixes(l.CommonPrefixes),
		"nextMarker": orNull(l.NextMarker), "isTruncated": l.IsTruncated}, nil
}

// ListV2 is ali-oss's listV2(query): {objects, prefixes, isTruncated,
// keyCount, continuationToken, nextContinuationToken, res}.
func (c *Client) ListV2(ctx context.Context, a []js.Value) (any, error) {
	p := queryParams(arg(a))
	if t, ok := p["continuationToken"]; ok {
		p["continuation-token"] = t
		delete(p, "continuationToken")
	}
	p["list-type"] = "2"
	var l struct {
		oss.ListObjectsResultV2
		KeyCount int `xml:"KeyCount"`
	}
	r, err := c.doXML(ctx, ossapi.Request{Method: "GET", Params: p}, &l, "ListObjectsV2")
	if err != nil {
		return nil, err
	}
	return map[string]any{"res": encodeRes(*r), "objects": c.encodeObjects(l.Objects, true), "prefixes": prefixes(l.CommonPrefixes),
		"isTruncated": l.IsTruncated, "keyCount": l.KeyCount, "continuationToken": orNull(l.ContinuationToken),
		"nextContinuationToken": orNull(l.NextContinuationToken)}, nil
}

// encodeObjects is ali-oss's objects of list/listV2; listV2 gives owner
// null unless the listing has one (fetch-owner), as ali-oss does.
func (c *Client) encodeObjects(objs []oss.ObjectProperties, v2 bool) []any {
	out := make([]any, len(objs))
	for i, o := range objs {
		var owner any = map[string]any{"id": o.Owner.ID, "displayName": o.Owner.DisplayName}
		if v2 && o.Owner.ID == "" && o.Owner.DisplayName == "" {
			owner = nil
		}
		out[i] = map[string]any{"name": o.Key, "url": c.objectURL(o.Key), "lastModified": o.LastModified.UTC().Format(time.RFC3339Nano),
			"etag": `"` + strings.Trim(o.ETag, `"`) + `"`, "type": o.Type, "size": o.Size, "storageClass": o.StorageClass,
			"owner": owner, "restoreInfo": restoreInfo(o.RestoreInfo)}
	}
	return out
}

func prefixes(p []string) any {
	if len(p) == 0 {
		return nil
	}
	out := make([]any, len(p))
	for i, s := range p {
		out[i] = s
	}
	return out
}

func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Copy is ali-oss's copy(name, sourceName, [sourceBucket], options): {data: {etag, lastModified}, res}.
func (c *Client) Copy(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "copy")
	if err != nil {
		return nil, err
	}
	if len(a) < 2 || a[1].Type() != js.TypeString {
		return nil, invalid("copy(name, sourceName): sourceName must be a string.")
	}
	source, rest := a[1].String(), a[2:]
	bucket := c.bucketName()
	if len(rest) > 0 && rest[0].Type() == js.TypeString {
		bucket, rest = rest[0].String(), rest[1:]
	}
	return c.copyObject(ctx, name, sourceOf(source, bucket), arg(rest))
}

// sourceOf is ali-oss's _getSourceName: "/bucket/key" with the key encoded.
func sourceOf(source, bucket string) string {
	if strings.HasPrefix(source, "/") {
		if b, k, ok := strings.Cut(source[1:], "/"); ok {
			bucket, source = b, k
		}
	}
	return "/" + bucket + "/" + escapeKey(source)
}

func (c *Client) copyObject(ctx context.Context, name, source string, o js.Value) (any, error) {
	meta, headers, err := metaAndHeaders(o)
	if err != nil {
		return nil, err
	}
	h := metaHeaders(meta, headers)
	if err := callbackHeaders(o, h); err != nil {
		return nil, err
	}
	for k, v := range copyHeaders(headers, meta != nil) {
		h[k] = v
	}
	if v := optString(o, "versionId"); v != "" {
		source += "?versionId=" + v
	}
	h["x-oss-copy-source"] = source
	r, err := c.do(ctx, ossapi.Request{Method: "PUT", Key: name, Headers: h})
	if err != nil {
		return nil, err
	}
	var res oss.CopyObjectResult
	data := any(nil)
	if xml.Unmarshal(r.Body, &res) == nil {
		data = map[string]any{"etag": res.ETag, "lastModified": res.LastModified.UTC().Format(time.RFC3339)}
	}
	return map[string]any{"data": data, "res": encodeRes(*r)}, nil
}

// PutMeta is ali-oss's putMeta(name, meta): a copy onto itself with new meta.
func (c *Client) PutMeta(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "putMeta")
	if err != nil {
		return nil, err
	}
	meta := js.Global().Get("Object").New()
	if len(a) > 1 && a[1].Type() == js.TypeObject {
		meta = a[1]
	}
	return c.copyObject(ctx, name, sourceOf(name, c.bucketName()), js.ValueOf(map[string]any{"meta": meta}))
}

// escapeKey is ali-oss's _escape: encodeURIComponent keeping slashes.
func escapeKey(name string) string {
	return uriComponent.Replace(url.QueryEscape(name))
}

// uriComponent turns url.QueryEscape into encodeURIComponent (which leaves
// !'()* alone and writes a space as %20), keeping slashes.
var uriComponent = strings.NewReplacer("+", "%20", "%2F", "/", "%21", "!", "%27", "'", "%28", "(", "%29", ")", "%2A", "*")

// objectURL is ali-oss's _objectUrl: the object's request URL.
func (c *Client) objectURL(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ep, err := url.Parse(c.endpoint)
	if err != nil {
		return ""
	}
	isIP := ep.Hostname() != "" && (strings.Trim(ep.Hostname(), "0123456789.") == "" || strings.Contains(ep.Hostname(), ":") || ep.Hostname() == "localhost")
	switch {
	case c.cfg.CNAME || c.bucket == "":
		return ep.Scheme + "://" + ep.Host + "/" + escapeKey(name)
	case isIP:
		return ep.Scheme + "://" + ep.Host + "/" + c.bucket + "/" + escapeKey(name)
	}
	return ep.Scheme + "://" + c.bucket + "." + ep.Host + "/" + escapeKey(name)
}

// GetObjectURL is ali-oss's getObjectUrl(name, baseUrl): baseUrl (default
// the endpoint) plus the escaped name.
func (c *Client) GetObjectURL(a []js.Value) (any, error) {
	name, err := nameArg(a, "getObjectUrl")
	if err != nil {
		return nil, err
	}
	base := optBase(a)
	if base == "" {
		c.mu.Lock()
		base = c.endpoint + "/"
		c.mu.Unlock()
	}
	return base + escapeKey(name), nil
}

func optBase(a []js.Value) string {
	if len(a) > 1 && a[1].Type() == js.TypeString && a[1].String() != "" {
		b := a[1].String()
		if !strings.HasSuffix(b, "/") {
			b += "/"
		}
		return b
	}
	return ""
}

// GenerateObjectURL is ali-oss's generateObjectUrl(name, baseUrl): the
// bucket's virtual-hosted URL (or baseUrl) plus the escaped name.
func (c *Client) GenerateObjectURL(a []js.Value) (any, error) {
	name, err := nameArg(a, "generateObjectUrl")
	if err != nil {
		return nil, err
	}
	base := optBase(a)
	if base == "" {
		c.mu.Lock()
		ep, perr := url.Parse(c.endpoint)
		bucket := c.bucket
		c.mu.Unlock()
		if perr != nil {
			return nil, invalid("bad endpoint")
		}
		base = ep.Scheme + "://" + bucket + "." + ep.Host + "/"
	}
	return base + escapeKey(name), nil
}

func (c *Client) useBucket(a []js.Value) (any, error) {
	if len(a) < 1 || a[0].Type() != js.TypeString || a[0].String() == "" {
		return nil, invalid("useBucket(name): name must be a non-empty string.")
	}
	c.UseBucket(a[0].String())
	return nil, nil
}

// cancel is ali-oss's cancel(abort): stop this client's multipart uploads
// (or the one named), and with {name, uploadId} abort that upload too.
func (c *Client) cancel(a []js.Value) (any, error) {
	o := arg(a)
	name, id := optString(o, "name"), optString(o, "uploadId")
	c.Cancel(name, id)
	if name != "" && id != "" {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			// The uploader forgets the upload's journal: open it first.
			if err := c.setup(ctx, true); err != nil {
				return
			}
			if _, up, err := c.engine(); err == nil && up != nil {
				_ = up.Abort(ctx, name, id)
			}
		}()
	}
	return nil, nil
}

func (c *Client) info(ctx context.Context, _ []js.Value) (any, error) { return c.Info(ctx) }
