package objstore

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Changes to stored transactions after their download — a category set by
// hand or by a rule, an account removed — are written to the object store
// too, under events/, so that the logs alone can rebuild every monthly
// aggregate (centavo recompute).

// Event kinds.
const (
	EventCategory      = "category"       // a transaction was re-filed
	EventDeleteAccount = "delete_account" // an account and its transactions were removed
)

// Event is one change.
type Event struct {
	Kind          string
	At            time.Time // when it committed (orders events)
	UserID        int64
	AccountID     int64
	InstitutionID string    // category events
	PostedAt      time.Time // category events: the transaction's date
	AmountCents   int64     // category events
	Category      string    // category events: the new category
}

// EventKey is where an event goes: events/YYYY/MM/DD/<user>/<id>.tsv.
func EventKey(at time.Time, userID, id int64) string {
	return fmt.Sprintf("events/%s/%d/%d.tsv", at.UTC().Format("2006/01/02"), userID, id)
}

// FormatEvents renders events as TSV: kind, at (RFC 3339 with nanoseconds),
// user, account, institution id, posted_at, amount_cents, category.
func FormatEvents(events []Event) []byte {
	var b strings.Builder
	for _, e := range events {
		posted := ""
		if !e.PostedAt.IsZero() {
			posted = e.PostedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "%s\t%s\t%d\t%d\t%s\t%s\t%d\t%s\n", field(e.Kind), e.At.UTC().Format(time.RFC3339Nano), e.UserID, e.AccountID,
			field(e.InstitutionID), posted, e.AmountCents, field(e.Category))
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
		if len(f) != 8 {
			return nil, fmt.Errorf("objstore: event line %d: %d fields, want 8", i+1, len(f))
		}
		e := Event{Kind: f[0], InstitutionID: f[4], Category: f[7]}
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
		if e.Kind != EventCategory && e.Kind != EventDeleteAccount {
			return nil, fmt.Errorf("objstore: event line %d: unknown kind %q", i+1, e.Kind)
		}
		out = append(out, e)
	}
	return out, nil
}
