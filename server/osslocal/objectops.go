package osslocal

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ossupload/ossupload/server/ossauth"
)

// The object calls beyond Put/Get/Head/Delete that ali-oss's suite and the
// SDKs use: CopyObject, UploadPartCopy, AppendObject, Put/GetSymlink,
// DeleteMultipleObjects and RestoreObject.
func init() {
	hasCopySource := func(r *http.Request) bool { return r.Header.Get("X-Oss-Copy-Source") != "" }
	for _, o := range []operation{
		{Name: "CopyObject", Method: http.MethodPut, Action: "oss:PutObject", When: hasCopySource, Handle: (*Server).copyObject},
		{Name: "UploadPartCopy", Method: http.MethodPut, Query: []string{"uploadId", "partNumber"}, Action: "oss:PutObject", When: hasCopySource, Handle: (*Server).uploadPartCopy},
		{Name: "AppendObject", Method: http.MethodPost, Query: []string{"append", "position"}, Action: "oss:PutObject", Ingest: true, Handle: (*Server).appendObject},
		{Name: "PutSymlink", Method: http.MethodPut, Query: []string{"symlink"}, Action: "oss:PutObject", Handle: (*Server).putSymlink},
		{Name: "GetSymlink", Method: http.MethodGet, Query: []string{"symlink"}, Action: "oss:GetObject", Handle: (*Server).getSymlink},
		{Name: "DeleteMultipleObjects", Method: http.MethodPost, Bucket: true, Query: []string{"delete"}, Action: "oss:DeleteObject", Handle: (*Server).deleteMultiple},
		{Name: "RestoreObject", Method: http.MethodPost, Query: []string{"restore"}, Action: "oss:RestoreObject", Handle: (*Server).restoreObject},
	} {
		registerOperation(o)
	}
}

type principalKey struct{}

func withPrincipal(r *http.Request, p *ossauth.Principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
}

// authorize checks a further resource of the call (a copy source, each key of
// a multiple delete) against the caller's policy.
func authorize(r *http.Request, action, bucket, key string) error {
	p, _ := r.Context().Value(principalKey{}).(*ossauth.Principal)
	if p == nil {
		return errAccessDenied
	}
	return p.Authorize(action, bucket, key)
}

