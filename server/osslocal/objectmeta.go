package osslocal

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// objectExtra is what an object (or a multipart upload, for the object it
// will become) carries beyond its bytes: the standard HTTP headers OSS keeps,
// storage class, server-side encryption, and the state of appendable,
// symlink and archived objects.
type objectExtra struct {
	// Headers are the kept standard headers (Cache-Control, Content-Disposition,
	// Content-Encoding, Content-Language, Expires) and x-oss-server-side-*.
	Headers map[string]string `json:"headers,omitempty"`
	// StorageClass is Standard when empty.
	StorageClass string `json:"storageClass,omitempty"`
	// Appendable objects are made by AppendObject; their next position is Size.
	Appendable bool `json:"appendable,omitempty"`
	// Symlink is the target key of a symlink object (which has no bytes of its own).
	Symlink string `json:"symlink,omitempty"`
	// Restore is "ongoing" once RestoreObject was called on an archived object.
	Restore         string    `json:"restore,omitempty"`
	RestoreStarted  time.Time `json:"restoreStarted,omitempty"`
	RestorePriority string    `json:"restorePriority,omitempty"`
}

// keptHeaders are the request headers OSS stores with an object and returns on GET/HEAD.
var keptHeaders = []string{"Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires",
	"X-Oss-Server-Side-Encryption", "X-Oss-Server-Side-Encryption-Key-Id", "X-Oss-Server-Side-Data-Encryption"}

var storageClasses = map[string]string{"standard": "Standard", "ia": "IA", "archive": "Archive", "coldarchive": "ColdArchive", "deepcoldarchive": "DeepColdArchive"}

// archived reports whether class needs RestoreObject before its bytes can be read.
func archived(class string) bool {
	return class == "Archive" || class == "ColdArchive" || class == "DeepColdArchive"
}

// extraFromRequest reads the kept headers, storage class and encryption of a
// write (PutObject, InitiateMultipartUpload, CopyObject with REPLACE, PostObject form).
func extraFromRequest(h http.Header) (objectExtra, error) {
	var x objectExtra
	for _, k := range keptHeaders {
		if v := h.Get(k); v != "" {
			if x.Headers == nil {
				x.Headers = map[string]string{}
			}
			x.Headers[k] = v
		}
	}
	if sse := h.Get("X-Oss-Server-Side-Encryption"); sse != "" && sse != "AES256" && sse != "KMS" && sse != "SM4" {
		return x, oerr(400, "InvalidEncryptionAlgorithmError", "The encryption request you specified is not valid. Supported value: AES256/KMS/SM4.")
	}
	if c := h.Get("X-Oss-Storage-Class"); c != "" {
		norm, ok := storageClasses[strings.ToLower(c)]
		if !ok {
			return x, invalidArgument("Invalid storage class: " + c + ".")
		}
		x.StorageClass = norm
	}
	return x, nil
}

// writeEncryption echoes the server-side encryption of an object or upload, as
// OSS does on PutObject, InitiateMultipartUpload, UploadPart and Complete.
func writeEncryption(h http.Header, x objectExtra) {
	for _, k := range []string{"X-Oss-Server-Side-Encryption", "X-Oss-Server-Side-Encryption-Key-Id", "X-Oss-Server-Side-Data-Encryption"} {
		if v := x.Headers[k]; v != "" {
			h.Set(k, v)
		}
	}
	if x.Headers["X-Oss-Server-Side-Encryption"] == "KMS" && x.Headers["X-Oss-Server-Side-Encryption-Key-Id"] == "" {
		h.Set("X-Oss-Server-Side-Encryption-Key-Id", "local-kms-default-key")
	}
}

func (x objectExtra) storageClass() string {
	if x.StorageClass == "" {
		return "Standard"
	}
	return x.StorageClass
}

// objectType is what OSS calls the object in x-oss-object-type and ListObjects' Type.
func (m *objectMeta) objectType() string {
	switch {
	case m.Symlink != "":
		return "Symlink"
	case m.Appendable:
		return "Appendable"
	case m.Multipart:
		return "Multipart"
	}
	return "Normal"
}

// restoreHeader is x-oss-restore (and ListObjects' RestoreInfo) of an archived object.
func (m *objectMeta) restoreHeader() string {
	if m.Restore == "ongoing" {
		return `ongoing-request="true"`
	}
	return ""
}

// responseOverrides are the response-* query parameters of GetObject and the
// headers they replace.
var responseOverrides = map[string]string{
	"response-content-type": "Content-Type", "response-content-language": "Content-Language",
	"response-expires": "Expires", "response-cache-control": "Cache-Control",
	"response-content-disposition": "Content-Disposition", "response-content-encoding": "Content-Encoding",
}

// writeObjectHeaders sets the headers GET and HEAD return for m: the kept
// standard headers, metadata, type, class, encryption and append position,
// then the response-* overrides of q.
func writeObjectHeaders(h http.Header, m *objectMeta, q url.Values) {
	for k, v := range m.Headers {
		h.Set(k, v)
	}
	for k, v := range m.Meta {
		h.Set(k, v)
	}
	exposeMeta(h, m.Meta)
	h.Set("x-oss-object-type", m.objectType())
	h.Set("x-oss-storage-class", m.storageClass())
	writeEncryption(h, m.objectExtra)
	if m.Appendable {
		h.Set("x-oss-next-append-position", strconv.FormatInt(m.Size, 10))
	}
	if r := m.restoreHeader(); r != "" {
		h.Set("x-oss-restore", r)
	}
	for p, hk := range responseOverrides {
		if v := q.Get(p); v != "" {
			h.Set(hk, v)
		}
	}
}

// exposeMeta adds the object's x-oss-meta-* names to a CORS response's
// exposed headers: the bucket rule exposes the metadata it stores (a CORS
// rule cannot use wildcards in ExposeHeader, so it is listed by name).
func exposeMeta(h http.Header, meta map[string]string) {
	exp := h.Get("Access-Control-Expose-Headers")
	if exp == "" || len(meta) == 0 {
		return
	}
	names := make([]string, 0, len(meta))
	for k := range meta {
		names = append(names, k)
	}
	sort.Strings(names)
	h.Set("Access-Control-Expose-Headers", exp+", "+strings.Join(names, ", "))
}
