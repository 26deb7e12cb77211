package ossapi

import (
	"io"
	"net/http"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
)

// Sender sends one signed request and returns the answer, as an
// http.RoundTripper would (the method has another name so that a module
// that never calls a RoundTripper does not link net/http's).
type Sender interface {
	Send(r *http.Request) (*http.Response, error)
}

// send is the SDK's Bucket.Do with the sending done by the client's Sender:
// s builds and signs the request, the Sender sends it, s reads the answer
// (an error for a status other than 2xx). The server's Date is noted for
// clock correction and the exchange recorded for the caller that asked
// (WithExchange).
func (c *Client) send(s *oss.Signer, method, key string, params map[string]any, opts []oss.Option, body io.Reader) (*oss.Response, error) {
	req, err := s.Request(method, key, params, opts, body)
	if err != nil {
		return nil, err
	}
	x, _ := req.Context().Value(exchangeKey{}).(*Exchange)
	if x != nil {
		x.begin(req)
	}
	resp, err := c.sender.Send(req)
	if x != nil {
		x.end(resp)
	}
	if err != nil {
		return nil, err
	}
	c.noteDate(resp)
	return s.Response(resp)
}

// object is send for a request on an object, refusing an empty or invalid
// key as the SDK's object methods do.
func (c *Client) object(s *oss.Signer, method, key string, params map[string]any, opts []oss.Option, body io.Reader) (*oss.Response, error) {
	if err := oss.CheckObjectName(key); err != nil {
		return nil, err
	}
	return c.send(s, method, key, params, opts, body)
}

// noteDate records the server's Date header (when the browser exposes it)
// so a RequestTimeTooSkewed can be corrected.
func (c *Client) noteDate(resp *http.Response) {
	d, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return
	}
	c.dateMu.Lock()
	c.lastServer, c.lastLocal = d, c.cfg.Now()
	c.dateMu.Unlock()
}

// discard reads what is left of a response body and closes it.
func discard(r *oss.Response) {
	if r != nil && r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
}