var (
	errAccessDenied     = oerr(403, "AccessDenied", "You have no right to access this object.")
	errNotAppendable    = oerr(409, "ObjectNotAppendable", "The object is not appendable.")
	errPositionMismatch = oerr(409, "PositionNotEqualToLength", "Position is not equal to file length.")
	errFileExists       = oerr(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.")
	errNotSupported     = oerr(400, "OperationNotSupported", "The operation is not supported for this resource.")
	errRestoreRunning   = oerr(409, "RestoreAlreadyInProgress", "The restore operation is in progress.")
	errInvalidObjState  = oerr(403, "InvalidObjectState", "The operation is not valid for the object's state.")
	errSymlinkTarget    = oerr(404, "SymlinkTargetNotExist", "The symbolic link's target object does not exist.")
	errTargetType       = oerr(400, "InvalidTargetType", "The symbolic link's target is itself a symbolic link.")
)

// copySource parses x-oss-copy-source: /bucket/url-encoded-key.
func copySource(r *http.Request) (bucket, key string, err error) {
	src := r.Header.Get("X-Oss-Copy-Source")
	src, _, _ = strings.Cut(src, "?") // versionId: no versioning here
	// ali-oss escapes the key with encodeURIComponent, the Go SDK with
	// url.QueryEscape (space as "+"): query unescaping reads both.
	dec, uerr := url.QueryUnescape(src)
	b, k, ok := strings.Cut(strings.TrimPrefix(dec, "/"), "/")
	if uerr != nil || !ok || k == "" {
		return "", "", invalidArgument("x-oss-copy-source must be /bucket/key with the key URL-encoded.")
	}
	return b, k, nil
}

// openSource opens a copy source the caller may read.
func (s *Server) openSource(r *http.Request) (*objectMeta, *os.File, error) {
	b, k, err := copySource(r)
	if err != nil {
		return nil, nil, err
	}
	if !s.store.bucketExists(b) {
		return nil, nil, errNoSuchBucket
	}
	if err := authorize(r, "oss:GetObject", b, k); err != nil {
		return nil, nil, err
	}
	m, f, err := s.store.getObject(b, k)
	if err != nil {
		return nil, nil, err
	}
	if archived(m.StorageClass) && m.Restore != "done" {
		f.Close()
		return nil, nil, errInvalidObjState
	}
	return m, f, nil
}

type copyObjectResult struct {
	XMLName      xml.Name `xml:"CopyObjectResult"`
	ETag         string
	LastModified string
}

// copyObject is CopyObject: the source's bytes under the target key, with the
// source's metadata (x-oss-metadata-directive COPY, the default) or the
// request's (REPLACE). Copying an object onto itself changes only metadata.
func (s *Server) copyObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	src, f, err := s.openSource(r)
	if err != nil {
		return err
	}
	defer f.Close()
	meta := *src
	meta.Key, meta.LastModified = key, time.Now().UTC()
	meta.Restore, meta.RestorePriority, meta.RestoreStarted = "", "", time.Time{}
	switch d := strings.ToUpper(r.Header.Get("X-Oss-Metadata-Directive")); d {
	case "", "COPY":
	case "REPLACE":
		x, err := extraFromRequest(r.Header)
		if err != nil {
			return err
		}
		meta.objectExtra = objectExtra{Headers: x.Headers, StorageClass: x.StorageClass, Appendable: src.Appendable}
		meta.Meta = userMeta(r.Header)
		meta.ContentType = r.Header.Get("Content-Type")
		if meta.ContentType == "" {
			meta.ContentType = src.ContentType
		}
	default:
		return invalidArgument("x-oss-metadata-directive must be COPY or REPLACE.")
	}
	if err := s.checkQuotaBytes(bucket, key, src.Size); err != nil {
		return err
	}
	if c := r.Header.Get("X-Oss-Storage-Class"); c != "" {
		x, err := extraFromRequest(http.Header{"X-Oss-Storage-Class": {c}})
		if err != nil {
			return err
		}
		meta.StorageClass = x.StorageClass
	}
	in, err := s.store.ingest(f, maxPartSize)
	if err != nil {
		return err
	}
	defer in.close()
	if err := s.store.publishObject(bucket, meta, in.path); err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+meta.ETag+`"`)
	writeEncryption(w.Header(), meta.objectExtra)
	return writeXML(w, 200, copyObjectResult{ETag: `"` + meta.ETag + `"`, LastModified: meta.LastModified.Format("2006-01-02T15:04:05.000Z")})
}

type copyPartResult struct {
	XMLName      xml.Name `xml:"CopyPartResult"`
	LastModified string
	ETag         string
}

// uploadPartCopy is UploadPartCopy: a part made of a range
// (x-oss-copy-source-range: bytes=a-b) of an existing object.
func (s *Server) uploadPartCopy(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	u, n, err := s.partTarget(r, bucket, key)
	if err != nil {
		return err
	}
	src, f, err := s.openSource(r)
	if err != nil {
		return err
	}
	defer f.Close()
	start, length := int64(0), src.Size
	if rg := r.Header.Get("X-Oss-Copy-Source-Range"); rg != "" {
		a, b, ok, err := parseRange(rg, src.Size)
		if err != nil || !ok {
			return errInvalidRange
		}
		start, length = a, b-a+1
	}
	if length > maxPartSize {
		return errTooLarge
	}
	if err := s.checkQuotaBytes(bucket, key, length); err != nil {
		return err
	}
	in, err := s.store.ingest(io.NewSectionReader(f, start, length), maxPartSize)
	if err != nil {
		return err
	}
	defer in.close()
	p := partMeta{Number: n, Size: in.size, ETag: strings.ToUpper(hex.EncodeToString(in.md5)), CRC64: in.crc, LastModified: time.Now().UTC()}
	if err := s.store.putPart(bucket, u.UploadID, p, in.path); err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+p.ETag+`"`)
	w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(p.CRC64, 10))
	writeEncryption(w.Header(), u.objectExtra)
	return writeXML(w, 200, copyPartResult{LastModified: p.LastModified.Format("2006-01-02T15:04:05.000Z"), ETag: `"` + p.ETag + `"`})
}

