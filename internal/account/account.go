// Package account keeps the user's accounts: linking them (sealing the
// credentials, claiming SimpleFIN tokens, validating what the user gave),
// discovering the accounts behind a login, recording what a failed
// download means for an account, and deleting one with its transactions.
// Downloading and importing transactions is internal/ingest's.
package account

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/institution"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
)

// Service links, discovers, lists and deletes accounts.
type Service struct {
	Cluster    store.Cluster
	Keys       *seal.Keyring
	Connectors map[string]connector.Connector
	Cache      cache.Cache
	Logger     *slog.Logger
	Now        func() time.Time
	// Quota keeps requests within the connectors' limits; nil: no limits.
	Quota *Quota
	// Institutions is the directory of OFX institutions linking can name.
	Institutions *institution.Directory
	// Rates converts balances in other currencies into the user's for net
	// worth; nil: those are left out (NetWorth.MissingRates).
	Rates Converter
}

// Accounts lists the user's accounts.
func (s *Service) Accounts(ctx context.Context, userID int64) ([]centavo.Account, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("account: accounts: %w", err)
	}
	return st.Accounts(ctx, userID)
}

// Account returns one of the user's accounts (not found if it is not theirs).
func (s *Service) Account(ctx context.Context, userID, accountID int64) (centavo.Account, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Account{}, fmt.Errorf("account: account: %w", err)
	}
	return st.Account(ctx, userID, accountID)
}

// Refresh enqueues a download of the account (or of its discovery, if that
// never finished). Past the institution's limits it refuses (ETOOMANY) with
// the time until the quota allows a request again.
func (s *Service) Refresh(ctx context.Context, userID, accountID int64) error {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("account: refresh: %w", err)
	}
	a, err := st.Account(ctx, userID, accountID)
	if err != nil {
		return err
	}
	if a.Connector == centavo.ConnectorManual {
		return centavo.Errorf(centavo.EINVALID, "a manual account has nothing to download; record its value with PUT /api/v1/accounts/%d/balance", a.ID)
	}
	// Credentials that do not open (a retired key) are the job's to report.
	if conn, creds, err := s.Access(a); err == nil && a.Connector != centavo.ConnectorFile {
		wait, err := s.Quota.Room(ctx, conn, a, creds)
		if err != nil {
			return err
		}
		if wait > 0 {
			return overQuota(wait)
		}
	}
	return st.InTx(ctx, func(tx store.Tx) error {
		a, err := tx.Account(ctx, userID, accountID)
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, refreshJob(a))
	})
}

// Delete removes an account and its transactions; the monthly aggregates
// lose them in the same transaction, and a job then writes the removal's
// event for recompute and removes the account's objects (raw responses,
// which hold the full account number, logs and events).
func (s *Service) Delete(ctx context.Context, userID, accountID int64) error {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("account: delete: %w", err)
	}
	var months []centavo.Month
	err = st.InTx(ctx, func(tx store.Tx) error {
		a, err := tx.Account(ctx, userID, accountID)
		if err != nil {
			return err
		}
		removed, err := tx.DeleteAccount(ctx, userID, accountID)
		if err != nil {
			return err
		}
		neg := make([]store.SpendingDelta, len(removed))
		for i, d := range removed {
			neg[i] = store.SpendingDelta{Month: d.Month, Currency: d.Currency, Category: d.Category, AmountCents: -d.AmountCents, Count: -d.Count}
			months = append(months, d.Month)
		}
		if err := tx.AddMonthlySpending(ctx, userID, neg); err != nil {
			return err
		}
		// The event's job then removes the account's raw responses and logs.
		event := river.InsertManyParams{Args: jobargs.ArchiveEvent{
			Event: objstore.EventDeleteAccount, At: s.Now().UTC(), UserID: userID, AccountID: accountID, Since: a.CreatedAt,
		}}
		jobs := append(jobargs.Evaluations(userID, months...), event, jobargs.Detection(userID))
		return tx.Enqueue(ctx, append(jobs, jobargs.Invalidation(cache.Shared(s.Cache), userID)...)...) // docs/0040
	})
	if err != nil {
		return err
	}
	cache.Forget(ctx, s.Cache, s.Logger, userID)
	return nil
}

// Load finds a job's account; gone reports that the user deleted it
// meanwhile (the job then has nothing left to do).
func (s *Service) Load(ctx context.Context, userID, accountID int64) (st store.Store, a centavo.Account, gone bool, err error) {
	st, err = s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, a, false, err
	}
	a, err = st.Account(ctx, userID, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return st, a, true, nil
	}
	return st, a, false, err
}
