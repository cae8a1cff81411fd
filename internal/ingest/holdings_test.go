package ingest_test

import (
	"context"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/jobargs"
)

// withHoldings is a download with one transaction and the given positions
// as of asOf hours after the test's start.
func withHoldings(asOf int, positions ...centavo.Holding) answer {
	return func(start time.Time) (connector.Statement, error) {
		st, err := statement(1, 1)(start)
		st.Holdings = &connector.Holdings{AsOf: start.UTC().Add(time.Duration(asOf) * time.Hour), Positions: positions}
		return st, err
	}
}

// TestDownloadHoldings: a download's holdings become the account's
// snapshot, in the same transaction as its rows, and its market value for
// net worth; an empty list replaces a snapshot that had positions (all
// sold) but gives none to an account that never had one (SimpleFIN sends
// an empty list with every bank account).
func TestDownloadHoldings(t *testing.T) {
	t.Parallel()
	vti := centavo.Holding{SecurityID: "HOL-1", SecurityName: "Vanguard Total Stock", Ticker: "VTI", Units: "12.5", PriceCents: 30000, MarketValueCents: 375000, Currency: "USD"}
	cad := centavo.Holding{SecurityID: "HOL-2", Units: "3", PriceCents: 1000, MarketValueCents: 3000, Currency: "CAD"}
	f := setup(t, withHoldings(0, vti, cad), withHoldings(0), withHoldings(1))
	f.link(t, "pw")
	accts := f.waitAccounts(t, statusIs(2, centavo.AccountOK))
	ctx := context.Background()
	start := f.start.UTC().Truncate(time.Microsecond) // what the stores keep
	var held, empty centavo.Account
	for _, a := range accts {
		snap, err := f.accounts.Holdings(ctx, f.user, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case len(snap.Holdings) == 2 && snap.AsOf.Equal(start):
			held = a
			if snap.Holdings[0].Units != "12.5" || snap.Holdings[0].AccountID != a.ID || snap.Holdings[1].SecurityID != "HOL-2" {
				t.Errorf("holdings %+v", snap.Holdings)
			}
		case len(snap.Holdings) == 0 && snap.AsOf.IsZero():
			empty = a
		default:
			t.Fatalf("account %d: holdings %+v", a.ID, snap)
		}
	}
	if held.ID == 0 || empty.ID == 0 {
		t.Fatalf("one account should hold the positions and the other none: %+v", accts)
	}
	v, err := f.accounts.MarketValue(ctx, f.user, held.ID)
	if err != nil || v.Cents != 375000 || v.Currency != "USD" || len(v.Other) != 1 || v.Other["CAD"] != 3000 || !v.AsOf.Equal(start) {
		t.Errorf("market value %+v, %v", v, err)
	}
	if _, err := f.accounts.MarketValue(ctx, f.user+1000, held.ID); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Errorf("another user's market value: %v", err)
	}

	// Everything sold: the next download's empty list replaces them.
	if err := f.accounts.Refresh(ctx, f.user, held.ID); err != nil {
		t.Fatal(err)
	}
	ranOnce(t, f.waitSettled(t, jobargs.ExtractAccount{}.Kind()))
	snap, err := f.accounts.Holdings(ctx, f.user, held.ID)
	if err != nil || len(snap.Holdings) != 0 || !snap.AsOf.Equal(start.Add(time.Hour)) {
		t.Errorf("after everything was sold: %+v, %v", snap, err)
	}
	if v, err := f.accounts.MarketValue(ctx, f.user, held.ID); err != nil || v.Cents != 0 || v.Other != nil {
		t.Errorf("market value after everything was sold: %+v, %v", v, err)
	}
}
