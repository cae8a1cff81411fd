package file

import (
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/connector"
)

// TestFieldBounds: in every format, a descriptor far over the bound keeps
// its prefix and ends with "…"; an amount beyond ±10^12 cents (even one
// that fits int64, like -92233720368547758.07) is skipped with its line
// and reason while the rest imports; an OFX FITID over 255 bytes is
// skipped too.
func TestFieldBounds(t *testing.T) {
	t.Parallel()
	payee := "ZORBLAX WIDGET EMPORIUM " + strings.Repeat("Ω", 1<<20) // 2 MiB, a two-byte character cut in the middle
	tests := []struct {
		name     string
		format   Format
		doc      string
		skipLine int // 0: not checked (OFX records' lines are their STMTTRN's)
	}{
		{"qif", FormatQIF, "!Type:Bank\nD01/02/2024\nP" + payee + "\nT-12.00\n^\nD01/03/2024\nPX\nT-92233720368547758.07\n^\n", 6},
		{"qif memo", FormatQIF, "!Type:Bank\nD01/02/2024\nM" + payee + "\nT-12.00\n^\nD01/03/2024\nPX\nT10000000000.01\n^\n", 6},
		{"csv", FormatCSV, "Date,Description,Amount\n2024-01-02,\"" + payee + "\",-12.00\n2024-01-03,X,-92233720368547758.07\n", 3},
		{"ofx", FormatOFX, bankOFX("USD", "<STMTTRN><DTPOSTED>20240102<TRNAMT>-12.00<FITID>1<NAME>"+payee+"</STMTTRN>"+
			"<STMTTRN><DTPOSTED>20240103<TRNAMT>-92233720368547758.07<FITID>2<NAME>X</STMTTRN>"), 0},
		{"ofx memo", FormatOFX, bankOFX("USD", "<STMTTRN><DTPOSTED>20240102<TRNAMT>-12.00<FITID>1<NAME>0000<MEMO>"+payee+"</STMTTRN>"+
			"<STMTTRN><DTPOSTED>20240103<TRNAMT>-1<FITID>"+strings.Repeat("9", 256)+"<NAME>X</STMTTRN>"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := readOK(t, tt.doc, Options{Format: tt.format})
			if len(res.Transactions) != 1 || len(res.Skipped) != 1 {
				t.Fatalf("%d transactions and %d skipped, want 1 and 1: %+v", len(res.Transactions), len(res.Skipped), res.Skipped)
			}
			d := res.Transactions[0].Descriptor
			if len(d) > connector.MaxDescriptorBytes || !strings.HasSuffix(d, "…") ||
				!strings.HasPrefix(payee, strings.TrimSuffix(d, "…")) || len(d) < connector.MaxDescriptorBytes-4 {
				t.Errorf("descriptor of %d bytes: %q", len(d), d)
			}
			if res.Transactions[0].AmountCents != -1200 {
				t.Errorf("amount %d, want -1200", res.Transactions[0].AmountCents)
			}
			sk := res.Skipped[0]
			if !strings.Contains(sk.Reason, "is beyond ±10,000,000,000.00") && !strings.Contains(sk.Reason, "at most 255") {
				t.Errorf("skipped for %q", sk.Reason)
			}
			if tt.skipLine != 0 && sk.Line != tt.skipLine {
				t.Errorf("skipped line %d, want %d", sk.Line, tt.skipLine)
			}
		})
	}
}
