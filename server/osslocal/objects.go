package osslocal

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func userMeta(h http.Header) map[string]string {
	m := map[string]string{}
	for k, v := range h {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-oss-meta-") && len(v) > 0 {
			m[lk] = v[0]
		}
	}
	return m
}

func (s *Server) putObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	x, err := extraFromRequest(r.Header)
	if err != nil {
		return err
	}
	if forbidOverwrite(r) && s.store.objectExists(bucket, key) {
		return errFileExists
	}
	in, err := s.ingestBody(r, maxPartSize)
	if err != nil {
		return err
	}
	defer in.close()
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	meta := objectMeta{Key: key, Size: in.size, ETag: strings.ToUpper(hex.EncodeToString(in.md5)), CRC64: in.crc, ContentType: ct, Meta: userMeta(r.Header), LastModified: time.Now().UTC(), objectExtra: x}
	cb, err := parseCallback(r.Header.Get("X-Oss-Callback"), r.Header.Get("X-Oss-Callback-Var"))
	if err != nil {
		return err
	}
	if err := s.store.publishObject(bucket, meta, in.path); err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+meta.ETag+`"`)
	w.Header().Set("Content-MD5", base64.StdEncoding.EncodeToString(in.md5))
	w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(in.crc, 10))
	writeEncryption(w.Header(), x)
	if cb != nil {
		return s.callback(w, r, cb, bucket, &meta)
	}
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
	named, f, err := s.store.getObject(bucket, key)
	if err != nil {
		return err
	}
	m, named, err := s.resolve(bucket, named, f)
	if err != nil {
		return err
	}
	if m != named {
		if _, f, err = s.store.getObject(bucket, m.Key); err != nil {
			return errSymlinkTarget
		}
	}
	defer f.Close()
	if r.Method == http.MethodGet && archived(m.StorageClass) && m.Restore != "done" {
		return errInvalidObjState
	}
	h := w.Header()
	h.Set("ETag", `"`+m.ETag+`"`)
	h.Set("Last-Modified", m.LastModified.Format(http.TimeFormat))
	h.Set("Content-Type", m.ContentType)
	h.Set("Accept-Ranges", "bytes")
	h.Set("x-oss-hash-crc64ecma", strconv.FormatUint(m.CRC64, 10))
	writeObjectHeaders(h, m, r.URL.Query())
	if named.Symlink != "" {
		h.Set("x-oss-object-type", "Symlink")
	}
	// The uploader chose the Content-Type: never let a browser render it as
	// a page of this origin, as OSS's default domains do not.
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", disposition(r.URL.Query().Get("response-content-disposition"), m.ContentType))
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

func (s *Server) deleteObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	s.store.deleteObject(bucket, key)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// activeTypes are content types a browser runs as code in the serving origin.
var activeTypes = []string{"text/html", "application/xhtml", "image/svg", "text/xml", "application/xml", "text/javascript", "application/javascript", "application/x-javascript", "text/xsl", "multipart/"}

// disposition is what an object is served with: attachment by default, or
// what the (signed) response-content-disposition parameter asks, except
// that active content is always an attachment.
func disposition(asked, contentType string) string {
	if asked == "" {
		return "attachment"
	}
	ct := strings.ToLower(strings.TrimSpace(contentType))
	for _, a := range activeTypes {
		if strings.HasPrefix(ct, a) {
			return "attachment"
		}
	}
	return asked
}
