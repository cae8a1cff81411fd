package ofx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/connector"
)

// FuzzStatement feeds arbitrary bytes to the statement reader: no panic,
// every failure is classified, and what the old ofxgo path read comes out
// the same.
func FuzzStatement(f *testing.F) {
	f.Add([]byte("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>" +
		"<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>" +
		"<BANKTRANLIST><DTSTART>20260101<DTEND>20260201<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<TRNAMT>-12.345<FITID>A1<NAME>SQ *CAFE</STMTTRN></BANKTRANLIST>" +
		"<LEDGERBAL><BALAMT>1<DTASOF>20260201</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"))
	f.Add([]byte(`<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="220"?><OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500</CODE><SEVERITY>ERROR</SEVERITY></STATUS><DTSERVER>20260101</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1></OFX>`))
	f.Add([]byte("OFXHEADER:100\r\n\r\n<OFX><"))
	f.Add([]byte("<TRNAMT>1e999999999"))
	// At the bounds: ±10^12 cents (in plain and exponent form), a FITID over
	// 255 bytes, a NAME far over 255 bytes.
	f.Add([]byte("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>" +
		"<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>" +
		"<BANKTRANLIST><DTSTART>20260101<DTEND>20260201" +
		"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<TRNAMT>-92233720368547758.07<FITID>A1<NAME>X</STMTTRN>" +
		"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<TRNAMT>-1e10<FITID>A2<NAME>" + strings.Repeat("ZORBLAX é ", 100) + "</STMTTRN>" +
		"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260105<TRNAMT>1.00000000001e10<FITID>A3<NAME>X</STMTTRN>" +
		"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260105<TRNAMT>1<FITID>" + strings.Repeat("F", 256) + "<NAME>X</STMTTRN></BANKTRANLIST>" +
		"<LEDGERBAL><BALAMT>1<DTASOF>20260201</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"))
	// Real statements from public projects, when the shared folder is there.
	for _, pattern := range []string{"../../../../shared/testdata/*/*.ofx", "../../../../shared/testdata/*/*.qfx"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil && len(b) < 256<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		st, err := readStatement(raw, "bank.example")
		if err != nil {
			if connector.KindOf(err) == 0 {
				t.Fatalf("unclassified: %v", err)
			}
		}
		for _, tx := range st.Transactions {
			if tx.InstitutionID == "" || tx.PostedAt.IsZero() || tx.PostedAt.Location() != time.UTC {
				t.Fatalf("accepted a transaction without id or date: %+v", tx)
			}
			if connector.CheckAmount(tx.AmountCents) != nil || connector.CheckID(tx.InstitutionID) != nil || len(tx.Descriptor) > connector.MaxDescriptorBytes {
				t.Fatalf("accepted beyond the bounds: amount %d, id of %d bytes, descriptor of %d bytes", tx.AmountCents, len(tx.InstitutionID), len(tx.Descriptor))
			}
		}
		// What ofxgo read, the new path reads the same.
		want, wantErr := legacyStatement(raw, "bank.example")
		compareWithLegacy(t, raw, st, err, want, wantErr, false)
	})
}
