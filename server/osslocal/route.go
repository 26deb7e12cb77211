// Package osslocal is an OSS-compatible object store for development and
// tests: multipart uploads, objects, signatures, STS session policies and CORS
// as Alibaba Cloud OSS implements them, on local disk. It exists so the whole
// system runs on one machine; it is exercised by the official SDKs, so where
// it differs from real OSS, tests lie.
//
// Files by concern: route.go (addressing, the operation table, the request
// pipeline), objects.go (object calls), multipart.go (multipart calls),
// xml.go (wire shapes), store.go (disk), ingest.go (body streaming).
package osslocal

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ossupload/ossupload/server/internal/guard"
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
	// LocalToken is what the /_local endpoints require in X-Local-Token;
	// empty refuses every call to them.
	LocalToken string
	// LocalOrigins are the only browser origins the /_local endpoints answer.
	LocalOrigins []string
	// Logger receives request logs; no secrets are ever logged.
	Logger *slog.Logger
	// IngestsPerAddr and IngestsPerKey cap the request bodies being stored
	// at once (UploadPart, PutObject) per client address and per access key;
	// past the cap a request gets 503 SlowDown before its body is read.
	// Zero means no cap.
	IngestsPerAddr, IngestsPerKey int
	// QuotaPerPrefix, when positive, caps the bytes stored (objects and
	// parts in progress) under each prefix "<first>/<second>/" of a key,
	// the broker's per-caller "uploads/<id>/"; past it a body is refused
	// with 403 QuotaExceeded. Zero means no quota.
	QuotaPerPrefix int64
}

// Server is the OSS-compatible HTTP handler.
type Server struct {
	cfg   Config
	store *store
	stats stats
	// ingestsByAddr and ingestsByKey hold a slot per body being stored.
	ingestsByAddr, ingestsByKey *guard.Limiter
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
	if cfg.QuotaPerPrefix > 0 {
		st.quota = &quota{limit: cfg.QuotaPerPrefix, used: map[string]int64{}}
	}
	return &Server{cfg: cfg, store: st, ingestsByAddr: guard.NewLimiter(cfg.IngestsPerAddr), ingestsByKey: guard.NewLimiter(cfg.IngestsPerKey)}, nil
}

// Faults returns the fault injector, nil when fault injection is off.
func (s *Server) Faults() *Faults { return s.cfg.Faults }

// handler serves one recognised, authenticated and authorized operation.
// key is "" for bucket-level operations.
type handler func(s *Server, w http.ResponseWriter, r *http.Request, bucket, key string) error

// operation is one row of the API table: how a request is recognised, the
// RAM action it needs and the code that serves it. A request is matched to
// the most specific row (most required query parameters, plus one for a When
// condition), so rows can be added in any file and in any order.
type operation struct {
	// Name is the OSS API name, as in the OSS docs and our logs.
	Name string
	// Method is the HTTP method.
	Method string
	// Bucket marks a bucket-level call: the path has no key and the RAM
	// resource is the bucket itself.
	Bucket bool
	// Query lists the query parameters (subresources) that must all be present.
	Query []string
	// When, if set, is a further condition (a header, a query value).
	When func(*http.Request) bool
	// Action is the RAM action the caller's policy must allow.
	Action string
	// Ingest marks a call whose body is stored: it takes an ingest slot
	// per address and per access key before the handler runs.
	Ingest bool
	// FormAuth marks a call that carries its own authentication in its body
	// (PostObject's signed policy): the handler verifies and authorizes it.
	FormAuth bool
	// Handle serves the call.
	Handle handler
}

func (o *operation) specificity() int {
	n := len(o.Query)
	if o.When != nil {
		n++
	}
	return n
}

func (o *operation) matches(r *http.Request, bucketLevel bool) bool {
	if o.Method != r.Method || o.Bucket != bucketLevel {
		return false
	}
	q := r.URL.Query()
	for _, p := range o.Query {
		if !q.Has(p) {
			return false
		}
	}
	return o.When == nil || o.When(r)
}

