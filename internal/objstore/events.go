package objstore

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
)

// Changes to stored transactions after their download — a category set by
// hand or by a rule, an account removed — are written to the object store
// too, under events/, so that the logs alone can rebuild every monthly
// aggregate (centavo recompute).

// Event kinds.
const (
	EventCategory      = "category"       // a transaction was re-filed
	EventDeleteAccount = "delete_account" // an account and its transactions were removed
	// EventDrop says a transaction of the logs is not (or no longer)
	// stored: a pending one its posted version replaced, or a row that
	// another source's row already stands for. The key it names — account,
	// institution id, pending or not — never counts again: ingest keeps
	// it so (see docs/0019).
	EventDrop = "drop"
	// EventParts says what a transaction adds to the aggregates after the
	// user hid, showed, split or unsplit it: its Category field holds
	// FormatParts' text (docs/0032).
	EventParts = "parts"
)

// The parts texts of EventParts: a hidden transaction adds nothing, a
// whole one adds itself under its category (whatever category events say),
// a split one "split:" and its parts, category=amount joined by ",", the
// category query-escaped.
const (
	PartsHidden = "hidden"
	PartsWhole  = "whole"
	partsSplit  = "split:"
)

// FormatParts is the parts text of a transaction: hidden, whole or split.
func FormatParts(hidden bool, splits []centavo.Split) string {
	switch {
	case hidden:
		return PartsHidden
	case len(splits) == 0:
		return PartsWhole
	}
	parts := make([]string, len(splits))
	for i, s := range splits {
		parts[i] = url.QueryEscape(s.Category) + "=" + strconv.FormatInt(s.AmountCents, 10)
	}
	return partsSplit + strings.Join(parts, ",")
}

// ParseParts reads a parts text: hidden (no parts), whole (nil, true: the
// transaction itself) or its split parts.
func ParseParts(s string) (parts []centavo.Part, whole bool, err error) {
	switch {
	case s == PartsHidden:
		return nil, false, nil
	case s == PartsWhole:
		return nil, true, nil
	case !strings.HasPrefix(s, partsSplit):
		return nil, false, fmt.Errorf("objstore: parts %q", s)
	}
	for _, p := range strings.Split(strings.TrimPrefix(s, partsSplit), ",") {
		cat, amount, ok := strings.Cut(p, "=")
		n, err1 := strconv.ParseInt(amount, 10, 64)
		c, err2 := url.QueryUnescape(cat)
		if !ok || err1 != nil || err2 != nil {
			return nil, false, fmt.Errorf("objstore: parts %q", s)
		}
		parts = append(parts, centavo.Part{Category: c, AmountCents: n})
	}
	return parts, false, nil
}

// Event is one change.
type Event struct {
	Kind          string
	At            time.Time // when it committed (orders events)
	UserID        int64
	AccountID     int64
	InstitutionID string    // category and drop events
	PostedAt      time.Time // category and drop events: the transaction's date
	AmountCents   int64     // category and drop events
	Category      string    // category events: the new category; parts events: FormatParts' text
	Pending       bool      // category and drop events: the pending row of that id
}

// EventKey is where an event goes: events/YYYY/MM/DD/<user>/<id>.tsv.
func EventKey(at time.Time, userID, id int64) string {
	return fmt.Sprintf("events/%s/%d/%d.tsv", at.UTC().Format("2006/01/02"), userID, id)
}

// FormatEvents renders events as TSV: kind, at (RFC 3339 with nanoseconds),
// user, account, institution id, posted_at, amount_cents, category, and
// "pending" or nothing.
func FormatEvents(events []Event) []byte {
	var b strings.Builder
	for _, e := range events {
		posted := ""
		if !e.PostedAt.IsZero() {
			posted = e.PostedAt.UTC().Format(time.RFC3339)
		}
		pending := ""
		if e.Pending {
			pending = pendingMark
		}
		fmt.Fprintf(&b, "%s\t%s\t%d\t%d\t%s\t%s\t%d\t%s\t%s\n", field(e.Kind), e.At.UTC().Format(time.RFC3339Nano), e.UserID, e.AccountID,
			field(e.InstitutionID), posted, e.AmountCents, field(e.Category), pending)
	}
	return []byte(b.String())
}

// ParseEvents reads what FormatEvents wrote.
func ParseEvents(data []byte) ([]Event, error) {
	var out []Event
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 8 && len(f) != 9 { // 8: written before the pending column
			return nil, fmt.Errorf("objstore: event line %d: %d fields, want 9", i+1, len(f))
		}
		e := Event{Kind: f[0], InstitutionID: f[4], Category: f[7], Pending: len(f) == 9 && f[8] == pendingMark}
		var err error
		if e.At, err = time.Parse(time.RFC3339Nano, f[1]); err != nil {
			return nil, fmt.Errorf("objstore: event line %d: at: %w", i+1, err)
		}
		if e.UserID, err = strconv.ParseInt(f[2], 10, 64); err != nil {
			return nil, fmt.Errorf("objstore: event line %d: user: %w", i+1, err)
		}
		if e.AccountID, err = strconv.ParseInt(f[3], 10, 64); err != nil {
			return nil, fmt.Errorf("objstore: event line %d: account: %w", i+1, err)
		}
		if f[5] != "" {
			if e.PostedAt, err = time.Parse(time.RFC3339, f[5]); err != nil {
				return nil, fmt.Errorf("objstore: event line %d: posted_at: %w", i+1, err)
			}
		}
		if e.AmountCents, err = strconv.ParseInt(f[6], 10, 64); err != nil {
			return nil, fmt.Errorf("objstore: event line %d: amount: %w", i+1, err)
		}
		if e.Kind != EventCategory && e.Kind != EventDeleteAccount && e.Kind != EventDrop && e.Kind != EventParts {
			return nil, fmt.Errorf("objstore: event line %d: unknown kind %q", i+1, e.Kind)
		}
		out = append(out, e)
	}
	return out, nil
}
