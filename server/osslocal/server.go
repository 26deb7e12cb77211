// Package osslocal is an OSS-compatible object store for development and
// tests: multipart uploads, objects, signatures, STS session policies and CORS
// as Alibaba Cloud OSS implements them, on local disk. It exists so the whole
// system runs on one machine; it is exercised by the official SDKs, so where
// it differs from real OSS, tests lie.
package osslocal

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/ossupload/ossupload/server/ossauth"
)

const (
	minPartSize = 100 << 10
	maxPartSize = 5 << 30
	maxParts    = 10000
	// maxCompleteBody bounds the Complete request's XML: 10,000 parts fit easily.
	maxCompleteBody = 4 << 20
)

// Config configures a Server.
type Config struct {
	// DataDir holds everything; a restart on the same directory continues where it stopped.
	DataDir string
	// Buckets are created at start.
	Buckets []string
	// Verifier authenticates requests; required.
	Verifier *ossauth.Verifier
	// AllowedOrigins is the bucket CORS rule's origins; "*" allows any.
	AllowedOrigins []string
	// Faults enables fault injection and the /_local test endpoints; nil in production-like use.
	Faults *Faults
	// Logger receives request logs; no secrets are ever logged.
	Logger *slog.Logger
}

// Server is the OSS-compatible HTTP handler.
type Server struct {
	cfg   Config
	store *store
	stats struct {
		bytes, partPuts atomic.Int64
		parts           sync.Map // partKey -> *atomic.Int64
	}
}

type partKey struct {
	uploadID string
	number   int
}

// Stats are counters tests use to prove what was (not) sent again.
type Stats struct {
	// BytesReceived counts every request body byte read, failed requests included.
	BytesReceived int64 `json:"bytesReceived"`
	// PartPuts counts UploadPart calls that reached the body, injected failures included.
	PartPuts int64 `json:"partPuts"`
	// Parts counts body bytes received per part, keyed "<uploadId>/<partNumber>".
	Parts map[string]int64 `json:"parts,omitempty"`
}

