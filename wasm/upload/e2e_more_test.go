//go:build !js

package upload_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/server/osslocal"
	"github.com/ossupload/ossupload/server/osslocal/osslocaltest"
	"github.com/ossupload/ossupload/server/ststoken"
	"github.com/ossupload/ossupload/wasm/credentials"
	"github.com/ossupload/ossupload/wasm/upload"
)

func testRetry() *upload.RetryPolicy {
	p := upload.DefaultRetryPolicy()
	p.BaseDelay, p.MaxDelay = 5*time.Millisecond, 50*time.Millisecond
	return p
}

// Cancel at random points, resume each time with a new Uploader on the same
// store: the object is byte-exact and no part that completed was sent again.
func TestE2ECancelResume(t *testing.T) {
	for _, faults := range []bool{false, true} {
		t.Run(map[bool]string{false: "clean", true: "with 10% part failures"}[faults], func(t *testing.T) {
			testCancelResume(t, faults)
		})
	}
}

func testCancelResume(t *testing.T, faults bool) {
	e := newEnv(t, time.Hour)
	if faults {
		e.Faults.Set(osslocal.FaultSettings{PartFailRate: 0.1})
	}
	store := checkpoint.NewMemoryStore()
	src := newGen(40*100*kib+333, 42)
	key := prefix + "cancel-resume"
	r := rand.New(rand.NewPCG(7, 7))
	var res *upload.Result
	rounds := 0
	for ; rounds < 50; rounds++ {
		ctx, cancel := context.WithCancel(context.Background())
		budget := r.Int64N(6*100*kib) + 1 // bytes this round may send before it is canceled
		base := int64(-1)
		var err error
		res, err = e.uploader(store, upload.Config{Retry: testRetry()}).Upload(ctx, key, src, upload.Options{PartSize: 100 * kib, Parallel: 3,
			Progress: func(p upload.Progress) {
				if base < 0 {
					base = p.Sent
				}
				if rounds < 30 && p.Sent-base >= budget {
					cancel()
				}
			}})
		cancel()
		if err == nil {
			break
		}
		require.Equal(t, upload.CodeCanceled, upload.CodeOf(err), "%v", err)
		recs, _ := store.List(context.Background())
		require.Len(t, recs, 1, "the journal survives a cancel")
	}
	require.NotNil(t, res)
	t.Logf("completed after %d canceled rounds", rounds)
	assert.GreaterOrEqual(t, rounds, 5)
	assert.True(t, res.Resumed)
	assert.False(t, res.Restarted)
	sum, n := e.objectSHA(t, key)
	assert.Equal(t, src.size, n)
	assert.Equal(t, src.sha(), sum)
	assert.Empty(t, e.ct.dupes(), "no completed part sent twice")
	recs, _ := store.List(context.Background())
	assert.Empty(t, recs)
}

func TestE2EInjectedFailures(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.Faults.Set(osslocal.FaultSettings{PartFailRate: 0.1})
	var failed atomic.Int32
	base := e.ct.rt
	e.ct.rt = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(r)
		if err != nil || resp.StatusCode >= 500 {
			failed.Add(1)
		}
		return resp, err
	})
	src := newGen(60*100*kib+1, 5)
	key := prefix + "faults"
	res, err := e.uploader(nil, upload.Config{Retry: testRetry()}).Upload(context.Background(), key, src, upload.Options{PartSize: 100 * kib, Parallel: 4})
	require.NoError(t, err)
	e.Faults.Set(osslocal.FaultSettings{})
	t.Logf("%d part requests failed and were retried", failed.Load())
	assert.Greater(t, failed.Load(), int32(0), "faults were injected")
	sum, _ := e.objectSHA(t, key)
	assert.Equal(t, src.sha(), sum)
	assert.NotEmpty(t, res.CRC64)
}

