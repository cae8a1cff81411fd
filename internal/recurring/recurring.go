// Package recurring finds a user's recurring bills, subscriptions and
// incomes in their transactions (Detect, pure), keeps what was found with
// the user's decisions about it, and sends the alerts that follow from it
// (the Service).
package recurring

import centavo "github.com/centavo/centavo"

// Cadences, from the most to the least frequent.
const (
	Weekly      = "weekly"
	Biweekly    = "biweekly"
	Semimonthly = "semimonthly"
	Monthly     = "monthly"
	Quarterly   = "quarterly"
	Semiannual  = "semiannual"
	Annual      = "annual"
)

// Statuses of a series: active until two expected occurrences are missed.
const (
	Active = "active"
	Ended  = "ended"
)

// States of a series: the user's decision about it. Detection proposes
// (suggested); confirmed and ignored are the user's and survive
// re-detection.
const (
	Suggested = "suggested"
	Confirmed = "confirmed"
	Ignored   = "ignored"
)

// Txn is one transaction as detection reads it. Transfers between the
// user's own accounts and hidden rows are left out by the caller.
type Txn struct {
	ID          int64
	AccountID   int64
	Date        centavo.Day
	AmountCents int64 // signed: negative leaves the account
	Currency    string
	MerchantKey string
	Merchant    string // display name
	Category    string
}

// Occurrence is one transaction of a series.
type Occurrence struct {
	TxnID       int64
	Date        centavo.Day
	AmountCents int64
}

// PriceChange is a charge that rose by more than 5 % or $1 against the
// series (a free or $1 trial turning into a paid charge is one).
type PriceChange struct {
	TxnID     int64
	Date      centavo.Day
	FromCents int64 // what the series charged before (absolute)
	ToCents   int64 // the new charge (absolute)
}

// Series is one recurring bill, subscription or income found by Detect.
type Series struct {
	// Key identifies the series across detections as the history grows
	// (new occurrences, a price rise): what the user's state sticks to.
	Key         string
	MerchantKey string
	Merchant    string
	Category    string
	AccountID   int64 // the account of the latest occurrence
	Currency    string
	Cadence     string
	// AmountCents is the series' typical amount (signed, like the
	// transactions); AmountVaries says it varies within a band (a utility).
	AmountCents  int64
	AmountVaries bool
	Income       bool // the series brings money in (a salary)
	LastDate     centavo.Day
	// NextDate is the next due date after the last occurrence (for an
	// ended series, the first it missed). A bank may post a charge due on
	// a weekend on the Friday or the Monday.
	NextDate centavo.Day
	// DueDay is a calendar cadence's (monthly to annual, semimonthly) day
	// of the month, from which weekend and month-length drift are
	// measured; 0 for weekly and biweekly ones. Expected steps by it.
	DueDay int
	// NextAmountCents is what the next occurrence is expected to be
	// (signed).
	NextAmountCents int64
	Status          string // Active or Ended
	// Tentative: too few occurrences to be sure (two of an annual
	// series, three of a weekly one, fewer than five of a semimonthly one
	// or of one whose amount varies); the service shows it as suggested and never alerts on it.
	Tentative   bool
	Occurrences []Occurrence // date order
	// Missed are the expected dates that passed (with the cadence's grace:
	// 3 days weekly, 4 fortnightly, 5 monthly, 10 quarterly, 14
	// semiannual, 21 annual) without an occurrence, since the series' last
	// occurrence; the first 12 at most.
	Missed []centavo.Day
	// PriceChanges are the rises of the charge, oldest first.
	PriceChanges []PriceChange
}

// Detect finds the series in one user's transactions as of today. The
// result does not depend on the order of txns; it is sorted by Key.
func Detect(txns []Txn, today centavo.Day) []Series {
	return detect(txns, today)
}
