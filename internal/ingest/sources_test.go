package ingest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/jobargs"
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
	coffee := func(start time.Time, id string) connector.Transaction {
		return connector.Transaction{InstitutionID: id, PostedAt: day(start, 10), AmountCents: -450, Descriptor: "SQ *BLUE BOTTLE COFFEE OAKLAND CA", TrnType: "DEBIT"}
	}
	pendingStmt := func(start time.Time) (connector.Statement, error) {
		return connector.Statement{Raw: []byte("{}"), RawExt: "json", Currency: "USD", Transactions: []connector.Transaction{
			{InstitutionID: "P1", PostedAt: day(start, 5), AmountCents: -4000, Descriptor: "JOES DINER SPRINGFIELD", Pending: true},
		}}, nil
	}
	postedStmt := func(start time.Time) (connector.Statement, error) {
		return connector.Statement{Raw: []byte("{}"), RawExt: "json", Currency: "USD", Transactions: []connector.Transaction{
			{InstitutionID: "P1", PostedAt: day(start, 3), AmountCents: -4800, Descriptor: "JOES DINER SPRINGFIELD IL"},
			coffee(start, "F1"), coffee(start, "F2"), // two coffees that day; the file had one
		}}, nil
	}
	// Both accounts get the pending statement at link; refreshes get the
	// posted one.
	f := setup(t, pendingStmt, pendingStmt, postedStmt)
	f.link(t, "pw")
	accts := f.waitAccounts(t, statusIs(2, centavo.AccountOK))
	a := accts[0]
	ctx := context.Background()

	csv := fmt.Sprintf("Date,Description,Amount\n%s,SQ *BLUE BOTTLE COFFEE OAKLAND CA,-4.50\n", day(f.start, 10).Format(time.DateOnly))
	res, err := f.svc.Import(ctx, f.user, a.ID, []byte(csv), ingest.ImportOptions{})
	if err != nil || res.Added != 1 {
		t.Fatalf("import: %+v %v", res, err)
	}

	after, err := f.db.Account(ctx, f.user, a.ID) // the import set last_update
	if err != nil {
		t.Fatal(err)
	}
	prev := *after.LastUpdate
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
	f.recomputeMatches(t, day(f.start, 10), day(f.start, 5), day(f.start, 3))
}

// day is noon UTC, back days before start.
func day(start time.Time, back int) time.Time {
	d := start.UTC().AddDate(0, 0, -back)
	return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, time.UTC)
}

// recomputeMatches checks that the object store's logs and events alone
// rebuild the stored aggregates of the months of the given days, once the
// jobs that write the events (enqueued with the changes) have run.
func (f *fixture) recomputeMatches(t *testing.T, days ...time.Time) {
	t.Helper()
	ctx := context.Background()
	f.waitSettled(t, jobargs.ExtractAccount{}.Kind(), jobargs.ArchiveDrops{}.Kind(), jobargs.ArchiveEvent{}.Kind())
	months := map[centavo.Month]bool{}
	for _, d := range days {
		months[centavo.MonthOf(d)] = true
	}
	for m := range months {
		computed, err := f.rec.Run(ctx, f.queue, m, f.now().UTC(), recompute.Options{Parts: 2, Timeout: 20 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := f.db.SpendingOfMonth(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if diffs := recompute.Compare(computed, stored); len(diffs) > 0 {
			t.Fatalf("%s: recompute differs from the aggregates: %+v", m, diffs)
		}
	}
}

// TestImportsAtOneInstant: two files imported into one account at the same
// instant of the clock (a frozen clock, a coarse one) are two imports: each
// keeps its raw copy, its log and its notification, and the logs still
// rebuild the aggregates.
func TestImportsAtOneInstant(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.clock.Set(clock.Frozen(f.start))
	ctx := context.Background()
	a, err := f.accounts.CreateFile(ctx, f.user, "Card", "USD")
	if err != nil {
		t.Fatal(err)
	}
	files := []string{
		fmt.Sprintf("Date,Description,Amount\n%s,SQ *BLUE BOTTLE COFFEE OAKLAND CA,-4.50\n", day(f.start, 2).Format(time.DateOnly)),
		fmt.Sprintf("Date,Description,Amount\n%s,JOES DINER SPRINGFIELD IL,-48.00\n", day(f.start, 1).Format(time.DateOnly)),
	}
	for i, file := range files {
		res, err := f.svc.Import(ctx, f.user, a.ID, []byte(file), ingest.ImportOptions{})
		if err != nil || res.Added != 1 {
			t.Fatalf("import %d: %+v %v", i, res, err)
		}
	}
	for _, kind := range []string{"raw", "log"} {
		keys, err := f.objects.List(ctx, kind+"/")
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) != len(files) {
			t.Errorf("%s/ holds %v: want one object per import", kind, keys)
		}
	}
	notes, err := f.db.Notifications(ctx, store.NotificationFilter{UserID: f.user, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != len(files) {
		t.Errorf("%d notifications, want one per import: %+v", len(notes), notes)
	}
	f.verify(t)
	f.recomputeMatches(t, day(f.start, 2), day(f.start, 1))
}
