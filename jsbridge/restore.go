//go:build js && wasm

package jsbridge

import (
	"context"
	"syscall/js"

	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// Restore is ali-oss's restore(name, {type, Days, JobParameters, versionId}): {res}.
func (c *Client) Restore(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "restore")
	if err != nil {
		return nil, err
	}
	r, err := c.do(ctx, ossapi.RestoreRequest(name, decodeRestoreOptions(a[1:])))
	if err != nil {
		return nil, err
	}
	if r.Status != 202 { // ali-oss's successStatuses: [202]
		return nil, &upload.Error{Code: "Unknown", Status: r.Status, RequestID: r.Header.Get("X-Oss-Request-Id"),
			Message: "Unknow error, status: " + itoa(r.Status)}
	}
	return map[string]any{"res": encodeRes(*r)}, nil
}

// decodeRestoreOptions reads restore's options as ali-oss does: no options
// at all mean {type: 'Archive'}; Days and JobParameters go into the XML as
// written (String() of the value).
func decodeRestoreOptions(a []js.Value) ossapi.RestoreOptions {
	o := arg(a)
	if o.IsUndefined() {
		return ossapi.RestoreOptions{Type: "Archive"}
	}
	if !isObject(o) {
		return ossapi.RestoreOptions{}
	}
	out := ossapi.RestoreOptions{Type: optString(o, "type"), VersionID: optString(o, "versionId")}
	if d := get(o, "Days"); js.Global().Get("Boolean").Invoke(d).Bool() {
		out.Days = str(d)
	}
	if j := get(o, "JobParameters"); js.Global().Get("Boolean").Invoke(j).Bool() {
		out.Tier = str(j)
	}
	return out
}

// restoreInfo is a listed object's restoreInfo: undefined, or
// {ongoingRequest, expiryDate (a Date, once a restore is done)}.
func restoreInfo(s string) any {
	info, ok := ossapi.ParseRestoreInfo(s)
	if !ok {
		return js.Undefined()
	}
	out := map[string]any{"ongoingRequest": info.Ongoing}
	if info.ExpiryDate != "" {
		out["expiryDate"] = js.Global().Get("Date").New(info.ExpiryDate)
	}
	return out
}
