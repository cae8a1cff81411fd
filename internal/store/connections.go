package store

import (
	"context"
	"time"

	"github.com/centavo/centavo"
)

// The store's part in linked connections and investment accounts: the
// requests counted against institutions' quotas, repaired credentials,
// accounts gone stale, and holdings.

// HoldingReader reads the positions of a user's investment accounts.
type HoldingReader interface {
	// Holdings returns the account's latest snapshot of positions, in the
	// order they were saved; a zero AsOf and no holdings when none was ever
	// saved (the account's existence is the caller's to check).
	Holdings(ctx context.Context, userID, accountID int64) (HoldingSnapshot, error)
}

// HoldingWriter saves the positions of a user's investment accounts.
type HoldingWriter interface {
	// ReplaceHoldings makes s the account's snapshot, replacing the stored
	// one as a whole, unless the stored one is newer (s.AsOf before it):
	// it reports whether s was saved. ErrNotFound when the account is not
	// the user's.
	ReplaceHoldings(ctx context.Context, s HoldingSnapshot) (bool, error)
}

// HoldingSnapshot is an account's positions as of one moment. The
// holdings' UserID, AccountID and AsOf are the snapshot's.
type HoldingSnapshot struct {
	UserID, AccountID int64
	AsOf              time.Time
	Holdings          []centavo.Holding
}

// StaleAccountFilter selects a page of the accounts not updated since
// Before, in id order, with ids in (AfterID, UpToID] (UpToID 0: no bound).
type StaleAccountFilter struct {
	ActiveSince time.Time
	Before      time.Time
	AfterID     int64
	UpToID      int64
	Limit       int
}

// AccountCredentialsUpdate gives an account new sealed credentials.
type AccountCredentialsUpdate struct {
	UserID            int64
	ID                int64
	SealedCredentials []byte
	Status            string
}

// Quota counts the requests made to institutions, in the database so every
// process agrees (docs/0012-daily-refresh.md). Keys name what is limited
// (a host, a hash of an access); nothing in them is secret.
type Quota interface {
	// TakeRequest counts one request under key in the window starting at
	// window, unless limit requests are counted there already; it reports
	// whether the request was counted (may go ahead).
	TakeRequest(ctx context.Context, key string, window time.Time, limit int) (bool, error)
	// RequestCount is how many requests are counted under key in the window.
	RequestCount(ctx context.Context, key string, window time.Time) (int, error)
	// PruneRequests forgets the windows that started before the given time.
	PruneRequests(ctx context.Context, before time.Time) error
}
