package httpapi_test

import (
	"slices"
	"strings"
	"testing"
)

// TestImportReusedIDsAPI (issue 18, item 2): through the import API, a
// statement that gives one FITID to two different transactions (the second
// a +308.86 deposit) and an all-zero FITID to two different purchases
// imports all four, lists the one row repeated with identical content as a
// duplicate, and says how many ids were reused; importing it again adds
// nothing and drops nothing that was not stored.
func TestImportReusedIDsAPI(t *testing.T) {
	t.Parallel()
	f := setup(t)
	c := signUp(t, newClient(t, f.base), "reused@example.com")
	acct := newFileAccount(c)
	row := func(id, date, amount, name string) string {
		return "<STMTTRN><TRNTYPE>OTHER<DTPOSTED>" + date + "<TRNAMT>" + amount + "<FITID>" + id + "<NAME>" + name + "</STMTTRN>\n"
	}
	ofx := "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n" +
		"<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST>\n" +
		row("20250310001", "20250310", "-12.00", "GROCER 12 SPRINGFIELD") +
		row("20250310001", "20250311", "308.86", "PAYROLL ACME INC") +
		row("20250310001", "20250310", "-12.00", "GROCER 12 SPRINGFIELD") +
		row("0000000000", "20250312", "-5.00", "BLUE BOTTLE COFFEE") +
		row("0000000000", "20250312", "-7.00", "CORNER BAKERY") +
		"</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"

	res := mustImportFile(c, acct, "reused.ofx", ofx)
	if res.Added != 4 || res.Duplicates != 1 || res.ReusedIDs != 2 {
		t.Fatalf("import: %+v; want 4 added, 1 duplicate, 2 reused ids", res)
	}
	var got []string
	for _, tx := range c.AllTransactions("&month=2025-03") {
		got = append(got, tx.Seller)
	}
	slices.Sort(got)
	want := []string{"BLUE BOTTLE COFFEE", "CORNER BAKERY", "GROCER 12 SPRINGFIELD", "PAYROLL ACME INC"}
	if !slices.Equal(got, want) {
		t.Fatalf("stored %q, want %q", got, want)
	}
	again := mustImportFile(c, acct, "reused.ofx", ofx)
	if again.Added != 0 || again.Duplicates != 5 || again.ReusedIDs != 2 {
		t.Errorf("import again: %+v; want 0 added, 5 duplicates, 2 reused ids", again)
	}
	if n := len(c.AllTransactions("&month=2025-03")); n != 4 {
		t.Errorf("%d transactions after the second import, want 4", n)
	}
	status, body := importFile(c, acct, "reused.ofx", ofx)
	if status != 200 || !strings.Contains(string(body), `"reused_ids":2`) {
		t.Errorf("the answer does not say reused_ids: %d %s", status, body)
	}
}
