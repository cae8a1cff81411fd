package ofx

import (
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/connector"
)

// TestStatementBounds: a downloaded row with an amount beyond ±10^12 cents
// (even one that fits int64) or a FITID over 255 bytes is left out with a
// reason in Skipped, the rest of the statement is kept, and a NAME far over
// the bound is cut with "…".
func TestStatementBounds(t *testing.T) {
	t.Parallel()
	name := "ZORBLAX WIDGET EMPORIUM " + strings.Repeat("é", 1<<20)
	raw := "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>" +
		"<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>" +
		"<BANKTRANLIST><DTSTART>20260101<DTEND>20260201" +
		"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<TRNAMT>-92233720368547758.07<FITID>A1<NAME>X</STMTTRN>" +
		"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<TRNAMT>-12.00<FITID>A2<NAME>" + name + "</STMTTRN>" +
		"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260105<TRNAMT>1.00000000001e10<FITID>A3<NAME>X</STMTTRN>" +
		"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260105<TRNAMT>1<FITID>" + strings.Repeat("F", 256) + "<NAME>X</STMTTRN></BANKTRANLIST>" +
		"<LEDGERBAL><BALAMT>1<DTASOF>20260201</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
	st, err := readStatement([]byte(raw), "bank.example")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Transactions) != 1 || st.Transactions[0].InstitutionID != "A2" || st.Transactions[0].AmountCents != -1200 {
		t.Fatalf("kept %+v", st.Transactions)
	}
	d := st.Transactions[0].Descriptor
	if len(d) > connector.MaxDescriptorBytes || !strings.HasSuffix(d, "…") || !strings.HasPrefix(name, strings.TrimSuffix(d, "…")) {
		t.Errorf("descriptor of %d bytes: %q", len(d), d)
	}
	if len(st.Skipped) != 3 || !strings.Contains(st.Skipped[0], "transaction 1: TRNAMT \"-92233720368547758.07\" is beyond ±10,000,000,000.00") ||
		!strings.Contains(st.Skipped[1], "transaction 3:") || !strings.Contains(st.Skipped[2], "at most 255") {
		t.Errorf("skipped %q", st.Skipped)
	}
}
