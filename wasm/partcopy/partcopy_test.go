//go:build !js

package partcopy_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/ossapi"
	"github.com/ossupload/ossupload/wasm/partcopy"
	"github.com/ossupload/ossupload/wasm/upload"
)

const prefix = "uploads/partcopy/"

func TestPartSize(t *testing.T) {
	for _, tt := range []struct{ size, asked, want int64 }{
		{10 << 20, 0, 1 << 20},
		{10 << 20, 200 << 10, 200 << 10},
		{20000 << 20, 1 << 20, 2 << 20},
		{10000<<20 + 1, 0, 1<<20 + 1},
	} {
		assert.Equal(t, tt.want, partcopy.PartSize(tt.size, tt.asked), "%d/%d", tt.size, tt.asked)
	}
}

func TestDivide(t *testing.T) {
	assert.Equal(t, []partcopy.Range{{5, 15}, {15, 25}, {25, 30}}, partcopy.Divide(25, 10, 5))
	assert.Equal(t, []partcopy.Range{{0, 10}}, partcopy.Divide(10, 10, 0))
	assert.Empty(t, partcopy.Divide(0, 10, 0))
}

func TestRequest(t *testing.T) {
	r := partcopy.Request("dst", "id", 3, partcopy.Source{Bucket: "b", Key: "a dir/ü (1).txt", VersionID: "v"}, partcopy.Range{Start: 10, End: 20}.Bytes(), map[string]string{"x-oss-copy-source-if-match": "e"})
	assert.Equal(t, "PUT", r.Method)
	assert.Equal(t, "/b/a%20dir%2F%C3%BC%20(1).txt?versionId=v", r.Headers["x-oss-copy-source"], "ali-oss's encodeURIComponent")
	assert.Equal(t, "bytes=10-19", r.Headers["x-oss-copy-source-range"])
	assert.Equal(t, "e", r.Headers["x-oss-copy-source-if-match"])
	assert.Equal(t, map[string]any{"partNumber": "3", "uploadId": "id"}, r.Params)
}

type fixture struct {
	env    *osslocaltest.Env
	client *ossapi.Client
	root   *oss.Bucket
}

func setup(t *testing.T) *fixture {
	f := &fixture{env: osslocaltest.Start(t)}
	policy := osslocaltest.PrefixPolicy(osslocaltest.Bucket, prefix)
	creds := credentials.NewCache(func(ctx context.Context) (credentials.Credentials, error) {
		c := f.env.STS(policy, time.Hour)
		return credentials.Credentials{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken, Expiration: c.Expiration}, nil
	}, credentials.Options{})
	var err error
	f.client, err = ossapi.New(ossapi.Config{Endpoint: f.env.URL, Bucket: osslocaltest.Bucket, Region: osslocaltest.Region, Creds: creds})
	require.NoError(t, err)
	rc, err := oss.New(f.env.URL, osslocaltest.RootAccessKeyID, osslocaltest.RootAccessKeySecret)
	require.NoError(t, err)
	f.root, err = rc.Bucket(osslocaltest.Bucket)
	require.NoError(t, err)
	return f
}

