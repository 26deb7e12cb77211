// Package ossapi implements upload.API over aliyun-oss-go-sdk.
package ossapi

import (
	"net/http"

	"github.com/ossupload/ossupload/wasm/credentials"
)

// Config configures a Client.
type Config struct {
	Endpoint   string // e.g. https://oss-cn-hangzhou.aliyuncs.com or http://127.0.0.1:9000
	Bucket     string
	Region     string // e.g. cn-hangzhou; required for V4 signing
	Creds      *credentials.Cache
	HTTPClient *http.Client // nil: a default client
}

// Client is an upload.API.
type Client struct{ cfg Config }

// New returns a Client.
func New(cfg Config) (*Client, error) { return &Client{cfg: cfg}, nil }
