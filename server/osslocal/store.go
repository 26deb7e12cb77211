package osslocal

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// store keeps buckets on disk. Names on disk are hashes or random IDs, never
// object keys, so no key can reach outside the data directory. Every write
// goes to a temporary file that is renamed into place, so a crash leaves
// either the old state or the new one, never a torn part or object.
//
// Layout under root:
//
//	tmp/                          in-progress writes
//	b/<bucket>/o/<sha256(key)>.json   object metadata, naming its data file
//	b/<bucket>/o/<sha256(key)>.<id>   object data
//	b/<bucket>/u/<uploadID>/upload.json, <n>.json, <n>.<id>   multipart state
type store struct {
	root  string
	locks keyLocks // by uploadID or object path
	quota *quota   // nil without a per-prefix quota
}

// keyLocks are mutexes by name that exist only while held or awaited, so
// names used once (every upload ID, every object key) do not accumulate.
type keyLocks struct {
	mu sync.Mutex
	m  map[string]*keyLock
}

type keyLock struct {
	sync.Mutex
	refs int // holders and waiters; guarded by keyLocks.mu
}

// lock takes name's mutex and returns its unlock.
func (k *keyLocks) lock(name string) func() {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyLock{}
	}
	l := k.m[name]
	if l == nil {
		l = &keyLock{}
		k.m[name] = l
	}
	l.refs++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(k.m, name)
		}
		k.mu.Unlock()
	}
}

// len is the number of names with a mutex, for tests.
func (k *keyLocks) len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.m)
}

type objectMeta struct {
	Key          string            `json:"key"`
	Data         string            `json:"data"`
	Size         int64             `json:"size"`
	ETag         string            `json:"etag"` // unquoted, uppercase
	CRC64        uint64            `json:"crc64"`
	ContentType  string            `json:"contentType"`
	Meta         map[string]string `json:"meta,omitempty"`
	LastModified time.Time         `json:"lastModified"`
	Multipart    bool              `json:"multipart,omitempty"`
	objectExtra
}

type uploadMeta struct {
	Key         string            `json:"key"`
	UploadID    string            `json:"uploadId"`
	Initiated   time.Time         `json:"initiated"`
	ContentType string            `json:"contentType"`
	Meta        map[string]string `json:"meta,omitempty"`
	objectExtra
}

type partMeta struct {
	Number       int       `json:"number"`
	Data         string    `json:"data"`
	Size         int64     `json:"size"`
	ETag         string    `json:"etag"` // unquoted, uppercase
	CRC64        uint64    `json:"crc64"`
	LastModified time.Time `json:"lastModified"`
}

func newStore(root string, buckets []string) (*store, error) {
	s := &store{root: root}
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o755); err != nil {
		return nil, err
	}
	for _, b := range buckets {
		for _, d := range []string{"o", "u"} {
			if err := os.MkdirAll(filepath.Join(root, "b", b, d), 0o755); err != nil {
				return nil, err
			}
		}
	}
	// Leftovers of writes cut short by a crash are garbage.
	entries, _ := os.ReadDir(filepath.Join(root, "tmp"))
	for _, e := range entries {
		os.RemoveAll(filepath.Join(root, "tmp", e.Name()))
	}
	return s, nil
}

func (s *store) lock(name string) func() { return s.locks.lock(name) }

func (s *store) bucketExists(b string) bool {
	if b == "" || strings.ContainsAny(b, "/\\.\x00") {
		return false
	}
	st, err := os.Stat(filepath.Join(s.root, "b", b))
	return err == nil && st.IsDir()
}

func randomID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return strings.ToUpper(hex.EncodeToString(b))
}

