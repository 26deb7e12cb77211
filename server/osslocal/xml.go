package osslocal

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

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
