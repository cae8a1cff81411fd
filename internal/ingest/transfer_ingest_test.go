package ingest_test

import (
	"context"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ingest"
)

// TestTransfersInChunks: files imported in chunks (here of 2 rows) pair
// their transfers like files imported whole; the pairs' re-filing reaches
// the aggregates (verify) and the object store's events (recompute
// rebuilds the same month); importing both files again changes nothing.
func TestTransfersInChunks(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	ingest.SetChunking(f.svc, 2, nil)
	checking, err := f.accounts.CreateFile(ctx, f.user, "Checking", "USD")
	if err != nil {
		t.Fatal(err)
	}
	card, err := f.accounts.CreateFile(ctx, f.user, "Card", "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkingCSV := "Date,Description,Amount\n2019-03-01,WHOLEFDS MKT 10234,-84.17\n2019-03-02,CHASE CREDIT CRD AUTOPAY,-1250.00\n" +
		"2019-03-04,ACME CORP PAYROLL,3100.00\n2019-03-09,CHASE CREDIT CRD AUTOPAY,-60.00\n2019-03-20,SHELL OIL 57442,-45.00\n"
	cardCSV := "Date,Description,Amount\n2019-03-03,STARBUCKS STORE 05521,-5.75\n2019-03-04,PAYMENT THANK YOU,1250.00\n" +
		"2019-03-08,PAYMENT THANK YOU,60.00\n2019-03-10,SHELL OIL 57442,-38.20\n"
	for _, imp := range []struct {
		acct int64
		file string
	}{{checking.ID, checkingCSV}, {card.ID, cardCSV}} {
		if res, err := f.svc.Import(ctx, f.user, imp.acct, []byte(imp.file), ingest.ImportOptions{}); err != nil || res.Added == 0 {
			t.Fatalf("import: %+v, %v", res, err)
		}
	}
	pairs := map[int64][]centavo.Transaction{}
	for _, acct := range []int64{checking.ID, card.ID} {
		for _, r := range f.rows(t, f.user, acct) {
			if r.TransferPairID != 0 {
				pairs[r.TransferPairID] = append(pairs[r.TransferPairID], r)
			}
		}
	}
	if len(pairs) != 2 {
		t.Fatalf("pairs %+v", pairs)
	}
	for id, p := range pairs {
		if len(p) != 2 || p[0].AmountCents != -p[1].AmountCents || min(p[0].ID, p[1].ID) != id ||
			p[0].Category != centavo.CatTransfer || p[1].CategorySource != centavo.SourceTransfer {
			t.Fatalf("pair %d: %+v", id, p)
		}
	}
	f.verify(t)
	f.recomputeMatches(t, time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC))
	for _, imp := range []struct {
		acct int64
		file string
	}{{checking.ID, checkingCSV}, {card.ID, cardCSV}} {
		if res, err := f.svc.Import(ctx, f.user, imp.acct, []byte(imp.file), ingest.ImportOptions{}); err != nil || res.Added != 0 {
			t.Fatalf("import again: %+v, %v", res, err)
		}
	}
	f.verify(t)
}
