package goal

import (
	"testing"
	"time"

	"github.com/centavo/centavo"
)

func day(t *testing.T, s string) centavo.Day {
	t.Helper()
	d, err := centavo.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMeasure(t *testing.T) {
	made, _ := time.Parse(time.DateOnly, "2026-12-07")
	g := centavo.Goal{TargetCents: 120000, TargetDate: day(t, "2027-12-07"), CreatedAt: made}
	for _, c := range []struct {
		name  string
		saved int64
		today string
		want  Progress
	}{
		{"the first day", 0, "2026-12-07", Progress{MonthsLeft: 12, MonthlyNeededCents: 10000, OnTrack: true}},
		{"half way, a quarter saved", 30000, "2027-06-08", Progress{Percent: 25, MonthsLeft: 6, MonthlyNeededCents: 15000}},
		{"half way, half saved", 60200, "2027-06-08", Progress{Percent: 50, MonthsLeft: 6, MonthlyNeededCents: 9967, OnTrack: true}},
		{"a part month counts as one", 0, "2027-11-20", Progress{MonthsLeft: 1, MonthlyNeededCents: 120000}},
		{"rounding up", 1, "2027-05-07", Progress{MonthsLeft: 7, MonthlyNeededCents: 17143}},
		{"reached", 130000, "2027-01-01", Progress{Percent: 100, Reached: true, MonthsLeft: 12, OnTrack: true}},
		{"past due", 100000, "2027-12-08", Progress{Percent: 83, MonthlyNeededCents: 20000, PastDue: true}},
		{"the target day", 100000, "2027-12-07", Progress{Percent: 83, MonthsLeft: 1, MonthlyNeededCents: 20000}},
		{"overdrawn", -500, "2027-01-07", Progress{MonthsLeft: 11, MonthlyNeededCents: 10955}},
	} {
		if got := Measure(g, c.saved, day(t, c.today)); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	big := centavo.Goal{TargetCents: MaxCents, TargetDate: day(t, "2126-12-01"), CreatedAt: made}
	if p := Measure(big, MaxCents/2, day(t, "2076-12-01")); !p.OnTrack || p.Percent != 50 {
		t.Errorf("a large goal half way: %+v", p)
	}
}
