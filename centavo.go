// Package centavo holds the domain of the Centavo personal-finance service:
// users, accounts, transactions, categories, months and money, and the error
// type that every layer uses. It imports only the standard library; adapters
// (store, connector, cache, HTTP) live under internal/ and depend on it.
package centavo

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. The HTTP layer maps each to one status in one table.
const (
	EBADREQUEST   = "bad_request"  // malformed request: syntax, unknown fields, wrong types
	EINVALID      = "invalid"      // well-formed but semantically invalid input
	EUNAUTHORIZED = "unauthorized" // missing or bad credentials
	ENOTFOUND     = "not_found"    // the thing does not exist, or is not the caller's
	ECONFLICT     = "conflict"     // the thing already exists
	ETOOLARGE     = "too_large"    // request body over the limit
	EUNAVAILABLE  = "unavailable"  // a dependency is down; try again later
	EINTERNAL     = "internal"     // a bug or an unexpected failure
	// ETOTPREQUIRED: the password was right, the account also needs a
	// two-factor code.
	ETOTPREQUIRED = "totp_required"
)

// Error codes of throttling and server policy (docs/0026).
const (
	EFORBIDDEN = "forbidden"         // not allowed on this server (sign-up closed)
	ETOOMANY   = "too_many_requests" // throttled: try again after the error's RetryAfter
)

// Error is the application error: a code from the list above, a message safe
// to show to the client, and optionally the underlying cause (never shown).
type Error struct {
	Code    string
	Message string
	Err     error
	// RetryAfter, when positive, is how long the client should wait before
	// trying again: a throttled or busy answer's Retry-After.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted client-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of err: the message of its
// *Error, or a generic text for internal errors (their details go to the log).
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// RetryAfter returns the RetryAfter of the first *Error in err's chain (0
// when there is none).
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}
