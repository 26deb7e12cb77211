package ossapi

import (
	"context"
	"strconv"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/wasm/upload"
)

var _ upload.ObjectStater = (*Client)(nil)

// StatObject HEADs the object: its size, CRC64 and ETag. The engine uses it
// to recognise an upload that already completed (a lost journal delete)
// instead of sending the file again; oss:GetObject allows it.
func (c *Client) StatObject(ctx context.Context, key string) (upload.ObjectInfo, error) {
	var info upload.ObjectInfo
	err := c.call(ctx, func(ctx context.Context, s *oss.Signer) error {
		r, err := c.object(s, "HEAD", key, nil, c.common(ctx), nil)
		if err != nil {
			return err
		}
		discard(r)
		h := r.Headers
		n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64)
		if err != nil {
			return &upload.Error{Code: upload.CodeInternal, Message: "HEAD gave no Content-Length", Err: err}
		}
		info = upload.ObjectInfo{Size: n, CRC64: h.Get("X-Oss-Hash-Crc64ecma"), ETag: h.Get("ETag")}
		return nil
	})
	return info, err
}