// New opens (or creates) the store under cfg.DataDir.
func New(cfg Config) (*Server, error) {
	if cfg.Verifier == nil {
		return nil, errors.New("osslocal: Config.Verifier is required")
	}
	if cfg.DataDir == "" {
		return nil, errors.New("osslocal: Config.DataDir is required")
	}
	if len(cfg.Buckets) == 0 {
		cfg.Buckets = []string{"demo"}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	st, err := newStore(cfg.DataDir, cfg.Buckets)
	if err != nil {
		return nil, fmt.Errorf("osslocal: %w", err)
	}
	if cfg.Faults != nil {
		cfg.Faults.verifier = cfg.Verifier
	}
	return &Server{cfg: cfg, store: st}, nil
}

// Stats returns the byte and part counters.
func (s *Server) Stats() Stats {
	st := Stats{BytesReceived: s.stats.bytes.Load(), PartPuts: s.stats.partPuts.Load(), Parts: map[string]int64{}}
	s.stats.parts.Range(func(k, v any) bool {
		pk := k.(partKey)
		st.Parts[pk.uploadID+"/"+strconv.Itoa(pk.number)] = v.(*atomic.Int64).Load()
		return true
	})
	return st
}

// PartBytes returns the body bytes received for one part of an upload, over all attempts.
func (s *Server) PartBytes(uploadID string, number int) int64 {
	if v, ok := s.stats.parts.Load(partKey{uploadID, number}); ok {
		return v.(*atomic.Int64).Load()
	}
	return 0
}

// Faults returns the fault injector, nil when fault injection is off.
func (s *Server) Faults() *Faults { return s.cfg.Faults }

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// ServeHTTP routes a request as OSS does.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-oss-request-id", randomID(12))
	w.Header().Set("Server", "AliyunOSS")
	w.Header().Set("Date", time.Now().UTC().Format(http.TimeFormat))
	if s.cfg.Faults != nil && strings.HasPrefix(r.URL.Path, "/_local/") {
		s.serveLocal(w, r)
		return
	}
	if !s.cors(w, r) {
		return
	}
	r.Body = io.NopCloser(countingReader{r.Body, &s.stats.bytes})
	bucket, key := s.address(r)
	start := time.Now()
	status := &statusWriter{ResponseWriter: w}
	err := s.route(status, r, bucket, key)
	if err != nil {
		writeError(status, r, err)
	}
	s.cfg.Logger.Debug("oss request", "method", r.Method, "bucket", bucket, "key", key, "status", status.code, "dur", time.Since(start))
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(c int) {
	if w.code == 0 {
		w.code = c
	}
	w.ResponseWriter.WriteHeader(c)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = 200
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Hijack for dropped-connection faults.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// address finds bucket and key: virtual-hosted (bucket.host) when the Host's
// first label is one of our buckets, path-style (/bucket/key) otherwise.
func (s *Server) address(r *http.Request) (bucket, key string) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if net.ParseIP(host) == nil {
		if first, rest, ok := strings.Cut(host, "."); ok && rest != "" && s.store.bucketExists(first) {
			return first, strings.TrimPrefix(r.URL.Path, "/")
		}
	}
	p := strings.TrimPrefix(r.URL.Path, "/")
	bucket, key, _ = strings.Cut(p, "/")
	return bucket, key
}

func validateKey(key string) error {
	switch {
	case key == "":
		return invalidObjectName("The object key must not be empty.")
	case len(key) > 1023:
		return invalidObjectName("The object key must be at most 1023 bytes long.")
	case !utf8.ValidString(key):
		return invalidObjectName("The object key must be valid UTF-8.")
	case key[0] == '/' || key[0] == '\\':
		return invalidObjectName("The object key must not start with '/' or '\\'.")
	case strings.ContainsRune(key, 0):
		return invalidObjectName("The object key must not contain NUL.")
	}
	return nil
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	if !s.store.bucketExists(bucket) {
		return errNoSuchBucket
	}
	q := r.URL.Query()
	op, action := operation(r.Method, q, key)
	if op == "" {
		return errMethod
	}
	p, err := s.cfg.Verifier.Verify(r, bucket, key)
	if err != nil {
		return err
	}
	resKey := key
	if op == "ListMultipartUploads" || op == "ListObjects" {
		resKey = ""
	}
	if err := p.Authorize(action, bucket, resKey); err != nil {
		return err
	}
	if key != "" {
		if err := validateKey(key); err != nil {
			return err
		}
	}
	switch op {
	case "InitiateMultipartUpload":
		return s.initiate(w, r, bucket, key)
	case "UploadPart":
		return s.uploadPart(w, r, bucket, key)
	case "CompleteMultipartUpload":
		return s.complete(w, r, bucket, key)
	case "AbortMultipartUpload":
		return s.abort(w, r, bucket, key)
	case "ListParts":
		return s.listParts(w, r, bucket, key)
	case "ListMultipartUploads":
		return s.listUploads(w, r, bucket)
	case "ListObjects":
		return s.listObjects(w, r, bucket)
	case "PutObject":
		return s.putObject(w, r, bucket, key)
	case "GetObject", "HeadObject":
		return s.getObject(w, r, bucket, key)
	case "DeleteObject":
		s.store.deleteObject(bucket, key)
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return errMethod
}

// operation names the API call and the RAM action it needs.
func operation(method string, q url.Values, key string) (op, action string) {
	if key == "" {
		if method == http.MethodGet && q.Has("uploads") {
			return "ListMultipartUploads", "oss:ListMultipartUploads"
		}
		if method == http.MethodGet {
			return "ListObjects", "oss:ListObjects"
		}
		return "", ""
	}
	switch method {
	case http.MethodPost:
		if q.Has("uploads") {
			return "InitiateMultipartUpload", "oss:PutObject"
		}
		if q.Has("uploadId") {
			return "CompleteMultipartUpload", "oss:PutObject"
		}
	case http.MethodPut:
		if q.Has("uploadId") || q.Has("partNumber") {
			return "UploadPart", "oss:PutObject"
		}
		return "PutObject", "oss:PutObject"
	case http.MethodGet:
		if q.Has("uploadId") {
			return "ListParts", "oss:ListParts"
		}
		return "GetObject", "oss:GetObject"
	case http.MethodHead:
		return "HeadObject", "oss:GetObject"
	case http.MethodDelete:
		if q.Has("uploadId") {
			return "AbortMultipartUpload", "oss:AbortMultipartUpload"
		}
		return "DeleteObject", "oss:DeleteObject"
	}
	return "", ""
}

func userMeta(h http.Header) map[string]string {
	m := map[string]string{}
	for k, v := range h {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-oss-meta-") && len(v) > 0 {
			m[lk] = v[0]
		}
	}
	return m
}

func writeXML(w http.ResponseWriter, status int, v any) error {
	b, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	b = append([]byte(xml.Header), b...)
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", itoa(int64(len(b))))
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func urlEncoded(q url.Values) bool { return q.Get("encoding-type") == "url" }

// encodeKey writes a key as OSS does with encoding-type=url.
func encodeKey(k string, enc bool) string {
	if !enc {
		return k
	}
	return strings.ReplaceAll(url.QueryEscape(k), "+", "%20")
}

type initiateResult struct {
	XMLName      xml.Name `xml:"InitiateMultipartUploadResult"`
	EncodingType string   `xml:",omitempty"`
	Bucket       string
	Key          string
	UploadId     string
}

func (s *Server) initiate(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	u := uploadMeta{Key: key, UploadID: randomID(16), Initiated: time.Now().UTC(), ContentType: ct, Meta: userMeta(r.Header)}
	if err := s.store.createUpload(bucket, u); err != nil {
		return err
	}
	enc := urlEncoded(r.URL.Query())
	res := initiateResult{Bucket: bucket, Key: encodeKey(key, enc), UploadId: u.UploadID}
	if enc {
		res.EncodingType = "url"
	}
	return writeXML(w, 200, res)
}

func (s *Server) uploadPart(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	q := r.URL.Query()
	n, err := strconv.Atoi(q.Get("partNumber"))
	if err != nil || n < 1 || n > maxParts {
		return invalidArgument("Part number must be an integer between 1 and 10000, inclusive.")
	}
	u, err := s.store.getUpload(bucket, q.Get("uploadId"))
	if err != nil || u.Key != key {
		return errNoSuchUpload
	}
	ctr, _ := s.stats.parts.LoadOrStore(partKey{u.UploadID, n}, new(atomic.Int64))
	r.Body = io.NopCloser(countingReader{r.Body, ctr.(*atomic.Int64)})
	s.stats.partPuts.Add(1)
	if s.cfg.Faults != nil {
		if done := s.cfg.Faults.beforePart(w, r); done {
			return nil
		}
	}
	in, err := s.ingestBody(r, maxPartSize)
	if err != nil {
		return err
	}
	defer in.close()
	p := partMeta{Number: n, Size: in.size, ETag: strings.ToUpper(hex.EncodeToString(in.md5)), CRC64: in.crc, LastModified: time.Now().UTC()}
	if err := s.store.putPart(bucket, u.UploadID, p, in.path); err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+p.ETag+`"`)
	w.Header().Set("Content-MD5", base64.StdEncoding.EncodeToString(in.md5))
	w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(p.CRC64, 10))
	w.WriteHeader(200)
	return nil
}

