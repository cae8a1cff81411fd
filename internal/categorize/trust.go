package categorize

import (
	"time"

	"github.com/centavo/centavo/internal/store"
)

// The crowd's trust rule (docs/0023-crowd-trust.md): who may vote.

// A user's overrides count as votes once the account is established: at
// least TrustedAge old, on the service's clock, with transactions in at
// least TrustedMonths months. A fresh sign-up costs nothing; an account that
// has waited two weeks and holds two months of a ledger costs time.
const (
	TrustedAge    = 14 * 24 * time.Hour
	TrustedMonths = 2
)

// Established reports whether the voter's votes count at the instant now.
func Established(v store.Voter, now time.Time) bool {
	return !v.CreatedAt.After(now.Add(-TrustedAge)) && v.Months >= TrustedMonths
}
