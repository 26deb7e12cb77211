//go:build js && wasm

package jsbridge

import (
	"errors"
	"syscall/js"

	"github.com/ossupload/ossupload/wasm/upload"
)

// NewError builds a JS Error shaped like ali-oss's: name, code, status,
// requestId and, for part failures, partNum.
func NewError(code, message string, status int, requestID string, partNum int) js.Value {
	e := js.Global().Get("Error").New(message)
	e.Set("name", code+"Error")
	e.Set("code", code)
	e.Set("status", status)
	e.Set("requestId", requestID)
	if partNum > 0 {
		e.Set("partNum", partNum)
	}
	return e
}

// ErrorValue converts a Go error to a JS Error.
func ErrorValue(err error) js.Value {
	var ue *upload.Error
	if errors.As(err, &ue) {
		return NewError(ue.Code, ue.Message, ue.Status, ue.RequestID, ue.PartNumber)
	}
	var je *JSError
	if errors.As(err, &je) && je.Value.Type() == js.TypeObject {
		return je.Value
	}
	return NewError(upload.CodeOf(err), err.Error(), 0, "", 0)
}