// operations is the API table. Other files add rows with registerOperation
// from an init function.
var operations = []operation{
	{Name: "ListObjects", Method: http.MethodGet, Bucket: true, Action: "oss:ListObjects", Handle: (*Server).listObjects},
	{Name: "ListMultipartUploads", Method: http.MethodGet, Bucket: true, Query: []string{"uploads"}, Action: "oss:ListMultipartUploads", Handle: (*Server).listUploads},
	{Name: "InitiateMultipartUpload", Method: http.MethodPost, Query: []string{"uploads"}, Action: "oss:PutObject", Handle: (*Server).initiate},
	{Name: "CompleteMultipartUpload", Method: http.MethodPost, Query: []string{"uploadId"}, Action: "oss:PutObject", Handle: (*Server).complete},
	// OSS treats either parameter as UploadPart; the handler refuses what is missing.
	{Name: "UploadPart", Method: http.MethodPut, Query: []string{"uploadId"}, Action: "oss:PutObject", Ingest: true, Handle: (*Server).uploadPart},
	{Name: "UploadPart", Method: http.MethodPut, Query: []string{"partNumber"}, Action: "oss:PutObject", Ingest: true, Handle: (*Server).uploadPart},
	{Name: "PutObject", Method: http.MethodPut, Action: "oss:PutObject", Ingest: true, Handle: (*Server).putObject},
	{Name: "ListParts", Method: http.MethodGet, Query: []string{"uploadId"}, Action: "oss:ListParts", Handle: (*Server).listParts},
	{Name: "GetObject", Method: http.MethodGet, Action: "oss:GetObject", Handle: (*Server).getObject},
	{Name: "HeadObject", Method: http.MethodHead, Action: "oss:GetObject", Handle: (*Server).getObject},
	{Name: "AbortMultipartUpload", Method: http.MethodDelete, Query: []string{"uploadId"}, Action: "oss:AbortMultipartUpload", Handle: (*Server).abort},
	{Name: "DeleteObject", Method: http.MethodDelete, Action: "oss:DeleteObject", Handle: (*Server).deleteObject},
}

// registerOperation adds a row to the API table; call it from init.
func registerOperation(o operation) { operations = append(operations, o) }

// lookupOperation finds the most specific row matching r; ties go to the row
// registered first (TestOperationTableUnambiguous keeps ties out).
func lookupOperation(r *http.Request, key string) *operation {
	var best *operation
	for i := range operations {
		o := &operations[i]
		if o.matches(r, key == "") && (best == nil || o.specificity() > best.specificity()) {
			best = o
		}
	}
	return best
}

// ServeHTTP routes a request as OSS does.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-oss-request-id", randomID(12))
	w.Header().Set("Server", "AliyunOSS")
	w.Header().Set("Date", time.Now().UTC().Format(http.TimeFormat))
	if r.URL.Path == PublicKeyPath {
		servePublicKey(w, r)
		return
	}
	if s.cfg.Faults != nil && strings.HasPrefix(r.URL.Path, "/_local/") {
		s.serveLocal(w, r)
		return
	}
	if !s.cors(w, r) {
		return
	}
	body := &countingReader{r: r.Body, n: &s.stats.bytes}
	r.Body = io.NopCloser(body)
	bucket, key := s.address(r)
	start := time.Now()
	status := &statusWriter{ResponseWriter: w}
	name, err := s.route(status, r, bucket, key)
	if err != nil {
		if r.ContentLength != 0 && !body.eof {
			s.dropBody(status, r)
		}
		s.fail(status, r, name, err)
	}
	s.cfg.Logger.Debug("oss request", "op", name, "method", r.Method, "bucket", bucket, "key", key, "status", status.code, "dur", time.Since(start))
}

// refusedBodyWait and refusedBodyMax bound what is read of the body of a
// refused request: a client that is sending a small body honestly gets to
// finish (SDKs misbehave when answered mid-send, and the connection stays
// reusable); anything larger or slower has its connection closed.
const (
	refusedBodyWait = time.Second
	refusedBodyMax  = 256 << 10
)