// ingestBody stores the request body and checks it against Content-Length
// and Content-MD5; on any mismatch nothing is kept.
func (s *Server) ingestBody(r *http.Request, limit int64) (*ingested, error) {
	in, err := s.store.ingest(r.Body, limit)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return nil, err
		}
		return nil, errIncompleteBody
	}
	if r.ContentLength >= 0 && in.size != r.ContentLength {
		in.close()
		return nil, errIncompleteBody
	}
	if want := r.Header.Get("Content-MD5"); want != "" {
		raw, err := base64.StdEncoding.DecodeString(want)
		if err != nil || len(raw) != md5.Size {
			in.close()
			return nil, oerr(400, "InvalidDigest", "The Content-MD5 you specified was invalid.")
		}
		if string(raw) != string(in.md5) {
			in.close()
			return nil, errInvalidDigest
		}
	}
	return in, nil
}

type completeRequest struct {
	XMLName xml.Name `xml:"CompleteMultipartUpload"`
	Parts   []struct {
		PartNumber int
		ETag       string
	} `xml:"Part"`
}

type completeResult struct {
	XMLName      xml.Name `xml:"CompleteMultipartUploadResult"`
	EncodingType string   `xml:",omitempty"`
	Location     string
	Bucket       string
	Key          string
	ETag         string
}