// The first token is already old; once the server starts enforcing a token
// age mid-upload every part in flight fails with SecurityTokenExpired, and a
// single refresh serves them all.
func TestE2ETokenExpiresMidUpload(t *testing.T) {
	policy := osslocaltest.PrefixPolicy(osslocaltest.Bucket, prefix)
	var minted atomic.Int32
	e := newEnvWith(t, func(e *env) credentials.Credentials {
		now := time.Now()
		issued := now
		if minted.Add(1) == 1 {
			issued = now.Add(-time.Hour)
		}
		c := ststoken.Claims{AccessKeyID: ststoken.NewAccessKeyID(), RoleArn: "acs:ram::1000000000000000:role/ossupload-local", SessionName: "t", Policy: policy, IssuedAt: issued.Unix(), Expires: now.Add(time.Hour).Unix()}
		tok, sec := e.Issuer.Issue(c)
		return credentials.Credentials{AccessKeyID: c.AccessKeyID, AccessKeySecret: sec, SecurityToken: tok, Expiration: c.ExpiresAt()}
	}, 0)
	var expired atomic.Int32
	e.ct.fail = nil
	base := e.ct.rt
	e.ct.rt = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(r)
		if err == nil && resp.StatusCode == 403 {
			expired.Add(1)
		}
		return resp, err
	})
	src := newGen(20*100*kib, 8)
	key := prefix + "token"
	var once sync.Once
	_, err := e.uploader(nil, upload.Config{Retry: testRetry()}).Upload(context.Background(), key, src, upload.Options{PartSize: 100 * kib, Parallel: 4,
		Progress: func(p upload.Progress) {
			if p.PartsDone >= 5 {
				once.Do(func() { e.Faults.Set(osslocal.FaultSettings{TokenMaxAge: 30 * time.Minute}) })
			}
		}})
	require.NoError(t, err)
	assert.Equal(t, int64(2), e.fetches.Load(), "exactly one refresh")
	assert.GreaterOrEqual(t, expired.Load(), int32(1), "the server did reject the old token")
	sum, _ := e.objectSHA(t, key)
	assert.Equal(t, src.sha(), sum)
	assert.Empty(t, e.ct.dupes())
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// partial uploads part 1..stop-1 of src to key and leaves the journal.
func partial(t *testing.T, e *env, store checkpoint.Store, key string, src upload.Source, stop int) *checkpoint.Record {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := e.uploader(store, upload.Config{Retry: testRetry()}).Upload(ctx, key, src, upload.Options{PartSize: 100 * kib, Parallel: 1,
		Progress: func(p upload.Progress) {
			if p.PartsDone >= stop-1 {
				cancel()
			}
		}})
	require.Equal(t, upload.CodeCanceled, upload.CodeOf(err), "%v", err)
	recs, err := store.List(context.Background())
	require.NoError(t, err)
	require.Len(t, recs, 1)
	require.GreaterOrEqual(t, len(recs[0].DoneParts), stop-1)
	return recs[0]
}

// A journal's upload that vanished was aborted by someone: the call ends
// Aborted and sends nothing; only a journal older than the bucket's upload
// lifetime proves expiry, and then the upload restarts and says so.
func TestE2ENoSuchUpload(t *testing.T) {
	e := newEnv(t, time.Hour)
	store := checkpoint.NewMemoryStore()
	src := newGen(6*100*kib, 21)
	key := prefix + "nosuch"
	rec := partial(t, e, store, key, src, 3)
	require.NoError(t, e.root.AbortMultipartUpload(oss.InitiateMultipartUploadResult{Bucket: osslocaltest.Bucket, Key: key, UploadID: rec.UploadID}))
	before := len(e.ct.snapshot())
	_, err := e.uploader(store, upload.Config{}).Upload(context.Background(), key, src, upload.Options{PartSize: 100 * kib})
	assert.Equal(t, upload.CodeAborted, upload.CodeOf(err), "%v", err)
	assert.Equal(t, before, len(e.ct.snapshot()), "nothing sent")
	recs, _ := store.List(context.Background())
	assert.Empty(t, recs, "the dead upload's journal is forgotten")

	rec = partial(t, e, store, key, src, 3)
	rec.Created = time.Now().Add(-8 * 24 * time.Hour)
	require.NoError(t, store.Put(context.Background(), rec))
	require.NoError(t, e.root.AbortMultipartUpload(oss.InitiateMultipartUploadResult{Bucket: osslocaltest.Bucket, Key: key, UploadID: rec.UploadID}))
	res, err := e.uploader(store, upload.Config{}).Upload(context.Background(), key, src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	assert.True(t, res.Restarted, "an expired upload is restarted, and says so")
	assert.False(t, res.Resumed)
	sum, _ := e.objectSHA(t, key)
	assert.Equal(t, src.sha(), sum)
}

// An explicit (ali-oss style) checkpoint names the upload the caller wants
// to resume: another file is refused, and the journal is left as it was.
// Fresh starts over and aborts the abandoned upload.
func TestE2EChangedFile(t *testing.T) {
	e := newEnv(t, time.Hour)
	store := checkpoint.NewMemoryStore()
	key := prefix + "changed"
	old := newGen(6*100*kib, 1)
	rec := partial(t, e, store, key, old, 3)

	changed := newGen(6*100*kib, 2) // same name, size and mtime; other bytes
	for _, st := range []checkpoint.Store{store, checkpoint.NewMemoryStore()} {
		_, err := e.uploader(st, upload.Config{}).Upload(context.Background(), key, changed, upload.Options{Checkpoint: rec})
		var ue *upload.Error
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, upload.CodeFileChanged, ue.Code)
		assert.Contains(t, ue.Message, "fresh")
	}
	recs, _ := store.List(context.Background())
	assert.Len(t, recs, 1, "a refused file leaves the journal alone")
	_, err := e.root.ListUploadedParts(oss.InitiateMultipartUploadResult{Bucket: osslocaltest.Bucket, Key: key, UploadID: rec.UploadID})
	require.NoError(t, err, "and its upload")
	other := *rec
	other.Name = prefix + "elsewhere"
	_, err = e.uploader(checkpoint.NewMemoryStore(), upload.Config{}).Upload(context.Background(), key, old, upload.Options{Checkpoint: &other})
	assert.Equal(t, upload.CodeCheckpointMismatch, upload.CodeOf(err))

	res, err := e.uploader(store, upload.Config{}).Upload(context.Background(), key, changed, upload.Options{PartSize: 100 * kib, Fresh: true})
	require.NoError(t, err)
	assert.False(t, res.Resumed)
	sum, _ := e.objectSHA(t, key)
	assert.Equal(t, changed.sha(), sum)
	_, err = e.root.ListUploadedParts(oss.InitiateMultipartUploadResult{Bucket: osslocaltest.Bucket, Key: key, UploadID: rec.UploadID})
	assert.ErrorContains(t, err, "NoSuchUpload", "Fresh aborted the abandoned upload")
	recs, _ = store.List(context.Background())
	assert.Empty(t, recs)
}

