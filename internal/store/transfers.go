package store

import (
	"context"
	"slices"
	"time"

	"github.com/centavo/centavo"
)

// TransferReader is the ledger's reading of transfer pairs (part of
// LedgerReader).
type TransferReader interface {
	// HasTransferCandidates says whether TransferCandidates would find a
	// row; it locks nothing, so it may run on a replica.
	HasTransferCandidates(ctx context.Context, q TransferQuery) (bool, error)
	// TransferPartners maps pair ids to the other side's id: the one whose
	// id is not the pair id.
	TransferPartners(ctx context.Context, userID int64, pairIDs []int64) (map[int64]int64, error)
}

// TransferWriter holds the read that decides which rows an ingest pairs,
// which belongs inside its transaction (part of LedgerWriter).
type TransferWriter interface {
	// TransferCandidates returns the rows of q, locked for the rest of the
	// transaction where the engine locks rows, in id order.
	TransferCandidates(ctx context.Context, q TransferQuery) ([]centavo.Transaction, error)
}

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

// GoalMismatch is a goal whose kept sum of contributions (contributed_cents)
// is not the sum of its contribution rows (VerifyReport.GoalMismatches).
type GoalMismatch struct {
	UserID, GoalID             int64
	StoredCents, ComputedCents int64
}

// PairMismatch is a transfer pair id whose transactions are not the two
// sides of one transfer (VerifyReport.PairMismatches).
type PairMismatch struct {
	UserID int64
	PairID int64
	Count  int64 // transactions under it
}