func normETag(e string) string {
	e = strings.TrimSpace(e)
	e = strings.ReplaceAll(e, "&#34;", `"`)
	e = strings.ReplaceAll(e, "&quot;", `"`)
	return strings.ToUpper(strings.Trim(e, `"`))
}

func (s *Server) complete(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	q := r.URL.Query()
	id := q.Get("uploadId")
	u, err := s.store.getUpload(bucket, id)
	if err != nil || u.Key != key {
		return errNoSuchUpload
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCompleteBody+1))
	if err != nil {
		return errIncompleteBody
	}
	if len(body) > maxCompleteBody {
		return errMalformedXML
	}
	defer s.store.lock(id)()
	stored, err := s.store.listParts(bucket, id)
	if err != nil {
		return err
	}
	byNum := map[int]partMeta{}
	for _, p := range stored {
		byNum[p.Number] = p
	}
	var chosen []partMeta
	if strings.EqualFold(r.Header.Get("x-oss-complete-all"), "yes") {
		if len(strings.TrimSpace(string(body))) > 0 {
			return invalidArgument("Specify either x-oss-complete-all or a part list in the body, not both.")
		}
		chosen = stored
	} else {
		var req completeRequest
		if err := xml.Unmarshal(body, &req); err != nil || len(req.Parts) == 0 {
			return errMalformedXML
		}
		prev := 0
		for _, rp := range req.Parts {
			if rp.PartNumber < 1 || rp.PartNumber > maxParts {
				return invalidPart(fmt.Sprintf("Part number %d is out of range.", rp.PartNumber))
			}
			if rp.PartNumber <= prev {
				return errPartOrder
			}
			prev = rp.PartNumber
			p, ok := byNum[rp.PartNumber]
			if !ok || normETag(rp.ETag) != p.ETag {
				return invalidPart(fmt.Sprintf("One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag: part %d.", rp.PartNumber))
			}
			chosen = append(chosen, p)
		}
	}
	if len(chosen) == 0 {
		return invalidArgument("The upload has no parts to complete.")
	}
	for _, p := range chosen[:len(chosen)-1] {
		if p.Size < minPartSize {
			return errTooSmall
		}
	}
	tmp, err := s.store.concatParts(bucket, id, chosen)
	if err != nil {
		return err
	}
	var size int64
	var crc uint64
	for _, p := range chosen {
		crc = crc64Combine(crc, p.CRC64, p.Size)
		size += p.Size
	}
	meta := objectMeta{Key: key, Size: size, ETag: multipartETag(chosen), CRC64: crc, ContentType: u.ContentType, Meta: u.Meta, LastModified: time.Now().UTC(), Multipart: true}
	if err := s.store.publishObject(bucket, meta, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := s.store.removeUpload(bucket, id); err != nil && !errors.Is(err, errNoSuchUpload) {
		s.cfg.Logger.Warn("removing completed upload", "uploadId", id, "err", err)
	}
	enc := urlEncoded(q)
	res := completeResult{Location: "http://" + r.Host + "/" + bucket + "/" + url.PathEscape(key), Bucket: bucket, Key: encodeKey(key, enc), ETag: `"` + meta.ETag + `"`}
	if enc {
		res.EncodingType = "url"
	}
	w.Header().Set("ETag", `"`+meta.ETag+`"`)
	w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(crc, 10))
	return writeXML(w, 200, res)
}

