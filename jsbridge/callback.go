//go:build js && wasm

package jsbridge

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"syscall/js"

	"github.com/ossupload/ossupload/wasm/ossapi"
)

// callbackOption reads ali-oss's multipartUpload option
// callback: {url, host, body, contentType, callbackSNI, customValue} into the
// x-oss-callback and x-oss-callback-var values OSS expects; nil without one.
func callbackOption(o js.Value) (*ossapi.Callback, error) {
	if o.Type() != js.TypeObject {
		return nil, nil
	}
	v := o.Get("callback")
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	if v.Type() != js.TypeObject {
		return nil, invalid("options.callback must be an object {url, body, host?, contentType?, customValue?}.")
	}
	url, body := optString(v, "url"), optString(v, "body")
	if url == "" || body == "" {
		return nil, invalid("options.callback needs url and body strings.")
	}
	spec := map[string]any{"callbackUrl": url, "callbackBody": body}
	if h := optString(v, "host"); h != "" {
		spec["callbackHost"] = h
	}
	if ct := optString(v, "contentType"); ct != "" {
		spec["callbackBodyType"] = ct
	}
	if sni := v.Get("callbackSNI"); sni.Type() == js.TypeBoolean {
		spec["callbackSNI"] = sni.Bool()
	}
	raw, _ := json.Marshal(spec)
	cb := &ossapi.Callback{Header: base64.StdEncoding.EncodeToString(raw)}
	custom, err := stringMap(v, "customValue")
	if err != nil {
		return nil, invalid("options.callback.customValue must be an object of strings.")
	}
	if len(custom) > 0 {
		vars := map[string]string{}
		for k, val := range custom {
			vars["x:"+strings.ToLower(k)] = val
		}
		raw, _ := json.Marshal(vars)
		cb.Var = base64.StdEncoding.EncodeToString(raw)
	}
	return cb, nil
}

// callbackData is the callback server's JSON answer as a JS value (ali-oss's
// result.data), or undefined.
func callbackData(answer []byte) (v any) {
	if answer == nil {
		return js.Undefined()
	}
	defer func() {
		if recover() != nil {
			v = string(answer) // OSS relays only JSON; if not, the text as it came
		}
	}()
	return js.Global().Get("JSON").Call("parse", string(answer))
}
