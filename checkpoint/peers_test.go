package checkpoint_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
)

func TestMemoryLocker(t *testing.T) {
	ctx := context.Background()
	l := checkpoint.NewMemoryLocker()
	release, err := l.Lock(ctx, "a", false)
	require.NoError(t, err)
	_, err = l.Lock(ctx, "a", false)
	assert.ErrorIs(t, err, checkpoint.ErrLocked)
	held, _ := l.Held(ctx)
	assert.Equal(t, map[string]bool{"a": true}, held)
	c, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	_, err = l.Lock(c, "a", true)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "a wait ends with its context")
	got := make(chan func(), 1)
	go func() {
		r, err := l.Lock(ctx, "a", true)
		assert.NoError(t, err)
		got <- r
	}()
	release()
	release() // idempotent
	(<-got)()
	held, _ = l.Held(ctx)
	assert.Empty(t, held)
}

func TestMemoryBus(t *testing.T) {
	b := checkpoint.NewMemoryBus()
	var n atomic.Int32
	unsub := b.Subscribe(func(id string) {
		if id == "up1" {
			n.Add(1)
		}
	})
	b.Publish("up1")
	unsub()
	b.Publish("up1")
	assert.Equal(t, int32(1), n.Load())
}
