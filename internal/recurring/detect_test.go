package recurring

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	centavo "github.com/centavo/centavo"
)

func day(s string) centavo.Day {
	d, err := centavo.ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

// rows makes one merchant's transactions on the dates with the amounts
// (the last amount repeats), ids from base.
func rows(key string, base int64, dates []centavo.Day, amounts ...int64) []Txn {
	out := make([]Txn, len(dates))
	for i, d := range dates {
		a := amounts[min(i, len(amounts)-1)]
		out[i] = Txn{ID: base + int64(i), AccountID: 1, Date: d, AmountCents: a, Currency: "USD", MerchantKey: key, Merchant: key, Category: "entertainment"}
	}
	return out
}

// every lists n dates from first, step days apart.
func every(first string, step, n int) []centavo.Day {
	d := day(first)
	out := make([]centavo.Day, n)
	for i := range out {
		out[i] = d + centavo.Day(i*step)
	}
	return out
}

// monthly lists n dates on day dom of consecutive months from first's
// month, k months apart (clamped to the month's last day).
func monthly(first string, dom, k, n int) []centavo.Day {
	mi := monthIndex(day(first))
	out := make([]centavo.Day, n)
	for i := range out {
		out[i] = inMonth(mi+i*k, dom)
	}
	return out
}

// only is the single series Detect finds in txns, failing otherwise.
func only(t *testing.T, txns []Txn, today string) Series {
	t.Helper()
	got := Detect(txns, day(today))
	if len(got) != 1 {
		for _, s := range got {
			t.Logf("%s %d× %d", s.Key, len(s.Occurrences), s.AmountCents)
		}
		t.Fatalf("%d series, want 1", len(got))
	}
	return got[0]
}

func TestCadences(t *testing.T) {
	t.Parallel()
	cases := []struct {
		cadence string
		dates   []centavo.Day
		today   string
		next    string
	}{
		{Weekly, every("2026-01-06", 7, 10), "2026-03-12", "2026-03-17"},
		{Biweekly, every("2026-01-02", 14, 8), "2026-04-14", "2026-04-24"},
		{Semimonthly, append(monthly("2026-01-01", 1, 1, 6), monthly("2026-01-01", 15, 1, 6)...), "2026-06-20", "2026-07-01"},
		{Monthly, monthly("2026-01-01", 15, 1, 12), "2026-12-20", "2027-01-15"},
		{Quarterly, monthly("2025-01-01", 10, 3, 5), "2026-01-20", "2026-04-10"},
		{Semiannual, monthly("2024-03-01", 5, 6, 4), "2025-09-20", "2026-03-05"},
		{Annual, monthly("2023-06-01", 20, 12, 3), "2025-07-01", "2026-06-20"},
	}
	for _, c := range cases {
		t.Run(c.cadence, func(t *testing.T) {
			s := only(t, rows("svc", 1, c.dates, -1299), c.today)
			if s.Cadence != c.cadence || s.Status != Active || s.Tentative || s.NextDate != day(c.next) || s.AmountCents != -1299 || s.AmountVaries || s.Income {
				t.Errorf("got %s %s tentative=%v next %s amount %d varies=%v, want %s active next %s",
					s.Cadence, s.Status, s.Tentative, s.NextDate, s.AmountCents, s.AmountVaries, c.cadence, c.next)
			}
			if len(s.Occurrences) != len(c.dates) || len(s.Missed) != 0 || len(s.PriceChanges) != 0 {
				t.Errorf("%d occurrences, %d missed, %d price changes", len(s.Occurrences), len(s.Missed), len(s.PriceChanges))
			}
		})
	}
}

// weekend moves a date due on a Saturday or Sunday to the Friday before
// (back) or the Monday after.
func weekend(d centavo.Day, back bool) centavo.Day {
	switch wd := d.Time().Weekday(); {
	case wd == time.Saturday && back:
		return d - 1
	case wd == time.Sunday && back:
		return d - 2
	case wd == time.Saturday:
		return d + 2
	case wd == time.Sunday:
		return d + 1
	}
	return d
}

func TestWeekendAndMonthLengthDrift(t *testing.T) {
	t.Parallel()
	for _, back := range []bool{true, false} {
		var dates []centavo.Day
		for _, d := range monthly("2025-01-01", 1, 1, 14) {
			dates = append(dates, weekend(d, back))
		}
		s := only(t, rows("gym", 1, dates, -2500), "2026-02-20")
		if s.Cadence != Monthly || s.DueDay != 1 || s.NextDate != day("2026-03-01") || s.Status != Active || len(s.Occurrences) != 14 {
			t.Errorf("back=%v: %s due %d next %s %s %d×", back, s.Cadence, s.DueDay, s.NextDate, s.Status, len(s.Occurrences))
		}
	}
	// Due on the 31st: the 28th in February, the 30th in April.
	s := only(t, rows("rent", 1, monthly("2025-10-01", 31, 1, 8), -150000), "2026-05-31")
	if s.Cadence != Monthly || s.DueDay != 31 || s.NextDate != day("2026-06-30") {
		t.Errorf("31st: %s due %d next %s", s.Cadence, s.DueDay, s.NextDate)
	}
	want := []centavo.Day{day("2026-06-30"), day("2026-07-31"), day("2026-08-31"), day("2026-09-30")}
	if got := s.Expected(day("2026-06-01"), day("2026-09-30")); !reflect.DeepEqual(got, want) {
		t.Errorf("Expected = %v, want %v", got, want)
	}
	if got := s.Expected(day("2026-07-01"), day("2026-07-31")); !reflect.DeepEqual(got, want[1:2]) {
		t.Errorf("Expected in July = %v", got)
	}
}

func TestPriceRiseAndKey(t *testing.T) {
	t.Parallel()
	dates := monthly("2025-03-01", 8, 1, 12)
	before := rows("netflix", 1, dates[:6], -1549)
	after := append(append([]Txn(nil), before...), rows("netflix", 100, dates[6:], -1799)...)
	s0 := only(t, before, "2025-08-20")
	s := only(t, after, "2026-02-20")
	if s.Key != s0.Key {
		t.Errorf("key %q became %q across the rise", s0.Key, s.Key)
	}
	if len(s.Occurrences) != 12 || s.AmountCents != -1799 || s.NextAmountCents != -1799 || s.AmountVaries {
		t.Errorf("%d× amount %d next %d varies=%v", len(s.Occurrences), s.AmountCents, s.NextAmountCents, s.AmountVaries)
	}
	want := []PriceChange{{TxnID: 100, Date: dates[6], FromCents: 1549, ToCents: 1799}}
	if !reflect.DeepEqual(s.PriceChanges, want) {
		t.Errorf("price changes %+v, want %+v", s.PriceChanges, want)
	}
	// A few cents of tax rounding is no price change; 5 % or $1 is.
	small := append(rows("x", 1, dates[:6], -1000), rows("x", 100, dates[6:], -1004)...)
	if s := only(t, small, "2026-02-20"); len(s.PriceChanges) != 0 {
		t.Errorf("4¢ made a price change: %+v", s.PriceChanges)
	}
}

func TestTrialToPaid(t *testing.T) {
	t.Parallel()
	dates := monthly("2026-01-01", 12, 1, 6)
	txns := append(rows("peloton", 1, dates[:1], -100), rows("peloton", 10, dates[1:], -4400)...)
	s := only(t, txns, "2026-06-20")
	want := []PriceChange{{TxnID: 10, Date: dates[1], FromCents: 100, ToCents: 4400}}
	if len(s.Occurrences) != 6 || !reflect.DeepEqual(s.PriceChanges, want) || s.AmountCents != -4400 {
		t.Errorf("%d× changes %+v amount %d", len(s.Occurrences), s.PriceChanges, s.AmountCents)
	}
}

func TestUtilityBand(t *testing.T) {
	t.Parallel()
	amounts := []int64{-8012, -9540, -7302, -11020, -10377, -8850, -7990, -9210, -10660, -8305, -9999, -7720}
	txns := rows("pge", 1, monthly("2026-01-01", 12, 1, 12), amounts...)
	for i := range txns {
		txns[i].AmountCents = amounts[i]
	}
	s := only(t, txns, "2026-12-20")
	if !s.AmountVaries || s.Tentative || s.Cadence != Monthly || len(s.Occurrences) != 12 || len(s.PriceChanges) != 0 {
		t.Errorf("varies=%v tentative=%v %s %d× changes %d", s.AmountVaries, s.Tentative, s.Cadence, len(s.Occurrences), len(s.PriceChanges))
	}
	if s.AmountCents > -7302 || s.AmountCents < -11020 {
		t.Errorf("typical amount %d out of the band", s.AmountCents)
	}
	// Only four months of it: a suggestion.
	if s := only(t, txns[:4], "2026-04-20"); !s.Tentative {
		t.Error("four varying amounts are not tentative")
	}
}

func TestIncome(t *testing.T) {
	t.Parallel()
	s := only(t, rows("acme payroll", 1, monthly("2026-01-01", 1, 1, 10), 1_016_900), "2026-10-10")
	if !s.Income || s.AmountCents != 1_016_900 || s.Cadence != Monthly || s.NextDate != day("2026-11-01") {
		t.Errorf("income=%v amount %d %s next %s", s.Income, s.AmountCents, s.Cadence, s.NextDate)
	}
}

func TestEndsAfterTwoMisses(t *testing.T) {
	t.Parallel()
	txns := rows("hulu", 1, monthly("2026-01-01", 10, 1, 6), -999) // through June 10
	cases := []struct {
		today  string
		status string
		missed int
	}{
		{"2026-07-12", Active, 0}, // July 10 is within its grace
		{"2026-07-20", Active, 1},
		{"2026-08-16", Ended, 2},
		{"2027-12-01", Ended, maxMissed},
	}
	for _, c := range cases {
		s := only(t, txns, c.today)
		if s.Status != c.status || len(s.Missed) != c.missed {
			t.Errorf("as of %s: %s with %d missed, want %s with %d", c.today, s.Status, len(s.Missed), c.status, c.missed)
		}
		if c.missed > 0 && s.Missed[0] != day("2026-07-10") {
			t.Errorf("first missed %s", s.Missed[0])
		}
		if c.status == Ended && s.Expected(day("2026-01-01"), day("2030-01-01")) != nil {
			t.Error("an ended series expects dates")
		}
	}
}

func TestRefundsAndOneOffsDoNotBreak(t *testing.T) {
	t.Parallel()
	dates := monthly("2026-01-01", 5, 1, 12)
	txns := rows("netflix", 1, dates, -1549)
	txns = append(txns, rows("netflix", 100, []centavo.Day{dates[3] + 2}, 1549)...)                                     // a refund
	txns = append(txns, rows("netflix", 200, []centavo.Day{dates[2] + 9, dates[5] + 20, dates[8] + 1}, -2999, -499)...) // one-offs
	s := only(t, txns, "2026-12-20")
	if len(s.Occurrences) != 12 || s.AmountCents != -1549 || s.Status != Active || len(s.PriceChanges) != 0 {
		t.Errorf("%d× amount %d %s changes %d", len(s.Occurrences), s.AmountCents, s.Status, len(s.PriceChanges))
	}
}

func TestTwoSeriesAtOneMerchant(t *testing.T) {
	t.Parallel()
	txns := append(rows("apple", 1, monthly("2026-01-01", 3, 1, 10), -99), rows("apple", 100, monthly("2026-01-01", 20, 1, 10), -999)...)
	got := Detect(txns, day("2026-10-25"))
	if len(got) != 2 || got[0].Key == got[1].Key {
		t.Fatalf("%d series: %+v", len(got), got)
	}
	amounts := map[int64]int{}
	for _, s := range got {
		amounts[s.AmountCents] = len(s.Occurrences)
	}
	if amounts[-99] != 10 || amounts[-999] != 10 {
		t.Errorf("series by amount: %v", amounts)
	}
}

func TestAnnualTwiceIsTentative(t *testing.T) {
	t.Parallel()
	s := only(t, rows("prime", 1, monthly("2025-03-01", 14, 12, 2), -13900), "2026-04-01")
	if !s.Tentative || s.Cadence != Annual || s.NextDate != day("2027-03-14") {
		t.Errorf("tentative=%v %s next %s", s.Tentative, s.Cadence, s.NextDate)
	}
	if got := Detect(rows("prime", 1, monthly("2025-03-01", 14, 12, 1), -13900), day("2026-04-01")); len(got) != 0 {
		t.Errorf("one charge made %d series", len(got))
	}
}

// randomPurchases are 400 days of purchases at a few merchants, some of
// them often, at random amounts.
func randomPurchases(seed uint64) []Txn {
	r := rand.New(rand.NewPCG(seed, 1))
	merchants := []string{"starbucks", "amazon", "shell", "kroger", "uber", "target", "chipotle", "cvs"}
	var out []Txn
	for d := day("2025-01-01"); d < day("2026-02-05"); d++ {
		for range r.IntN(4) {
			m := merchants[min(r.IntN(len(merchants)), r.IntN(len(merchants)))] // the first ones often
			out = append(out, Txn{ID: int64(len(out) + 1), AccountID: 1, Date: d, AmountCents: -(300 + r.Int64N(9000)),
				Currency: "USD", MerchantKey: m, Merchant: m, Category: "shopping"})
		}
	}
	return out
}

func TestRandomPurchasesAreNoSeries(t *testing.T) {
	t.Parallel()
	for seed := range uint64(5) {
		for _, s := range Detect(randomPurchases(seed), day("2026-02-05")) {
			if !s.Tentative {
				t.Errorf("seed %d: %s %s %d× %d", seed, s.Key, s.Cadence, len(s.Occurrences), s.AmountCents)
			}
		}
	}
}

func TestOrderDoesNotMatter(t *testing.T) {
	t.Parallel()
	txns := randomPurchases(7)
	txns = append(txns, rows("netflix", 10_000, monthly("2025-01-01", 5, 1, 13), -1549)...)
	txns = append(txns, rows("pge", 20_000, monthly("2025-01-01", 20, 1, 13), -8000, -9100, -7700, -10400)...)
	want := Detect(txns, day("2026-02-05"))
	if len(want) < 2 {
		t.Fatalf("%d series", len(want))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		r.Shuffle(len(txns), func(i, j int) { txns[i], txns[j] = txns[j], txns[i] })
		if got := Detect(txns, day("2026-02-05")); !reflect.DeepEqual(got, want) {
			t.Fatal("the result depends on the input's order")
		}
	}
}

func TestKeyStableAsHistoryGrows(t *testing.T) {
	t.Parallel()
	all := rows("spotify", 1, monthly("2025-01-01", 9, 1, 20), -1199)
	first := only(t, all[:3], "2025-03-15")
	for n := 4; n <= len(all); n++ {
		if s := only(t, all[:n], all[n-1].Date.String()); s.Key != first.Key {
			t.Fatalf("with %d occurrences the key is %q, was %q", n, s.Key, first.Key)
		}
	}
}

// TestKeysUnique: one merchant's monthly charges in three currencies from
// one day are three series under three keys (the store keeps one row per
// key: a repeated key would merge two series into one row).
func TestKeysUnique(t *testing.T) {
	dates := monthly("2026-01-05", 5, 1, 8)
	var txns []Txn
	for i, cur := range []string{"USD", "EUR", "GBP"} {
		rs := rows("apple", int64(100*(i+1)), dates, int64(-299*(i+1)))
		for j := range rs {
			rs[j].Currency = cur
		}
		txns = append(txns, rs...)
	}
	got := Detect(txns, day("2026-08-10"))
	if len(got) != 3 {
		t.Fatalf("%d series, want 3", len(got))
	}
	seen := map[string]bool{}
	for i, s := range got {
		if seen[s.Key] {
			t.Fatalf("key %q twice", s.Key)
		}
		seen[s.Key] = true
		if i > 0 && got[i-1].Key >= s.Key {
			t.Fatalf("not in key order: %q then %q", got[i-1].Key, s.Key)
		}
	}
}
