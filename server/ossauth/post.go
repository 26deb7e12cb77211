package ossauth

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// PostPolicy is the decoded policy of a PostObject form: when it expires and
// the conditions every form field must meet.
type PostPolicy struct {
	Expiration time.Time
	conditions []postCondition
	// minSize and maxSize come from content-length-range; maxSize < 0 means no limit.
	minSize, maxSize int64
}

type postCondition struct {
	op    string // eq, starts-with, in, not-in
	field string // lowercase, without "$"
	value string
	list  []string
}

func policyFailed(msg string) *Error {
	return denied("Invalid according to Policy: " + msg)
}

// VerifyPost authenticates a PostObject form (field names lowercased) sent to
// bucket, as OSS does: a V4 form (x-oss-signature-version OSS4-HMAC-SHA256,
// x-oss-credential, x-oss-date, x-oss-signature = hex HMAC-SHA256 of the
// base64 policy under the V4 signing key) or a V1 form (OSSAccessKeyId,
// Signature = base64 HMAC-SHA1 of the base64 policy), with STS credentials
// in x-oss-security-token. The policy must not have expired and every
// condition must hold for the fields; the file size is checked later with
// CheckSize. A form without a policy is anonymous and refused.
func (v *Verifier) VerifyPost(form map[string]string, bucket string) (*Principal, *PostPolicy, error) {
	b64 := form["policy"]
	if b64 == "" {
		return nil, nil, errNoSignature
	}
	var p *Principal
	var err error
	if form["x-oss-signature-version"] != "" {
		p, err = v.verifyPostV4(form, b64)
	} else {
		p, err = v.verifyPostV1(form, b64)
	}
	if err != nil {
		return nil, nil, err
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, nil, invalidArg("The policy is not valid base64.")
	}
	pol, err := parsePostPolicy(raw)
	if err != nil {
		return nil, nil, err
	}
	if !v.cfg.Now().Before(pol.Expiration) {
		return nil, nil, policyFailed("Policy expired.")
	}
	fields := map[string]string{"bucket": bucket}
	for k, val := range form {
		fields[k] = val
	}
	for _, c := range pol.conditions {
		if err := c.check(fields); err != nil {
			return nil, nil, err
		}
	}
	return p, pol, nil
}

func (v *Verifier) verifyPostV4(form map[string]string, b64 string) (*Principal, error) {
	if form["x-oss-signature-version"] != v4Algorithm {
		return nil, invalidArg("x-oss-signature-version must be OSS4-HMAC-SHA256.")
	}
	c, ok := parseCredential(form["x-oss-credential"])
	if !ok {
		return nil, invalidArg("x-oss-credential is invalid.")
	}
	t, err := time.Parse("20060102T150405Z", form["x-oss-date"])
	if err != nil || t.Format("20060102") != c.day {
		return nil, invalidArg("x-oss-date is invalid or does not match the credential's date.")
	}
	secret, p, err := v.credentials(c.ak, form["x-oss-security-token"])
	if err != nil {
		return nil, err
	}
	k := hmacSHA256([]byte("aliyun_v4"+secret), c.day)
	k = hmacSHA256(k, c.region)
	k = hmacSHA256(k, "oss")
	k = hmacSHA256(k, "aliyun_v4_request")
	want := hex.EncodeToString(hmacSHA256(k, b64))
	if !hmac.Equal([]byte(want), []byte(form["x-oss-signature"])) {
		return nil, errBadSig
	}
	return p, nil
}

func (v *Verifier) verifyPostV1(form map[string]string, b64 string) (*Principal, error) {
	ak, sig := form["ossaccesskeyid"], form["signature"]
	if ak == "" || sig == "" {
		return nil, denied("A PostObject form with a policy needs OSSAccessKeyId and Signature, or V4 fields.")
	}
	secret, p, err := v.credentials(ak, form["x-oss-security-token"])
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha1.New, []byte(secret))
	m.Write([]byte(b64))
	if !hmac.Equal([]byte(base64.StdEncoding.EncodeToString(m.Sum(nil))), []byte(sig)) {
		return nil, errBadSig
	}
	return p, nil
}