func keyHash(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

func (s *store) objDir(b string) string { return filepath.Join(s.root, "b", b, "o") }
func (s *store) upDir(b, id string) string {
	return filepath.Join(s.root, "b", b, "u", id)
}

// validUploadID keeps upload IDs to the shape we issue: they become directory names.
func validUploadID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range id {
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// ingest streams body into a new temporary file, hashing as it goes. It
// stops at limit+1 bytes so an oversized body is refused without being stored.
type ingested struct {
	path  string
	size  int64
	md5   []byte
	crc   uint64
	close func()
}

func (s *store) ingest(body io.Reader, limit int64) (*ingested, error) {
	f, err := os.CreateTemp(filepath.Join(s.root, "tmp"), "in-")
	if err != nil {
		return nil, err
	}
	n, sum, crc, err := pipeCopy(f, body, limit)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	in := &ingested{path: f.Name(), size: n, md5: sum, crc: crc, close: func() { os.Remove(f.Name()) }}
	if err != nil {
		in.close()
		return nil, err
	}
	if n > limit {
		in.close()
		return nil, errTooLarge
	}
	return in, nil
}

func writeJSONAtomic(s *store, path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Join(s.root, "tmp"), "meta-")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	f.Close()
	return os.Rename(f.Name(), path)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// publishObject moves data into place and switches the metadata to it in one
// rename; the previous version's data is removed afterwards.
func (s *store) publishObject(b string, meta objectMeta, dataPath string) error {
	h := keyHash(meta.Key)
	defer s.lock(b + "/o/" + h)()
	dir := s.objDir(b)
	var old objectMeta
	hadOld := readJSON(filepath.Join(dir, h+".json"), &old) == nil
	meta.Data = h + "." + randomID(8)
	if err := os.Rename(dataPath, filepath.Join(dir, meta.Data)); err != nil {
		return err
	}
	if err := writeJSONAtomic(s, filepath.Join(dir, h+".json"), meta); err != nil {
		os.Remove(filepath.Join(dir, meta.Data))
		return err
	}
	if hadOld && old.Data != "" {
		os.Remove(filepath.Join(dir, old.Data))
	}
	s.quota.add(b, meta.Key, meta.Size-old.Size)
	return nil
}

func (s *store) getObject(b, key string) (*objectMeta, *os.File, error) {
	h := keyHash(key)
	var m objectMeta
	if err := readJSON(filepath.Join(s.objDir(b), h+".json"), &m); err != nil {
		return nil, nil, errNoSuchKey
	}
	f, err := os.Open(filepath.Join(s.objDir(b), m.Data))
	if err != nil {
		// The data was replaced between the two reads: retry once on the new version.
		if err2 := readJSON(filepath.Join(s.objDir(b), h+".json"), &m); err2 != nil {
			return nil, nil, errNoSuchKey
		}
		if f, err = os.Open(filepath.Join(s.objDir(b), m.Data)); err != nil {
			return nil, nil, errNoSuchKey
		}
	}
	return &m, f, nil
}

func (s *store) objectExists(b, key string) bool {
	_, err := os.Stat(filepath.Join(s.objDir(b), keyHash(key)+".json"))
	return err == nil
}

func (s *store) deleteObject(b, key string) {
	h := keyHash(key)
	defer s.lock(b + "/o/" + h)()
	var m objectMeta
	if readJSON(filepath.Join(s.objDir(b), h+".json"), &m) == nil {
		os.Remove(filepath.Join(s.objDir(b), h+".json"))
		os.Remove(filepath.Join(s.objDir(b), m.Data))
		s.quota.add(b, m.Key, -m.Size)
	}
}

func (s *store) createUpload(b string, u uploadMeta) error {
	dir := s.upDir(b, u.UploadID)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	return writeJSONAtomic(s, filepath.Join(dir, "upload.json"), u)
}

func (s *store) getUpload(b, id string) (*uploadMeta, error) {
	if !validUploadID(id) {
		return nil, errNoSuchUpload
	}
	var u uploadMeta
	if err := readJSON(filepath.Join(s.upDir(b, id), "upload.json"), &u); err != nil {
		return nil, errNoSuchUpload
	}
	return &u, nil
}

// putPart installs an ingested part; a part number uploaded again replaces
// the previous one atomically (last writer wins).
func (s *store) putPart(b, id string, p partMeta, dataPath string) error {
	defer s.lock(id)()
	dir := s.upDir(b, id)
	if _, err := os.Stat(filepath.Join(dir, "upload.json")); err != nil {
		return errNoSuchUpload
	}
	n := strconv.Itoa(p.Number)
	var old partMeta
	hadOld := readJSON(filepath.Join(dir, n+".json"), &old) == nil
	p.Data = n + "." + randomID(8)
	if err := os.Rename(dataPath, filepath.Join(dir, p.Data)); err != nil {
		return err
	}
	if err := writeJSONAtomic(s, filepath.Join(dir, n+".json"), p); err != nil {
		return err
	}
	if hadOld {
		os.Remove(filepath.Join(dir, old.Data))
	}
	if s.quota != nil {
		var u uploadMeta
		if readJSON(filepath.Join(dir, "upload.json"), &u) == nil {
			s.quota.add(b, u.Key, p.Size-old.Size)
		}
	}
	return nil
}

func (s *store) listParts(b, id string) ([]partMeta, error) {
	dir := s.upDir(b, id)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, errNoSuchUpload
	}
	var parts []partMeta
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") || name == "upload.json" {
			continue
		}
		var p partMeta
		if readJSON(filepath.Join(dir, name), &p) == nil {
			parts = append(parts, p)
		}
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].Number < parts[j].Number })
	return parts, nil
}

