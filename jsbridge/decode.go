//go:build js && wasm

package jsbridge

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"path"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/wasm/upload"
)

// The decoders turn caller values into Go values and nothing else: no
// network, no state. Each bad input is an InvalidArgument saying what was
// expected.

// isObject reports whether v can hold properties (an object or a function).
func isObject(v js.Value) bool { return v.Type() == js.TypeObject || v.Type() == js.TypeFunction }

func optString(o js.Value, k string) string {
	if !isObject(o) {
		return ""
	}
	if v := get(o, k); v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

// optFirst is the first of keys that o has as a string (ali-oss's and STS's
// spellings of the same field).
func optFirst(o js.Value, keys ...string) string {
	for _, k := range keys {
		if s := optString(o, k); s != "" {
			return s
		}
	}
	return ""
}

func optBool(o js.Value, k string) (value, ok bool) {
	if !isObject(o) {
		return false, false
	}
	v := get(o, k)
	if v.Type() != js.TypeBoolean {
		return false, false
	}
	return v.Bool(), true
}

func invalid(format string, a ...any) error {
	return &upload.Error{Code: upload.CodeInvalidArgument, Message: fmt.Sprintf(format, a...)}
}

// numberOpt is an integer option; absent gives ok=false.
func numberOpt(o js.Value, k string) (float64, bool, error) {
	if !isObject(o) {
		return 0, false, nil
	}
	v := get(o, k)
	if v.IsUndefined() || v.IsNull() {
		return 0, false, nil
	}
	if v.Type() != js.TypeNumber || math.IsNaN(v.Float()) || v.Float() != math.Trunc(v.Float()) {
		return 0, false, invalid("options.%s must be an integer, got %s.", k, str(v))
	}
	return v.Float(), true, nil
}

// stringMap is an object of strings (meta, headers); values are String()ed
// as ali-oss's header handling does.
func stringMap(o js.Value, k string) (map[string]string, error) {
	if !isObject(o) {
		return nil, nil
	}
	v := get(o, k)
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	if v.Type() != js.TypeObject {
		return nil, invalid("options.%s must be an object of strings.", k)
	}
	return objectStrings(v), nil
}

func objectStrings(v js.Value) map[string]string {
	keys := js.Global().Get("Object").Call("keys", v)
	m := map[string]string{}
	for i := 0; i < keys.Length(); i++ {
		key := keys.Index(i).String()
		if e := get(v, key); !e.IsUndefined() && !e.IsNull() {
			m[key] = str(e)
		}
	}
	return m
}

// ClientOptions are `new OSS(options)` in Go terms, with ali-oss's defaults.
type ClientOptions struct {
	STSEndpoint                  string
	Endpoint, Bucket, Region     string
	AccessKeyID, AccessKeySecret string
	STSToken                     string
	Refresh                      js.Value // refreshSTSToken, or undefined
	RefreshInterval              time.Duration
	V4, CNAME, Secure            bool
	Timeout                      time.Duration
	RetryMax                     int
	// Ignored are the options given that the module does not honour.
	Ignored []string
}

// honoured are the options ClientOptions carries; known are ali-oss options
// that make no difference here (decided per option, so nothing is dropped
// silently: everything else given is reported in Ignored).
var (
	honoured = map[string]bool{"stsEndpoint": true, "endpoint": true, "bucket": true, "region": true, "accessKeyId": true, "accessKeySecret": true,
		"stsToken": true, "refreshSTSToken": true, "refreshSTSTokenInterval": true, "authorizationV4": true, "cname": true, "secure": true,
		"timeout": true, "retryMax": true, "inited": true, "journalScope": true, "stsCredentials": true, "stsHeaders": true}
	harmless = map[string]bool{"useFetch": true, "headerEncoding": true}
)

// decodeClientOptions validates `new OSS(options)` and fills ali-oss's
// defaults: region oss-cn-hangzhou, secure when the page is https, V1
// signing unless authorizationV4, a 60 s timeout, refresh every 5 minutes.
// Our own stsEndpoint mode signs V4, as it always has.
func decodeClientOptions(o js.Value, pageHTTPS bool) (ClientOptions, error) {
	if o.Type() != js.TypeObject {
		return ClientOptions{}, invalid("new OSS(options): options must be an object with stsEndpoint, or region, bucket and credentials.")
	}
	co := ClientOptions{
		STSEndpoint: optString(o, "stsEndpoint"), Bucket: optString(o, "bucket"),
		Region:      strings.TrimPrefix(optString(o, "region"), "oss-"),
		AccessKeyID: strings.TrimSpace(optString(o, "accessKeyId")), AccessKeySecret: strings.TrimSpace(optString(o, "accessKeySecret")),
		STSToken: optString(o, "stsToken"), Refresh: get(o, "refreshSTSToken"),
		RefreshInterval: 5 * time.Minute, Secure: pageHTTPS, Timeout: 60 * time.Second,
	}
	if co.Refresh.Type() != js.TypeFunction {
		co.Refresh = js.Undefined()
	}
	if co.Region == "" {
		co.Region = "cn-hangzhou"
	}
	if v, ok := optBool(o, "secure"); ok {
		co.Secure = v
	}
	co.V4, _ = optBool(o, "authorizationV4")
	co.CNAME, _ = optBool(o, "cname")
	if co.STSEndpoint != "" {
		co.V4 = true
	}
	if err := decodeDurations(o, &co); err != nil {
		return co, err
	}
	ep, err := endpointURL(optString(o, "endpoint"), co.Region, co.Secure)
	if err != nil {
		return co, err
	}
	co.Endpoint = ep
	if co.STSEndpoint == "" && co.Refresh.IsUndefined() && (co.AccessKeyID == "" || co.AccessKeySecret == "") {
		return co, invalid("new OSS(options): give stsEndpoint (e.g. '/api/sts'), refreshSTSToken, or accessKeyId, accessKeySecret and stsToken.")
	}
	co.Ignored = ignoredOptions(o)
	return co, nil
}

func decodeDurations(o js.Value, co *ClientOptions) error {
	if v := get(o, "refreshSTSTokenInterval"); v.Type() == js.TypeNumber && v.Float() > 0 {
		co.RefreshInterval = time.Duration(v.Float()) * time.Millisecond
	}
	if v := get(o, "timeout"); !v.IsUndefined() && !v.IsNull() {
		d, err := humanDuration(v)
		if err != nil {
			return invalid("options.timeout must be milliseconds or a duration such as '60s', got %s.", str(v))
		}
		co.Timeout = d
	}
	if v, ok, err := numberOpt(o, "retryMax"); err != nil {
		return err
	} else if ok {
		if v < 0 || v > 100 {
			return invalid("options.retryMax must be between 0 and 100, got %v.", v)
		}
		co.RetryMax = int(v)
	}
	return nil
}

// humanDuration reads ali-oss's timeout: milliseconds, or humanize-ms's
// strings ('60s', '2m', '500ms', '1h').
func humanDuration(v js.Value) (time.Duration, error) {
	if v.Type() == js.TypeNumber && v.Float() >= 0 {
		return time.Duration(v.Float() * float64(time.Millisecond)), nil
	}
	if v.Type() != js.TypeString {
		return 0, invalid("not a duration")
	}
	s := strings.TrimSpace(v.String())
	if n, err := strconv.ParseFloat(s, 64); err == nil && n >= 0 {
		return time.Duration(n * float64(time.Millisecond)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, invalid("not a duration")
	}
	return d, nil
}

// endpointURL is ali-oss's endpoint: the given one with http(s):// added per
// secure, or oss-<region>.aliyuncs.com.
func endpointURL(endpoint, region string, secure bool) (string, error) {
	scheme := "http://"
	if secure {
		scheme = "https://"
	}
	if endpoint == "" {
		return scheme + "oss-" + region + ".aliyuncs.com", nil
	}
	if !strings.Contains(endpoint, "://") {
		endpoint = scheme + endpoint
	}
	if !strings.HasPrefix(endpoint, "http://") && !strings.HasPrefix(endpoint, "https://") {
		return "", invalid("Endpoint protocol must be http or https.")
	}
	return strings.TrimRight(endpoint, "/"), nil
}

func ignoredOptions(o js.Value) []string {
	keys := js.Global().Get("Object").Call("keys", o)
	var out []string
	for i := 0; i < keys.Length(); i++ {
		k := keys.Index(i).String()
		if v := get(o, k); honoured[k] || harmless[k] || v.IsUndefined() || v.IsNull() || (v.Type() == js.TypeBoolean && !v.Bool()) {
			continue
		}
		out = append(out, k)
	}
	return out
}

// Credentials from refreshSTSToken, in ali-oss's keys or STS's own.
func decodeSTSCredentials(v js.Value) (id, secret, token, expiration string) {
	return optFirst(v, "accessKeyId", "AccessKeyId"), optFirst(v, "accessKeySecret", "AccessKeySecret"),
		optFirst(v, "stsToken", "SecurityToken", "securityToken"), optFirst(v, "expiration", "Expiration")
}

// decodeBody accepts what ali-oss accepts as a Buffer (ArrayBuffer, typed
// arrays, DataView), strings, and Blobs/Files, as a Blob: one body type for
// the direct (zero-copy) transport.
func decodeBody(v js.Value) (js.Value, error) {
	if IsBlob(v) {
		return v, nil
	}
	g := js.Global()
	switch {
	case v.Type() == js.TypeString,
		v.Type() == js.TypeObject && (v.InstanceOf(g.Get("ArrayBuffer")) || g.Get("ArrayBuffer").Call("isView", v).Bool()):
		return g.Get("Blob").New([]any{v}), nil
	}
	return js.Undefined(), invalid("the file must be a File, Blob, ArrayBuffer, typed array or string, got %s.", typeName(v))
}

func typeName(v js.Value) string {
	if v.Type() == js.TypeObject {
		if c := get(v, "constructor"); isObject(c) && c.Get("name").Type() == js.TypeString {
			return c.Get("name").String()
		}
	}
	return v.Type().String()
}

// mimeOf is ali-oss's default Content-Type: options.mime, else the type of
// the File's name extension (the browser's File.type, then Go's table), else
// a Blob's type; a Buffer gets none.
func mimeOf(explicit string, file js.Value) string {
	if explicit != "" {
		return explicit
	}
	if !IsBlob(file) {
		return ""
	}
	t := optString(file, "type")
	if name := optString(file, "name"); name != "" && t == "" {
		t = mime.TypeByExtension(path.Ext(name))
	}
	return t
}

// metaHeaders is ali-oss's _convertMetaToHeaders: meta {k: v} adds x-oss-meta-k.
func metaHeaders(meta, headers map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range headers {
		out[k] = v
	}
	for k, v := range meta {
		out["x-oss-meta-"+k] = v
	}
	return out
}

// callbackHeaders is ali-oss's callback.encodeCallback: options.callback
// {url, host, body, contentType, callbackSNI, customValue} becomes base64
// JSON in x-oss-callback and the custom values in x-oss-callback-var.
func callbackHeaders(o js.Value, headers map[string]string) error {
	cb := js.Undefined()
	if isObject(o) {
		cb = get(o, "callback")
	}
	if cb.IsUndefined() || cb.IsNull() {
		return nil
	}
	if cb.Type() != js.TypeObject || optString(cb, "url") == "" {
		return invalid("options.callback must be an object with url and body.")
	}
	j := map[string]any{"callbackUrl": strings.ReplaceAll(optString(cb, "url"), ",", "%2C"), "callbackBody": optString(cb, "body")}
	if h := optString(cb, "host"); h != "" {
		j["callbackHost"] = h
	}
	if ct := optString(cb, "contentType"); ct != "" {
		j["callbackBodyType"] = ct
	}
	if sni, ok := optBool(cb, "callbackSNI"); ok {
		j["callbackSNI"] = sni
	}
	b, _ := json.Marshal(j)
	headers["x-oss-callback"] = base64.StdEncoding.EncodeToString(b)
	if cv := get(cb, "customValue"); cv.Type() == js.TypeObject {
		vars := map[string]string{}
		for k, v := range objectStrings(cv) {
			vars["x:"+k] = v
		}
		b, _ := json.Marshal(vars)
		headers["x-oss-callback-var"] = base64.StdEncoding.EncodeToString(b)
	}
	return nil
}

// decodeCheckpoint accepts an ali-oss checkpoint ({name, fileSize, partSize,
// uploadId, doneParts}) or one from resumableUploads (which adds fingerprint).
func decodeCheckpoint(v js.Value) (*checkpoint.Record, error) {
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	if v.Type() != js.TypeObject || optString(v, "uploadId") == "" {
		return nil, &upload.Error{Code: upload.CodeCheckpointMismatch, Message: "options.checkpoint must be an object with uploadId, fileSize, partSize and doneParts."}
	}
	rec := &checkpoint.Record{Name: optString(v, "name"), UploadID: optString(v, "uploadId"),
		FileSize: int64Of(get(v, "fileSize")), PartSize: int64Of(get(v, "partSize"))}
	if dp := get(v, "doneParts"); dp.Type() == js.TypeObject {
		items, err := arrayItems(dp, "options.checkpoint.doneParts")
		if err != nil {
			return nil, &upload.Error{Code: upload.CodeCheckpointMismatch, Message: err.Error()}
		}
		for _, p := range items {
			rec.DoneParts = append(rec.DoneParts, decodePart(p))
		}
	}
	if fp := get(v, "fingerprint"); fp.Type() == js.TypeObject {
		rec.Fingerprint = checkpoint.Fingerprint{Name: optString(fp, "name"), Sample: optString(fp, "sample"),
			Size: int64Of(get(fp, "size")), LastModified: int64Of(get(fp, "lastModified"))}
	}
	if rec.PartSize <= 0 || rec.FileSize < 0 {
		return nil, &upload.Error{Code: upload.CodeCheckpointMismatch, Message: "options.checkpoint has no valid partSize/fileSize."}
	}
	return rec, nil
}

// decodePart is {number, etag} (ali-oss) or {PartNumber, ETag} (listParts).
func decodePart(p js.Value) checkpoint.Part {
	if !isObject(p) {
		return checkpoint.Part{}
	}
	num := get(p, "number")
	if num.Type() != js.TypeNumber && num.Type() != js.TypeString {
		num = get(p, "PartNumber")
	}
	n, _ := strconv.Atoi(str(num))
	return checkpoint.Part{Number: n, ETag: optFirst(p, "etag", "ETag"), CRC64: optString(p, "crc64"), Size: int64Of(get(p, "size"))}
}

func int64Of(v js.Value) int64 {
	switch v.Type() {
	case js.TypeNumber:
		return int64(v.Float())
	case js.TypeString:
		n, _ := strconv.ParseInt(v.String(), 10, 64)
		return n
	}
	return 0
}