// parsePostPolicy reads {"expiration": ISO8601, "conditions": [...]} where a
// condition is {"field": "value"} or ["eq"|"starts-with", "$field", "value"],
// ["in"|"not-in", "$field", [values]] or ["content-length-range", min, max].
func parsePostPolicy(raw []byte) (*PostPolicy, error) {
	var doc struct {
		Expiration string            `json:"expiration"`
		Conditions []json.RawMessage `json:"conditions"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, invalidArg("The policy is not valid JSON.")
	}
	exp, err := time.Parse(time.RFC3339Nano, doc.Expiration)
	if err != nil {
		return nil, invalidArg("The policy's expiration is not an ISO 8601 time.")
	}
	pol := &PostPolicy{Expiration: exp, maxSize: -1}
	for _, rc := range doc.Conditions {
		var obj map[string]string
		if json.Unmarshal(rc, &obj) == nil {
			for k, val := range obj {
				pol.conditions = append(pol.conditions, postCondition{op: "eq", field: strings.ToLower(k), value: val})
			}
			continue
		}
		var arr []json.RawMessage
		if json.Unmarshal(rc, &arr) != nil || len(arr) != 3 {
			return nil, invalidArg("A policy condition is neither an object nor a 3-element array.")
		}
		var op string
		json.Unmarshal(arr[0], &op)
		op = strings.ToLower(op)
		if op == "content-length-range" {
			if json.Unmarshal(arr[1], &pol.minSize) != nil || json.Unmarshal(arr[2], &pol.maxSize) != nil {
				return nil, invalidArg("content-length-range needs two integers.")
			}
			continue
		}
		var field string
		if json.Unmarshal(arr[1], &field) != nil || !strings.HasPrefix(field, "$") {
			return nil, invalidArg("A policy condition's field must be a string starting with $.")
		}
		c := postCondition{op: op, field: strings.ToLower(field[1:])}
		switch op {
		case "eq", "starts-with":
			if json.Unmarshal(arr[2], &c.value) != nil {
				return nil, invalidArg(fmt.Sprintf("Condition %s needs a string value.", op))
			}
		case "in", "not-in":
			if json.Unmarshal(arr[2], &c.list) != nil {
				return nil, invalidArg(fmt.Sprintf("Condition %s needs a list of strings.", op))
			}
		default:
			return nil, invalidArg("Unknown policy condition " + op + ".")
		}
		pol.conditions = append(pol.conditions, c)
	}
	return pol, nil
}

func (c postCondition) check(fields map[string]string) error {
	got, ok := fields[c.field]
	fail := policyFailed(fmt.Sprintf("Policy Condition failed: [%q, \"$%s\", %q]", c.op, c.field, c.value))
	switch c.op {
	case "eq":
		if !ok || got != c.value {
			return fail
		}
	case "starts-with":
		if !ok || !strings.HasPrefix(got, c.value) {
			return fail
		}
	case "in":
		if !ok || !containsFold(c.list, got) {
			return fail
		}
	case "not-in":
		if ok && containsFold(c.list, got) {
			return fail
		}
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// CheckSize checks the uploaded file's size against content-length-range.
func (p *PostPolicy) CheckSize(n int64) error {
	if n < p.minSize {
		return &Error{Status: http.StatusBadRequest, Code: "EntityTooSmall", Message: "Your proposed upload is smaller than the minimum allowed by the policy's content-length-range."}
	}
	if p.maxSize >= 0 && n > p.maxSize {
		return &Error{Status: http.StatusBadRequest, Code: "EntityTooLarge", Message: "Your proposed upload exceeds the maximum allowed by the policy's content-length-range."}
	}
	return nil
}
