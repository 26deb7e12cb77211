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
