//go:build js && wasm

package jsbridge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/checkpoint/idbstore"
	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// StaleAfter is how old an unfinished upload may get before
// resumableUploads aborts it on the server and forgets it.
const StaleAfter = upload.StaleAfter

// Client is one `new OSS(options)`.
type Client struct {
	opts  js.Value
	creds *credentials.Cache

	initOnce sync.Once
	initErr  error
	mu       sync.Mutex
	endpoint string
	bucket   string
	region   string
	prefix   string
	api      *ossapi.Client
	up       *upload.Uploader
	store    checkpoint.Store
	journal  string // "indexeddb" or "memory"
	cancels  map[int]context.CancelFunc
	nextID   int
	http     *http.Client
}

func optString(o js.Value, k string) string {
	if o.Type() != js.TypeObject {
		return ""
	}
	v := o.Get(k)
	if v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

func invalid(format string, a ...any) error {
	return &upload.Error{Code: upload.CodeInvalidArgument, Message: fmt.Sprintf(format, a...)}
}

// NewClient validates options (ali-oss's names) and returns a client whose
// network setup happens on first use.
func NewClient(o js.Value) (*Client, error) {
	if o.Type() != js.TypeObject {
		return nil, invalid("new OSS(options): options must be an object with stsEndpoint, or region, bucket and credentials.")
	}
	c := &Client{opts: o, cancels: map[int]context.CancelFunc{}, http: &http.Client{Transport: &Transport{}}}
	c.endpoint, c.bucket, c.region = optString(o, "endpoint"), optString(o, "bucket"), strings.TrimPrefix(optString(o, "region"), "oss-")
	if c.endpoint == "" && c.region != "" {
		scheme := "https://"
		if s := o.Get("secure"); s.Type() == js.TypeBoolean && !s.Bool() {
			scheme = "http://"
		}
		c.endpoint = scheme + "oss-" + c.region + ".aliyuncs.com"
	} else if c.endpoint != "" && !strings.Contains(c.endpoint, "://") {
		c.endpoint = "https://" + c.endpoint
	}
	stsEndpoint, refresh := optString(o, "stsEndpoint"), o.Get("refreshSTSToken")
	switch {
	case stsEndpoint != "":
		req, err := stsRequestOptions(o)
		if err != nil {
			return nil, err
		}
		c.creds = credentials.NewCache(c.fetchFromEndpoint(stsEndpoint, req), credentials.Options{})
	case refresh.Type() == js.TypeFunction:
		interval := 300 * time.Second // ali-oss's default refreshSTSTokenInterval
		if v := o.Get("refreshSTSTokenInterval"); v.Type() == js.TypeNumber && v.Float() > 0 {
			interval = time.Duration(v.Float()) * time.Millisecond
		}
		first := credentials.Credentials{AccessKeyID: optString(o, "accessKeyId"), AccessKeySecret: optString(o, "accessKeySecret"), SecurityToken: optString(o, "stsToken")}
		c.creds = credentials.NewCache(c.fetchFromFunction(refresh, interval, first), credentials.Options{})
	case optString(o, "accessKeyId") != "" && optString(o, "accessKeySecret") != "":
		c.creds = credentials.Static(credentials.Credentials{AccessKeyID: optString(o, "accessKeyId"), AccessKeySecret: optString(o, "accessKeySecret"), SecurityToken: optString(o, "stsToken")})
	default:
		return nil, invalid("new OSS(options): give stsEndpoint (e.g. '/api/sts'), refreshSTSToken, or accessKeyId, accessKeySecret and stsToken.")
	}
	if stsEndpoint == "" && (c.bucket == "" || c.endpoint == "") {
		return nil, invalid("new OSS(options): bucket and region (or endpoint) are required without stsEndpoint.")
	}
	return c, nil
}

// fetchFromEndpoint gets credentials (and where to upload) from our server's /api/sts.
func (c *Client) fetchFromEndpoint(url string, req stsRequest) credentials.Fetcher {
	return func(ctx context.Context) (credentials.Credentials, error) {
		init, err := req.init(ctx)
		if err != nil {
			return credentials.Credentials{}, err
		}
		resp, err := Await(ctx, js.Global().Call("fetch", url, init))
		if err != nil {
			return credentials.Credentials{}, &upload.Error{Code: upload.CodeNetwork, Message: "Cannot reach " + url + " for upload credentials: " + err.Error(), Err: err}
		}
		text, err := Await(ctx, resp.Call("text"))
		if err != nil {
			return credentials.Credentials{}, err
		}
		var body struct {
			AccessKeyID     string `json:"accessKeyId"`
			AccessKeySecret string `json:"accessKeySecret"`
			StsToken        string `json:"stsToken"`
			Expiration      string `json:"expiration"`
			Region          string `json:"region"`
			Bucket          string `json:"bucket"`
			Endpoint        string `json:"endpoint"`
			Prefix          string `json:"prefix"`
			Code            string `json:"code"`
			Message         string `json:"message"`
		}
		status := resp.Get("status").Int()
		if err := json.Unmarshal([]byte(text.String()), &body); err != nil || status != 200 {
			code := body.Code
			if code == "" {
				code = "CredentialsUnavailable"
			}
			msg := body.Message
			if msg == "" {
				msg = fmt.Sprintf("%s answered HTTP %d", url, status)
			}
			return credentials.Credentials{}, &upload.Error{Code: code, Message: "Upload credentials were refused: " + msg, Status: status}
		}
		exp, _ := time.Parse(time.RFC3339, body.Expiration)
		c.mu.Lock()
		if c.prefix == "" || c.prefix == body.Prefix { // another identity is refused by the cache (IdentityChanged)
			c.endpoint, c.bucket, c.region, c.prefix = body.Endpoint, body.Bucket, strings.TrimPrefix(body.Region, "oss-"), body.Prefix
		}
		c.mu.Unlock()
		return credentials.Credentials{AccessKeyID: body.AccessKeyID, AccessKeySecret: body.AccessKeySecret, SecurityToken: body.StsToken, Expiration: exp,
			Scope: body.Bucket + "/" + body.Prefix}, nil
	}
}

// fetchFromFunction calls ali-oss's refreshSTSToken. The first credentials
// given in the options are used until the first refresh is due.
func (c *Client) fetchFromFunction(fn js.Value, interval time.Duration, first credentials.Credentials) credentials.Fetcher {
	var used bool
	var mu sync.Mutex
	return func(ctx context.Context) (credentials.Credentials, error) {
		lifetime := time.Duration(float64(interval) / 0.8)
		mu.Lock()
		if !used && first.AccessKeyID != "" {
			used = true
			mu.Unlock()
			first.Expiration = time.Now().Add(lifetime)
			return first, nil
		}
		used = true
		mu.Unlock()
		v, err := Await(ctx, fn.Invoke())
		if err != nil {
			return credentials.Credentials{}, &upload.Error{Code: "CredentialsUnavailable", Message: "refreshSTSToken failed: " + err.Error(), Err: err}
		}
		cr := credentials.Credentials{AccessKeyID: optString(v, "accessKeyId"), AccessKeySecret: optString(v, "accessKeySecret"), SecurityToken: optString(v, "stsToken"), Expiration: time.Now().Add(lifetime)}
		if e, err := time.Parse(time.RFC3339, optString(v, "expiration")); err == nil {
			cr.Expiration = e
		}
		if cr.AccessKeyID == "" || cr.AccessKeySecret == "" {
			return credentials.Credentials{}, &upload.Error{Code: "CredentialsUnavailable", Message: "refreshSTSToken must resolve to {accessKeyId, accessKeySecret, stsToken}."}
		}
		return cr, nil
	}
}

// setup fetches credentials once (learning endpoint and bucket from
// /api/sts) and builds the API client, uploader and journal.
func (c *Client) setup(ctx context.Context) error {
	c.initOnce.Do(func() {
		if _, err := c.creds.Get(ctx); err != nil {
			c.initErr = err
			return
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		c.api, c.initErr = ossapi.New(ossapi.Config{Endpoint: c.endpoint, Bucket: c.bucket, Region: c.region, Creds: c.creds, HTTPClient: c.http})
		if c.initErr != nil {
			return
		}
		c.journal = "indexeddb"
		st, err := idbstore.Open(ctx, "ossupload")
		if err != nil {
			js.Global().Get("console").Call("warn", "ossupload: IndexedDB unavailable ("+err.Error()+"); uploads will not resume after a reload.")
			c.store, c.journal = checkpoint.NewMemoryStore(), "memory"
		} else {
			c.store = st
		}
		c.up = c.newUploader()
	})
	if c.initErr != nil {
		// Let the next call try again (for instance once the network is back).
		err := c.initErr
		c.initOnce, c.initErr = sync.Once{}, nil
		return err
	}
	return nil
}

func (c *Client) track() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	c.mu.Lock()
	id := c.nextID
	c.nextID++
	c.cancels[id] = cancel
	c.mu.Unlock()
	return ctx, func() {
		c.mu.Lock()
		delete(c.cancels, id)
		c.mu.Unlock()
		cancel()
	}
}

// Cancel stops every upload of this client; journals are kept for resume.
func (c *Client) Cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cancel := range c.cancels {
		cancel()
	}
}

// sdkBucket signs with the current credentials for calls the engine does
// not need (listing uploads, signed URLs).
func (c *Client) sdkBucket(ctx context.Context) (*oss.Bucket, error) {
	cr, err := c.creds.Get(ctx)
	if err != nil {
		return nil, err
	}
	cl, err := oss.New(c.endpoint, cr.AccessKeyID, cr.AccessKeySecret, oss.SecurityToken(cr.SecurityToken), oss.AuthVersion(oss.AuthV4), oss.Region(c.region), oss.HTTPClient(c.http))
	if err != nil {
		return nil, err
	}
	return cl.Bucket(c.bucket)
}

// Info reports where uploads go: {bucket, region, endpoint, prefix, journal}.
func (c *Client) Info(ctx context.Context) (map[string]any, error) {
	if err := c.setup(ctx); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return map[string]any{"bucket": c.bucket, "region": c.region, "endpoint": c.endpoint, "prefix": c.prefix, "journal": c.journal}, nil
}
