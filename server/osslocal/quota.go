package osslocal

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// quota keeps the bytes stored per prefix (objects plus parts of uploads
// in progress) for the optional per-prefix quota of local mode, so one
// visitor of a shared demo cannot fill the disk. A prefix's usage is read
// from disk on first use and kept up to date by the store after that.
type quota struct {
	limit int64
	mu    sync.Mutex
	used  map[string]int64 // bucket + "/" + prefix -> bytes; present once scanned
}

// quotaPrefix is the prefix a key is accounted under: its first two path
// segments, which is the broker's "uploads/<caller>/"; shorter keys count
// under their first segment.
func quotaPrefix(key string) string {
	first, rest, ok := strings.Cut(key, "/")
	if !ok {
		return ""
	}
	second, _, ok := strings.Cut(rest, "/")
	if !ok {
		return first + "/"
	}
	return first + "/" + second + "/"
}

// add records delta bytes under key's prefix, if that prefix was scanned
// (otherwise its first scan will see the change on disk).
func (q *quota) add(bucket, key string, delta int64) {
	if q == nil || delta == 0 {
		return
	}
	k := bucket + "/" + quotaPrefix(key)
	q.mu.Lock()
	defer q.mu.Unlock()
	if v, ok := q.used[k]; ok {
		q.used[k] = max(v+delta, 0)
	}
}

// usage returns the bytes stored under key's prefix, scanning the store on
// first use.
func (q *quota) usage(st *store, bucket, key string) (int64, error) {
	prefix := quotaPrefix(key)
	k := bucket + "/" + prefix
	q.mu.Lock()
	defer q.mu.Unlock()
	if v, ok := q.used[k]; ok {
		return v, nil
	}
	var total int64
	objs, err := st.listObjects(bucket)
	if err != nil {
		return 0, err
	}
	for _, o := range objs {
		if quotaPrefix(o.Key) == prefix {
			total += o.Size
		}
	}
	ups, err := st.listUploads(bucket)
	if err != nil {
		return 0, err
	}
	for _, u := range ups {
		if quotaPrefix(u.Key) == prefix {
			total += st.partBytes(bucket, u.UploadID)
		}
	}
	q.used[k] = total
	return total, nil
}

// check refuses a body that would take key's prefix past the quota. A body
// of unknown length counts as empty: the quota may then be overshot by one
// body, never more.
func (s *Server) checkQuota(r *http.Request, bucket, key string) error {
	return s.checkQuotaBytes(bucket, key, max(r.ContentLength, 0))
}

// checkQuotaBytes refuses n more bytes under key's prefix past the quota
// (CopyObject and UploadPartCopy know their size from the source).
func (s *Server) checkQuotaBytes(bucket, key string, n int64) error {
	q := s.store.quota
	if q == nil {
		return nil
	}
	used, err := q.usage(s.store, bucket, key)
	if err != nil {
		return err
	}
	if used+n > q.limit {
		s.cfg.Logger.Warn("oss quota exceeded", "bucket", bucket, "prefix", quotaPrefix(key), "used", used, "quota", q.limit)
		return oerr(403, "QuotaExceeded", fmt.Sprintf("Storing this would take %q past its quota of %d bytes (%d in use).", quotaPrefix(key), q.limit, used))
	}
	return nil
}

// partBytes sums the sizes of an upload's stored parts.
func (s *store) partBytes(bucket, id string) int64 {
	parts, _ := s.listParts(bucket, id)
	var n int64
	for _, p := range parts {
		n += p.Size
	}
	return n
}