// A range of an object is copied part by part, resuming past the parts a
// checkpoint says are done, and the completed object is exactly that range.
func TestCopyAgainstEmbeddedOSS(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	src := make([]byte, 1<<20+12345)
	for i := range src {
		src[i] = byte(i * 7)
	}
	require.NoError(t, f.root.PutObject(prefix+"src bin", bytes.NewReader(src)))
	key := prefix + "dst"
	id, err := f.client.Initiate(ctx, key, upload.InitOptions{})
	require.NoError(t, err)
	start, size := int64(1000), int64(len(src)-2000)
	ranges := partcopy.Divide(size, 300<<10, start)
	require.Len(t, ranges, 4)

	// Part 2 first, as a checkpoint from an earlier run would hold it.
	res, err := f.client.Do(ctx, partcopy.Request(key, id, 2, partcopy.Source{Bucket: osslocaltest.Bucket, Key: prefix + "src bin"}, ranges[1].Bytes(), nil))
	require.NoError(t, err)
	earlier := []checkpoint.Part{{Number: 2, ETag: res.Header.Get("ETag")}}

	var mu sync.Mutex
	var calls []int
	done, err := partcopy.Copy(ctx, f.client, partcopy.Job{Key: key, UploadID: id, Source: partcopy.Source{Bucket: osslocaltest.Bucket, Key: prefix + "src bin"},
		Parts: ranges, Done: earlier, Parallel: 2,
		Progress: func(_ context.Context, done []checkpoint.Part, res *ossapi.Response) error {
			mu.Lock()
			defer mu.Unlock()
			assert.Equal(t, 200, res.Status)
			calls = append(calls, len(done))
			return nil
		}})
	require.NoError(t, err)
	assert.Len(t, done, 4)
	assert.Equal(t, []int{2, 3, 4}, calls, "progress after each part, never overlapping")
	_, err = f.client.Complete(ctx, key, id, sorted(done))
	require.NoError(t, err)
	got := get(t, f.root, key)
	assert.Equal(t, md5.Sum(src[start:start+size]), md5.Sum(got))
}

// The failure reported is the lowest part's, with its number; an upload
// that is gone is an abort; after a failure no new part starts.
func TestCopyErrors(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	require.NoError(t, f.root.PutObject(prefix+"small", bytes.NewReader(make([]byte, 300<<10))))
	key := prefix + "dst2"
	id, err := f.client.Initiate(ctx, key, upload.InitOptions{})
	require.NoError(t, err)

	_, err = partcopy.Copy(ctx, f.client, partcopy.Job{Key: key, UploadID: id, Source: partcopy.Source{Bucket: osslocaltest.Bucket, Key: prefix + "missing"},
		Parts: partcopy.Divide(300<<10, 100<<10, 0)})
	var ue *upload.Error
	require.True(t, errors.As(err, &ue), "%v", err)
	assert.Equal(t, "NoSuchKey", ue.Code)
	assert.Equal(t, 1, ue.PartNumber)
	assert.Contains(t, ue.Message, "Failed to copy some parts with error:")

	_, err = partcopy.Copy(ctx, f.client, partcopy.Job{Key: key, UploadID: "no-such-upload", Source: partcopy.Source{Bucket: osslocaltest.Bucket, Key: prefix + "small"},
		Parts: partcopy.Divide(300<<10, 100<<10, 0)})
	assert.Equal(t, upload.CodeAborted, upload.CodeOf(err), "%v", err)

	stop := errors.New("progress threw")
	calls := 0
	done, err := partcopy.Copy(ctx, f.client, partcopy.Job{Key: key, UploadID: id, Source: partcopy.Source{Bucket: osslocaltest.Bucket, Key: prefix + "small"},
		Parts: partcopy.Divide(300<<10, 100<<10, 0), Parallel: 1,
		Progress: func(context.Context, []checkpoint.Part, *ossapi.Response) error { calls++; return stop }})
	assert.ErrorIs(t, err, stop, "the caller's own error comes back as is")
	assert.Equal(t, 1, calls, "no part starts after a failure")
	assert.Len(t, done, 1, "the part copied is in the checkpoint")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = partcopy.Copy(cctx, f.client, partcopy.Job{Key: key, UploadID: id, Source: partcopy.Source{Bucket: osslocaltest.Bucket, Key: prefix + "small"},
		Parts: partcopy.Divide(300<<10, 100<<10, 0)})
	assert.Equal(t, upload.CodeCanceled, upload.CodeOf(err))
}

func sorted(p []checkpoint.Part) []checkpoint.Part {
	out := make([]checkpoint.Part, len(p))
	for _, x := range p {
		out[x.Number-1] = x
	}
	return out
}

func get(t *testing.T, b *oss.Bucket, key string) []byte {
	r, err := b.GetObject(key)
	require.NoError(t, err, fmt.Sprint(key))
	defer r.Close()
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	return out
}
