//go:build js && wasm

package jsbridge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/checkpoint/idbstore"
	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/upload"
)

// StaleAfter is how old an unfinished upload may get before
// resumableUploads aborts it on the server and forgets it.
const StaleAfter = upload.StaleAfter

// handleStore is a journal that can keep a FileSystemFileHandle with a
// record (idbstore); the handle is a js.Value, so the capability lives here.
type handleStore interface {
	PutHandle(ctx context.Context, id string, handle js.Value) error
	Handle(ctx context.Context, id string) (js.Value, error)
}

// Client is one `new OSS(options)`.
type Client struct {
	cfg   ClientOptions
	opts  js.Value // the options object as given (journalScope, stsHeaders...)
	creds *credentials.Cache
	// given: the credentials are in the options, so signing needs no
	// JavaScript (the synchronous signatureUrl works before any await).
	given bool

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
	cancels  map[int]tracked
	nextID   int
	sender   ossapi.Sender // XMLHttpRequest, with ali-oss's header encoding
}

type tracked struct {
	cancel  context.CancelCauseFunc
	name    string // the object a multipartUpload works on, for cancel({name})
	upload  string // its upload ID once known
	uploads bool   // a multipartUpload (what cancel() stops)
}

var warned sync.Map

// warnOnce says on the console, once per page, that an option is not honoured.
func warnOnce(key, msg string) {
	if _, dup := warned.LoadOrStore(key, true); !dup {
		js.Global().Get("console").Call("warn", "ossupload: "+msg)
	}
}

