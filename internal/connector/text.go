package connector

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/centavo/centavo"
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

// Bounds of what a connector hands over per transaction. Longer text from a
// bank or a file would be stored and shown on every later page.
const (
	// MaxDescriptorBytes bounds a descriptor (NAME, PAYEE, MEMO, a CSV's
	// description columns): a bank's line is under a hundred characters,
	// OFX caps MEMO at 255.
	MaxDescriptorBytes = 255
	// MaxIDBytes bounds an institution's transaction id (OFX caps FITID at
	// 255). A longer id cannot be cut without merging distinct rows, so
	// the row is left out.
	MaxIDBytes = 255
	// MaxRawBytes bounds Transaction.Raw: a statement row is a few hundred
	// bytes; a longer one is a file that is not a statement, or a hostile
	// one.
	MaxRawBytes = 2048
)

// Descriptor bounds a descriptor to MaxDescriptorBytes: a longer one keeps
// its first characters and ends with "…", which says it was cut. A bounded
// descriptor is returned as it is, so bounding twice changes nothing.
func Descriptor(s string) string {
	if len(s) <= MaxDescriptorBytes {
		return s
	}
	n := MaxDescriptorBytes - len("…")
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// RawText bounds a record's raw text to MaxRawBytes the way Descriptor
// bounds a descriptor: a longer one keeps its first characters and ends
// with "…".
func RawText(s string) string {
	if len(s) <= MaxRawBytes {
		return s
	}
	n := MaxRawBytes - len("…")
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// CheckAmount returns ErrAmountRange for an amount in cents beyond
// ±centavo.MaxTransactionCents.
func CheckAmount(cents int64) error {
	if cents > centavo.MaxTransactionCents || cents < -centavo.MaxTransactionCents {
		return ErrAmountRange
	}
	return nil
}

// ErrAmountRange completes a sentence about an amount: `amount "…" is
// beyond ±10,000,000,000.00, …`.
var ErrAmountRange = fmt.Errorf("is beyond ±%s, the largest amount a transaction may have", centavo.FormatMoney(centavo.MaxTransactionCents, ""))

// CheckID says why an institution's transaction id cannot be stored: longer
// than MaxIDBytes.
func CheckID(id string) error {
	if len(id) > MaxIDBytes {
		return fmt.Errorf("the transaction id is %d bytes long; at most %d are accepted", len(id), MaxIDBytes)
	}
	return nil
}
