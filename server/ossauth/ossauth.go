// Package ossauth verifies OSS request signatures and evaluates STS session
// policies, independently of any client-side signing code.
//
// PLACEHOLDER: the auth helper replaces this file; the API below is the contract.
package ossauth

import (
	"net/http"
	"time"

	"github.com/ossupload/ossupload/server/ststoken"
)

// Config configures a Verifier.
type Config struct {
	RootAccessKeyID     string
	RootAccessKeySecret string
	Tokens              *ststoken.Issuer
	Now                 func() time.Time
	MaxSkew             time.Duration
	MaxTokenAge         time.Duration
}

// Verifier authenticates requests.
type Verifier struct{ cfg Config }

// NewVerifier returns a Verifier for cfg.
func NewVerifier(cfg Config) *Verifier { return &Verifier{cfg: cfg} }

// Principal is who signed a request.
type Principal struct {
	AccessKeyID string
	Root        bool
	Claims      ststoken.Claims
}

// Error is an authentication or authorization failure with its OSS code.
type Error struct {
	Status        int
	Code, Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Verify authenticates r addressed to bucket and key.
func (v *Verifier) Verify(r *http.Request, bucket, key string) (*Principal, error) {
	return &Principal{AccessKeyID: v.cfg.RootAccessKeyID, Root: true}, nil
}

// Authorize checks the session policy for action on bucket/key.
func (p *Principal) Authorize(action, bucket, key string) error { return nil }