// appendObject is AppendObject: position must equal the current length (0
// creates the object); only appendable objects can be appended to.
func (s *Server) appendObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	pos, err := strconv.ParseInt(r.URL.Query().Get("position"), 10, 64)
	if err != nil || pos < 0 {
		return invalidArgument("position must be a non-negative integer.")
	}
	unlock := s.store.lock("append/" + bucket + "/" + key)
	defer unlock()
	old, f, err := s.store.getObject(bucket, key)
	var body io.Reader = r.Body
	meta := objectMeta{Key: key, Meta: userMeta(r.Header), ContentType: r.Header.Get("Content-Type")}
	switch {
	case err == nil:
		defer f.Close()
		if !old.Appendable {
			return errNotAppendable
		}
		if pos != old.Size {
			w.Header().Set("x-oss-next-append-position", strconv.FormatInt(old.Size, 10))
			return errPositionMismatch
		}
		meta = *old
		body = io.MultiReader(f, r.Body)
	case pos != 0:
		w.Header().Set("x-oss-next-append-position", "0")
		return errPositionMismatch
	default:
		x, err := extraFromRequest(r.Header)
		if err != nil {
			return err
		}
		meta.objectExtra = x
		if meta.ContentType == "" {
			meta.ContentType = "application/octet-stream"
		}
	}
	in, err := s.store.ingest(body, maxPartSize)
	if err != nil {
		return errIncompleteBody
	}
	defer in.close()
	if r.ContentLength >= 0 && in.size-pos != r.ContentLength {
		return errIncompleteBody
	}
	meta.Appendable, meta.Size, meta.CRC64, meta.LastModified = true, in.size, in.crc, time.Now().UTC()
	meta.ETag = strings.ToUpper(hex.EncodeToString(in.md5))
	if err := s.store.publishObject(bucket, meta, in.path); err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+meta.ETag+`"`)
	w.Header().Set("x-oss-next-append-position", strconv.FormatInt(meta.Size, 10))
	w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(meta.CRC64, 10))
	w.WriteHeader(200)
	return nil
}

// putSymlink is PutSymlink: x-oss-symlink-target (URL-encoded) names the target.
func (s *Server) putSymlink(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	target, err := url.PathUnescape(r.Header.Get("X-Oss-Symlink-Target"))
	if err != nil || validateKey(target) != nil {
		return invalidArgument("x-oss-symlink-target must name a valid object key, URL-encoded.")
	}
	x, err := extraFromRequest(r.Header)
	if err != nil {
		return err
	}
	x.Symlink = target
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	sum := md5Hex([]byte(target))
	meta := objectMeta{Key: key, ETag: sum, ContentType: ct, Meta: userMeta(r.Header), LastModified: time.Now().UTC(), objectExtra: x}
	in, err := s.store.ingest(strings.NewReader(""), 0)
	if err != nil {
		return err
	}
	defer in.close()
	if err := s.store.publishObject(bucket, meta, in.path); err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+meta.ETag+`"`)
	w.WriteHeader(200)
	return nil
}

// getSymlink is GetSymlink: the target in x-oss-symlink-target, URL-encoded.
func (s *Server) getSymlink(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	m, f, err := s.store.getObject(bucket, key)
	if err != nil {
		return err
	}
	f.Close()
	if m.Symlink == "" {
		return oerr(400, "NotSymlink", "The specified object is not a symbolic link.")
	}
	h := w.Header()
	h.Set("x-oss-symlink-target", url.PathEscape(m.Symlink))
	h.Set("ETag", `"`+m.ETag+`"`)
	h.Set("Last-Modified", m.LastModified.Format(http.TimeFormat))
	for k, v := range m.Meta {
		h.Set(k, v)
	}
	exposeMeta(h, m.Meta)
	w.WriteHeader(200)
	return nil
}

