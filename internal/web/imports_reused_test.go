package web_test

import (
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/web"
)

// TestImportReusedIDs (issue 18, item 2): the result page says how many
// rows were kept apart although they share the bank's id; a file without
// such rows does not show the line.
func TestImportReusedIDs(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	acc := f.fileAccount(a, "Card", "USD")
	csrf := part{web.CSRFField, web.CSRFToken(a.token)}
	row := func(id, date, amount, name string) string {
		return "<STMTTRN><TRNTYPE>OTHER<DTPOSTED>" + date + "<TRNAMT>" + amount + "<FITID>" + id + "<NAME>" + name + "</STMTTRN>\n"
	}
	ofx := "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST>\n" +
		row("0000", "20260510", "-12.00", "GROCER 12") + row("0000", "20260511", "308.86", "PAYROLL ACME") +
		"</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
	res := f.upload(a, importPath(acc), []part{csrf}, "card.ofx", []byte(ofx))
	if res.Code != 200 || !strings.Contains(res.body, `id="import-added">2<`) || !strings.Contains(res.body, `id="import-reused-ids">1<`) ||
		!strings.Contains(res.body, `id="import-duplicates">0<`) {
		t.Fatalf("import: %d %s", res.Code, res.body)
	}
	if got := f.stored(a, acc.ID); len(got) != 2 {
		t.Errorf("%d transactions stored, want 2", len(got))
	}
	res = f.upload(a, importPath(acc), []part{csrf}, "may.csv", []byte(mayCSV))
	if res.Code != 200 || strings.Contains(res.body, "import-reused-ids") {
		t.Errorf("a file without shared ids shows the line: %d", res.Code)
	}
}
