// Package credentials caches STS temporary credentials and refreshes them
// before they expire, with one fetch shared by every caller, so that parts in
// flight never stampede the credential broker.
package credentials

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ossupload/ossupload/wasm/upload"
)

// Credentials are one set of (usually temporary) credentials.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	Expiration      time.Time // zero: never expires
	// Scope names the identity the credentials act for (bucket and prefix
	// from /api/sts); empty when unknown. A Cache refuses a refresh whose
	// scope differs from the first one's (IdentityChanged).
	Scope string
}

// Fetcher obtains fresh credentials (for example from the app's /api/sts).
type Fetcher func(ctx context.Context) (Credentials, error)

// Options tune a Cache; the zero value is valid.
type Options struct {
	// RefreshAt is the fraction of a credential's lifetime after which Get
	// fetches new ones (default 0.8): late enough not to waste tokens, early
	// enough that a request signed just before the refresh still has 20% of the
	// lifetime (12 minutes of an hour) to complete.
	RefreshAt float64
	// FetchTimeout bounds one fetch (default 30s); the fetch is shared, so it
	// must not depend on any one caller's context.
	FetchTimeout time.Duration
	// Now is the clock (default time.Now); for tests.
	Now func() time.Time
}

// Cache hands out credentials, refreshing them at RefreshAt of their
// lifetime. It is safe for concurrent use.
type Cache struct {
	fetch Fetcher
	o     Options

	mu        sync.Mutex
	cur       Credentials
	have      bool
	refreshAt time.Time
	call      *call
	fetches   int
	scope     string // of the first credentials with one
}

type call struct {
	done chan struct{}
	c    Credentials
	err  error
}

// ErrNoFetcher is returned by Get on a Cache without a Fetcher.
var ErrNoFetcher = errors.New("credentials: no fetcher")

// NewCache returns a Cache over f.
func NewCache(f Fetcher, o Options) *Cache {
	if o.RefreshAt <= 0 || o.RefreshAt > 1 {
		o.RefreshAt = 0.8
	}
	if o.FetchTimeout <= 0 {
		o.FetchTimeout = 30 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Cache{fetch: f, o: o}
}

// Static returns a Cache that always hands out c (long-lived keys, tests).
func Static(c Credentials) *Cache {
	return NewCache(func(context.Context) (Credentials, error) { return c, nil }, Options{})
}

// Get returns current credentials. When they reached RefreshAt of their
// lifetime it starts one fetch shared by all callers; while the old ones are
// still valid for more than a minute it returns them at once (parts keep
// flowing while the broker answers), otherwise it waits for the fetch. If a
// refresh fails while the old credentials are still valid, Get returns them
// and a later Get tries again.
func (c *Cache) Get(ctx context.Context) (Credentials, error) {
	if c.fetch == nil {
		return Credentials{}, ErrNoFetcher
	}
	c.mu.Lock()
	now := c.o.Now()
	if c.have && now.Before(c.refreshAt) {
		cur := c.cur
		c.mu.Unlock()
		return cur, nil
	}
	cl := c.call
	if cl == nil {
		cl = &call{done: make(chan struct{})}
		c.call = cl
		c.fetches++
		go c.run(cl)
	}
	if c.have && c.validFor(now, time.Minute) {
		cur := c.cur
		c.mu.Unlock()
		return cur, nil
	}
	c.mu.Unlock()
	select {
	case <-cl.done:
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
	if cl.err != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.have && c.validFor(c.o.Now(), 0) {
			return c.cur, nil
		}
		return Credentials{}, cl.err
	}
	return cl.c, nil
}

// validFor reports whether the current credentials stay valid for d (c.mu held).
func (c *Cache) validFor(now time.Time, d time.Duration) bool {
	return c.cur.Expiration.IsZero() || now.Add(d).Before(c.cur.Expiration)
}

func (c *Cache) run(cl *call) {
	ctx, cancel := context.WithTimeout(context.Background(), c.o.FetchTimeout)
	defer cancel()
	start := c.o.Now()
	cr, err := c.fetch(ctx)
	if err == nil && cr.AccessKeyID == "" {
		err = errors.New("credentials: the fetcher returned no AccessKeyId")
	}
	c.mu.Lock()
	if err == nil && cr.Scope != "" {
		if c.scope == "" {
			c.scope = cr.Scope
		} else if cr.Scope != c.scope {
			// Another identity (a new cookie, a logout): its credentials
			// cannot write where this client's uploads and journals are.
			err = &upload.Error{Code: upload.CodeIdentityChanged, Message: "the credentials now belong to another identity (" + cr.Scope + ", was " + c.scope +
				"); uploads stop with their journals kept. Reload the page to continue as the new identity"}
		}
	}
	if err == nil {
		c.cur, c.have = cr, true
		if cr.Expiration.IsZero() {
			c.refreshAt = start.Add(100 * 365 * 24 * time.Hour)
		} else {
			life := cr.Expiration.Sub(start)
			c.refreshAt = start.Add(time.Duration(float64(life) * c.o.RefreshAt))
		}
	}
	cl.c, cl.err = cr, err
	c.call = nil
	c.mu.Unlock()
	close(cl.done)
}

// Invalidate drops old if it is still the current credentials, so the next
// Get fetches new ones. Callers that saw the same credentials fail all call
// Invalidate(old); only the first has an effect, so a burst of failures costs
// one refresh.
func (c *Cache) Invalidate(old Credentials) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.have && c.cur.AccessKeyID == old.AccessKeyID && c.cur.SecurityToken == old.SecurityToken {
		c.have = false
	}
}

// Fetches returns how many fetches the Cache has started (for tests and diagnostics).
func (c *Cache) Fetches() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fetches
}

// Scope returns the identity the first scoped credentials named ("" before).
func (c *Cache) Scope() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scope
}
