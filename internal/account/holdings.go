package account

import (
	"context"
	"fmt"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Holdings returns the latest snapshot of the account's positions (a zero
// AsOf and none when no statement or download ever gave any); not found
// when the account is not the user's.
func (s *Service) Holdings(ctx context.Context, userID, accountID int64) (store.HoldingSnapshot, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return store.HoldingSnapshot{}, fmt.Errorf("account: holdings: %w", err)
	}
	if _, err := st.Account(ctx, userID, accountID); err != nil {
		return store.HoldingSnapshot{}, err
	}
	return st.Holdings(ctx, userID, accountID)
}

// MarketValue is what an account's holdings are worth: the part of its
// value for net worth that is not cash (its transactions' balance is the
// rest).
type MarketValue struct {
	AsOf time.Time // of the snapshot; zero when the account has none
	// Cents is the market value of the holdings in the account's
	// Currency; Other sums the holdings priced in other currencies, by
	// currency, for the caller to convert (nil when there are none).
	Currency string
	Cents    int64
	Other    map[string]int64
}

// MarketValue sums the market value of the account's latest holdings; not
// found when the account is not the user's. Each holding is at most
// ±centavo.MaxTransactionCents and a snapshot holds at most
// ofxparse.MaxTransactions of them, so the sums stay inside int64.
func (s *Service) MarketValue(ctx context.Context, userID, accountID int64) (MarketValue, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return MarketValue{}, fmt.Errorf("account: market value: %w", err)
	}
	a, err := st.Account(ctx, userID, accountID)
	if err != nil {
		return MarketValue{}, err
	}
	snap, err := st.Holdings(ctx, userID, accountID)
	if err != nil {
		return MarketValue{}, err
	}
	return marketValue(a, snap.AsOf, snap.Holdings), nil
}

func marketValue(a centavo.Account, asOf time.Time, holdings []centavo.Holding) MarketValue {
	v := MarketValue{AsOf: asOf, Currency: a.Currency}
	for _, h := range holdings {
		if h.Currency == "" || h.Currency == a.Currency {
			v.Cents += h.MarketValueCents
			continue
		}
		if v.Other == nil {
			v.Other = map[string]int64{}
		}
		v.Other[h.Currency] += h.MarketValueCents
	}
	return v
}
