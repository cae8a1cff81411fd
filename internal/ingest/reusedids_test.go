package ingest_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/store"
)

// reusedIDsOFX is a card statement that gives one FITID to two different
// transactions (the second a +308.86 deposit), lists one of them twice
// (identical content: the same transaction), and gives an all-zero FITID
// to two different purchases.
func reusedIDsOFX(start time.Time) string {
	d := func(back int) string { return day(start, back).Format("20060102") }
	row := func(id, date, amount, name string) string {
		return "<STMTTRN><TRNTYPE>OTHER<DTPOSTED>" + date + "<TRNAMT>" + amount + "<FITID>" + id + "<NAME>" + name + "</STMTTRN>\n"
	}
	return "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n" +
		"<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST>\n" +
		row("T1", d(5), "-12.00", "GROCER 12 SPRINGFIELD") +
		row("T1", d(4), "308.86", "PAYROLL ACME INC") +
		row("T1", d(5), "-12.00", "GROCER 12 SPRINGFIELD") +
		row("0000000000", d(3), "-5.00", "BLUE BOTTLE COFFEE") +
		row("0000000000", d(3), "-7.00", "CORNER BAKERY") +
		"</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
}

// TestImportReusedIDs (issue 18, item 2): rows of one statement that share
// an institution id but differ in date or amount are two transactions, an
// all-zero id included; only the row with identical content is a
// duplicate. The answer counts the reused ids; importing the same file
// again adds nothing; the aggregates still rebuild from the logs.
func TestImportReusedIDs(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	a, err := f.accounts.CreateFile(ctx, f.user, "Checking", "USD")
	if err != nil {
		t.Fatal(err)
	}
	file := []byte(reusedIDsOFX(f.start))
	res, err := f.svc.Import(ctx, f.user, a.ID, file, ingest.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 4 || res.Duplicates != 1 || res.ReusedIDs != 2 {
		t.Fatalf("first import: added %d, duplicates %d, reused ids %d; want 4, 1, 2", res.Added, res.Duplicates, res.ReusedIDs)
	}
	txns, err := f.db.Transactions(ctx, store.TransactionFilter{UserID: f.user, AccountID: a.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tx := range txns {
		got = append(got, fmt.Sprintf("%s %d", strings.SplitN(tx.InstitutionID, "~", 2)[0], tx.AmountCents))
	}
	slices.Sort(got)
	want := []string{"0000000000 -500", "0000000000 -700", "T1 -1200", "T1 30886"}
	if !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
	for i := range 2 {
		again, err := f.svc.Import(ctx, f.user, a.ID, file, ingest.ImportOptions{DryRun: i == 0})
		if err != nil {
			t.Fatal(err)
		}
		if again.Added != 0 || again.Duplicates != 5 || again.ReusedIDs != 2 {
			t.Errorf("import again (dry run %v): added %d, duplicates %d, reused ids %d; want 0, 5, 2", i == 0, again.Added, again.Duplicates, again.ReusedIDs)
		}
	}
	f.verify(t)
	f.recomputeMatches(t, day(f.start, 5), day(f.start, 3))
}
