package osslocal

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// PostObject: a browser form POSTed to the bucket, authenticated by a signed
// policy in the form (ossauth.VerifyPost), not by headers.
func init() {
	registerOperation(operation{Name: "PostObject", Method: http.MethodPost, Bucket: true, Action: "oss:PutObject", FormAuth: true, Ingest: false,
		When: func(r *http.Request) bool {
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			return mt == "multipart/form-data"
		}, Handle: (*Server).postObject})
}

const maxPostFields = 64 << 10

type postResponse struct {
	XMLName  xml.Name `xml:"PostResponse"`
	Bucket   string
	Location string
	Key      string
	ETag     string
}

// postObject reads the form fields up to the file (which must come last, as
// OSS requires), verifies the policy and signature, stores the file, and
// answers per success_action_status (204 by default, 200, or 201 with XML)
// or success_action_redirect, or with the callback's answer.
func (s *Server) postObject(w http.ResponseWriter, r *http.Request, bucket, _ string) error {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return invalidArgument("PostObject needs a multipart/form-data body with a boundary.")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	form := map[string]string{}
	header := http.Header{}
	var file *multipart.Part
	budget := int64(maxPostFields)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return oerr(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.")
		}
		name := p.FormName()
		if strings.EqualFold(name, "file") {
			file = p
			break
		}
		v, err := io.ReadAll(io.LimitReader(p, budget+1))
		budget -= int64(len(v))
		if err != nil || budget < 0 {
			return oerr(400, "MalformedPOSTRequest", "The form fields before the file are too large.")
		}
		form[strings.ToLower(name)] = string(v)
		header.Set(name, string(v))
	}
	if file == nil {
		return oerr(400, "InvalidArgument", "The form has no file field (it must be the last field).")
	}
	key := form["key"]
	if key == "" {
		return invalidArgument("The form has no key field.")
	}
	key = strings.ReplaceAll(key, "${filename}", file.FileName())
	form["key"] = key
	if err := validateKey(key); err != nil {
		return err
	}
	p, pol, err := s.cfg.Verifier.VerifyPost(form, bucket)
	if err != nil {
		return err
	}
	if err := p.Authorize("oss:PutObject", bucket, key); err != nil {
		return err
	}
	release, err := s.takeIngest(r, p.AccessKeyID)
	if err != nil {
		return err
	}
	defer release()
	if err := s.checkQuota(r, bucket, key); err != nil {
		return err
	}
	x, err := extraFromRequest(header)
	if err != nil {
		return err
	}
	cb, err := parseCallback(form["callback"], callbackVarsFromForm(form))
	if err != nil {
		return err
	}
	in, err := s.store.ingest(countingPart{file, &s.stats.bytes}, maxPartSize)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return err
		}
		return errIncompleteBody
	}
	defer in.close()
	if err := pol.CheckSize(in.size); err != nil {
		return err
	}
	ct := form["content-type"]
	if ct == "" {
		ct = file.Header.Get("Content-Type")
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	meta := objectMeta{Key: key, Size: in.size, ETag: strings.ToUpper(hex.EncodeToString(in.md5)), CRC64: in.crc, ContentType: ct,
		Meta: userMeta(header), LastModified: time.Now().UTC(), objectExtra: x}
	if err := s.store.publishObject(bucket, meta, in.path); err != nil {
		return err
	}
	h := w.Header()
	h.Set("ETag", `"`+meta.ETag+`"`)
	h.Set("x-oss-hash-crc64ecma", strconv.FormatUint(in.crc, 10))
	writeEncryption(h, x)
	if cb != nil {
		return s.callback(w, r, cb, bucket, &meta)
	}
	location := "http://" + r.Host + "/" + url.PathEscape(key)
	if redirect := form["success_action_redirect"]; redirect != "" {
		if u, err := url.Parse(redirect); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			q := u.Query()
			q.Set("bucket", bucket)
			q.Set("key", key)
			q.Set("etag", `"`+meta.ETag+`"`)
			u.RawQuery = q.Encode()
			h.Set("Location", u.String())
			w.WriteHeader(http.StatusSeeOther)
			return nil
		}
	}
	switch form["success_action_status"] {
	case "200":
		w.WriteHeader(200)
	case "201":
		return writeXML(w, 201, postResponse{Bucket: bucket, Location: location, Key: key, ETag: `"` + meta.ETag + `"`})
	default:
		w.WriteHeader(http.StatusNoContent)
	}
	return nil
}

// callbackVarsFromForm is the form's callback-var field or, without one, its
// x:* fields as an x-oss-callback-var value: a PostObject form may carry its
// custom callback variables either way.
func callbackVarsFromForm(form map[string]string) string {
	if v := form["callback-var"]; v != "" {
		return v
	}
	vars := map[string]string{}
	for k, v := range form {
		if strings.HasPrefix(k, "x:") {
			vars[k] = v
		}
	}
	if len(vars) == 0 {
		return ""
	}
	b, _ := json.Marshal(vars)
	return base64.StdEncoding.EncodeToString(b)
}

type countingPart struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingPart) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func md5Sum(b []byte) []byte {
	s := md5.Sum(b)
	return s[:]
}

func md5Hex(b []byte) string { return strings.ToUpper(hex.EncodeToString(md5Sum(b))) }

// forbidOverwrite is x-oss-forbid-overwrite: true.
func forbidOverwrite(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("X-Oss-Forbid-Overwrite"), "true")
}

var lastUploadNanos atomic.Int64

// newUploadID makes an upload ID that sorts by initiation time (as OSS's do:
// ali-oss's suite lists uploads of one key and compares them with the sorted
// IDs), 32 hex digits: 16 of a strictly increasing nanosecond clock, 16 random.
func newUploadID(now time.Time) string {
	n := now.UnixNano()
	for {
		last := lastUploadNanos.Load()
		if n <= last {
			n = last + 1
		}
		if lastUploadNanos.CompareAndSwap(last, n) {
			break
		}
	}
	return hexPad(n) + randomID(8)
}

func hexPad(n int64) string {
	s := strings.ToUpper(strconv.FormatUint(uint64(n), 16))
	return strings.Repeat("0", 16-len(s)) + s
}
