package osslocal

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"net/http"

	"github.com/ossupload/ossupload/server/ossauth"
)

// Error is an OSS error response: the HTTP status and the code clients switch on.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func oerr(status int, code, msg string) *Error { return &Error{status, code, msg} }

var (
	errNoSuchBucket   = oerr(404, "NoSuchBucket", "The specified bucket does not exist.")
	errNoSuchKey      = oerr(404, "NoSuchKey", "The specified key does not exist.")
	errNoSuchUpload   = oerr(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
	errMalformedXML   = oerr(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.")
	errInvalidDigest  = oerr(400, "InvalidDigest", "The Content-MD5 you specified did not match what we received.")
	errPartOrder      = oerr(400, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.")
	errTooSmall       = oerr(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size: every part but the last must be at least 100 KiB.")
	errTooLarge       = oerr(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.")
	errIncompleteBody = oerr(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.")
	errInvalidRange   = oerr(416, "InvalidRange", "The requested range cannot be satisfied.")
	errSlowDown       = oerr(503, "SlowDown", "Please reduce your request rate.")
	errMethod         = oerr(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
	errCORS           = oerr(403, "AccessForbidden", "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource's CORS spec.")
)

func invalidPart(msg string) *Error { return oerr(400, "InvalidPart", msg) }
func invalidArgument(msg string) *Error {
	return oerr(400, "InvalidArgument", msg)
}
func invalidObjectName(msg string) *Error { return oerr(400, "InvalidObjectName", msg) }

type errorXML struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string
	Message   string
	RequestId string
	HostId    string
	// RequestTime and ServerTime come with RequestTimeTooSkewed: clients
	// (ali-oss) correct their clock from ServerTime and retry.
	RequestTime string `xml:",omitempty"`
	ServerTime  string `xml:",omitempty"`
}

// writeError writes err as OSS does: an XML body, or for HEAD (which has no
// body) the same XML base64-encoded in x-oss-err.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *Error
	var ae *ossauth.Error
	switch {
	case errors.As(err, &e):
	case errors.As(err, &ae):
		e = &Error{ae.Status, ae.Code, ae.Message}
	default:
		e = oerr(500, "InternalError", "We encountered an internal error. Please try again.")
	}
	ex := errorXML{Code: e.Code, Message: e.Message, RequestId: w.Header().Get("x-oss-request-id"), HostId: r.Host}
	if ae != nil && !ae.ServerTime.IsZero() {
		ex.RequestTime = ae.RequestTime.UTC().Format("2006-01-02T15:04:05.000Z")
		ex.ServerTime = ae.ServerTime.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	body, _ := xml.Marshal(ex)
	body = append([]byte(xml.Header), body...)
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("x-oss-ec", e.Code)
	if r.Method == http.MethodHead {
		w.Header().Set("x-oss-err", base64.StdEncoding.EncodeToString(body))
		w.WriteHeader(e.Status)
		return
	}
	w.Header().Set("Content-Length", itoa(int64(len(body))))
	w.WriteHeader(e.Status)
	w.Write(body)
}