// dropBody disposes of the unread body of a refused request. net/http would
// otherwise drain up to 256 KiB with no deadline, so a client announcing a
// body it never sends held the connection forever.
func (s *Server) dropBody(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	until := time.Now().Add(refusedBodyWait)
	if !guard.Within(r, until) {
		rc.SetReadDeadline(until)
	}
	if n, err := io.CopyN(io.Discard, r.Body, refusedBodyMax+1); err == io.EOF && n <= refusedBodyMax {
		rc.SetReadDeadline(time.Time{})
		return
	}
	w.Header().Set("Connection", "close")
	rc.SetReadDeadline(time.Now())
}

// fail answers err. Errors that are not OSS errors are bugs or disk trouble:
// they are logged with the request ID, then become a generic 500 so nothing
// internal reaches the caller.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, op string, err error) {
	var e *Error
	var ae *ossauth.Error
	if !errors.As(err, &e) && !errors.As(err, &ae) {
		s.cfg.Logger.Error("oss internal error", "requestId", w.Header().Get("x-oss-request-id"), "op", op, "method", r.Method, "err", err)
	}
	writeError(w, r, err)
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

// checkContentSHA256 refuses what OSS refuses (its error 0002-00000214): a
// V4 header-signed request whose x-oss-content-sha256 is anything but
// UNSIGNED-PAYLOAD. OSS does not hash bodies, so a hex digest is refused
// rather than trusted unchecked.
func checkContentSHA256(r *http.Request) error {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "OSS4-HMAC-SHA256") {
		return nil
	}
	if v, ok := r.Header["X-Oss-Content-Sha256"]; ok && (len(v) != 1 || v[0] != "UNSIGNED-PAYLOAD") {
		return invalidArgument("The x-oss-content-sha256 header is invalid: V4 requests must send UNSIGNED-PAYLOAD.")
	}
	return nil
}

// validateKey applies OSS's naming rules, and only those: like OSS, keys
// may contain ".." segments and backslashes past the first byte. They are
// safe here because the store names files by the key's hash, never by the
// key itself.
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

// route recognises, authenticates and authorizes the call, then serves it.
// It returns the operation's name for logs.
func (s *Server) route(w http.ResponseWriter, r *http.Request, bucket, key string) (string, error) {
	if !s.store.bucketExists(bucket) {
		return "", errNoSuchBucket
	}
	op := lookupOperation(r, key)
	if op == nil {
		return "", errMethod
	}
	if op.FormAuth {
		return op.Name, op.Handle(s, w, r, bucket, key)
	}
	if err := checkContentSHA256(r); err != nil {
		return op.Name, err
	}
	p, err := s.cfg.Verifier.Verify(r, bucket, key)
	if err != nil {
		return op.Name, err
	}
	r = withPrincipal(r, p)
	if err := p.Authorize(op.Action, bucket, key); err != nil {
		return op.Name, err
	}
	if !op.Bucket {
		if err := validateKey(key); err != nil {
			return op.Name, err
		}
	}
	if op.Ingest {
		release, err := s.takeIngest(r, p.AccessKeyID)
		if err != nil {
			return op.Name, err
		}
		defer release()
		if err := s.checkQuota(r, bucket, key); err != nil {
			return op.Name, err
		}
	}
	return op.Name, op.Handle(s, w, r, bucket, key)
}

// takeIngest takes an ingest slot for the caller's address and access key.
func (s *Server) takeIngest(r *http.Request, accessKeyID string) (func(), error) {
	relAddr, ok := s.ingestsByAddr.Acquire(guard.RemoteIP(r))
	if !ok {
		s.cfg.Logger.Warn("oss ingest refused: too many from one address", "remote", guard.RemoteIP(r))
		return nil, errSlowDown
	}
	relKey, ok := s.ingestsByKey.Acquire(accessKeyID)
	if !ok {
		relAddr()
		s.cfg.Logger.Warn("oss ingest refused: too many for one access key", "accessKeyId", accessKeyID)
		return nil, errSlowDown
	}
	return func() { relKey(); relAddr() }, nil
}
