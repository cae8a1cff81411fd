package rates

import (
	"context"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/store"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestConvert: the embedded ECB snapshot (2025-03-07 is a Friday: USD
// 1.0857, JPY 160.35; 2025-03-10 USD 1.0845; 2025-05-09 GBP 0.8477, JPY
// 163.36) and fixture rates for what the ECB does not publish (KWD) and
// for exact halves. Expected values worked by hand: cents × rate(to) ×
// 10^exp(to) / (rate(from) × 10^exp(from)), halves away from zero.
func TestConvert(t *testing.T) {
	t.Parallel()
	ecb, err := NewTable(Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	fixture, err := NewTable([]store.ExchangeRate{
		{Day: "2025-03-07", Currency: "KWD", PerEUR: "0.3325"}, // a fixture, not an ECB figure
		{Day: "2025-03-07", Currency: "JPY", PerEUR: "160.35"},
		{Day: "2025-03-07", Currency: "XTS", PerEUR: "1.5"}, // ISO's testing code: exact halves
	})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		table    *Table
		cents    int64
		from, to string
		day      string
		want     int64
		ok       bool
	}{
		{"USD to JPY, 0 decimals", ecb, 1000, "USD", "JPY", "2025-03-07", 1477, true},
		{"JPY to USD", ecb, 1477, "JPY", "USD", "2025-03-07", 1000, true},
		{"EUR to USD, a refund's sign kept", ecb, -1234, "EUR", "USD", "2025-03-07", -1340, true},
		{"USD to EUR on a Monday", ecb, 1000, "USD", "EUR", "2025-03-10", 922, true},
		{"Saturday takes Friday's rate", ecb, 1000, "USD", "EUR", "2025-03-08", 921, true},
		{"Sunday takes Friday's rate", ecb, 1000, "USD", "EUR", "2025-03-09", 921, true},
		{"after the last rate, the last one", ecb, 1000, "USD", "EUR", "2027-03-01", 889, true},
		{"one penny of GBP in yen", ecb, 1, "GBP", "JPY", "2025-05-09", 2, true},
		{"before the first rate: missing", ecb, 1000, "USD", "EUR", "2025-02-13", 0, false},
		{"a currency without rates: missing", ecb, 1000, "XYZ", "USD", "2025-03-07", 0, false},
		{"to a currency without rates: missing", ecb, 1000, "USD", "KWD", "2025-03-07", 0, false},
		{"a currency to itself needs no rate", ecb, 1000, "XYZ", "XYZ", "1990-01-01", 1000, true},
		{"EUR to KWD, 3 decimals", fixture, 1000, "EUR", "KWD", "2025-03-07", 3325, true},
		{"KWD to JPY, 3 to 0 decimals", fixture, 1000, "KWD", "JPY", "2025-03-07", 482, true},
		{"a half rounds away from zero", fixture, 3, "EUR", "XTS", "2025-03-07", 5, true},
		{"a negative half rounds away from zero", fixture, -3, "EUR", "XTS", "2025-03-07", -5, true},
		{"below a half rounds toward zero", fixture, 1, "XTS", "EUR", "2025-03-07", 1, true},
	}
	for _, c := range cases {
		got, ok, err := c.table.Convert(context.Background(), c.cents, c.from, c.to, day(c.day))
		if err != nil || ok != c.ok || got != c.want {
			t.Errorf("%s: Convert(%d %s→%s on %s) = %d, %v, %v; want %d, %v", c.name, c.cents, c.from, c.to, c.day, got, ok, err, c.want, c.ok)
		}
	}
}

// TestConvertOutOfRange: a result beyond int64 is an error, never a wrapped number.
func TestConvertOutOfRange(t *testing.T) {
	t.Parallel()
	tab, err := NewTable([]store.ExchangeRate{{Day: "2025-03-07", Currency: "IDR", PerEUR: "17664.39"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := tab.Convert(context.Background(), 1<<62, "EUR", "IDR", day("2025-03-07")); err == nil {
		t.Fatal("an overflowing conversion gave no error")
	}
}

// TestConvertStoppedCurrency: a currency the ECB stopped publishing while
// the others went on (RUB since March 2022) converts up to two weeks after
// its last rate, then counts as missing; a table whose every rate ends on
// one day (the embedded snapshot) goes on converting at its last rates.
func TestConvertStoppedCurrency(t *testing.T) {
	t.Parallel()
	tab, err := NewTable([]store.ExchangeRate{
		{Day: "2022-03-01", Currency: "RUB", PerEUR: "117.2636"},
		{Day: "2022-03-01", Currency: "USD", PerEUR: "1.1172"},
		{Day: "2022-06-01", Currency: "USD", PerEUR: "1.0737"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, ok, err := tab.Convert(ctx, 100_00, "RUB", "EUR", day("2022-03-10")); !ok || err != nil {
		t.Errorf("RUB nine days after its last rate: ok %v, err %v; want converted", ok, err)
	}
	if _, ok, _ := tab.Convert(ctx, 100_00, "RUB", "EUR", day("2022-04-01")); ok {
		t.Error("RUB a month after the ECB stopped it was converted at its old rate")
	}
	if _, ok, _ := tab.Convert(ctx, 100_00, "USD", "EUR", day("2026-12-07")); !ok {
		t.Error("USD past the table's newest day is not converted at its last rate")
	}
}

func TestExponent(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]int{"JPY": 0, "KRW": 0, "ISK": 0, "KWD": 3, "BHD": 3, "USD": 2, "EUR": 2, "CLF": 4} {
		if got := Exponent(code); got != want {
			t.Errorf("Exponent(%s) = %d, want %d", code, got, want)
		}
	}
	for code, want := range map[string]bool{"USD": true, "EUR": true, "KWD": true, "XYZ": false, "usd": false, "US": false} {
		if got := IsISO4217(code); got != want {
			t.Errorf("IsISO4217(%q) = %v, want %v", code, got, want)
		}
	}
}

// TestSnapshot: the embedded file reads, and holds what docs/0028 says.
func TestSnapshot(t *testing.T) {
	t.Parallel()
	rs := Snapshot()
	first, last := rs[0].Day, rs[0].Day
	cur := map[string]bool{}
	for _, r := range rs {
		first, last = min(first, r.Day), max(last, r.Day)
		cur[r.Currency] = true
	}
	if first != "2025-02-14" || last != "2025-05-09" || len(cur) != 30 {
		t.Fatalf("snapshot spans %s..%s with %d currencies; docs/0028 says 2025-02-14..2025-05-09, 30", first, last, len(cur))
	}
}