// Without a checkpoint, uploading another version of a file (same name and
// object) starts a new upload, as ali-oss does: the object is the new file,
// the interrupted upload of the old version is aborted and its journal
// deleted, and a warning says why; an old version another tab or client is
// uploading right now (its lock held) is left alone.
func TestE2EOtherVersionStartsOver(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(g *genSource)
		live bool
	}{
		{"other size", func(g *genSource) { g.size += 100 * kib }, false},
		{"other lastModified", func(g *genSource) { g.mtime += 1000 }, false},
		{"same size and lastModified, other sampled bytes", func(g *genSource) { g.seed++ }, false},
		{"old version live elsewhere", func(g *genSource) { g.size -= 50 * kib }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, time.Hour)
			store := checkpoint.NewMemoryStore()
			key := prefix + "version"
			old := newGen(6*100*kib, 7)
			rec := partial(t, e, store, key, old, 3)
			changed := newGen(old.size, old.seed)
			tc.edit(changed)

			locks := checkpoint.NewMemoryLocker()
			if tc.live {
				release, err := locks.Lock(context.Background(), rec.ID, false)
				require.NoError(t, err)
				defer release()
			}
			var warned []string
			res, err := e.uploader(store, upload.Config{Locks: locks, Warn: func(m string) { warned = append(warned, m) }}).
				Upload(context.Background(), key, changed, upload.Options{PartSize: 100 * kib})
			require.NoError(t, err)
			assert.False(t, res.Resumed)
			sum, n := e.objectSHA(t, key)
			assert.Equal(t, changed.sha(), sum, "the object is the new file")
			assert.Equal(t, changed.size, n)
			require.Len(t, warned, 1)
			assert.Equal(t, warned, res.Warnings)

			_, err = e.root.ListUploadedParts(oss.InitiateMultipartUploadResult{Bucket: osslocaltest.Bucket, Key: key, UploadID: rec.UploadID})
			recs, _ := store.List(context.Background())
			if tc.live {
				require.NoError(t, err, "a live upload is not aborted")
				require.Len(t, recs, 1, "nor its journal deleted")
				assert.Equal(t, rec.UploadID, recs[0].UploadID)
				assert.Contains(t, warned[0], "left alone")
				return
			}
			assert.ErrorContains(t, err, "NoSuchUpload", "the old version's upload is aborted")
			assert.Empty(t, recs, "and its journal deleted")
			assert.Contains(t, warned[0], "aborted")
			assert.Contains(t, warned[0], rec.UploadID)
		})
	}
}

// Resume from an explicit ali-oss style checkpoint with only {number, etag}.
func TestE2EAliOSSCheckpoint(t *testing.T) {
	e := newEnv(t, time.Hour)
	store := checkpoint.NewMemoryStore()
	key := prefix + "alioss"
	src := newGen(5*100*kib+9, 3)
	rec := partial(t, e, store, key, src, 3)
	cp := &checkpoint.Record{Name: key, FileSize: rec.FileSize, PartSize: rec.PartSize, UploadID: rec.UploadID}
	for _, p := range rec.DoneParts {
		cp.DoneParts = append(cp.DoneParts, checkpoint.Part{Number: p.Number, ETag: p.ETag})
	}
	res, err := e.uploader(checkpoint.NewMemoryStore(), upload.Config{}).Upload(context.Background(), key, src, upload.Options{Checkpoint: cp})
	require.NoError(t, err)
	assert.True(t, res.Resumed)
	sum, _ := e.objectSHA(t, key)
	assert.Equal(t, src.sha(), sum)
	assert.Empty(t, e.ct.dupes())
}

