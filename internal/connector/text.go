package connector

import (
	"errors"
	"unicode/utf8"

	"github.com/centavo/centavo/internal/outbound"
)

// Unreachable is the one message a user sees for every network failure of
// a request to an institution: a name that does not resolve or resolves to
// an address the outbound policy refuses, a refused or reset connection, a
// timeout. Telling them apart would let a user scan the server's network;
// the cause is kept in the error for the log.
const Unreachable = "could not reach the bank"

// RequestError classifies the error of an HTTP request to an institution:
// a URL the outbound policy refuses by its text is the user's to fix
// (rejected, with the reason); anything else is the network (transient,
// Unreachable).
func RequestError(err error) *Error {
	var ue *outbound.URLError
	if errors.As(err, &ue) {
		return Errorf(KindRejected, err, "the bank's URL %s", ue.Reason)
	}
	return &Error{Kind: KindTransient, Message: Unreachable, Err: err}
}

// Clip shortens s to at most n bytes (plus an ellipsis) without splitting a
// character: institution text quoted in messages stays readable and short.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