// NewClient validates options (ali-oss's names and defaults) and returns a
// client whose network setup happens on first use.
func NewClient(o js.Value) (*Client, error) {
	loc := js.Global().Get("location")
	co, err := decodeClientOptions(o, isObject(loc) && optString(loc, "protocol") == "https:")
	if err != nil {
		return nil, err
	}
	for _, k := range co.Ignored {
		warnOnce("option:"+k, fmt.Sprintf("the option %q is not supported by this module and is ignored.", k))
	}
	c := &Client{cfg: co, opts: o, cancels: map[int]tracked{}, sender: headerBytes{next: &Transport{}, utf8Always: optString(o, "headerEncoding") == "latin1"},
		bucket: co.Bucket, region: co.Region, endpoint: co.Endpoint}
	first := credentials.Credentials{AccessKeyID: co.AccessKeyID, AccessKeySecret: co.AccessKeySecret, SecurityToken: co.STSToken}
	switch {
	case co.STSEndpoint != "":
		req, err := stsRequestOptions(o)
		if err != nil {
			return nil, err
		}
		c.creds = credentials.NewCache(c.fetchFromEndpoint(co.STSEndpoint, req), credentials.Options{})
	case !co.Refresh.IsUndefined():
		c.creds = credentials.NewCache(c.fetchFromFunction(co.Refresh, co.RefreshInterval, first), credentials.Options{})
		c.given = first.AccessKeyID != ""
	default:
		c.creds, c.given = credentials.Static(first), true
	}
	if co.STSEndpoint == "" && c.bucket == "" {
		warnOnce("nobucket", "no bucket in the options: call useBucket(name) before object calls.")
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
		p, err := invoke(js.Global().Get("fetch"), url, init)
		var resp js.Value
		if err == nil {
			resp, err = Await(ctx, p)
		}
		if err != nil {
			return credentials.Credentials{}, &upload.Error{Code: upload.CodeNetwork, Message: "Cannot reach " + url + " for upload credentials: " + err.Error(), Err: err}
		}
		text, err := Await(ctx, resp.Call("text"))
		if err != nil {
			return credentials.Credentials{}, err
		}
		var body struct {
			AccessKeyID, AccessKeySecret, StsToken, Expiration string
			Region, Bucket, Endpoint, Prefix, Code, Message    string
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
// given in the options are used until the first refresh is due. A throw or
// rejection of the caller's function fails this fetch only.
//
// As ali-oss's stsTokenFreshTime, the first credentials count as fresh from
// the client's creation: once refreshSTSTokenInterval has passed, the first
// call that needs credentials calls refreshSTSToken.
func (c *Client) fetchFromFunction(fn js.Value, interval time.Duration, first credentials.Credentials) credentials.Fetcher {
	var used bool
	var mu sync.Mutex
	born := time.Now()
	return func(ctx context.Context) (credentials.Credentials, error) {
		lifetime := time.Duration(float64(interval) / 0.8)
		mu.Lock()
		if !used && first.AccessKeyID != "" && time.Since(born) < interval {
			used = true
			mu.Unlock()
			first.Expiration = born.Add(lifetime)
			return first, nil
		}
		used = true
		mu.Unlock()
		p, err := invoke(fn)
		var v js.Value
		if err == nil {
			v, err = Await(ctx, p)
		}
		if err != nil {
			return credentials.Credentials{}, &upload.Error{Code: "CredentialsUnavailable", Message: "refreshSTSToken failed: " + err.Error(), Err: err}
		}
		id, secret, token, exp := decodeSTSCredentials(v)
		cr := credentials.Credentials{AccessKeyID: id, AccessKeySecret: secret, SecurityToken: token, Expiration: time.Now().Add(lifetime)}
		if e, err := time.Parse(time.RFC3339, exp); err == nil && e.Before(cr.Expiration) {
			cr.Expiration = e
		}
		if cr.AccessKeyID == "" || cr.AccessKeySecret == "" {
			return credentials.Credentials{}, &upload.Error{Code: "CredentialsUnavailable", Message: "refreshSTSToken must resolve to {accessKeyId, accessKeySecret, stsToken} (or STS's AccessKeyId, AccessKeySecret, SecurityToken)."}
		}
		return cr, nil
	}
}

// newAPI builds the OSS API for the current endpoint and bucket (c.mu held).
func (c *Client) newAPI() (*ossapi.Client, error) {
	return ossapi.New(ossapi.Config{Endpoint: c.endpoint, Bucket: c.bucket, Region: c.region, Creds: c.creds, Sender: c.sender,
		V1: !c.cfg.V4, CNAME: c.cfg.CNAME, Timeout: c.cfg.Timeout, RetryMax: c.cfg.RetryMax})
}

// setup fetches credentials once (learning endpoint and bucket from
// /api/sts) and, when journal is set, opens the journal. Without it, only
// the credentials are checked (the same error as with it).
func (c *Client) setup(ctx context.Context, journal bool) error {
	if !journal {
		_, err := c.creds.Get(ctx)
		return err
	}
	c.initOnce.Do(func() {
		if _, err := c.creds.Get(ctx); err != nil {
			c.initErr = err
			return
		}
		c.journal = "indexeddb"
		st, err := idbstore.Open(ctx, "ossupload")
		c.mu.Lock()
		defer c.mu.Unlock()
		switch {
		case errors.Is(err, idbstore.ErrSlow):
			// Still opening: the journal moves to IndexedDB when it answers.
			js.Global().Get("console").Call("warn", "ossupload: IndexedDB unavailable for now ("+err.Error()+"); uploads keep their journal in memory until it opens.")
			c.store, c.journal = idbstore.Later("ossupload"), "memory"
		case err != nil:
			js.Global().Get("console").Call("warn", "ossupload: IndexedDB unavailable ("+err.Error()+"); uploads will not resume after a reload.")
			c.store, c.journal = checkpoint.NewMemoryStore(), "memory"
		default:
			c.store = st
		}
	})
	if c.initErr != nil {
		// Let the next call try again (for instance once the network is back).
		err := c.initErr
		c.initOnce, c.initErr = sync.Once{}, nil
		return err
	}
	return nil
}

// engine returns the API and uploader for the current bucket.
func (c *Client) engine() (*ossapi.Client, *upload.Uploader, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bucket == "" {
		return nil, nil, invalid("Please create a bucket first: no bucket in the options (useBucket(name) sets one).")
	}
	if c.api == nil {
		api, err := c.newAPI()
		if err != nil {
			return nil, nil, err
		}
		c.api = api
	}
	// The uploader needs the journal, open only once a method that uses it
	// has run setup; until then it stays nil (put needs none).
	if c.up == nil && c.store != nil {
		c.up = c.newUploader()
	}
	return c.api, c.up, nil
}

// UseBucket switches the bucket of later calls (ali-oss's useBucket).
func (c *Client) UseBucket(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bucket, c.api, c.up = name, nil, nil
}

// track registers a call so cancel() can stop it; an AbortSignal given by
// the caller cancels it too. done must be called when the call ends.
func (c *Client) track(t tracked, signal js.Value) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	t.cancel = cancel
	c.mu.Lock()
	id := c.nextID
	c.nextID++
	c.cancels[id] = t
	c.mu.Unlock()
	release := watchSignal(signal, cancel)
	return context.WithValue(ctx, trackKey{}, id), func() {
		release()
		c.mu.Lock()
		delete(c.cancels, id)
		c.mu.Unlock()
		cancel(nil)
	}
}

// markUpload notes that a tracked call is a multipartUpload of name (with
// uploadID once known), which cancel() stops.
func (c *Client) markUpload(ctx context.Context, name, uploadID string) {
	id, _ := ctx.Value(trackKey{}).(int)
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.cancels[id]; ok {
		t.uploads, t.name = true, name
		if uploadID != "" {
			t.upload = uploadID
		}
		c.cancels[id] = t
	}
}

type trackKey struct{}

var errCanceled = &upload.Error{Code: upload.CodeCanceled, Message: "the upload was canceled"}

// Cancel stops this client's multipart uploads (all of them, or the one
// with name/uploadId); journals are kept for resume.
func (c *Client) Cancel(name, uploadID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.cancels {
		if !t.uploads || (name != "" && t.name != name) || (uploadID != "" && t.upload != "" && t.upload != uploadID) {
			continue
		}
		t.cancel(errCanceled)
	}
}

// Info reports where uploads go: {bucket, region, endpoint, prefix, journal}.
func (c *Client) Info(ctx context.Context) (map[string]any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	journal := c.journal
	if p, ok := c.store.(*idbstore.Pending); ok {
		journal = p.Kind()
	}
	return map[string]any{"bucket": c.bucket, "region": c.region, "endpoint": c.endpoint, "prefix": c.prefix, "journal": journal}, nil
}

// watchSignal cancels when an AbortSignal fires; it returns the function that
// stops watching.
func watchSignal(signal js.Value, cancel context.CancelCauseFunc) func() {
	if signal.Type() != js.TypeObject || signal.Get("aborted").Type() != js.TypeBoolean {
		return func() {}
	}
	abort := &upload.Error{Code: upload.CodeCanceled, Message: "aborted by the AbortSignal"}
	if signal.Get("aborted").Bool() {
		cancel(abort)
		return func() {}
	}
	f := js.FuncOf(func(js.Value, []js.Value) any { cancel(abort); return nil })
	signal.Call("addEventListener", "abort", f)
	return func() {
		signal.Call("removeEventListener", "abort", f)
		f.Release()
	}
}