func (s *Server) abort(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	id := r.URL.Query().Get("uploadId")
	u, err := s.store.getUpload(bucket, id)
	if err != nil || u.Key != key {
		return errNoSuchUpload
	}
	defer s.store.lock(id)()
	if err := s.store.removeUpload(bucket, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type listPartsResult struct {
	XMLName              xml.Name `xml:"ListPartsResult"`
	EncodingType         string   `xml:",omitempty"`
	Bucket               string
	Key                  string
	UploadId             string
	PartNumberMarker     int
	NextPartNumberMarker int
	MaxParts             int
	IsTruncated          bool
	Parts                []listPart `xml:"Part"`
}

type listPart struct {
	PartNumber    int
	LastModified  string
	ETag          string
	HashCrc64ecma string
	Size          int64
}

func intParam(q url.Values, name string, def, max int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > max {
		return 0, invalidArgument(fmt.Sprintf("Argument %s must be an integer between 0 and %d.", name, max))
	}
	return n, nil
}

func (s *Server) listParts(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	q := r.URL.Query()
	id := q.Get("uploadId")
	u, err := s.store.getUpload(bucket, id)
	if err != nil || u.Key != key {
		return errNoSuchUpload
	}
	maxN, err := intParam(q, "max-parts", 1000, 1000)
	if err != nil {
		return err
	}
	marker, err := intParam(q, "part-number-marker", 0, maxParts)
	if err != nil {
		return err
	}
	parts, err := s.store.listParts(bucket, id)
	if err != nil {
		return err
	}
	enc := urlEncoded(q)
	res := listPartsResult{Bucket: bucket, Key: encodeKey(key, enc), UploadId: id, PartNumberMarker: marker, MaxParts: maxN}
	if enc {
		res.EncodingType = "url"
	}
	for _, p := range parts {
		if p.Number <= marker {
			continue
		}
		if len(res.Parts) == maxN {
			res.IsTruncated = true
			break
		}
		res.Parts = append(res.Parts, listPart{p.Number, p.LastModified.Format("2006-01-02T15:04:05.000Z"), `"` + p.ETag + `"`, strconv.FormatUint(p.CRC64, 10), p.Size})
		res.NextPartNumberMarker = p.Number
	}
	return writeXML(w, 200, res)
}

type listUploadsResult struct {
	XMLName            xml.Name `xml:"ListMultipartUploadsResult"`
	EncodingType       string   `xml:",omitempty"`
	Bucket             string
	KeyMarker          string
	UploadIdMarker     string
	NextKeyMarker      string
	NextUploadIdMarker string
	Delimiter          string
	Prefix             string
	MaxUploads         int
	IsTruncated        bool
	Uploads            []listUpload `xml:"Upload"`
	CommonPrefixes     []struct {
		Prefix string
	} `xml:"CommonPrefixes"`
}

type listUpload struct {
	Key       string
	UploadId  string
	Initiated string
}

func (s *Server) listUploads(w http.ResponseWriter, r *http.Request, bucket string) error {
	q := r.URL.Query()
	maxN, err := intParam(q, "max-uploads", 1000, 1000)
	if err != nil {
		return err
	}
	prefix, delim, km, um := q.Get("prefix"), q.Get("delimiter"), q.Get("key-marker"), q.Get("upload-id-marker")
	ups, err := s.store.listUploads(bucket)
	if err != nil {
		return err
	}
	enc := urlEncoded(q)
	res := listUploadsResult{Bucket: bucket, KeyMarker: km, UploadIdMarker: um, Delimiter: delim, Prefix: encodeKey(prefix, enc), MaxUploads: maxN}
	if enc {
		res.EncodingType = "url"
	}
	seen := map[string]bool{}
	count := 0
	for _, u := range ups {
		if !strings.HasPrefix(u.Key, prefix) {
			continue
		}
		if km != "" && (u.Key < km || (u.Key == km && (um == "" || u.UploadID <= um))) {
			continue
		}
		if delim != "" {
			if i := strings.Index(u.Key[len(prefix):], delim); i >= 0 {
				cp := u.Key[:len(prefix)+i+len(delim)]
				if !seen[cp] {
					if count == maxN {
						res.IsTruncated = true
						break
					}
					seen[cp] = true
					res.CommonPrefixes = append(res.CommonPrefixes, struct{ Prefix string }{encodeKey(cp, enc)})
					count++
				}
				continue
			}
		}
		if count == maxN {
			res.IsTruncated = true
			break
		}
		res.Uploads = append(res.Uploads, listUpload{encodeKey(u.Key, enc), u.UploadID, u.Initiated.Format("2006-01-02T15:04:05.000Z")})
		res.NextKeyMarker, res.NextUploadIdMarker = encodeKey(u.Key, enc), u.UploadID
		count++
	}
	return writeXML(w, 200, res)
}

type listObjectsResult struct {
	XMLName  xml.Name `xml:"ListBucketResult"`
	Name     string
	Prefix   string
	MaxKeys  int
	Contents []struct {
		Key          string
		LastModified string
		ETag         string
		Size         int64
	}
}

func (s *Server) listObjects(w http.ResponseWriter, r *http.Request, bucket string) error {
	objs, err := s.store.listObjects(bucket)
	if err != nil {
		return err
	}
	prefix := r.URL.Query().Get("prefix")
	res := listObjectsResult{Name: bucket, Prefix: prefix, MaxKeys: 1000}
	for _, o := range objs {
		if strings.HasPrefix(o.Key, prefix) {
			res.Contents = append(res.Contents, struct {
				Key          string
				LastModified string
				ETag         string
				Size         int64
			}{o.Key, o.LastModified.Format("2006-01-02T15:04:05.000Z"), `"` + o.ETag + `"`, o.Size})
		}
	}
	return writeXML(w, 200, res)
}

func (s *Server) putObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	in, err := s.ingestBody(r, maxPartSize)
	if err != nil {
		return err
	}
	defer in.close()
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	meta := objectMeta{Key: key, Size: in.size, ETag: strings.ToUpper(hex.EncodeToString(in.md5)), CRC64: in.crc, ContentType: ct, Meta: userMeta(r.Header), LastModified: time.Now().UTC()}
	if err := s.store.publishObject(bucket, meta, in.path); err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+meta.ETag+`"`)
	w.Header().Set("Content-MD5", base64.StdEncoding.EncodeToString(in.md5))
	w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(in.crc, 10))
	w.WriteHeader(200)
	return nil
}

