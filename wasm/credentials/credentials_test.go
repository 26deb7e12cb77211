package credentials_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/upload"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newCache(clk *clock, ttl time.Duration, gate chan struct{}, fail *atomic.Bool) (*credentials.Cache, *atomic.Int32) {
	return newCacheN(clk, ttl, gate, fail)
}

func newCacheN(clk *clock, ttl time.Duration, gate chan struct{}, fail *atomic.Bool) (*credentials.Cache, *atomic.Int32) {
	var n atomic.Int32
	return credentials.NewCache(func(ctx context.Context) (credentials.Credentials, error) {
		i := n.Add(1)
		if gate != nil {
			<-gate
		}
		if fail != nil && fail.Load() {
			return credentials.Credentials{}, errors.New("broker down")
		}
		return credentials.Credentials{AccessKeyID: fmt.Sprint("STS.", i), AccessKeySecret: "s", SecurityToken: fmt.Sprint("tok", i), Expiration: clk.now().Add(ttl)}, nil
	}, credentials.Options{Now: clk.now}), &n
}

func TestSingleFlight(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	gate := make(chan struct{})
	c, n := newCache(clk, time.Hour, gate, nil)
	var wg sync.WaitGroup
	got := make([]credentials.Credentials, 50)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			got[i], err = c.Get(context.Background())
			assert.NoError(t, err)
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(gate)
	wg.Wait()
	assert.Equal(t, int32(1), n.Load(), "one fetch for 50 concurrent callers")
	for _, g := range got {
		assert.Equal(t, "STS.1", g.AccessKeyID)
	}
}

func TestRefreshSchedule(t *testing.T) {
	for _, tc := range []struct {
		after     time.Duration
		wantFetch int
		wantNew   bool // Get already returns the new credentials
	}{
		{0, 1, false}, {47 * time.Minute, 1, false},
		{48*time.Minute + time.Second, 2, false},   // still valid: old ones now, refresh in the background
		{59*time.Minute + 30*time.Second, 2, true}, // under a minute left: wait for the new ones
		{2 * time.Hour, 2, true},
	} {
		t.Run(tc.after.String(), func(t *testing.T) {
			clk := &clock{t: time.Unix(1e9, 0)}
			c, n := newCache(clk, time.Hour, nil, nil)
			first, err := c.Get(context.Background())
			require.NoError(t, err)
			clk.add(tc.after)
			got, err := c.Get(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.wantFetch, c.Fetches())
			assert.Equal(t, tc.wantNew, got != first)
			_ = n
		})
	}
}

func TestInvalidateOnlyCurrent(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	c, n := newCache(clk, time.Hour, nil, nil)
	old, _ := c.Get(context.Background())
	// Ten parts fail with the same credentials: one refresh.
	for range 10 {
		c.Invalidate(old)
	}
	cur, _ := c.Get(context.Background())
	assert.Equal(t, "STS.2", cur.AccessKeyID)
	c.Invalidate(old) // stale: the new credentials stay
	again, _ := c.Get(context.Background())
	assert.Equal(t, cur, again)
	assert.Equal(t, int32(2), n.Load())
}

func TestFetchFailure(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	var fail atomic.Bool
	c, _ := newCache(clk, time.Hour, nil, &fail)
	first, err := c.Get(context.Background())
	require.NoError(t, err)
	fail.Store(true)
	clk.add(59*time.Minute + 30*time.Second)
	got, err := c.Get(context.Background())
	require.NoError(t, err, "a failed late refresh keeps still-valid credentials")
	assert.Equal(t, first, got)
	clk.add(time.Minute)
	_, err = c.Get(context.Background())
	assert.ErrorContains(t, err, "broker down", "expired credentials are not handed out")
}

func TestWaiterCanceled(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	gate := make(chan struct{})
	c, _ := newCache(clk, time.Hour, gate, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Get(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	close(gate)
	_, err = c.Get(context.Background())
	assert.NoError(t, err, "the shared fetch was not canceled with one caller")
}

// A refresh that names another identity than the first credentials is
// refused with IdentityChanged; the old credentials serve while valid.
func TestIdentityChanged(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	scope := "demo/uploads/a/"
	c := credentials.NewCache(func(context.Context) (credentials.Credentials, error) {
		mu.Lock()
		defer mu.Unlock()
		return credentials.Credentials{AccessKeyID: "id", AccessKeySecret: "s", Expiration: now.Add(time.Hour), Scope: scope}, nil
	}, credentials.Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	first, err := c.Get(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "demo/uploads/a/", c.Scope())
	mu.Lock()
	scope = "demo/uploads/b/"
	mu.Unlock()
	c.Invalidate(first)
	_, err = c.Get(context.Background())
	assert.Equal(t, upload.CodeIdentityChanged, upload.CodeOf(err), "%v", err)
}
