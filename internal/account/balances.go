package account

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/store"
)

// MaxHistoryDays is the longest range of days a balance history or a net
// worth series covers (ten years).
const MaxHistoryDays = 3653

// LatestBalances returns the latest reported balance of each of the user's
// accounts that has one, by account id.
func (s *Service) LatestBalances(ctx context.Context, userID int64) (map[int64]centavo.Balance, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("account: balances: %w", err)
	}
	list, err := st.LatestBalances(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]centavo.Balance, len(list))
	for _, b := range list {
		out[b.AccountID] = b
	}
	return out, nil
}

// ManualParams describes a manual account: a house, a car, a loan.
type ManualParams struct {
	Name         string
	Kind         string // centavo.KindAsset or KindLiability
	Currency     string
	BalanceCents int64 // its value; for a liability, what is owed
}

// CreateManual creates a manual account with its value as of now.
func (s *Service) CreateManual(ctx context.Context, userID int64, p ManualParams) (centavo.Account, centavo.Balance, error) {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" || len(p.Name) > 100 {
		return centavo.Account{}, centavo.Balance{}, centavo.Errorf(centavo.EINVALID, "name is required (at most 100 characters)")
	}
	if p.Kind != centavo.KindAsset && p.Kind != centavo.KindLiability {
		return centavo.Account{}, centavo.Balance{}, centavo.Errorf(centavo.EINVALID, "kind must be %q or %q", centavo.KindAsset, centavo.KindLiability)
	}
	cur, err := checkCurrency(p.Currency)
	if err != nil {
		return centavo.Account{}, centavo.Balance{}, err
	}
	if err := checkBalance(p.BalanceCents); err != nil {
		return centavo.Account{}, centavo.Balance{}, err
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Account{}, centavo.Balance{}, fmt.Errorf("account: create manual: %w", err)
	}
	now := s.Now().UTC().Truncate(time.Microsecond) // what the store keeps
	a := centavo.Account{UserID: userID, Connector: centavo.ConnectorManual, Name: p.Name, Type: "manual", Kind: p.Kind,
		Currency: cur, SealedCredentials: []byte{}, Status: centavo.AccountOK, CreatedAt: now}
	var b centavo.Balance
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateAccount(ctx, &a); err != nil {
			return err
		}
		b = centavo.Balance{UserID: userID, AccountID: a.ID, Day: centavo.DayOf(now), Cents: Owed(a, p.BalanceCents), AsOf: now}
		if _, err := tx.RecordBalance(ctx, b); err != nil {
			return err
		}
		return tx.Enqueue(ctx, jobargs.Invalidation(cache.Shared(s.Cache), userID)...) // docs/0040
	})
	if err == nil {
		cache.Forget(ctx, s.Cache, s.Logger, userID)
	}
	return a, b, err
}

// SetBalance records the value of a manual or file account as of a time
// (for a liability, what is owed); a linked account's balance is its
// institution's to say (invalid). It returns the account and the balance
// it now shows.
func (s *Service) SetBalance(ctx context.Context, userID, accountID, cents int64, asOf *time.Time) (centavo.Account, centavo.Balance, error) {
	if err := checkBalance(cents); err != nil {
		return centavo.Account{}, centavo.Balance{}, err
	}
	now := s.Now().UTC()
	at := now
	if asOf != nil {
		at = asOf.UTC()
	}
	if at.After(now) {
		return centavo.Account{}, centavo.Balance{}, centavo.Errorf(centavo.EINVALID, "as_of is in the future")
	}
	if at.Year() < 1970 {
		// The balance history counts days from 1970 (DayFilter.Since).
		return centavo.Account{}, centavo.Balance{}, centavo.Errorf(centavo.EINVALID, "as_of is out of range: the balance history starts in 1970")
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Account{}, centavo.Balance{}, fmt.Errorf("account: set balance: %w", err)
	}
	var a centavo.Account
	var latest centavo.Balance
	err = st.InTx(ctx, func(tx store.Tx) error {
		if a, err = tx.Account(ctx, userID, accountID); err != nil {
			return err
		}
		if a.Connector != centavo.ConnectorManual && a.Connector != centavo.ConnectorFile {
			return centavo.Errorf(centavo.EINVALID, "the balance of a linked account is what its institution reports; only manual and file accounts take one")
		}
		b := centavo.Balance{UserID: userID, AccountID: a.ID, Day: centavo.DayOf(at), Cents: Owed(a, cents), AsOf: at}
		if _, err := tx.RecordBalance(ctx, b); err != nil {
			return err
		}
		all, err := tx.LatestBalances(ctx, userID)
		for _, l := range all {
			if l.AccountID == a.ID {
				latest = l
			}
		}
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, jobargs.Invalidation(cache.Shared(s.Cache), userID)...) // docs/0040
	})
	if err != nil {
		return a, latest, err
	}
	cache.Forget(ctx, s.Cache, s.Logger, userID)
	return a, latest, nil
}

func checkCurrency(c string) (string, error) {
	c = strings.ToUpper(strings.TrimSpace(c))
	if !rates.IsISO4217(c) {
		return "", centavo.Errorf(centavo.EINVALID, "currency must be a three-letter ISO 4217 code such as USD or EUR")
	}
	return c, nil
}

func checkBalance(cents int64) error {
	if cents < -centavo.MaxTotalCents || cents > centavo.MaxTotalCents {
		return centavo.Errorf(centavo.EINVALID, "balance_cents must be within ±%s", centavo.FormatMoney(centavo.MaxTotalCents, ""))
	}
	return nil
}

// DayBalance is an account's closing balance of a day, as the API shows it
// (a liability's is what is owed).
type DayBalance struct {
	Day   centavo.Day
	Cents *int64 // nil: unknown (the account never had a balance)
}

// CheckRange says whether a range of days is one the histories cover.
func CheckRange(from, to centavo.Day) error {
	if to < from {
		return centavo.Errorf(centavo.EINVALID, "from %s is after to %s", from, to)
	}
	if to-from+1 > MaxHistoryDays {
		return centavo.Errorf(centavo.EINVALID, "the range covers %d days; at most %d", to-from+1, MaxHistoryDays)
	}
	return nil
}

// History returns the account's closing balance of every day from from to
// to, and its currency.
func (s *Service) History(ctx context.Context, userID, accountID int64, from, to centavo.Day) (string, []DayBalance, error) {
	if err := CheckRange(from, to); err != nil {
		return "", nil, err
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return "", nil, fmt.Errorf("account: history: %w", err)
	}
	a, err := st.Account(ctx, userID, accountID)
	if err != nil {
		return "", nil, err
	}
	reports, err := st.Balances(ctx, store.DayFilter{UserID: userID, AccountID: accountID})
	if err != nil {
		return "", nil, err
	}
	days, err := st.AccountDays(ctx, store.DayFilter{UserID: userID, AccountID: accountID})
	if err != nil {
		return "", nil, err
	}
	series, ok := Reconstruct(reports, days, from, to)
	out := make([]DayBalance, to-from+1)
	for i := range out {
		out[i].Day = from + centavo.Day(i)
		if ok {
			v := Owed(a, series[i])
			out[i].Cents = &v
		}
	}
	return a.Currency, out, nil
}
