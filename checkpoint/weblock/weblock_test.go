//go:build js && wasm

package weblock

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
)

func TestWebLocks(t *testing.T) {
	ctx := context.Background()
	l := New()
	_, isWeb := l.(*Locker)
	require.True(t, isWeb, "Chromium has navigator.locks")
	release, err := l.Lock(ctx, "a", false)
	require.NoError(t, err)
	_, err = l.Lock(ctx, "a", false)
	assert.ErrorIs(t, err, checkpoint.ErrLocked, "one writer at a time")
	held, err := l.Held(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"a": true}, held)

	got := make(chan func(), 1)
	go func() {
		r, err := l.Lock(ctx, "a", true)
		assert.NoError(t, err)
		got <- r
	}()
	release()
	select {
	case r := <-got:
		r()
	case <-time.After(10 * time.Second):
		t.Fatal("the waiter never got the lock")
	}
	c, cancel := context.WithCancel(ctx)
	r, err := l.Lock(ctx, "b", false)
	require.NoError(t, err)
	go cancel()
	_, err = l.Lock(c, "b", true)
	assert.ErrorIs(t, err, context.Canceled)
	r()
	r2, err := l.Lock(ctx, "b", false)
	require.NoError(t, err, "a canceled wait leaves the lock free")
	r2()
}