// resolve follows a symlink for GET/HEAD: one level, as OSS, whose target
// must exist and not be a symlink itself. It returns the object whose bytes
// are served and the object the request named.
func (s *Server) resolve(bucket string, m *objectMeta, f io.Closer) (*objectMeta, *objectMeta, error) {
	if m.Symlink == "" {
		return m, m, nil
	}
	f.Close()
	t, tf, err := s.store.getObject(bucket, m.Symlink)
	if err != nil {
		return nil, nil, errSymlinkTarget
	}
	tf.Close()
	if t.Symlink != "" {
		return nil, nil, errTargetType
	}
	return t, m, nil
}

type deleteRequest struct {
	XMLName xml.Name `xml:"Delete"`
	Quiet   bool
	Objects []struct {
		Key string
	} `xml:"Object"`
}

type deleteResult struct {
	XMLName      xml.Name `xml:"DeleteResult"`
	EncodingType string   `xml:",omitempty"`
	Deleted      []struct {
		Key string
	} `xml:"Deleted"`
}

// deleteMultiple is DeleteMultipleObjects: up to 1000 keys; each needs
// oss:DeleteObject; Quiet answers with an empty result. Missing keys count as deleted.
func (s *Server) deleteMultiple(w http.ResponseWriter, r *http.Request, bucket, _ string) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 2<<20+1))
	if err != nil {
		return errIncompleteBody
	}
	if len(body) > 2<<20 {
		return errMalformedXML
	}
	if want := r.Header.Get("Content-MD5"); want != "" && want != base64.StdEncoding.EncodeToString(md5Sum(body)) {
		return errInvalidDigest
	}
	var req deleteRequest
	if err := xml.Unmarshal(body, &req); err != nil || len(req.Objects) == 0 || len(req.Objects) > 1000 {
		return errMalformedXML
	}
	for _, o := range req.Objects {
		if err := validateKey(o.Key); err != nil {
			return err
		}
		if err := authorize(r, "oss:DeleteObject", bucket, o.Key); err != nil {
			return err
		}
	}
	enc := urlEncoded(r.URL.Query())
	res := deleteResult{}
	if enc {
		res.EncodingType = "url"
	}
	for _, o := range req.Objects {
		s.store.deleteObject(bucket, o.Key)
		if !req.Quiet {
			res.Deleted = append(res.Deleted, struct{ Key string }{encodeKey(o.Key, enc)})
		}
	}
	return writeXML(w, 200, res)
}

type restoreRequest struct {
	XMLName       xml.Name `xml:"RestoreRequest"`
	Days          int
	JobParameters *struct {
		Tier string
	}
}

// restoreObject is RestoreObject: only archived classes can be restored
// (others: OperationNotSupported); a second call while one runs is
// RestoreAlreadyInProgress; Cold and Deep Cold Archive take a tier, echoed in
// x-oss-object-restore-priority, which Archive refuses. A restore here stays
// "ongoing": real restores take minutes to hours.
func (s *Server) restoreObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return errIncompleteBody
	}
	var req restoreRequest
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := xml.Unmarshal(body, &req); err != nil {
			return errMalformedXML
		}
	}
	unlock := s.store.lock("restore/" + bucket + "/" + key)
	defer unlock()
	m, f, err := s.store.getObject(bucket, key)
	if err != nil {
		return err
	}
	defer f.Close()
	if !archived(m.StorageClass) {
		return errNotSupported
	}
	tier := ""
	if m.StorageClass == "Archive" {
		if req.JobParameters != nil {
			return errMalformedXML
		}
	} else {
		tier = "Standard"
		if req.JobParameters != nil && req.JobParameters.Tier != "" {
			tier = req.JobParameters.Tier
		}
		if tier != "Standard" && tier != "Expedited" && tier != "Bulk" {
			return errMalformedXML
		}
	}
	if m.Restore == "ongoing" {
		return errRestoreRunning
	}
	meta := *m
	meta.Restore, meta.RestoreStarted, meta.RestorePriority = "ongoing", time.Now().UTC(), tier
	in, err := s.store.ingest(f, maxPartSize)
	if err != nil {
		return err
	}
	defer in.close()
	if err := s.store.publishObject(bucket, meta, in.path); err != nil {
		return err
	}
	if tier != "" {
		w.Header().Set("x-oss-object-restore-priority", tier)
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}
