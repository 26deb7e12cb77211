//go:build js && wasm

package idbstore

import (
	"context"
	"strconv"
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/checkpoint/checkpointtest"
)

var n int

func fresh(t *testing.T) *Store {
	n++
	s, err := Open(context.Background(), "test-"+strconv.Itoa(n)+"-"+strconv.FormatInt(time.Now().UnixNano(), 10))
	require.NoError(t, err)
	return s
}

func TestContract(t *testing.T) {
	checkpointtest.Run(t, func() checkpoint.Store { return fresh(t) })
}

func TestCorruptRecordIsReported(t *testing.T) {
	ctx := context.Background()
	s := fresh(t)
	require.NoError(t, s.PutRaw(ctx, "bad", js.ValueOf("{not json")))
	_, err := s.Get(ctx, "bad")
	assert.ErrorIs(t, err, ErrCorrupt)
	require.NoError(t, s.PutRaw(ctx, "num", js.ValueOf(42)))
	_, err = s.Get(ctx, "num")
	assert.ErrorIs(t, err, ErrCorrupt)
	recs, err := s.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, recs)
	good := &checkpoint.Record{ID: "good", Name: "k", UploadID: "U"}
	require.NoError(t, s.Put(ctx, good))
	dropped, err := s.DropCorrupt(ctx)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"bad", "num"}, dropped)
	_, err = s.Get(ctx, "bad")
	assert.ErrorIs(t, err, checkpoint.ErrNotFound)
	_, err = s.Get(ctx, "good")
	assert.NoError(t, err)
}

func TestSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	name := "reopen-" + strconv.FormatInt(time.Now().UnixNano(), 10)
	s, err := Open(ctx, name)
	require.NoError(t, err)
	rec := &checkpoint.Record{ID: "id1", Name: "k", UploadID: "U", DoneParts: []checkpoint.Part{{Number: 1, ETag: `"E"`, Size: 5, CRC64: "7"}}}
	require.NoError(t, s.Put(ctx, rec))
	require.NoError(t, s.PutHandle(ctx, "id1", js.ValueOf(map[string]any{"kind": "file"})))
	s2, err := Open(ctx, name)
	require.NoError(t, err)
	got, err := s2.Get(ctx, "id1")
	require.NoError(t, err)
	assert.Equal(t, rec.DoneParts, got.DoneParts)
	h, err := s2.Handle(ctx, "id1")
	require.NoError(t, err)
	assert.Equal(t, "file", h.Get("kind").String())
	require.NoError(t, s2.Delete(ctx, "id1"))
	h, err = s2.Handle(ctx, "id1")
	require.NoError(t, err)
	assert.True(t, h.IsUndefined())
}

// Another tab opening a newer version is not blocked by this tab: the
// connection closes, and writes here fail (the engine then degrades to
// memory) instead of hanging.
func TestVersionChangeCloses(t *testing.T) {
	ctx := context.Background()
	name := "vc-" + strconv.FormatInt(time.Now().UnixNano(), 10)
	s, err := Open(ctx, name)
	require.NoError(t, err)
	done := make(chan string, 2)
	req := js.Global().Get("indexedDB").Call("open", name, version+1)
	req.Set("onsuccess", js.FuncOf(func(js.Value, []js.Value) any { req.Get("result").Call("close"); done <- "opened"; return nil }))
	req.Set("onblocked", js.FuncOf(func(js.Value, []js.Value) any { done <- "blocked"; return nil }))
	select {
	case v := <-done:
		assert.Equal(t, "opened", v)
	case <-time.After(10 * time.Second):
		t.Fatal("the upgrade neither opened nor was blocked")
	}
	assert.Error(t, s.Put(ctx, &checkpoint.Record{ID: "x", UploadID: "U"}))
}

// An open that never completes gives up after OpenTimeout with ErrUnavailable.
func TestOpenTimeout(t *testing.T) {
	idx := js.Global().Get("indexedDB")
	orig := idx.Get("open")
	idx.Set("open", js.FuncOf(func(js.Value, []js.Value) any { return js.Global().Get("EventTarget").New() }))
	defer idx.Set("open", orig)
	_, err := Open(context.Background(), "never")
	assert.ErrorIs(t, err, ErrUnavailable)
}

// A 10,000-part journal (OSS's maximum) written in small batches, as the
// engine's writer does: each write adds only its parts, and the record reads
// back whole.
func TestTenThousandParts(t *testing.T) {
	ctx := context.Background()
	s := fresh(t)
	const parts = 10000
	rec := &checkpoint.Record{ID: "big", Name: "k", UploadID: "U", FileSize: parts << 20, PartSize: 1 << 20, DoneParts: []checkpoint.Part{}}
	require.NoError(t, s.Put(ctx, rec))
	for n := 1; n <= parts; n += 10 {
		var batch []checkpoint.Part
		for k := n; k < n+10; k++ {
			batch = append(batch, checkpoint.Part{Number: k, ETag: `"0123456789ABCDEF0123456789ABCDEF"`, Size: 1 << 20, CRC64: "18446744073709551615"})
		}
		require.NoError(t, s.AddParts(ctx, "big", batch, time.Now()))
	}
	got, err := s.Get(ctx, "big")
	require.NoError(t, err)
	require.Len(t, got.DoneParts, parts)
	assert.Equal(t, parts, got.DoneParts[parts-1].Number)
	require.NoError(t, s.Delete(ctx, "big"))
	require.NoError(t, s.Put(ctx, rec))
	got, err = s.Get(ctx, "big")
	require.NoError(t, err)
	assert.Empty(t, got.DoneParts, "Delete removed every part")
}
