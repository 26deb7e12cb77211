package osslocal

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sameQuery(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Two different operations that a request can match with the same
// specificity would make routing depend on registration order.
func TestOperationTableUnambiguous(t *testing.T) {
	for i, a := range operations {
		require.NotEmpty(t, a.Action, a.Name)
		require.NotNil(t, a.Handle, a.Name)
		for _, b := range operations[i+1:] {
			if a.Name != b.Name && a.Method == b.Method && a.Bucket == b.Bucket && a.When == nil && b.When == nil {
				assert.False(t, sameQuery(a.Query, b.Query), "%s and %s match the same requests", a.Name, b.Name)
			}
		}
	}
}

func TestLookupOperation(t *testing.T) {
	cases := []struct{ method, target, op, action string }{
		{"GET", "/b/", "ListObjects", "oss:ListObjects"},
		{"GET", "/b/?uploads", "ListMultipartUploads", "oss:ListMultipartUploads"},
		{"POST", "/b/k?uploads", "InitiateMultipartUpload", "oss:PutObject"},
		{"POST", "/b/k?uploadId=x", "CompleteMultipartUpload", "oss:PutObject"},
		{"PUT", "/b/k?uploadId=x&partNumber=1", "UploadPart", "oss:PutObject"},
		{"PUT", "/b/k?partNumber=1", "UploadPart", "oss:PutObject"},
		{"PUT", "/b/k", "PutObject", "oss:PutObject"},
		{"GET", "/b/k?uploadId=x", "ListParts", "oss:ListParts"},
		{"GET", "/b/k", "GetObject", "oss:GetObject"},
		{"HEAD", "/b/k", "HeadObject", "oss:GetObject"},
		{"DELETE", "/b/k?uploadId=x", "AbortMultipartUpload", "oss:AbortMultipartUpload"},
		{"DELETE", "/b/k", "DeleteObject", "oss:DeleteObject"},
		{"PUT", "/b/", "", ""},
		{"PATCH", "/b/k", "", ""},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.target, func(t *testing.T) {
			r := httptest.NewRequest(c.method, c.target, nil)
			_, key, _ := bytes.Cut([]byte(r.URL.Path[1:]), []byte("/"))
			op := lookupOperation(r, string(key))
			if c.op == "" {
				assert.Nil(t, op)
				return
			}
			require.NotNil(t, op)
			assert.Equal(t, c.op, op.Name)
			assert.Equal(t, c.action, op.Action)
		})
	}
}

// An unexpected error is logged with the request ID and reaches the caller
// only as a generic 500.
func TestInternalErrorLoggedWithRequestID(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{cfg: Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))}}
	w := httptest.NewRecorder()
	w.Header().Set("x-oss-request-id", "REQ123")
	s.fail(w, httptest.NewRequest("GET", "/b/k", nil), "GetObject", errors.New("disk on fire /secret/path"))
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.Contains(t, w.Body.String(), "<Code>InternalError</Code>")
	assert.NotContains(t, w.Body.String(), "disk on fire")
	assert.Contains(t, logs.String(), "requestId=REQ123")
	assert.Contains(t, logs.String(), "disk on fire")

	logs.Reset()
	s.fail(httptest.NewRecorder(), httptest.NewRequest("GET", "/b/k", nil), "GetObject", errNoSuchKey)
	assert.Empty(t, logs.String(), "OSS errors are answers, not incidents")
}
