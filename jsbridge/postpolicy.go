//go:build js && wasm

package jsbridge

import (
	"math"
	"syscall/js"
	"time"

	"github.com/ossupload/ossupload/wasm/ossapi"
)

// SignPostObjectPolicyV4 is ali-oss's synchronous
// signPostObjectPolicyV4(policy, date): the hex V4 signature of a PostObject
// policy (a JSON string or an object) for the form's x-oss-signature.
func (c *Client) SignPostObjectPolicyV4(a []js.Value) (any, error) {
	policy, err := decodePolicy(arg(a))
	if err != nil {
		return nil, err
	}
	var d js.Value
	if len(a) > 1 {
		d = a[1]
	}
	date, err := decodeDate(d)
	if err != nil {
		return nil, err
	}
	cr, err := c.credsNow()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	region := c.region
	c.mu.Unlock()
	return ossapi.SignPostPolicyV4(cr.AccessKeySecret, region, policy, date), nil
}

// decodePolicy is ali-oss's policy2Str: a string is parsed and written
// again by the page's own JSON (so the text signed is what JSON.stringify
// writes, as in ali-oss), an object is stringified.
func decodePolicy(p js.Value) (string, error) {
	json := js.Global().Get("JSON")
	switch {
	case p.Type() == js.TypeString && p.String() != "":
		v, err := invoke(json.Get("parse"), p)
		if err != nil {
			return "", invalid("Policy string is not a valid JSON: %s", jsMessage(err))
		}
		p = v
	case p.Type() != js.TypeObject:
		return "", invalid("policy must be a JSON string or an object.")
	}
	s, err := invoke(json.Get("stringify"), p)
	if err != nil || s.Type() != js.TypeString {
		return "", invalid("the policy cannot be written as JSON: %s", jsMessage(err))
	}
	return s.String(), nil
}

func jsMessage(err error) string {
	if je, ok := err.(*JSError); ok {
		return je.Message
	}
	if err == nil {
		return "JSON.stringify gave no text"
	}
	return err.Error()
}

// decodeDate is a Date (or what new Date() takes: milliseconds, a date
// string) as a Go time.
func decodeDate(d js.Value) (time.Time, error) {
	date := js.Global().Get("Date")
	if d.Type() != js.TypeObject || !d.InstanceOf(date) {
		if d.Type() != js.TypeNumber && d.Type() != js.TypeString {
			return time.Time{}, invalid("date must be a Date.")
		}
		d = date.New(d)
	}
	ms, err := call(d, "getTime")
	if err != nil || ms.Type() != js.TypeNumber || math.IsNaN(ms.Float()) {
		return time.Time{}, invalid("date is an invalid Date.")
	}
	return time.UnixMilli(int64(ms.Float())).UTC(), nil
}
