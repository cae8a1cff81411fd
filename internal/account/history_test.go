package account

import (
	"slices"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func TestReconstruct(t *testing.T) {
	t.Parallel()
	d0 := centavo.DayOf(time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC))
	rep := func(day centavo.Day, cents int64) centavo.Balance {
		return centavo.Balance{Day: d0 + day, Cents: cents}
	}
	net := func(day centavo.Day, cents int64) store.AccountDay {
		return store.AccountDay{Day: d0 + day, AmountCents: cents}
	}
	tests := []struct {
		name     string
		reports  []centavo.Balance
		days     []store.AccountDay
		from, to centavo.Day // relative to d0
		want     []int64
	}{
		{
			name:    "backwards from one report",
			reports: []centavo.Balance{rep(4, 1000)},
			days:    []store.AccountDay{net(1, -100), net(3, 250), net(4, -50)},
			from:    0, to: 4,
			// 4: 1000; 3: 1000+50; 2: 1050-250; 1: 800; 0: 800+100
			want: []int64{900, 800, 800, 1050, 1000},
		},
		{
			name:    "forwards past the last report",
			reports: []centavo.Balance{rep(1, 500)},
			days:    []store.AccountDay{net(0, 70), net(2, -20), net(3, 5)},
			from:    0, to: 3,
			want: []int64{500, 500, 480, 485},
		},
		{
			name: "a late row before the latest report moves only the days before it",
			// The bank's report of day 3 already holds the late row of day 2
			// (-30), so days 3 and later keep the report; days before move.
			reports: []centavo.Balance{rep(3, 1000)},
			days:    []store.AccountDay{net(2, -30), net(3, -10)},
			from:    0, to: 3,
			want: []int64{1040, 1040, 1010, 1000},
		},
		{
			name:    "several reports: each stands for its day, the rest from the next",
			reports: []centavo.Balance{rep(1, 100), rep(3, 400), rep(5, 450)},
			days:    []store.AccountDay{net(1, 10), net(2, 20), net(3, 30), net(5, 40)},
			from:    0, to: 6,
			// 6: after the last: 450; 5: 450; 4: 450-40=410; 3: 400; 2: 400-30=370; 1: 100; 0: 100-10=90
			want: []int64{90, 100, 370, 400, 410, 450, 450},
		},
		{
			name: "a liability: a card owing more after each purchase",
			// Purchases are negative, so the balance of a card owing $120 is
			// -12000; what is owed is its opposite (Owed).
			reports: []centavo.Balance{rep(2, -12000)},
			days:    []store.AccountDay{net(1, -2000), net(2, -10000)},
			from:    0, to: 2,
			want: []int64{0, -2000, -12000},
		},
		{
			name:    "range before every report and past the rows",
			reports: []centavo.Balance{rep(10, 0)},
			days:    []store.AccountDay{net(5, -300), net(12, 99)},
			from:    3, to: 6,
			want: []int64{300, 300, 0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Reconstruct(tt.reports, tt.days, d0+tt.from, d0+tt.to)
			if !ok || !slices.Equal(got, tt.want) {
				t.Fatalf("got %v (ok %v), want %v", got, ok, tt.want)
			}
		})
	}
	if _, ok := Reconstruct(nil, []store.AccountDay{net(1, 5)}, d0, d0+3); ok {
		t.Fatal("an account without a report has a known balance")
	}
	card := centavo.Account{Type: "credit_card"}
	if got := Owed(card, -12000); got != 12000 {
		t.Fatalf("a card at -12000 owes %d, want 12000", got)
	}
	if got := Owed(centavo.Account{Type: "checking"}, -500); got != -500 {
		t.Fatalf("an overdrawn checking account stands at %d, want -500", got)
	}
}

func TestPointDays(t *testing.T) {
	t.Parallel()
	from, _ := centavo.ParseDay("2027-01-30")
	to, _ := centavo.ParseDay("2027-03-03")
	var got []string
	for _, d := range pointDays(from, to, IntervalMonth) {
		got = append(got, d.String())
	}
	if want := []string{"2027-01-31", "2027-02-28", "2027-03-03"}; !slices.Equal(got, want) {
		t.Fatalf("month ends %v, want %v", got, want)
	}
	got = got[:0]
	for _, d := range pointDays(from, from+9, IntervalWeek) {
		got = append(got, d.String())
	}
	if want := []string{"2027-01-31", "2027-02-07", "2027-02-08"}; !slices.Equal(got, want) {
		t.Fatalf("week ends %v, want %v", got, want)
	}
}
