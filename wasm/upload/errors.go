package upload

import (
	"errors"
	"fmt"
)

// Codes the engine itself produces. OSS error codes (AccessDenied,
// NoSuchUpload, SecurityTokenExpired, ...) pass through unchanged in
// Error.Code, so callers match one field whatever failed.
const (
	// CodeInvalidArgument: a bad key, part size, parallelism or checkpoint.
	CodeInvalidArgument = "InvalidArgument"
	// CodeFileChanged: the file differs from the one an explicit
	// Options.Checkpoint was written for, or changed while it was being read;
	// pass Options.Fresh to start over. (Without a checkpoint, a journal of
	// another version of the file is retired and a new upload starts.)
	CodeFileChanged = "FileChanged"
	// CodeCheckpointMismatch: the given checkpoint is for another bucket, key or
	// part size, or is internally inconsistent.
	CodeCheckpointMismatch = "CheckpointMismatch"
	// CodeCanceled: the context was canceled; the journal is kept for a resume.
	CodeCanceled = "Canceled"
	// CodeIntegrityMismatch: a part's or the object's CRC64 differs from ours.
	CodeIntegrityMismatch = "IntegrityMismatch"
	// CodeNoSuchUpload is the OSS code for an upload ID the server does not
	// know. The engine turns it into Aborted, or restarts (Result.Restarted)
	// only when the journal proves the upload expired.
	CodeNoSuchUpload = "NoSuchUpload"
	// CodeAborted: the upload was aborted while it ran (abortMultipartUpload
	// here, in another client or in another tab, or a vanished upload ID);
	// nothing more is sent and it is not restarted.
	CodeAborted = "Aborted"
	// CodeIdentityChanged: the credentials now belong to another identity
	// (another prefix) than when the upload started; the journal is kept.
	CodeIdentityChanged = "IdentityChanged"
	// CodeNetwork: the request never got an OSS answer (reset, EOF, DNS, ...).
	CodeNetwork = "Network"
	// CodeTimeout: a request or a stalled part exceeded its time limit.
	CodeTimeout = "Timeout"
	// CodeSourceRead: reading the file failed.
	CodeSourceRead = "SourceReadError"
	// CodeJournal: the journal store failed.
	CodeJournal = "JournalError"
	// CodeInternal: a bug or an unexpected answer.
	CodeInternal = "Internal"
	// CodeCompleteUnknown: a retried Complete found the upload gone, so an
	// earlier attempt whose answer was lost probably completed it. Not
	// restarted automatically: that would send the whole file again.
	CodeCompleteUnknown = "CompleteOutcomeUnknown"
	// CodeInProgress: the same file is already being uploaded to the same
	// object, in this or another tab (Options.Wait waits instead).
	CodeInProgress = "UploadInProgress"
	// CodeRequestTimeTooSkewed is the OSS code for a client clock off by more than 15 minutes.
	CodeRequestTimeTooSkewed = "RequestTimeTooSkewed"
)

// Error is the one error type the engine and the ossapi transport return.
// Match it with errors.As, or with errors.Is against an *Error that has only
// Code set (errors.Is(err, &upload.Error{Code: upload.CodeCanceled})).
type Error struct {
	Code       string // stable: an OSS code or one of the Code* constants
	Message    string
	Status     int    // HTTP status when the server answered, else 0
	RequestID  string // x-oss-request-id when the server answered
	PartNumber int    // the part concerned, 0 if none
	Err        error  // the cause, if any
}

// Error formats the code, message, part, status, request ID and cause.
func (e *Error) Error() string {
	s := e.Code
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.PartNumber > 0 {
		s += fmt.Sprintf(" (part %d)", e.PartNumber)
	}
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.RequestID != "" {
		s += " (RequestId " + e.RequestID + ")"
	}
	if e.Err != nil && (e.Message == "" || e.Message != e.Err.Error()) {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap exposes the cause, so errors.Is(err, context.Canceled) also works.
func (e *Error) Unwrap() error { return e.Err }

// Is matches a target *Error by Code (and by Status when the target sets it).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Status == 0 || t.Status == e.Status)
}

// CodeOf returns the Code of the *Error in err's chain, or "" if there is none.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
