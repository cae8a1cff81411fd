package store

import (
	"slices"
	"time"

	"github.com/centavo/centavo"
)

// TransferQuery selects the user's transactions that may be one side of a
// transfer between their own accounts (docs/0030-transfers.md): posted
// from From to To (inclusive), of one of the (signed) amounts Cents, in
// the account Account (0: any) and not in the account NotAccount (0: none
// left out), posted (not pending), in no pair, and not filed by the user
// nor the other side of a pair the user undid (category sources "user",
// "unpaired") nor already filed as a transfer's side. The engines read
// them through the (user_id, posted_at) index, bounded by the window, the
// amounts looked up in a hashed set, in id order.
type TransferQuery struct {
	UserID     int64
	From, To   time.Time
	Cents      []int64
	Account    int64
	NotAccount int64
}

// TransferKeeps are the category sources a transfer candidate never has.
var TransferKeeps = []string{centavo.SourceUser, centavo.SourceUnpaired, centavo.SourceTransfer}

// DistinctCents is q.Cents without zeros, each once, sorted.
func (q TransferQuery) DistinctCents() []int64 {
	out := make([]int64, 0, len(q.Cents))
	for _, c := range q.Cents {
		if c != 0 {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// PairMismatch is a transfer pair id whose transactions are not the two
// sides of one transfer (VerifyReport.PairMismatches).
type PairMismatch struct {
	UserID int64
	PairID int64
	Count  int64 // transactions under it
}
