package osslocal

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

func (s *Server) initiate(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	x, err := extraFromRequest(r.Header)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	u := uploadMeta{Key: key, UploadID: newUploadID(now), Initiated: now, ContentType: ct, Meta: userMeta(r.Header), objectExtra: x}
	if err := s.store.createUpload(bucket, u); err != nil {
		return err
	}
	writeEncryption(w.Header(), x)
	enc := urlEncoded(r.URL.Query())
	res := initiateResult{Bucket: bucket, Key: encodeKey(key, enc), UploadId: u.UploadID}
	if enc {
		res.EncodingType = "url"
	}
	return writeXML(w, 200, res)
}

func (s *Server) uploadPart(w http.ResponseWriter, r *http.Request, bucket, key string) error {
	u, n, err := s.partTarget(r, bucket, key)
	if err != nil {
		return err
	}
	r.Body = io.NopCloser(&countingReader{r: r.Body, n: s.stats.partCounter(u.UploadID, n)})
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
		if errors.Is(err, errNoSuchUpload) {
			// Completed or aborted while this part was in flight.
			s.stats.forget(u.UploadID)
		}
		return err
	}
	w.Header().Set("ETag", `"`+p.ETag+`"`)
	w.Header().Set("Content-MD5", base64.StdEncoding.EncodeToString(in.md5))
	w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(p.CRC64, 10))
	writeEncryption(w.Header(), u.objectExtra)
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
	cb, err := parseCallback(r.Header.Get("X-Oss-Callback"), r.Header.Get("X-Oss-Callback-Var"))
	if err != nil {
		return err
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
	meta := objectMeta{Key: key, Size: size, ETag: multipartETag(chosen), CRC64: crc, ContentType: u.ContentType, Meta: u.Meta, LastModified: time.Now().UTC(), Multipart: true, objectExtra: u.objectExtra}
	if err := s.store.publishObject(bucket, meta, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := s.store.removeUpload(bucket, id); err != nil && !errors.Is(err, errNoSuchUpload) {
		s.cfg.Logger.Warn("removing completed upload", "uploadId", id, "err", err)
	}
	s.stats.forget(id)
	enc := urlEncoded(q)
	res := completeResult{Location: "http://" + r.Host + "/" + bucket + "/" + url.PathEscape(key), Bucket: bucket, Key: encodeKey(key, enc), ETag: `"` + meta.ETag + `"`}
	if enc {
		res.EncodingType = "url"
	}
	w.Header().Set("ETag", `"`+meta.ETag+`"`)
	w.Header().Set("x-oss-hash-crc64ecma", strconv.FormatUint(crc, 10))
	writeEncryption(w.Header(), meta.objectExtra)
	if cb != nil {
		return s.callback(w, r, cb, bucket, &meta)
	}
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
	s.stats.forget(id)
	w.WriteHeader(http.StatusNoContent)
	return nil
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

func (s *Server) listUploads(w http.ResponseWriter, r *http.Request, bucket, _ string) error {
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

// partTarget reads the part number and upload ID of UploadPart and
// UploadPartCopy, answering as OSS does for a bad number or an unknown upload.
func (s *Server) partTarget(r *http.Request, bucket, key string) (*uploadMeta, int, error) {
	q := r.URL.Query()
	n, err := strconv.Atoi(q.Get("partNumber"))
	if err != nil || n < 1 || n > maxParts {
		return nil, 0, invalidArgument("Part number must be an integer between 1 and 10000, inclusive.")
	}
	u, err := s.store.getUpload(bucket, q.Get("uploadId"))
	if err != nil || u.Key != key {
		return nil, 0, errNoSuchUpload
	}
	return u, n, nil
}
