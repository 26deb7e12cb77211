package broker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	sts "github.com/alibabacloud-go/sts-20150401/v2/client"
	"github.com/alibabacloud-go/tea/tea"
)

// Credentials are temporary STS credentials.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	Expiration      time.Time
}

// LogValue keeps the secret and the token out of logs whatever handler is
// used: only the AccessKey ID and the expiry are worth recording.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(slog.String("accessKeyId", c.AccessKeyID), slog.Time("expiration", c.Expiration))
}

// String keeps the secret and token out of %v formatting too.
func (c Credentials) String() string {
	return "Credentials{" + c.AccessKeyID + ", expires " + c.Expiration.UTC().Format(time.RFC3339) + "}"
}

// RefusedError is STS answering with an error (a misconfiguration such as a
// wrong role ARN or key), as opposed to STS being unreachable.
type RefusedError struct {
	Status        int
	Code, Message string
}

// Error names the STS code; the message is STS's own and holds no secret.
func (e *RefusedError) Error() string {
	return fmt.Sprintf("STS refused AssumeRole: %d %s: %s", e.Status, e.Code, e.Message)
}

// AssumeRoler obtains temporary credentials restricted by a session policy.
type AssumeRoler interface {
	AssumeRole(ctx context.Context, sessionName, policy string, duration time.Duration) (Credentials, error)
}

// STSConfig configures the STS client; only Endpoint differs between the
// embedded STS and Alibaba Cloud's.
type STSConfig struct {
	// Endpoint is a URL such as https://sts.cn-hangzhou.aliyuncs.com or http://127.0.0.1:9001.
	Endpoint        string
	AccessKeyID     string
	AccessKeySecret string
	RoleArn         string
	// Timeout bounds each AssumeRole call so an STS outage fails fast.
	Timeout time.Duration
}

// STSClient calls AssumeRole with the official client, github.com/alibabacloud-go/sts-20150401/v2.
type STSClient struct {
	cfg    STSConfig
	client *sts.Client
}

// NewSTSClient builds the client. It signs with the RPC HMAC-SHA1 scheme
// (SignatureAlgorithm "v2" in the SDK), which Alibaba Cloud's STS and the
// embedded one both accept.
func NewSTSClient(cfg STSConfig) (*STSClient, error) {
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("STS endpoint %q: want http(s)://host[:port]", cfg.Endpoint)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	ms := int(cfg.Timeout / time.Millisecond)
	c, err := sts.NewClient(&openapi.Config{
		AccessKeyId:        tea.String(cfg.AccessKeyID),
		AccessKeySecret:    tea.String(cfg.AccessKeySecret),
		Endpoint:           tea.String(u.Host),
		Protocol:           tea.String(u.Scheme),
		SignatureAlgorithm: tea.String("v2"),
		ConnectTimeout:     tea.Int(ms),
		ReadTimeout:        tea.Int(ms),
	})
	if err != nil {
		return nil, err
	}
	return &STSClient{cfg: cfg, client: c}, nil
}

// ErrSTSUnavailable wraps failures to reach STS (as opposed to STS refusing).
var ErrSTSUnavailable = errors.New("STS unavailable")

var urlRE = regexp.MustCompile(`(https?://[^/\s"?]+)[^\s"]*`)

// scrubURLs drops everything after the host from URLs in a transport error:
// the SDK's request URL carries a signed AssumeRole that, had it not reached
// STS, could be replayed from a log within the timestamp window.
func scrubURLs(s string) string { return urlRE.ReplaceAllString(s, "$1/…") }

// AssumeRole implements AssumeRoler.
func (c *STSClient) AssumeRole(ctx context.Context, sessionName, policy string, d time.Duration) (Credentials, error) {
	req := &sts.AssumeRoleRequest{
		RoleArn:         tea.String(c.cfg.RoleArn),
		RoleSessionName: tea.String(sessionName),
		DurationSeconds: tea.Int64(int64(d / time.Second)),
	}
	if policy != "" {
		req.Policy = tea.String(policy)
	}
	type result struct {
		res *sts.AssumeRoleResponse
		err error
	}
	ch := make(chan result, 1)
	go func() {
		res, err := c.client.AssumeRole(req)
		ch <- result{res, err}
	}()
	var r result
	select {
	case r = <-ch:
	case <-ctx.Done():
		return Credentials{}, fmt.Errorf("%w: %v", ErrSTSUnavailable, ctx.Err())
	}
	if r.err != nil {
		var se *tea.SDKError
		if errors.As(r.err, &se) && tea.StringValue(se.Code) != "" && tea.IntValue(se.StatusCode) > 0 {
			return Credentials{}, &RefusedError{tea.IntValue(se.StatusCode), tea.StringValue(se.Code), tea.StringValue(se.Message)}
		}
		return Credentials{}, fmt.Errorf("%w: %s", ErrSTSUnavailable, scrubURLs(r.err.Error()))
	}
	if r.res == nil || r.res.Body == nil || r.res.Body.Credentials == nil {
		return Credentials{}, fmt.Errorf("%w: empty AssumeRole response", ErrSTSUnavailable)
	}
	cr := r.res.Body.Credentials
	exp, err := time.Parse("2006-01-02T15:04:05Z", tea.StringValue(cr.Expiration))
	if err != nil {
		return Credentials{}, fmt.Errorf("STS returned an unreadable Expiration %q", tea.StringValue(cr.Expiration))
	}
	return Credentials{tea.StringValue(cr.AccessKeyId), tea.StringValue(cr.AccessKeySecret), tea.StringValue(cr.SecurityToken), exp}, nil
}
