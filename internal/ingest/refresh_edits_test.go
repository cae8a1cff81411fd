package ingest_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/store"
)

// TestRefreshKeepsEdits: what the user changed on a pending row — a
// category by hand, notes, tags, hidden — is on its posted version after
// the refresh that replaced it (posted with a tip: another amount), the
// aggregates count it as the user left it, verify holds, and the object
// store's logs and events rebuild the same aggregates.
func TestRefreshKeepsEdits(t *testing.T) {
	t.Parallel()
	// Both accounts get the pending statement at link; the refresh of the
	// first gets the posted one.
	pendingStmt := func(start time.Time) (connector.Statement, error) {
		return connector.Statement{Raw: []byte("{}"), RawExt: "json", Currency: "USD", Transactions: []connector.Transaction{
			{InstitutionID: "P1", PostedAt: day(start, 5), AmountCents: -4000, Descriptor: "JOES DINER SPRINGFIELD", Pending: true},
			{InstitutionID: "P2", PostedAt: day(start, 5), AmountCents: -1500, Descriptor: "CITY PARKING 22", Pending: true},
		}}, nil
	}
	postedStmt := func(start time.Time) (connector.Statement, error) {
		return connector.Statement{Raw: []byte("{}"), RawExt: "json", Currency: "USD", Transactions: []connector.Transaction{
			{InstitutionID: "P1", PostedAt: day(start, 4), AmountCents: -4800, Descriptor: "JOES DINER SPRINGFIELD IL"},
			{InstitutionID: "B2", PostedAt: day(start, 4), AmountCents: -1500, Descriptor: "CITY PARKING 22"},
		}}, nil
	}
	f := setup(t, pendingStmt, pendingStmt, postedStmt)
	f.link(t, "pw")
	a := f.waitAccounts(t, statusIs(2, centavo.AccountOK))[0]
	ctx := context.Background()
	rows := func() map[string]centavo.Transaction {
		t.Helper()
		list, err := f.db.Transactions(ctx, store.TransactionFilter{UserID: f.user, AccountID: a.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]centavo.Transaction{}
		for _, tx := range list {
			out[tx.InstitutionID] = tx
		}
		return out
	}
	held := rows()
	cat, notes, tags, hidden := centavo.CatTravel, "road trip", []string{"Trip"}, true
	if _, err := f.ledger.Edit(ctx, f.user, held["P1"].ID, ledger.Edit{Category: &cat, Notes: &notes, Tags: &tags}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ledger.Edit(ctx, f.user, held["P2"].ID, ledger.Edit{Hidden: &hidden}); err != nil {
		t.Fatal(err)
	}

	prev := *f.waitAccounts(t, statusIs(2, centavo.AccountOK))[0].LastUpdate
	if err := f.accounts.Refresh(ctx, f.user, a.ID); err != nil {
		t.Fatal(err)
	}
	f.waitAccounts(t, func(list []centavo.Account) bool {
		for _, b := range list {
			if b.ID == a.ID {
				return b.LastUpdate != nil && b.LastUpdate.After(prev)
			}
		}
		return false
	})
	after := rows()
	dinner, parking := after["P1"], after["B2"]
	if dinner.Pending || dinner.AmountCents != -4800 || dinner.Category != cat || dinner.CategorySource != centavo.SourceUser ||
		dinner.Notes != notes || !reflect.DeepEqual(dinner.Tags, tags) || dinner.Edited != centavo.EditedNotes|centavo.EditedTags {
		t.Errorf("the posted dinner lost the edits: %+v", dinner)
	}
	if parking.Pending || !parking.Hidden || parking.Edited != centavo.EditedHidden || len(after) != 2 {
		t.Errorf("the posted parking (under a new id) lost being hidden: %+v (rows %v)", parking, after)
	}
	spent, err := f.db.MonthlySpending(ctx, f.user, centavo.MonthOf(dinner.PostedAt))
	if err != nil {
		t.Fatal(err)
	}
	// The other account's pending rows, untouched, count uncategorized.
	want := map[string][2]int64{cat: {-4800, 1}, centavo.CatUncategorized: {-5500, 2}}
	for _, r := range spent {
		if w := want[r.Category]; (r.AmountCents != 0 || r.Count != 0) && (r.AmountCents != w[0] || r.Count != w[1]) {
			t.Errorf("aggregates hold %+v, want %v", r, want)
		}
	}
	f.verify(t)
	f.recomputeMatches(t, dinner.PostedAt, day(f.start, 5))
}
