package ofxparse

import "fmt"

// Code classifies why a document could not be read at all.
type Code string

const (
	CodeMalformed Code = "malformed" // the content cannot be read as OFX
	CodeTooLarge  Code = "too_large" // more than MaxTransactions transactions
	CodeInternal  Code = "internal"  // a bug in this package (a recovered panic)
)

// Error is a document refused as a whole. Message is written for the
// user: the file import readers show it as it is.
type Error struct {
	Code    Code
	Message string
	err     error // the cause, for logs; never shown to the user
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause, when there is one (a recovered panic).
func (e *Error) Unwrap() error { return e.err }

func refuse(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
