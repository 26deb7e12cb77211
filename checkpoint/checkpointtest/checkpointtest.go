// Package checkpointtest is the contract every checkpoint.Store must pass:
// the in-memory store runs it natively and the IndexedDB store in a browser.
package checkpointtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
)

func sample(id string, parts int) *checkpoint.Record {
	r := &checkpoint.Record{ID: id, Name: "uploads/u/" + id, Bucket: "demo", FileSize: 10 << 20, PartSize: 1 << 20, UploadID: "up-" + id,
		Fingerprint: checkpoint.Fingerprint{Name: "f.bin", Size: 10 << 20, LastModified: 1700000000123, Sample: "ab" + id},
		Created:     time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Updated: time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC),
		DoneParts: []checkpoint.Part{}}
	for i := 1; i <= parts; i++ {
		r.DoneParts = append(r.DoneParts, checkpoint.Part{Number: i, ETag: fmt.Sprintf(`"E%d"`, i), Size: 1 << 20, CRC64: fmt.Sprint(uint64(1)<<63 + uint64(i))})
	}
	return r
}

// Run runs the Store contract against fresh stores from newStore.
func Run(t *testing.T, newStore func() checkpoint.Store) {
	ctx := context.Background()
	t.Run("GetMissing", func(t *testing.T) {
		s := newStore()
		_, err := s.Get(ctx, "nope")
		require.Error(t, err)
		assert.True(t, errors.Is(err, checkpoint.ErrNotFound), "Get of a missing ID must wrap ErrNotFound, got %v", err)
	})
	t.Run("RoundTrip", func(t *testing.T) {
		s := newStore()
		want := sample("a", 3)
		require.NoError(t, s.Put(ctx, want))
		got, err := s.Get(ctx, "a")
		require.NoError(t, err)
		assert.Equal(t, want.Fingerprint, got.Fingerprint)
		assert.Equal(t, want.DoneParts, got.DoneParts)
		assert.True(t, want.Created.Equal(got.Created) && want.Updated.Equal(got.Updated))
		got.Created, got.Updated = want.Created, want.Updated
		assert.Equal(t, want, got)
	})
	t.Run("CopiesNotShared", func(t *testing.T) {
		s := newStore()
		r := sample("b", 1)
		require.NoError(t, s.Put(ctx, r))
		r.DoneParts[0].ETag = "changed after Put"
		got, err := s.Get(ctx, "b")
		require.NoError(t, err)
		assert.Equal(t, `"E1"`, got.DoneParts[0].ETag)
		got.DoneParts[0].ETag = "changed after Get"
		again, _ := s.Get(ctx, "b")
		assert.Equal(t, `"E1"`, again.DoneParts[0].ETag)
	})
	t.Run("Replace", func(t *testing.T) {
		s := newStore()
		require.NoError(t, s.Put(ctx, sample("c", 1)))
		require.NoError(t, s.Put(ctx, sample("c", 5)))
		got, err := s.Get(ctx, "c")
		require.NoError(t, err)
		assert.Len(t, got.DoneParts, 5)
		all, err := s.List(ctx)
		require.NoError(t, err)
		assert.Len(t, all, 1)
	})
	t.Run("DeleteAndList", func(t *testing.T) {
		s := newStore()
		for _, id := range []string{"x", "y", "z"} {
			require.NoError(t, s.Put(ctx, sample(id, 2)))
		}
		require.NoError(t, s.Delete(ctx, "y"))
		require.NoError(t, s.Delete(ctx, "never-existed"), "deleting a missing ID is not an error")
		_, err := s.Get(ctx, "y")
		assert.ErrorIs(t, err, checkpoint.ErrNotFound)
		all, err := s.List(ctx)
		require.NoError(t, err)
		ids := []string{}
		for _, r := range all {
			ids = append(ids, r.ID)
		}
		assert.ElementsMatch(t, []string{"x", "z"}, ids)
	})
	t.Run("EmptyAndUnicode", func(t *testing.T) {
		s := newStore()
		r := sample("u", 0)
		r.Name = "uploads/u/日本語 файл.bin"
		r.Fingerprint.Name = "日本語 файл.bin"
		require.NoError(t, s.Put(ctx, r))
		got, err := s.Get(ctx, "u")
		require.NoError(t, err)
		assert.Equal(t, r.Name, got.Name)
		assert.Empty(t, got.DoneParts)
	})
	t.Run("Concurrent", func(t *testing.T) {
		s := newStore()
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				id := fmt.Sprint("c", i%3)
				for j := range 10 {
					assert.NoError(t, s.Put(ctx, sample(id, j)))
					_, _ = s.Get(ctx, id)
					_, _ = s.List(ctx)
				}
			}()
		}
		wg.Wait()
		all, err := s.List(ctx)
		require.NoError(t, err)
		assert.Len(t, all, 3)
		for _, r := range all {
			assert.Len(t, r.DoneParts, 9, "each writer's last Put holds 9 parts")
		}
	})
	t.Run("AddParts", func(t *testing.T) {
		s := newStore()
		pa, ok := s.(checkpoint.PartAdder)
		if !ok {
			t.Skip("the store rewrites whole records")
		}
		later := time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)
		err := pa.AddParts(ctx, "missing", sample("m", 1).DoneParts, later)
		assert.ErrorIs(t, err, checkpoint.ErrNotFound, "adding to a missing record fails")
		_, err = s.Get(ctx, "missing")
		assert.ErrorIs(t, err, checkpoint.ErrNotFound, "and creates nothing")

		require.NoError(t, s.Put(ctx, sample("p", 2)))
		more := sample("p", 4).DoneParts[1:]
		more[0].ETag = `"replaced"`
		require.NoError(t, pa.AddParts(ctx, "p", more, later))
		got, err := s.Get(ctx, "p")
		require.NoError(t, err)
		require.Len(t, got.DoneParts, 4)
		assert.Equal(t, `"replaced"`, got.DoneParts[1].ETag)
		assert.True(t, got.Updated.Equal(later), "Updated follows the added parts: %v", got.Updated)
		all, err := s.List(ctx)
		require.NoError(t, err)
		require.Len(t, all, 1)
		assert.Len(t, all[0].DoneParts, 4)

		require.NoError(t, s.Put(ctx, sample("p", 1)))
		got, err = s.Get(ctx, "p")
		require.NoError(t, err)
		assert.Len(t, got.DoneParts, 1, "Put replaces the record and its added parts")
		require.NoError(t, pa.AddParts(ctx, "p", more, later))
		require.NoError(t, s.Delete(ctx, "p"))
		require.NoError(t, s.Put(ctx, sample("p", 0)))
		got, err = s.Get(ctx, "p")
		require.NoError(t, err)
		assert.Empty(t, got.DoneParts, "Delete removes the added parts")
	})
	t.Run("CanceledContext", func(t *testing.T) {
		s := newStore()
		c, cancel := context.WithCancel(ctx)
		cancel()
		assert.Error(t, s.Put(c, sample("k", 1)), "a canceled context must not be ignored")
	})
}
