package simplefin

import (
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/connector"
)

// TestStatementBounds: a bridge's row with an amount beyond ±10^12 cents
// (even one that fits int64) or an id over 255 bytes is left out with a
// reason in Skipped, the rest is kept, and a description far over the
// bound is cut with "…".
func TestStatementBounds(t *testing.T) {
	t.Parallel()
	desc := "ZORBLAX WIDGET EMPORIUM " + strings.Repeat("é", 1<<20)
	raw := `{"accounts":[{"id":"A","currency":"USD","transactions":[` +
		`{"id":"T1","posted":1700000000,"amount":"-92233720368547758.07"},` +
		`{"id":"T2","posted":1700000000,"amount":"-12.00","description":"` + desc + `"},` +
		`{"id":"T3","posted":1700000000,"amount":"10000000000.01"},` +
		`{"id":"T4","posted":1700000000,"amount":"-999999999999999999999"},` +
		`{"id":"` + strings.Repeat("I", 256) + `","posted":1700000000,"amount":"1"}]}]}`
	set, err := decodeAccounts([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	st, err := statementFor(set, "A")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Transactions) != 1 || st.Transactions[0].InstitutionID != "T2" || st.Transactions[0].AmountCents != -1200 {
		t.Fatalf("kept %+v", st.Transactions)
	}
	d := st.Transactions[0].Descriptor
	if len(d) > connector.MaxDescriptorBytes || !strings.HasSuffix(d, "…") || !strings.HasPrefix(desc, strings.TrimSuffix(d, "…")) {
		t.Errorf("descriptor of %d bytes: %q", len(d), d)
	}
	if len(st.Skipped) != 4 || !strings.Contains(st.Skipped[0], `transaction 1: amount "-92233720368547758.07" is beyond ±10,000,000,000.00`) ||
		!strings.Contains(st.Skipped[2], "transaction 4: amount") || !strings.Contains(st.Skipped[3], "at most 255") {
		t.Errorf("skipped %q", st.Skipped)
	}
}
