package budget

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// day is a day of the fixed month the pure tests project (March 2027:
// 31 days); the projection depends on nothing else.
func day(n int) centavo.Day {
	return centavo.DayOf(time.Date(2027, 3, n, 0, 0, 0, 0, time.UTC))
}

func TestProject(t *testing.T) {
	t.Parallel()
	end := day(31)
	rent := Charge{Category: centavo.CatEntertainment, AmountCents: 15_00, Currency: "USD", Date: day(20)}
	tests := []struct {
		name      string
		today     int
		spent     int64
		expected  []Charge
		daily     Rate
		projected int64
		crosses   centavo.Day
	}{
		{name: "day 6 at $10 a day", today: 6, spent: 60_00, daily: Rate{10_00, 1}, projected: 310_00, crosses: day(20)},
		{name: "day 7 at $10 a day", today: 7, spent: 70_00, daily: Rate{10_00, 1}, projected: 310_00, crosses: day(20)},
		{name: "under the budget", today: 10, spent: 50_00, daily: Rate{5_00, 1}, projected: 155_00},
		{name: "a fraction of a cent a day", today: 7, spent: 0, daily: Rate{1, 3}, projected: 8},
		{name: "recurring still expected", today: 10, spent: 150_00, expected: []Charge{{AmountCents: 100_00, Date: day(15)}}, daily: Rate{1_00, 1}, projected: 271_00, crosses: day(15)},
		{name: "a late charge counts today", today: 10, spent: 190_00, expected: []Charge{{AmountCents: 20_00, Date: day(3)}}, projected: 210_00, crosses: day(10)},
		{name: "posted and next month's charges are not expected", today: 10, spent: 100_00,
			expected: []Charge{{AmountCents: 100_00, Date: day(5), Posted: true}, {AmountCents: 100_00, Date: end + 1}}, projected: 100_00},
		{name: "last day", today: 31, spent: 150_00, daily: Rate{50_00, 1}, projected: 150_00},
		{name: "already over", today: 12, spent: 250_00, daily: Rate{1_00, 1}, projected: 269_00, crosses: day(12)},
		{name: "entertainment charge", today: 19, spent: 190_00, expected: []Charge{rent}, projected: 205_00, crosses: day(20)},
		{name: "no pace", today: 7, projected: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Project(Pace{Today: day(tc.today), MonthEnd: end, AvailableCents: 200_00, SpentCents: tc.spent, Expected: tc.expected, Daily: tc.daily})
			if got.ProjectedCents != tc.projected || got.CrossesOn != tc.crosses {
				t.Errorf("projected %d crossing %v, want %d crossing %v", got.ProjectedCents, got.CrossesOn, tc.projected, tc.crosses)
			}
		})
	}
	if got := Project(Pace{Today: day(7), MonthEnd: end, SpentCents: 10_00, Daily: Rate{1_00, 1}}); got.CrossesOn != 0 || got.ProjectedCents != 34_00 {
		t.Errorf("nothing available: %+v, want 34.00 and no crossing", got)
	}
}

func TestTypicalDaily(t *testing.T) {
	t.Parallel()
	pace := Rate{70_00, 7}
	tests := []struct {
		history []Rate
		want    Rate
	}{
		{nil, pace}, // no history: this month's pace
		{[]Rate{{31_00, 31}}, Rate{31_00, 31}},
		{[]Rate{{900_00, 30}, {31_00, 31}, {62_00, 31}}, Rate{62_00, 31}}, // one exceptional month does not make the pace
		{[]Rate{{30_00, 30}, {90_00, 30}}, Rate{30_00*30 + 90_00*30, 2 * 30 * 30}},
	}
	for _, tc := range tests {
		got := TypicalDaily(tc.history, pace)
		if got.over(30) != tc.want.over(30) {
			t.Errorf("TypicalDaily(%v) = %v (%d over 30 days), want %v (%d)", tc.history, got, got.over(30), tc.want, tc.want.over(30))
		}
	}
}

func TestProjectionDue(t *testing.T) {
	t.Parallel()
	l := Line{HasBudget: true, AvailableCents: 100_00, SpentCents: 50_00, ProjectedCents: 110_00}
	cases := []struct {
		name string
		l    func(Line) Line
		day  int
		want bool
	}{
		{"day 6", func(l Line) Line { return l }, 6, false},
		{"day 7 at 110 %", func(l Line) Line { return l }, 7, true},
		{"day 28", func(l Line) Line { return l }, 28, true},
		{"109.99 %", func(l Line) Line { l.ProjectedCents = 109_99; return l }, 10, false},
		{"already reached", func(l Line) Line { l.SpentCents = 100_00; return l }, 10, false},
		{"no budget", func(l Line) Line { l.HasBudget = false; return l }, 10, false},
		{"nothing available", func(l Line) Line { l.AvailableCents, l.SpentCents = 0, -5_00; return l }, 10, false},
	}
	for _, c := range cases {
		if got := projectionDue(c.l(l), day(c.day)); got != c.want {
			t.Errorf("%s: due %v, want %v", c.name, got, c.want)
		}
	}
}

// fakeCharges is the recurring bills service as the budget service sees
// it: confirmed charges, posted or expected.
type fakeCharges []Charge

func (f fakeCharges) Charges(_ context.Context, _ int64, from, to centavo.Day) ([]Charge, error) {
	var out []Charge
	for _, c := range f {
		if c.Date >= from && c.Date <= to {
			out = append(out, c)
		}
	}
	return out, nil
}

