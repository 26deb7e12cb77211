package oss

// This file is the only one added to aliyun-oss-go-sdk v3.0.2 in this copy
// (see ../README.md). Every other file is upstream's, byte for byte.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Signer builds and signs requests exactly as Bucket.Do does, and leaves
// sending them to the caller. A program that sends its requests itself (a
// browser module that sends by XMLHttpRequest) uses it instead of New: New
// always builds an *http.Transport, and Conn sends with an *http.Client, which
// together link Go's whole HTTP client (TLS, x509, HTTP/2) into a program that
// never dials.
type Signer struct {
	bucket Bucket
}

// NewSigner is New followed by Client.Bucket, without the HTTP client.
// Options that only concern sending (HTTPClient, Timeout, proxies, speed
// limits) have no effect; EnableMD5 is refused, since computing Content-MD5
// may need a temporary file that only sending would release.
func NewSigner(endpoint, accessKeyID, accessKeySecret, bucketName string, options ...ClientOption) (*Signer, error) {
	config := getDefaultOssConfig()
	config.Endpoint = endpoint
	config.AccessKeyID = accessKeyID
	config.AccessKeySecret = accessKeySecret
	url := &urlMaker{}
	conn := &Conn{config: config, url: url}
	client := &Client{Config: config, Conn: conn}
	for _, option := range options {
		option(client)
	}
	if err := url.InitExt(config.Endpoint, config.IsCname, config.IsUseProxy, config.IsPathStyle); err != nil {
		return nil, err
	}
	if config.AuthVersion != AuthV1 && config.AuthVersion != AuthV2 && config.AuthVersion != AuthV4 {
		return nil, fmt.Errorf("Init client Error, invalid Auth version: %v", config.AuthVersion)
	}
	if config.IsEnableMD5 {
		return nil, errors.New("oss: NewSigner does not compute Content-MD5; set the header yourself")
	}
	if err := CheckBucketName(bucketName); err != nil {
		return nil, err
	}
	return &Signer{bucket: Bucket{Client: *client, BucketName: bucketName}}, nil
}

// Request returns the signed request that Bucket.Do(method, objectName,
// params, options, data, nil) would send: the same URL, headers (Date, Host,
// User-Agent, x-oss-content-sha256 for V4, the security token, the options'
// headers) and Authorization. Its context is the options' WithContext, if any.
func (s *Signer) Request(method, objectName string, params map[string]interface{}, options []Option, data io.Reader) (*http.Request, error) {
	headers := make(map[string]string)
	if err := handleOptions(headers, options); err != nil {
		return nil, err
	}
	ctxArg, _ := FindOption(options, contextArg, nil)
	ctx, _ := ctxArg.(context.Context)

	conn := s.bucket.Client.Conn
	bucketName := s.bucket.BucketName
	urlParams := conn.getURLParams(params)
	subResource := conn.getSubResource(params)
	uri := conn.url.getURL(bucketName, objectName, urlParams)
	resource := ""
	if conn.config.AuthVersion != AuthV4 {
		resource = conn.getResource(bucketName, objectName, subResource)
	} else {
		resource = conn.getResourceV4(bucketName, objectName, subResource)
	}

	// From here on as Conn.doRequest, up to sending.
	req := &http.Request{
		Method:     strings.ToUpper(method),
		URL:        uri,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     make(http.Header),
		Host:       uri.Host,
	}
	if ctx != nil {
		req = req.WithContext(ctx)
	}
	conn.handleBody(req, data, 0, nil, &readerTracker{})

	req.Header.Set(HTTPHeaderDate, time.Now().UTC().Format(http.TimeFormat))
	req.Header.Set(HTTPHeaderHost, req.Host)
	req.Header.Set(HTTPHeaderUserAgent, conn.config.UserAgent)
	if conn.config.AuthVersion == AuthV4 {
		req.Header.Set(HttpHeaderOssContentSha256, DefaultContentSha256)
	}

	var akIf Credentials
	var err error
	if providerE, ok := conn.config.CredentialsProvider.(CredentialsProviderE); ok {
		if akIf, err = providerE.GetCredentialsE(); err != nil {
			return nil, err
		}
	} else {
		akIf = conn.config.GetCredentials()
	}
	if akIf.GetSecurityToken() != "" {
		req.Header.Set(HTTPHeaderOssSecurityToken, akIf.GetSecurityToken())
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	conn.signHeader(req, resource, akIf)
	return req, nil
}

// Response turns the answer to a request from Request into what Bucket.Do
// returns: a *Response, and a ServiceError (with the response) for a status
// other than 2xx.
func (s *Signer) Response(resp *http.Response) (*Response, error) {
	return s.bucket.Client.Conn.handleResponse(resp, nil)
}

// SignURL is Bucket.SignURL.
func (s *Signer) SignURL(objectKey string, method HTTPMethod, expiredInSec int64, options ...Option) (string, error) {
	return s.bucket.SignURL(objectKey, method, expiredInSec, options...)
}
