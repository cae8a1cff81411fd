package ingest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/store"
)

// TestDownloadAfterImport is the other direction of an overlap: a CSV
// imported first, then the bank's download with its own ids for the same
// purchases. The download adds only what the file did not have; a pending
// row posts under its own id with a tip; and the object store's logs alone
// still rebuild the same aggregates.
func TestDownloadAfterImport(t *testing.T) {
	t.Parallel()
	day := func(back int) time.Time {
		d := time.Now().UTC().AddDate(0, 0, -back)
		return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, time.UTC)
	}
	coffee := func(id string) connector.Transaction {
		return connector.Transaction{InstitutionID: id, PostedAt: day(10), AmountCents: -450, Descriptor: "SQ *BLUE BOTTLE COFFEE OAKLAND CA", TrnType: "DEBIT"}
	}
	pendingStmt := func() (connector.Statement, error) {
		return connector.Statement{Raw: []byte("{}"), RawExt: "json", Currency: "USD", Transactions: []connector.Transaction{
			{InstitutionID: "P1", PostedAt: day(5), AmountCents: -4000, Descriptor: "JOES DINER SPRINGFIELD", Pending: true},
		}}, nil
	}
	postedStmt := func() (connector.Statement, error) {
		return connector.Statement{Raw: []byte("{}"), RawExt: "json", Currency: "USD", Transactions: []connector.Transaction{
			{InstitutionID: "P1", PostedAt: day(3), AmountCents: -4800, Descriptor: "JOES DINER SPRINGFIELD IL"},
			coffee("F1"), coffee("F2"), // two coffees that day; the file had one
		}}, nil
	}
	// Both accounts get the pending statement at link; refreshes get the
	// posted one.
	f := setup(t, pendingStmt, pendingStmt, postedStmt)
	f.link(t, "pw")
	accts := f.waitAccounts(t, statusIs(2, centavo.AccountOK))
	a := accts[0]
	ctx := context.Background()

	csv := fmt.Sprintf("Date,Description,Amount\n%s,SQ *BLUE BOTTLE COFFEE OAKLAND CA,-4.50\n", day(10).Format(time.DateOnly))
	res, err := f.svc.Import(ctx, f.user, a.ID, []byte(csv), ingest.ImportOptions{})
	if err != nil || res.Added != 1 {
		t.Fatalf("import: %+v %v", res, err)
	}

	after, err := f.db.Account(ctx, f.user, a.ID) // the import set last_update
	if err != nil {
		t.Fatal(err)
	}
	prev := *after.LastUpdate
	if err := f.svc.Refresh(ctx, f.user, a.ID); err != nil {
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
	f.verify(t)
	txns, err := f.db.Transactions(ctx, store.TransactionFilter{UserID: f.user, AccountID: a.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var coffees, dinner int64
	for _, tx := range txns {
		switch {
		case tx.AmountCents == -450:
			coffees++
		case tx.InstitutionID == "P1":
			if tx.Pending || tx.AmountCents != -4800 {
				t.Errorf("the dinner is %+v, want posted at -48.00", tx)
			}
			dinner++
		default:
			t.Errorf("unexpected %+v", tx)
		}
	}
	if coffees != 2 || dinner != 1 {
		t.Fatalf("%d coffees and %d dinners stored, want 2 and 1: %+v", coffees, dinner, txns)
	}

	// The logs hold the pending dinner, the file's coffee and the bank's
	// two; the drop events say which of them are not transactions.
	months := map[centavo.Month]bool{centavo.MonthOf(day(10)): true, centavo.MonthOf(day(5)): true, centavo.MonthOf(day(3)): true}
	for m := range months {
		deadline := time.Now().Add(20 * time.Second)
		for {
			computed, err := f.rec.Run(ctx, f.queue, m, time.Now().UTC(), recompute.Options{Parts: 2, Timeout: 20 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			stored, err := f.db.SpendingOfMonth(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			diffs := recompute.Compare(computed, stored)
			if len(diffs) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: recompute differs from the aggregates: %+v", m, diffs)
			}
			time.Sleep(100 * time.Millisecond) // the drop events are jobs
		}
	}
}