func (s *store) removeUpload(b, id string) error {
	dir := s.upDir(b, id)
	if s.quota != nil {
		var u uploadMeta
		if readJSON(filepath.Join(dir, "upload.json"), &u) == nil {
			s.quota.add(b, u.Key, -s.partBytes(b, id))
		}
	}
	// Rename first so the upload disappears in one step even if removal is slow.
	gone := filepath.Join(s.root, "tmp", "gone-"+id+"-"+randomID(4))
	if err := os.Rename(dir, gone); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errNoSuchUpload
		}
		return err
	}
	return os.RemoveAll(gone)
}

func (s *store) listUploads(b string) ([]uploadMeta, error) {
	entries, err := os.ReadDir(filepath.Join(s.root, "b", b, "u"))
	if err != nil {
		return nil, err
	}
	var ups []uploadMeta
	for _, e := range entries {
		var u uploadMeta
		if readJSON(filepath.Join(s.root, "b", b, "u", e.Name(), "upload.json"), &u) == nil {
			ups = append(ups, u)
		}
	}
	sort.Slice(ups, func(i, j int) bool {
		if ups[i].Key != ups[j].Key {
			return ups[i].Key < ups[j].Key
		}
		return ups[i].UploadID < ups[j].UploadID
	})
	return ups, nil
}

func (s *store) listObjects(b string) ([]objectMeta, error) {
	entries, err := os.ReadDir(s.objDir(b))
	if err != nil {
		return nil, err
	}
	var objs []objectMeta
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			var m objectMeta
			if readJSON(filepath.Join(s.objDir(b), e.Name()), &m) == nil {
				objs = append(objs, m)
			}
		}
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Key < objs[j].Key })
	return objs, nil
}

// concatParts writes the parts, in order, into one temporary file.
func (s *store) concatParts(b, id string, parts []partMeta) (string, error) {
	f, err := os.CreateTemp(filepath.Join(s.root, "tmp"), "obj-")
	if err != nil {
		return "", err
	}
	buf := make([]byte, 1<<20)
	for _, p := range parts {
		pf, err := os.Open(filepath.Join(s.upDir(b, id), p.Data))
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			return "", err
		}
		_, err = io.CopyBuffer(f, pf, buf)
		pf.Close()
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			return "", err
		}
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func multipartETag(parts []partMeta) string {
	h := md5.New()
	for _, p := range parts {
		raw, _ := hex.DecodeString(p.ETag)
		h.Write(raw)
	}
	return fmt.Sprintf("%X-%d", h.Sum(nil), len(parts))
}

var _ hash.Hash = md5.New()