// projected evaluates the month on the fixture's day and returns the new
// budget_projected keys.
func (f *fixture) projected(month centavo.Month) []string {
	f.t.Helper()
	var out []string
	for _, k := range f.evaluate(month) {
		if strings.HasPrefix(k, "projected:") {
			out = append(out, k)
		}
	}
	return out
}

// TestProjectionAlerts walks a month day by day on the fixture's clock:
// history of $10 a day of food (and a $300 monthly bill that is
// recurring), a $400 budget.
func TestProjectionAlerts(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	month := centavo.MonthOf(*f.now)
	at := func(d int) {
		*f.now = time.Date(month.Year, month.Month, d, 12, 0, 0, 0, time.UTC)
	}
	at(1)
	days := int64(lastDay(month).Time().Day())
	var bills fakeCharges
	for i := 1; i <= historyMonths; i++ {
		m := month.Add(-i)
		prevDays := int64(lastDay(m).Time().Day())
		f.spend(m, centavo.CatFood, prevDays*10_00+300_00)
		bills = append(bills, Charge{Category: centavo.CatFood, AmountCents: 300_00, Currency: "USD", Date: centavo.DayOf(m.Start()) + 2, Posted: true})
	}
	f.svc.Recurring = bills
	if err := f.svc.SetOverride(ctx, f.user, centavo.CatFood, days*10_00+50_00); err != nil {
		t.Fatal(err)
	}
	line := func() Line {
		ls, err := f.svc.Budgets(ctx, f.user, month)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(ls, func(l Line) bool { return l.Category == centavo.CatFood })
		return ls[i]
	}
	// The bill is recurring: left out of the history, the pace is $10 a day.
	if got := line().ProjectedCents; got != days*10_00-10_00 {
		t.Fatalf("day 1, nothing spent: projected %d, want %d", got, days*10_00-10_00)
	}
	// This month's bill is still expected on the 10th; spending on pace.
	bills = append(bills, Charge{Category: centavo.CatFood, AmountCents: 300_00, Currency: "USD", Date: centavo.DayOf(month.Start()) + 9})
	f.svc.Recurring = bills
	at(6)
	f.spend(month, centavo.CatFood, 60_00)
	want := days*10_00 + 300_00
	if l := line(); l.ProjectedCents != want || l.CrossesOn != centavo.DayOf(month.Start())+9 {
		t.Fatalf("day 6: projected %d crossing %v, want %d crossing the bill's day", l.ProjectedCents, l.CrossesOn, want)
	}
	if got := f.projected(month); len(got) != 0 {
		t.Fatalf("day 6: %v, want nothing before the 7th", got)
	}
	at(7)
	f.spend(month, centavo.CatFood, 10_00)
	key := fmt.Sprintf("projected:%s:%s", month, centavo.CatFood)
	if got := f.projected(month); fmt.Sprint(got) != fmt.Sprint([]string{key}) {
		t.Fatalf("day 7: %v, want %s", got, key)
	}
	ns, _ := f.svc.Cluster.ForUser(ctx, f.user)
	list, err := ns.Notifications(ctx, storeFilter(f.user))
	if err != nil || len(list) == 0 || list[0].Kind != centavo.NotifyBudgetProjected || list[0].Threshold != ProjectPercent {
		t.Fatalf("notifications %+v, %v", list, err)
	}
	if msg := list[0].Message; !containsAll(msg, centavo.FormatMoney(want, "USD"), centavo.DayOf(month.Start()).Time().AddDate(0, 0, 9).Format("January 2")) {
		t.Errorf("message %q lacks the projected amount or the crossing date", msg)
	}
	at(8)
	f.spend(month, centavo.CatFood, 10_00)
	if got := f.projected(month); len(got) != 0 {
		t.Fatalf("day 8: %v, want nothing: once per month", got)
	}
}

func storeFilter(userID int64) store.NotificationFilter {
	return store.NotificationFilter{UserID: userID, Limit: 100}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// TestProjectionNotAfterExceeded: a category that went over its budget
// this month is not projected over it, even after a refund; and a budget
// change that makes the projection due settles it silently.
func TestProjectionNotAfterExceeded(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	month := centavo.MonthOf(*f.now)
	*f.now = time.Date(month.Year, month.Month, 10, 12, 0, 0, 0, time.UTC)
	if err := f.svc.SetOverride(ctx, f.user, centavo.CatShopping, 100_00); err != nil {
		t.Fatal(err)
	}
	f.spend(month, centavo.CatShopping, 100_00)
	f.expect(month, fmt.Sprintf("budget:%s:shopping:100:r0", month))
	f.spend(month, centavo.CatShopping, -40_00) // a refund: 60 spent, heading to 186
	if got := f.projected(month); len(got) != 0 {
		t.Fatalf("after budget_exceeded: %v, want nothing", got)
	}

	// Travel: $10 spent by the 10th, $100 budget (heading to $31); the
	// budget lowered to $25 settles silently, and later spending does not
	// alert either.
	if err := f.svc.SetOverride(ctx, f.user, centavo.CatTravel, 100_00); err != nil {
		t.Fatal(err)
	}
	f.spend(month, centavo.CatTravel, 10_00)
	if got := f.projected(month); len(got) != 0 {
		t.Fatalf("on pace: %v, want nothing", got)
	}
	if err := f.svc.SetOverride(ctx, f.user, centavo.CatTravel, 25_00); err != nil {
		t.Fatal(err)
	}
	f.settle(month)
	f.spend(month, centavo.CatTravel, 1_00)
	if got := f.projected(month); len(got) != 0 {
		t.Fatalf("after a settled budget change: %v, want nothing", got)
	}
}
