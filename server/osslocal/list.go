package osslocal

import (
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
)

func init() {
	registerOperation(operation{Name: "ListObjectsV2", Method: http.MethodGet, Bucket: true, Action: "oss:ListObjects",
		When: func(r *http.Request) bool { return r.URL.Query().Get("list-type") == "2" }, Handle: (*Server).listObjectsV2})
}

// localOwner is the bucket owner every object reports: OSS returns the
// owner's account ID and display name in ListObjects.
var localOwner = owner{ID: "1000000000000000", DisplayName: "1000000000000000"}

type owner struct {
	ID          string
	DisplayName string
}

type listContent struct {
	Key          string
	LastModified string
	ETag         string
	Type         string
	Size         int64
	StorageClass string
	Owner        *owner `xml:",omitempty"`
	RestoreInfo  string `xml:",omitempty"`
}

type commonPrefix struct {
	Prefix string
}

type listObjectsResult struct {
	XMLName        xml.Name `xml:"ListBucketResult"`
	Name           string
	Prefix         string
	Marker         string
	MaxKeys        int
	Delimiter      string
	IsTruncated    bool
	NextMarker     string `xml:",omitempty"`
	EncodingType   string `xml:",omitempty"`
	Contents       []listContent
	CommonPrefixes []commonPrefix
}

type listObjectsV2Result struct {
	XMLName               xml.Name `xml:"ListBucketResult"`
	Name                  string
	Prefix                string
	StartAfter            string `xml:",omitempty"`
	ContinuationToken     string `xml:",omitempty"`
	MaxKeys               int
	Delimiter             string
	IsTruncated           bool
	NextContinuationToken string `xml:",omitempty"`
	EncodingType          string `xml:",omitempty"`
	KeyCount              int
	Contents              []listContent
	CommonPrefixes        []commonPrefix
}

// listing is one page of a bucket listing: objects and common prefixes in
// key order, after marker (exclusive), at most max entries in all.
type listing struct {
	contents  []*objectMeta
	prefixes  []string
	truncated bool
	next      string // the last key or common prefix returned, when truncated
}

func (s *Server) list(bucket, prefix, delim, marker string, max int) (*listing, error) {
	objs, err := s.store.listObjects(bucket)
	if err != nil {
		return nil, err
	}
	l := &listing{}
	last := ""
	for i := range objs {
		o := &objs[i]
		if !strings.HasPrefix(o.Key, prefix) || o.Key <= marker {
			continue
		}
		entry, isPrefix := o.Key, false
		if delim != "" {
			if j := strings.Index(o.Key[len(prefix):], delim); j >= 0 {
				entry, isPrefix = o.Key[:len(prefix)+j+len(delim)], true
			}
		}
		if isPrefix && (entry == last || entry <= marker) {
			continue // the rest of a common prefix already returned (or passed by the marker)
		}
		if len(l.contents)+len(l.prefixes) == max {
			l.truncated = true
			l.next = last
			break
		}
		last = entry
		if isPrefix {
			l.prefixes = append(l.prefixes, entry)
		} else {
			l.contents = append(l.contents, o)
		}
	}
	return l, nil
}

func listParams(q url.Values) (prefix, delim string, max int, enc bool, err error) {
	max, err = intParam(q, "max-keys", 100, 1000)
	return q.Get("prefix"), q.Get("delimiter"), max, urlEncoded(q), err
}

func (l *listing) xml(enc, withOwner bool) ([]listContent, []commonPrefix) {
	var cs []listContent
	for _, o := range l.contents {
		c := listContent{Key: encodeKey(o.Key, enc), LastModified: o.LastModified.Format("2006-01-02T15:04:05.000Z"),
			ETag: `"` + o.ETag + `"`, Type: o.objectType(), Size: o.Size, StorageClass: o.storageClass(), RestoreInfo: o.restoreHeader()}
		if withOwner {
			own := localOwner
			c.Owner = &own
		}
		cs = append(cs, c)
	}
	var ps []commonPrefix
	for _, p := range l.prefixes {
		ps = append(ps, commonPrefix{encodeKey(p, enc)})
	}
	return cs, ps
}

// listObjects is ListObjects (GetBucket, V1): marker paging, delimiter, and
// the Owner of every object.
func (s *Server) listObjects(w http.ResponseWriter, r *http.Request, bucket, _ string) error {
	q := r.URL.Query()
	prefix, delim, max, enc, err := listParams(q)
	if err != nil {
		return err
	}
	marker := q.Get("marker")
	l, err := s.list(bucket, prefix, delim, marker, max)
	if err != nil {
		return err
	}
	res := listObjectsResult{Name: bucket, Prefix: encodeKey(prefix, enc), Marker: encodeKey(marker, enc), MaxKeys: max, Delimiter: encodeKey(delim, enc), IsTruncated: l.truncated}
	if l.truncated {
		res.NextMarker = encodeKey(l.next, enc)
	}
	if enc {
		res.EncodingType = "url"
	}
	res.Contents, res.CommonPrefixes = l.xml(enc, true)
	return writeXML(w, 200, res)
}

// listObjectsV2 is ListObjectsV2 (list-type=2): opaque continuation tokens,
// start-after, KeyCount, and Owner only with fetch-owner=true.
func (s *Server) listObjectsV2(w http.ResponseWriter, r *http.Request, bucket, _ string) error {
	q := r.URL.Query()
	prefix, delim, max, enc, err := listParams(q)
	if err != nil {
		return err
	}
	marker := q.Get("start-after")
	token := q.Get("continuation-token")
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return invalidArgument("The continuation token provided is incorrect.")
		}
		marker = string(raw)
	}
	l, err := s.list(bucket, prefix, delim, marker, max)
	if err != nil {
		return err
	}
	res := listObjectsV2Result{Name: bucket, Prefix: encodeKey(prefix, enc), StartAfter: encodeKey(q.Get("start-after"), enc), ContinuationToken: token,
		MaxKeys: max, Delimiter: encodeKey(delim, enc), IsTruncated: l.truncated, KeyCount: len(l.contents) + len(l.prefixes)}
	if l.truncated {
		res.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(l.next))
	}
	if enc {
		res.EncodingType = "url"
	}
	res.Contents, res.CommonPrefixes = l.xml(enc, q.Get("fetch-owner") == "true")
	return writeXML(w, 200, res)
}
