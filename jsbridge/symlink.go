//go:build js && wasm

package jsbridge

import (
	"context"
	"net/url"
	"syscall/js"

	"github.com/ossupload/ossupload/wasm/ossapi"
)

// PutSymlink is ali-oss's putSymlink(name, targetName, {meta, headers,
// storageClass, versionId}): {res}.
func (c *Client) PutSymlink(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "putSymlink")
	if err != nil {
		return nil, err
	}
	if len(a) < 2 || a[1].Type() != js.TypeString {
		return nil, invalid("putSymlink(name, targetName): targetName must be a string.")
	}
	target, err := objectName(a[1].String())
	if err != nil {
		return nil, err
	}
	o := arg(a[2:])
	h, err := decodeSymlinkHeaders(o, target)
	if err != nil {
		return nil, err
	}
	r, err := c.do(ctx, ossapi.Request{Method: "PUT", Key: name, Params: symlinkParams(o), Headers: h})
	if err != nil {
		return nil, err
	}
	return map[string]any{"res": encodeRes(*r)}, nil
}

// decodeSymlinkHeaders is putSymlink's headers: options.headers, meta as
// x-oss-meta-*, the storage class and the target, escaped as ali-oss's _escape does.
func decodeSymlinkHeaders(o js.Value, target string) (map[string]string, error) {
	meta, headers, err := metaAndHeaders(o)
	if err != nil {
		return nil, err
	}
	h := metaHeaders(meta, headers)
	h["x-oss-symlink-target"] = escapeKey(target)
	if sc := optString(o, "storageClass"); sc != "" {
		h["x-oss-storage-class"] = sc
	}
	return h, nil
}

func symlinkParams(o js.Value) map[string]any {
	p := map[string]any{"symlink": nil}
	if v := optString(o, "versionId"); v != "" {
		p["versionId"] = v
	}
	return p
}

// GetSymlink is ali-oss's getSymlink(name, {versionId}): {targetName, res}.
// The target is read from x-oss-symlink-target, which the bucket's CORS
// rule must expose.
func (c *Client) GetSymlink(ctx context.Context, a []js.Value) (any, error) {
	name, err := nameArg(a, "getSymlink")
	if err != nil {
		return nil, err
	}
	r, err := c.do(ctx, ossapi.Request{Method: "GET", Key: name, Params: symlinkParams(arg(a[1:]))})
	if err != nil {
		return nil, err
	}
	return map[string]any{"targetName": symlinkTarget(r.Header.Values("X-Oss-Symlink-Target")), "res": encodeRes(*r)}, nil
}

// symlinkTarget is ali-oss's decodeURIComponent of the target header
// (undefined when the header is not exposed).
func symlinkTarget(v []string) any {
	if len(v) == 0 {
		return js.Undefined()
	}
	if t, err := url.PathUnescape(v[0]); err == nil {
		return t
	}
	return v[0]
}
