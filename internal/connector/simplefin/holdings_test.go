package simplefin

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

// TestHoldings: an account's holdings become a snapshot as of its balance
// date: units exact (a number or a string), the unit price the market
// value over the shares, the account's currency unless the holding names
// one; an unreadable holding is left out with its reason; no "holdings"
// means no snapshot, an empty list an empty one.
func TestHoldings(t *testing.T) {
	t.Parallel()
	s := newSecrets(t)
	s.add("pw-bridge")
	ctx := context.Background()
	c := client()
	inst := centavo.Institution{AccountID: "BRK-1", AccountType: AccountType}
	access := bridge(t, 200, `{"accounts":[{"org":{"name":"Brokerage"},"id":"BRK-1","name":"Brokerage","currency":"USD","balance":"1234.56","balance-date":1767225600,
	  "transactions":[{"id":"D1","posted":1767139200,"amount":"4.20","description":"DIVIDEND VTI"}],
	  "holdings":[
	    {"id":"HOL-1","created":1700000000,"currency":"","cost_basis":"1999.99","description":"Vanguard Total Stock Market ETF","market_value":"3655.18","purchase_price":"160.00","shares":12.123456789,"symbol":"VTI"},
	    {"id":"HOL-2","currency":"CAD","description":"Bond fund","market_value":"1000","shares":"3","symbol":""},
	    {"id":"HOL-3","description":"no shares","market_value":"10","shares":"1e3"},
	    {"id":"HOL-4","description":"sold out","market_value":"0","shares":"0","symbol":"XYZ"}
	  ]}]}`)
	st, err := c.Fetch(ctx, inst, centavo.Credentials{Password: access}, now)
	if s.check(err) != 0 {
		t.Fatal(err)
	}
	if st.Holdings == nil || !st.Holdings.AsOf.Equal(time.Unix(1767225600, 0).UTC()) {
		t.Fatalf("holdings %+v", st.Holdings)
	}
	want := []centavo.Holding{
		{SecurityID: "HOL-1", SecurityName: "Vanguard Total Stock Market ETF", Ticker: "VTI", Units: "12.123456789", PriceCents: 30150, MarketValueCents: 365518, Currency: "USD"},
		{SecurityID: "HOL-2", SecurityName: "Bond fund", Units: "3", PriceCents: 33333, MarketValueCents: 100000, Currency: "CAD"},
		{SecurityID: "HOL-4", SecurityName: "sold out", Ticker: "XYZ", Units: "0", Currency: "USD"},
	}
	if !reflect.DeepEqual(st.Holdings.Positions, want) {
		t.Errorf("positions\n got  %+v\n want %+v", st.Holdings.Positions, want)
	}
	if len(st.Skipped) != 1 || !strings.Contains(st.Skipped[0], `holding 3: shares "1e3"`) {
		t.Errorf("skipped %q", st.Skipped)
	}
	if len(st.Transactions) != 1 {
		t.Errorf("transactions %+v", st.Transactions)
	}

	// No holdings: no snapshot; an empty list: an empty snapshot.
	for body, wantNil := range map[string]bool{
		`{"accounts":[{"id":"BRK-1","currency":"USD","transactions":[]}]}`:               true,
		`{"accounts":[{"id":"BRK-1","currency":"USD","transactions":[],"holdings":[]}]}`: false,
	} {
		st, err := c.Fetch(ctx, inst, centavo.Credentials{Password: bridge(t, 200, body)}, now)
		if s.check(err) != 0 || (st.Holdings == nil) != wantNil || st.Holdings != nil && len(st.Holdings.Positions) != 0 {
			t.Errorf("%s: holdings %+v, %v", body, st.Holdings, err)
		}
	}
}

func TestUnitPrice(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		value int64
		units string
		want  int64
	}{
		{365518, "12.123456789", 30150}, {100000, "3", 33333}, {200000, "3", 66667}, {-100, "3", -33}, {-200, "3", -67},
		{5, "0", 0}, {1, "0.5", 2},
	} {
		if got, err := unitPrice(tt.value, tt.units); err != nil || got != tt.want {
			t.Errorf("unitPrice(%d, %s) = %d, %v; want %d", tt.value, tt.units, got, err, tt.want)
		}
	}
	if _, err := unitPrice(1_000_000, "0.00000001"); err == nil {
		t.Error("a price beyond the bound: no error")
	}
}
