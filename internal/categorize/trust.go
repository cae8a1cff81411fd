package categorize

import (
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// The crowd's trust rule (docs/0023-crowd-trust.md): who may vote, and what
// the crowd may decide.

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

// crowdMayFile says whether the crowd's category for a merchant may file a
// transaction of that amount. The crowd learns from what its voters file by
// hand, which a handful of accounts can steer; so it may not change the
// kind of money a transaction is against its direction:
//   - an outflow (amount ≤ 0) only under a spending category, never income
//     or transfer, which would take it out of spending and budgets;
//   - an inflow under income, or under a spending category (a refund);
//   - nothing under transfer: moves between one's own accounts are the
//     keywords' and the bank's codes' to recognize.
func crowdMayFile(category string, amountCents int64) bool {
	switch category {
	case centavo.CatTransfer:
		return false
	case centavo.CatIncome:
		return amountCents > 0
	}
	return true
}
