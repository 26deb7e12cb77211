package osslocal

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ossupload/ossupload/server/ossauth"
)

// FuzzCompleteXML feeds arbitrary CompleteMultipartUpload bodies to the
// handler (auth is not what is fuzzed here): it must never panic, must answer
// bad input with a 4xx OSS error, and must never complete with parts that
// were not uploaded.
func FuzzCompleteXML(f *testing.F) {
	f.Add(`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"X"</ETag></Part></CompleteMultipartUpload>`)
	f.Add(`<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>&#34;X&#34;</ETag></Part><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>`)
	f.Add(`<CompleteMultipartUpload>` + strings.Repeat(`<Part><PartNumber>99999</PartNumber></Part>`, 50) + `</CompleteMultipartUpload>`)
	f.Add(`<!DOCTYPE x [<!ENTITY a "aaaa">]><CompleteMultipartUpload>&a;</CompleteMultipartUpload>`)
	f.Add("")
	s, err := New(Config{DataDir: f.TempDir(), Verifier: ossauth.NewVerifier(ossauth.Config{})})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		id := randomID(16)
		if err := s.store.createUpload("demo", uploadMeta{Key: "k", UploadID: id, Initiated: time.Now()}); err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("POST", "/demo/k?uploadId="+id, strings.NewReader(body))
		w := httptest.NewRecorder()
		err := s.complete(w, r, "demo", "k")
		var e *Error
		if err == nil || !errors.As(err, &e) || e.Status < 400 || e.Status >= 500 {
			t.Fatalf("body %q: want a 4xx OSS error (no parts were uploaded), got %v", body, err)
		}
		s.store.removeUpload("demo", id)
	})
}

// TestOversizedCompleteBody: a Complete body over the limit is refused after
// reading at most the limit, and the upload is left intact.
func TestOversizedCompleteBody(t *testing.T) {
	s, err := New(Config{DataDir: t.TempDir(), Verifier: ossauth.NewVerifier(ossauth.Config{})})
	if err != nil {
		t.Fatal(err)
	}
	id := randomID(16)
	if err := s.store.createUpload("demo", uploadMeta{Key: "k", UploadID: id, Initiated: time.Now()}); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("<Part><PartNumber>1</PartNumber><ETag>x</ETag></Part>"), (maxCompleteBody/50)+100)
	r := httptest.NewRequest("POST", "/demo/k?uploadId="+id, bytes.NewReader(big))
	err = s.complete(httptest.NewRecorder(), r, "demo", "k")
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
		t.Fatalf("oversized Complete body: got %v", err)
	}
	if _, err := s.store.getUpload("demo", id); err != nil {
		t.Fatal("the upload must survive a rejected Complete")
	}
}