// parseRange reads a single "bytes=a-b" range. ok is false when the header
// should be ignored (OSS serves the whole object for a malformed range).
func parseRange(h string, size int64) (start, end int64, ok bool, err error) {
	spec, found := strings.CutPrefix(h, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false, nil
	}
	a, b, found := strings.Cut(spec, "-")
	if !found {
		return 0, 0, false, nil
	}
	if a == "" {
		n, perr := strconv.ParseInt(b, 10, 64)
		if perr != nil || n <= 0 {
			return 0, 0, false, nil
		}
		if n > size {
			n = size
		}
		return size - n, size - 1, size > 0, nil
	}
	start, perr := strconv.ParseInt(a, 10, 64)
	if perr != nil || start < 0 {
		return 0, 0, false, nil
	}
	end = size - 1
	if b != "" {
		if end, perr = strconv.ParseInt(b, 10, 64); perr != nil || end < start {
			return 0, 0, false, nil
		}
		if end >= size {
			end = size - 1
		}
	}
	if start >= size {
		return 0, 0, false, errInvalidRange
	}
	return start, end, true, nil
}

func (s *Server) getObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	m, f, err := s.store.getObject(bucket, key)
	if err != nil {
		return err
	}
	defer f.Close()
	h := w.Header()
	h.Set("ETag", `"`+m.ETag+`"`)
	h.Set("Last-Modified", m.LastModified.Format(http.TimeFormat))
	h.Set("Content-Type", m.ContentType)
	h.Set("Accept-Ranges", "bytes")
	h.Set("x-oss-hash-crc64ecma", strconv.FormatUint(m.CRC64, 10))
	h.Set("x-oss-object-type", map[bool]string{true: "Multipart", false: "Normal"}[m.Multipart])
	for k, v := range m.Meta {
		h.Set(k, v)
	}
	start, end, ranged, err := parseRange(r.Header.Get("Range"), m.Size)
	if err != nil {
		return err
	}
	status := 200
	length := m.Size
	if ranged {
		status = http.StatusPartialContent
		length = end - start + 1
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, m.Size))
	}
	h.Set("Content-Length", itoa(length))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return nil
	}
	_, err = io.Copy(w, io.NewSectionReader(f, start, length))
	if err != nil {
		s.cfg.Logger.Debug("get object aborted", "err", err)
	}
	return nil
}

// serveLocal answers the test-only endpoints (present only with fault injection on).
func (s *Server) serveLocal(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Allow-Headers", "content-type")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodOptions:
		w.WriteHeader(204)
	case r.URL.Path == "/_local/stats" && r.Method == http.MethodGet:
		json.NewEncoder(w).Encode(s.Stats())
	case r.URL.Path == "/_local/faults" && r.Method == http.MethodPost:
		var set FaultSettings
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&set); err != nil {
			http.Error(w, `{"error":"bad JSON"}`, 400)
			return
		}
		s.cfg.Faults.Set(set)
		json.NewEncoder(w).Encode(s.cfg.Faults.Settings())
	default:
		http.Error(w, `{"error":"not found"}`, 404)
	}
}
