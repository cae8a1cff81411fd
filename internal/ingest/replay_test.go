package ingest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector/file"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/store"
)

// TestReplayFileRowsWithoutIDs: a CSV stored by a reader that took the
// booking type for the description (its rows' ids, "fp:…", made from that
// description) is described again when the reader takes the payee: each
// stored row is found through the batch's log, two identical purchases stay
// two, no row is added, the aggregates follow the categories, and a file
// imported again afterwards adds nothing (the fingerprints follow).
func TestReplayFileRowsWithoutIDs(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	user, acct := f.newUserAccount(t, "replay-csv")
	d := func(n int) string { return day(f.start, n).Format(time.DateOnly) }
	csv := "Date,Type,Payee,Amount\n" +
		d(1) + ",KARTENZAHLUNG,SHELL OIL 5744,-42.10\n" +
		d(2) + ",KARTENZAHLUNG,STARBUCKS STORE 1234,-4.75\n" +
		d(3) + ",KARTENZAHLUNG,SAFEWAY STORE 0042,-63.88\n" +
		d(3) + ",KARTENZAHLUNG,SAFEWAY STORE 0042,-63.88\n" +
		d(4) + ",DAUERAUFTRAG,NETFLIX.COM,-15.99\n"
	old := &file.CSVMapping{HasHeader: true, Date: "Date", DateFormat: "YYYY-MM-DD", Description: "Type", Amount: "Amount"}
	res, err := f.svc.Import(ctx, user, acct, []byte(csv), ingest.ImportOptions{CSV: old})
	if err != nil || res.Added != 5 {
		t.Fatalf("import: %+v %v", res, err)
	}
	before := f.rows(t, user, acct)
	for _, tx := range before {
		if tx.Seller != "KARTENZAHLUNG" && tx.Seller != "DAUERAUFTRAG" {
			t.Fatalf("the old rule stored %q", tx.Seller)
		}
	}

	// Today's reader: the payee (the saved mapping stands for it here).
	a, err := f.db.Account(ctx, user, acct)
	if err != nil {
		t.Fatal(err)
	}
	today := *old
	today.Description = "Payee"
	a.Institution.CSVMapping, _ = json.Marshal(today)
	if err := f.db.InTx(ctx, func(tx store.Tx) error {
		return tx.UpdateAccountInstitution(ctx, store.AccountInstitutionUpdate{UserID: user, ID: acct, Name: a.Name, Type: a.Type, Currency: a.Currency, Institution: a.Institution})
	}); err != nil {
		t.Fatal(err)
	}

	rep, err := f.svc.Replay(ctx, ingest.ReplayScope{UserID: user}, f.now())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Accounts) != 1 || rep.Accounts[0].Batches != 1 || rep.Accounts[0].Added != 0 || rep.Accounts[0].DescriptionsFixed != 5 || rep.Accounts[0].CategoriesChanged == 0 {
		t.Fatalf("replay: %+v", rep)
	}
	after := f.rows(t, user, acct)
	if len(after) != len(before) {
		t.Fatalf("replay left %d rows, want %d", len(after), len(before))
	}
	sellers := map[string]int{}
	for i, tx := range after {
		if tx.ID != before[i].ID || tx.InstitutionID != before[i].InstitutionID {
			t.Errorf("row %d changed identity: %+v, was %+v", i, tx, before[i])
		}
		sellers[tx.Seller]++
	}
	if sellers["SAFEWAY STORE 0042"] != 2 || sellers["SHELL OIL 5744"] != 1 || sellers["NETFLIX.COM"] != 1 {
		t.Fatalf("descriptions after replay: %v", sellers)
	}
	f.verify(t)

	again, err := f.svc.Replay(ctx, ingest.ReplayScope{UserID: user, AccountID: acct}, f.now())
	if err != nil || again.Accounts[0].Changes() != 0 {
		t.Fatalf("a second replay: %+v %v", again, err)
	}
	// The same file read by today's reader again: every row is known.
	res, err = f.svc.Import(ctx, user, acct, []byte(csv), ingest.ImportOptions{})
	if err != nil || res.Added != 0 || res.Duplicates != 5 {
		t.Fatalf("the file imported again after replay: %+v %v", res, err)
	}
	f.verify(t)
}

func (f *fixture) rows(t *testing.T, user, acct int64) []centavo.Transaction {
	t.Helper()
	txns, err := f.db.Transactions(context.Background(), store.TransactionFilter{UserID: user, AccountID: acct, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(txns) == 0 {
		t.Fatal(fmt.Errorf("no rows"))
	}
	return txns
}

// TestReplayAfterEdits: rows the user hid and renamed after replay read
// them are described again from the row as it is then (read again, locked,
// in the transaction that fixes them): the hidden one moves nothing, the
// display name stays, and the aggregates hold — before, they moved by the
// whole amount of the stale copy.
func TestReplayAfterEdits(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	user, acct := f.newUserAccount(t, "replay-edits")
	d := func(n int) string { return day(f.start, n).Format(time.DateOnly) }
	csv := "Date,Type,Payee,Amount\n" + d(1) + ",KARTENZAHLUNG,SHELL OIL 5744,-42.10\n" + d(2) + ",KARTENZAHLUNG,SAFEWAY STORE 0042,-63.88\n"
	old := &file.CSVMapping{HasHeader: true, Date: "Date", DateFormat: "YYYY-MM-DD", Description: "Type", Amount: "Amount"}
	if res, err := f.svc.Import(ctx, user, acct, []byte(csv), ingest.ImportOptions{CSV: old}); err != nil || res.Added != 2 {
		t.Fatalf("import: %+v %v", res, err)
	}
	rows := f.rows(t, user, acct)
	a, err := f.db.Account(ctx, user, acct)
	if err != nil {
		t.Fatal(err)
	}
	today := *old
	today.Description = "Payee"
	a.Institution.CSVMapping, _ = json.Marshal(today)
	if err := f.db.InTx(ctx, func(tx store.Tx) error {
		return tx.UpdateAccountInstitution(ctx, store.AccountInstitutionUpdate{UserID: user, ID: acct, Name: a.Name, Type: a.Type, Currency: a.Currency, Institution: a.Institution})
	}); err != nil {
		t.Fatal(err)
	}
	hidden, name := true, "My garage"
	ingest.SetBeforeFix(f.svc, func() {
		if _, err := f.ledger.Edit(ctx, user, rows[0].ID, ledger.Edit{Hidden: &hidden}); err != nil {
			t.Error(err)
		}
		if _, err := f.ledger.Edit(ctx, user, rows[1].ID, ledger.Edit{Merchant: &name}); err != nil {
			t.Error(err)
		}
	})
	rep, err := f.svc.Replay(ctx, ingest.ReplayScope{UserID: user}, f.now())
	if err != nil || len(rep.Accounts) != 1 || rep.Accounts[0].DescriptionsFixed != 2 {
		t.Fatalf("replay: %+v %v", rep, err)
	}
	after := f.rows(t, user, acct)
	if !after[0].Hidden || after[0].Seller == rows[0].Seller || after[1].Merchant != name || after[1].Seller == rows[1].Seller {
		t.Errorf("after replay: %+v", after)
	}
	f.verify(t)
}
