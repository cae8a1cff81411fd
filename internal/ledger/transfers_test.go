package ledger

import (
	"strings"
	"testing"

	"github.com/centavo/centavo"
)

func TestPairable(t *testing.T) {
	t.Parallel()
	out := centavo.Transaction{ID: 1, AccountID: 10, AmountCents: -5000, Currency: "USD"}
	in := centavo.Transaction{ID: 2, AccountID: 20, AmountCents: 4990, Currency: "USD"} // a fee on the way: fine by hand
	edit := func(t centavo.Transaction, f func(*centavo.Transaction)) centavo.Transaction { f(&t); return t }
	for _, tc := range []struct {
		name string
		a, b centavo.Transaction
		says string // "" = pairable
	}{
		{"out and in", out, in, ""},
		{"in and out", in, out, ""},
		{"same account", out, edit(in, func(t *centavo.Transaction) { t.AccountID = 10 }), "same account"},
		{"both out", out, edit(in, func(t *centavo.Transaction) { t.AmountCents = -1 }), "one amount must be negative"},
		{"a zero", out, edit(in, func(t *centavo.Transaction) { t.AmountCents = 0 }), "one amount must be negative"},
		{"currencies", out, edit(in, func(t *centavo.Transaction) { t.Currency = "EUR" }), "USD and EUR"},
		{"pending", out, edit(in, func(t *centavo.Transaction) { t.Pending = true }), "pending"},
		{"paired", edit(out, func(t *centavo.Transaction) { t.TransferPairID = 1 }), in, "already paired"},
		{"split", out, edit(in, func(t *centavo.Transaction) { t.Splits = []centavo.Split{{AmountCents: 4990}} }), "split"},
	} {
		err := pairable(tc.a, tc.b)
		switch {
		case tc.says == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.says != "" && (err == nil || !strings.Contains(err.Error(), tc.says) || centavo.ErrorCode(err) != centavo.EINVALID):
			t.Errorf("%s: %v, want %q (invalid)", tc.name, err, tc.says)
		}
	}
}
