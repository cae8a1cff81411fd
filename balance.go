package centavo

import (
	"time"
)

// ConnectorManual is an account the user keeps by hand (a house, a car, a
// loan): no institution, no transactions, only the values recorded for it.
const ConnectorManual = "manual"

// Account kinds: what an account's balance means to net worth.
const (
	KindAsset     = "asset"
	KindLiability = "liability"
)

// liabilityTypes are the account types whose balance is money owed.
var liabilityTypes = map[string]bool{
	"credit_card": true, "credit_line": true, "loan": true, "mortgage": true, "line_of_credit": true,
}

// AccountKind is the account's kind: the one the user chose for a manual
// account, else the one its type implies (cards, loans and lines of credit
// are liabilities).
func AccountKind(a Account) string {
	if a.Kind != "" {
		return a.Kind
	}
	if liabilityTypes[a.Type] {
		return KindLiability
	}
	return KindAsset
}

// Day is a UTC calendar day, counted in whole days since 1970-01-01.
type Day int64

const secondsPerDay = 24 * 60 * 60

// DayOf returns the UTC day that contains t.
func DayOf(t time.Time) Day {
	s := t.Unix()
	d := s / secondsPerDay
	if s < 0 && s%secondsPerDay != 0 {
		d-- // floor, not truncation
	}
	return Day(d)
}

// Time is the day's first instant, UTC.
func (d Day) Time() time.Time { return time.Unix(int64(d)*secondsPerDay, 0).UTC() }

func (d Day) String() string { return d.Time().Format(time.DateOnly) }

// ParseDay parses "YYYY-MM-DD".
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != 10 {
		return 0, Errorf(EINVALID, "date %q is not of the form YYYY-MM-DD", s)
	}
	if t.Year() < 1900 || t.Year() > 9999 {
		return 0, Errorf(EINVALID, "date %q is out of range", s)
	}
	return DayOf(t), nil
}

// Balance is an account's closing balance on a day as its source reported
// it (or as the user recorded it), in the sign of the account's
// transactions: a card owing $50 stands at -5000.
type Balance struct {
	UserID    int64
	AccountID int64
	Day       Day
	Cents     int64
	// AvailableCents is what the source said is available (nil: it did not say).
	AvailableCents *int64
	AsOf           time.Time // when the source said it, UTC
}
