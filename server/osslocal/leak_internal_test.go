package osslocal

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/server/ossauth"
)

func newTestServer(t *testing.T) *Server {
	s, err := New(Config{DataDir: fastDir(t), Buckets: []string{"b"}, Verifier: ossauth.NewVerifier(ossauth.Config{RootAccessKeyID: "id", RootAccessKeySecret: "secret"})})
	require.NoError(t, err)
	return s
}

func initiateFor(t *testing.T, s *Server, key string) string {
	id := randomID(16)
	require.NoError(t, s.store.createUpload("b", uploadMeta{Key: key, UploadID: id, Initiated: time.Now()}))
	return id
}

// 10,000 parts leave no lock behind, and Complete and Abort drop the
// upload's per-part counters.
func TestNoLocksOrPartStatsAccumulate(t *testing.T) {
	s := newTestServer(t)
	id := initiateFor(t, s, "k")
	// Eight writers at once, so locks are also contended.
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 1 + g; n <= maxParts; n += 8 {
				w := httptest.NewRecorder()
				r := httptest.NewRequest(http.MethodPut, "/b/k?uploadId="+id+"&partNumber="+strconv.Itoa(n), bytes.NewReader([]byte{byte(n)}))
				assert.NoError(t, s.uploadPart(w, r, "b", "k"))
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, s.store.locks.len(), "locks held by nobody are freed")
	assert.Len(t, s.Stats().Parts, maxParts)
	require.NoError(t, s.abort(httptest.NewRecorder(), httptest.NewRequest(http.MethodDelete, "/b/k?uploadId="+id, nil), "b", "k"))
	assert.Empty(t, s.Stats().Parts, "Abort drops the counters")
	assert.Zero(t, s.store.locks.len())

	id = initiateFor(t, s, "k2")
	w := httptest.NewRecorder()
	require.NoError(t, s.uploadPart(w, httptest.NewRequest(http.MethodPut, "/b/k2?uploadId="+id+"&partNumber=1", bytes.NewReader([]byte("x"))), "b", "k2"))
	r := httptest.NewRequest(http.MethodPost, "/b/k2?uploadId="+id, nil)
	r.Header.Set("x-oss-complete-all", "yes")
	require.NoError(t, s.complete(httptest.NewRecorder(), r, "b", "k2"))
	assert.Empty(t, s.Stats().Parts, "Complete drops the counters")
	assert.Zero(t, s.store.locks.len())
}

// fastDir is a temporary directory in memory when the machine has one: the
// 10,000-part test is file-system bound.
func fastDir(t *testing.T) string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "osslocal-test-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return t.TempDir()
}
