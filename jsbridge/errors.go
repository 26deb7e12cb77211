//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"strings"
	"syscall/js"

	"github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossupload/ossupload/wasm/upload"
)

// ErrorInfo is what an error says to JavaScript, in ali-oss's names.
type ErrorInfo struct {
	Code, Message, RequestID, HostID, ECCode string
	Status, PartNum                          int
}

// errorInfo is the pure part of ErrorValue: which fields an error has.
// Requests that got no answer carry ali-oss's status -1 (network) or -2
// (timeout), which is what its retry and callers test.
func errorInfo(err error) ErrorInfo {
	info := ErrorInfo{Code: upload.CodeOf(err), Message: err.Error()}
	switch {
	case info.Code != "":
	case errors.Is(err, context.Canceled):
		info.Code = upload.CodeCanceled
	case errors.Is(err, context.DeadlineExceeded):
		info.Code = upload.CodeTimeout
	default:
		info.Code = upload.CodeInternal
	}
	var ue *upload.Error
	if errors.As(err, &ue) {
		info.Message, info.Status, info.RequestID, info.PartNum = ue.Message, ue.Status, ue.RequestID, ue.PartNumber
		if info.Message == "" {
			info.Message = ue.Error()
		}
	}
	var se oss.ServiceError
	if errors.As(err, &se) {
		info.HostID, info.ECCode = se.HostID, se.Ec
		if info.RequestID == "" {
			info.RequestID = se.RequestID
		}
	}
	if info.Status == 0 {
		switch info.Code {
		case upload.CodeNetwork:
			info.Status = -1
		case upload.CodeTimeout:
			info.Status = -2
		}
	}
	if c, ok := aliNoAnswer[info.Code]; ok {
		info.Code = c
	}
	return info
}

// aliNoAnswer are ali-oss's codes (and names) for a request that got no
// answer, as its browser transport reports them and its README tests them
// (err.code === 'ConnectionTimeoutError').
var aliNoAnswer = map[string]string{upload.CodeNetwork: "RequestError", upload.CodeTimeout: "ConnectionTimeoutError"}

// NewError builds a JS Error shaped like ali-oss's: name ([errorName]),
// code, status, requestId, hostId, ecCode and, for part failures, partNum.
func NewError(info ErrorInfo) js.Value {
	e := js.Global().Get("Error").New(info.Message)
	e.Set("name", errorName(info.Code))
	e.Set("code", info.Code)
	e.Set("status", info.Status)
	e.Set("requestId", info.RequestID)
	e.Set("hostId", info.HostID)
	if info.ECCode != "" {
		e.Set("ecCode", info.ECCode)
	}
	if info.PartNum > 0 {
		e.Set("partNum", info.PartNum)
	}
	return e
}

// errorName is ali-oss's name for an error: "cancel" and "abort" for a
// canceled or aborted upload (what its README tests err.name against), else
// the code followed by "Error".
func errorName(code string) string {
	switch code {
	case upload.CodeCanceled:
		return "cancel"
	case upload.CodeAborted:
		return "abort"
	}
	if strings.HasSuffix(code, "Error") {
		return code // ali-oss's RequestError, ConnectionTimeoutError
	}
	return code + "Error"
}

// ErrorValue converts a Go error to a JS Error. An error that came from the
// caller's own code (a throwing progress callback) is handed back as thrown.
func ErrorValue(err error) js.Value {
	var ce *callerError
	if errors.As(err, &ce) {
		return ce.Value
	}
	var ue *upload.Error
	if !errors.As(err, &ue) {
		var je *JSError
		if errors.As(err, &je) && je.Value.Type() == js.TypeObject {
			return je.Value
		}
	}
	return NewError(errorInfo(err))
}

// callerError is an exception thrown (or a rejection) by the caller's own
// callback; the call it broke rejects with exactly that value, as in ali-oss.
type callerError struct{ *JSError }

func (e *callerError) Unwrap() error { return e.JSError }