// Journal and server disagree; the server is the truth.
func TestE2EJournalServerDisagreement(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(t *testing.T, e *env, key string, rec *checkpoint.Record, src *genSource)
		resent []int // parts that must be sent again
	}{
		{"agree", func(*testing.T, *env, string, *checkpoint.Record, *genSource) {}, nil},
		{"server has parts the journal lacks", func(t *testing.T, e *env, key string, rec *checkpoint.Record, src *genSource) {
			rec.DoneParts = rec.DoneParts[:1]
		}, nil},
		{"journal lists a part the server lacks", func(t *testing.T, e *env, key string, rec *checkpoint.Record, src *genSource) {
			rec.DoneParts = append(rec.DoneParts, checkpoint.Part{Number: 5, ETag: `"0123456789ABCDEF0123456789ABCDEF"`, Size: 100 * kib, CRC64: "1"})
		}, []int{5}},
		{"server part replaced with other bytes", func(t *testing.T, e *env, key string, rec *checkpoint.Record, src *genSource) {
			b := make([]byte, 100*kib)
			_, err := e.root.UploadPart(oss.InitiateMultipartUploadResult{Bucket: osslocaltest.Bucket, Key: key, UploadID: rec.UploadID}, bytesReader(b), int64(len(b)), 2)
			require.NoError(t, err)
		}, []int{2}},
		{"server part has another size", func(t *testing.T, e *env, key string, rec *checkpoint.Record, src *genSource) {
			b := make([]byte, 10)
			_, err := e.root.UploadPart(oss.InitiateMultipartUploadResult{Bucket: osslocaltest.Bucket, Key: key, UploadID: rec.UploadID}, bytesReader(b), int64(len(b)), 1)
			require.NoError(t, err)
		}, []int{1}},
		{"journal lacks the part and server has other bytes", func(t *testing.T, e *env, key string, rec *checkpoint.Record, src *genSource) {
			rec.DoneParts = rec.DoneParts[:1]
			b := make([]byte, 100*kib)
			_, err := e.root.UploadPart(oss.InitiateMultipartUploadResult{Bucket: osslocaltest.Bucket, Key: key, UploadID: rec.UploadID}, bytesReader(b), int64(len(b)), 3)
			require.NoError(t, err)
		}, []int{3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, time.Hour)
			store := checkpoint.NewMemoryStore()
			key := prefix + "disagree"
			src := newGen(6*100*kib, 77)
			rec := partial(t, e, store, key, src, 4) // parts 1..3 done
			tc.mutate(t, e, key, rec, src)
			require.NoError(t, store.Put(context.Background(), rec))
			before := e.ct.snapshot()
			res, err := e.uploader(store, upload.Config{}).Upload(context.Background(), key, src, upload.Options{PartSize: 100 * kib})
			require.NoError(t, err)
			assert.True(t, res.Resumed)
			sum, _ := e.objectSHA(t, key)
			assert.Equal(t, src.sha(), sum, "byte-exact")
			after := e.ct.snapshot()
			for n := 1; n <= 3; n++ {
				k := fmt.Sprintf("%s/%d", rec.UploadID, n)
				want := before[k]
				if contains(tc.resent, n) {
					want++
				}
				assert.Equal(t, want, after[k], "sends of part %d", n)
			}
		})
	}
}

func contains(s []int, n int) bool {
	for _, v := range s {
		if v == n {
			return true
		}
	}
	return false
}

// Against the embedded OSS: a journal left behind by a Complete whose
// delete was lost resolves as done through HEAD (size and CRC64), nothing sent.
func TestE2ELostDeleteResolvesDone(t *testing.T) {
	e := newEnv(t, time.Hour)
	store := checkpoint.NewMemoryStore()
	src := newGen(4*100*kib+7, 31)
	key := prefix + "lostdelete"
	rec := partial(t, e, store, key, src, 3)
	_, err := e.uploader(store, upload.Config{}).Upload(context.Background(), key, src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	require.NoError(t, store.Put(context.Background(), rec))
	before := e.ct.snapshot()
	res, err := e.uploader(store, upload.Config{}).Upload(context.Background(), key, src, upload.Options{PartSize: 100 * kib})
	require.NoError(t, err)
	assert.True(t, res.AlreadyDone)
	assert.Equal(t, before, e.ct.snapshot(), "nothing sent")
}
