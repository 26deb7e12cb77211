package ossauth

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Policy is a RAM policy document as STS session policies carry it.
type Policy struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one policy statement. Action and Resource accept a string or a list.
type Statement struct {
	Effect   string          `json:"Effect"`
	Action   stringList      `json:"Action"`
	Resource stringList      `json:"Resource"`
	Cond     json.RawMessage `json:"Condition,omitempty"`
}

type stringList []string

func (s *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

// ParsePolicy parses and checks a policy document.
func ParsePolicy(doc string) (*Policy, error) {
	var p Policy
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, err
	}
	for _, st := range p.Statement {
		if st.Effect != "Allow" && st.Effect != "Deny" {
			return nil, &Error{Status: http.StatusBadRequest, Code: "MalformedPolicyDocument", Message: "Effect must be Allow or Deny."}
		}
		if len(st.Action) == 0 || len(st.Resource) == 0 {
			return nil, &Error{Status: http.StatusBadRequest, Code: "MalformedPolicyDocument", Message: "Every statement needs Action and Resource."}
		}
	}
	// Elements this evaluator does not implement would change what a
	// statement covers; ignoring them could widen an Allow or drop a Deny,
	// so such a document is refused instead of guessed at.
	var raw struct{ Statement []map[string]json.RawMessage }
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return nil, err
	}
	for _, st := range raw.Statement {
		for _, k := range []string{"NotAction", "NotResource", "Principal", "NotPrincipal"} {
			if _, ok := st[k]; ok {
				return nil, &Error{Status: http.StatusBadRequest, Code: "MalformedPolicyDocument", Message: k + " is not supported in session policies here; use Action and Resource."}
			}
		}
	}
	return &p, nil
}

// Allows reports whether the policy grants action on resource: an explicit
// Deny wins, and anything not allowed is denied. Statements with conditions
// are not evaluated here: an Allow with a condition is ignored (fails closed)
// and a Deny with one applies (fails closed too).
func (p *Policy) Allows(action, resource string) bool {
	allowed := false
	for _, st := range p.Statement {
		if !matchAny(st.Action, action, true) || !matchAny(st.Resource, resource, false) {
			continue
		}
		if st.Effect == "Deny" {
			return false
		}
		if len(st.Cond) == 0 || string(st.Cond) == "null" {
			allowed = true
		}
	}
	return allowed
}

func matchAny(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if fold {
			if wildcard(strings.ToLower(p), strings.ToLower(s)) {
				return true
			}
		} else if wildcard(p, s) {
			return true
		}
	}
	return false
}

// wildcard matches s against p where * is any run and ? any one byte.
func wildcard(p, s string) bool {
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// Resource is the RAM resource name of bucket/key ("" key: the bucket).
func Resource(bucket, key string) string {
	if key == "" {
		return "acs:oss:*:*:" + bucket
	}
	return "acs:oss:*:*:" + bucket + "/" + key
}

// Authorize checks that the principal may perform action (such as
// "oss:PutObject") on bucket/key. Root may do anything; a token is limited by
// its session policy (a token without one has the role's rights, which the
// embedded role grants in full).
func (p *Principal) Authorize(action, bucket, key string) error {
	if p.Root || p.Claims.Policy == "" {
		return nil
	}
	pol, err := ParsePolicy(p.Claims.Policy)
	if err != nil || !pol.Allows(action, Resource(bucket, key)) {
		return denied("You have no right to access this object because of bucket acl or policy: " + action + " on " + Resource(bucket, key) + " is not allowed by the credentials' policy.")
	}
	return nil
}
