package ossapi

import (
	"github.com/aliyun/aliyun-oss-go-sdk/oss"
)

// Callback is an OSS upload callback carried by an object's
// CompleteMultipartUpload: the base64 values of x-oss-callback and
// x-oss-callback-var (empty when there are no custom variables).
type Callback struct {
	Header, Var string
}

// SetCallback makes the Complete of key carry cb until one succeeds (nil
// clears it). OSS then calls the callback URL and relays its JSON answer,
// which CallbackAnswer returns.
func (c *Client) SetCallback(key string, cb *Callback) {
	if cb == nil {
		c.callbacks.Delete(key)
		return
	}
	c.callbacks.Store(key, *cb)
}

// CallbackAnswer returns, once, the callback server's answer relayed by the
// last successful Complete of key; nil without a callback.
func (c *Client) CallbackAnswer(key string) []byte {
	v, ok := c.answers.LoadAndDelete(key)
	if !ok {
		return nil
	}
	return v.([]byte)
}

// callbackOptions are the SDK options for key's pending callback; the answer lands in *body.
func (c *Client) callbackOptions(key string, body *[]byte) []oss.Option {
	v, ok := c.callbacks.Load(key)
	if !ok {
		return nil
	}
	cb := v.(Callback)
	opts := []oss.Option{oss.Callback(cb.Header), oss.CallbackResult(body)}
	if cb.Var != "" {
		opts = append(opts, oss.CallbackVar(cb.Var))
	}
	return opts
}
