package simplefin

import (
	"testing"
	"time"
)

// TestStatementBalance: an account's balance, available balance and
// balance date ride on its statement, in the sign the bridge gives (a
// card owing is negative); a missing or unreadable balance is none.
func TestStatementBalance(t *testing.T) {
	t.Parallel()
	set, err := decodeAccounts([]byte(`{"errors":[],"accounts":[
	  {"org":{"name":"Bank"},"id":"C","name":"Card","currency":"USD","balance":"-1234.56","available-balance":"765.44","balance-date":1767225600,"transactions":[]},
	  {"org":{"name":"Bank"},"id":"K","name":"Checking","currency":"USD","balance":100,"transactions":[]},
	  {"org":{"name":"Bank"},"id":"N","name":"None","currency":"USD","transactions":[]},
	  {"org":{"name":"Bank"},"id":"B","name":"Bad","currency":"USD","balance":"lots","transactions":[]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	card, err := statementFor(set, "C")
	if err != nil || card.Balance == nil {
		t.Fatalf("card: %+v %v", card.Balance, err)
	}
	if b := card.Balance; b.LedgerCents != -123456 || b.AvailableCents == nil || *b.AvailableCents != 76544 ||
		!b.AsOf.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("card balance %+v", b)
	}
	checking, err := statementFor(set, "K")
	if err != nil || checking.Balance == nil || checking.Balance.LedgerCents != 10000 || checking.Balance.AvailableCents != nil || !checking.Balance.AsOf.IsZero() {
		t.Fatalf("checking balance %+v %v", checking.Balance, err)
	}
	for _, id := range []string{"N", "B"} {
		if st, err := statementFor(set, id); err != nil || st.Balance != nil {
			t.Fatalf("%s: balance %+v %v, want none", id, st.Balance, err)
		}
	}
}
