package simplefin

import (
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
)

// FuzzDecodeAccounts feeds arbitrary bytes to the accounts decoder and the
// conversions: no panic, every failure classified, every transaction dated
// in UTC with an id, every discovered account with an id.
func FuzzDecodeAccounts(f *testing.F) {
	f.Add([]byte(`{"errors":[],"accounts":[{"org":{"domain":"bank.example","sfin-url":"https://bank.example/sfin","name":"Example Bank","id":"EX"},
		"id":"ACT-123","name":"Everyday Checking","currency":"USD","balance":"1234.56","available-balance":"1200.00","balance-date":1700000000,
		"transactions":[{"id":"TRN-1","posted":1700000000,"amount":"-12.34","description":"SQ *BLUE BOTTLE","payee":"Blue Bottle","memo":"","transacted_at":1699990000,"pending":false}],
		"holdings":[]}]}`))
	f.Add([]byte(`{"errors":["You must reauthenticate with Example Bank"],"accounts":[]}`))
	f.Add([]byte(`{"errlist":[{"code":"gen.auth","msg":"Bad credentials"}],"accounts":[{"id":"A","name":"Rewards Card","currency":"https://points.example","balance":-5,
		"transactions":[{"id":"P","posted":0,"transacted_at":"1700000000","amount":-0.5,"pending":true},{"id":"Q","posted":0,"amount":"1"}]}]}`))
	f.Add([]byte(`{"accounts":[{"id":"A","transactions":[{"id":"T","posted":99999999999999,"amount":"92233720368547758.07"}]}]}`))
	f.Add([]byte(`{"errors":"just one","accounts":null}`))
	f.Add([]byte(`{"accounts":[{"id":" ","transactions":[{"id":"","posted":-1,"amount":"1e9"}]}]}`))
	// At the bounds: ±10^12 cents, an id over 255 bytes, a description far
	// over 255 bytes (connector.Descriptor cuts it).
	f.Add([]byte(`{"accounts":[{"id":"A","transactions":[{"id":"T1","posted":1700000000,"amount":"-92233720368547758.07"},` +
		`{"id":"T2","posted":1700000000,"amount":"10000000000.00","description":"` + strings.Repeat("ZORBLAX é ", 100) + `"},` +
		`{"id":"T3","posted":1700000000,"amount":"-10000000000.01","memo":"x"},` +
		`{"id":"` + strings.Repeat("I", 256) + `","posted":1700000000,"amount":"1"}]}]}`))
	f.Add([]byte(`{"accounts":[{"id":"A","balance-date":1767225600,"transactions":[],"holdings":[` +
		`{"id":"H1","created":1700000000,"currency":"","cost_basis":"1999.99","description":"Vanguard","market_value":"3655.18","purchase_price":"160.00","shares":12.123456789,"symbol":"VTI"},` +
		`{"id":"H2","market_value":"10000000000.00","shares":"0.00000001"},{"symbol":"S","market_value":-1,"shares":"-3"},{"id":"","shares":"1e3"},null]}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		set, err := decodeAccounts(raw)
		if err != nil {
			return
		}
		for _, d := range discoveries(set, centavo.Institution{}, "https://bridge.example/simplefin") {
			if d.Institution.AccountID == "" || d.Institution.AccountType != AccountType || d.Name == "" || len(d.Currency) != 3 {
				t.Fatalf("discovered %+v", d)
			}
		}
		_ = set.firstError()
		ids := []string{"", "A", "ACT-123"}
		for _, a := range set.Accounts {
			ids = append(ids, a.ID)
		}
		for _, id := range ids {
			st, err := statementFor(set, id)
			if err != nil {
				if k := connector.KindOf(err); k != connector.KindMalformed && k != connector.KindRejected {
					t.Fatalf("unclassified: %v", err)
				}
				continue
			}
			if st.Holdings != nil {
				for _, h := range st.Holdings.Positions {
					if u, err := centavo.NormalizeUnits(h.Units); err != nil || u != h.Units || h.SecurityID == "" || len(h.Currency) != 3 ||
						connector.CheckAmount(h.PriceCents) != nil || connector.CheckAmount(h.MarketValueCents) != nil {
						t.Fatalf("accepted holding %+v", h)
					}
				}
			}
			for _, tx := range st.Transactions {
				if tx.InstitutionID == "" || tx.PostedAt.IsZero() || tx.PostedAt.Location() != time.UTC || tx.Currency != st.Currency {
					t.Fatalf("accepted %+v", tx)
				}
				if connector.CheckAmount(tx.AmountCents) != nil || connector.CheckID(tx.InstitutionID) != nil || len(tx.Descriptor) > connector.MaxDescriptorBytes {
					t.Fatalf("accepted beyond the bounds: amount %d, id of %d bytes, descriptor of %d bytes", tx.AmountCents, len(tx.InstitutionID), len(tx.Descriptor))
				}
			}
		}
	})
}
