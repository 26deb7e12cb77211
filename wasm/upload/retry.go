package upload

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"syscall"
	"time"
)

// RetryPolicy says which failures are retried and how. The sets are data so
// that they can be read, tested and tuned in one place.
type RetryPolicy struct {
	// MaxAttempts per part (and per Initiate/ListParts/Complete), first try included.
	MaxAttempts int
	// BaseDelay and MaxDelay bound exponential backoff with full jitter: before
	// retry n the engine sleeps a uniform random time in [0, min(MaxDelay, BaseDelay*2^(n-1))),
	// so parts that failed together do not retry together.
	BaseDelay, MaxDelay time.Duration
	// StallTimeout restarts a part attempt that sent no byte for this long: a
	// dead connection can take TCP minutes to notice. 0 turns it off. On the
	// DirectSource path the clock starts at the transport's first progress
	// report, so transports should report progress (even sent=0 at start).
	StallTimeout time.Duration
	// RetryableCodes are error codes retried with backoff (besides any 5xx,
	// 429, and transport failures that got no answer).
	RetryableCodes map[string]bool
	// RefreshCodes are credential failures: the transport has already dropped
	// the credentials that failed (one shared refresh), so the part is retried
	// at once, at most MaxRefreshes times per part.
	RefreshCodes map[string]bool
	MaxRefreshes int
}

// DefaultRetryPolicy is used where Config.Retry is nil: 8 attempts with
// backoff from 250 ms to 20 s (about a minute of trying in total, enough to
// ride out a flapping Wi-Fi or an OSS throttle), and a part stalled for 45 s
// restarted.
func DefaultRetryPolicy() *RetryPolicy {
	return &RetryPolicy{
		MaxAttempts:  8,
		BaseDelay:    250 * time.Millisecond,
		MaxDelay:     20 * time.Second,
		StallTimeout: 45 * time.Second,
		RetryableCodes: map[string]bool{
			CodeNetwork: true, CodeTimeout: true, CodeIntegrityMismatch: true,
			CodeRequestTimeTooSkewed: true, // the transport corrected its clock from the server's time
			"InternalError":          true, "ServiceUnavailable": true, "SlowDown": true,
			"RequestTimeout": true, "RequestTimeoutError": true, "TooManyRequests": true,
		},
		RefreshCodes: map[string]bool{"SecurityTokenExpired": true, "InvalidAccessKeyId": true, "InvalidSecurityToken": true},
		MaxRefreshes: 3,
	}
}

// retryable reports whether err is worth another attempt: a listed code, any
// 5xx or 429, or a transport failure that got no answer. Every other coded
// error is a verdict (a refusal, a changed file, a cancel) and is final.
func (p *RetryPolicy) retryable(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return p.RetryableCodes[e.Code] || e.Status >= 500 || e.Status == 429
	}
	return isNetworkError(err)
}

func (p *RetryPolicy) refresh(err error) bool {
	var e *Error
	return errors.As(err, &e) && p.RefreshCodes[e.Code]
}

// backoff returns the full-jitter delay before retry n (n >= 1).
func (p *RetryPolicy) backoff(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}

// isNetworkError recognises failures where no OSS answer arrived.
func isNetworkError(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, context.DeadlineExceeded) ||
		errors.As(err, &ne)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
