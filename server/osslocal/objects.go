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

func (s *Server) listObjects(w http.ResponseWriter, r *http.Request, bucket, _ string) error {
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

func (s *Server) deleteObject(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	s.store.deleteObject(bucket, key)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
