package connector

import (
	"context"
	"errors"
	"net"
	"unicode/utf8"
)

// NetReason says in a few words why a request to an institution failed at
// the network level, without the URL (which may hold credentials).
func NetReason(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	if errors.Is(err, context.Canceled) {
		return "canceled"
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return oe.Op + " failed"
	}
	return "connection failed"
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
