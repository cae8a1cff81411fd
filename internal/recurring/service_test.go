package recurring

import (
	"strings"
	"testing"
	"time"

	centavo "github.com/centavo/centavo"
)

func mustDay(t *testing.T, s string) centavo.Day {
	t.Helper()
	d, err := centavo.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestStoredExpected: a stored series gives the detector's expected
// dates (its due day kept through the stored history).
func TestStoredExpected(t *testing.T) {
	s := Series{Key: "k", Cadence: Monthly, Status: Active, NextDate: mustDay(t, "2027-01-31"), DueDay: 31, Occurrences: []Occurrence{{TxnID: 1}}}
	row := toRow(1, s, time.Time{})
	back, err := fromRow(row)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range back.Expected(mustDay(t, "2027-01-01"), mustDay(t, "2027-05-01")) {
		got = append(got, d.String())
	}
	if want := "2027-01-31 2027-02-28 2027-03-31 2027-04-30"; strings.Join(got, " ") != want || back.DueDay != 31 {
		t.Errorf("expected %v (due day %d), want %s", got, back.DueDay, want)
	}
}

// kinds lists the notifications' kind:key.
func kinds(ns []centavo.Notification) string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind+"="+n.Key)
	}
	return strings.Join(out, " ")
}

func TestAlerts(t *testing.T) {
	today := mustDay(t, "2027-03-10")
	base := Stored{ID: 7, State: Suggested, Series: Series{
		Merchant: "Streamflix", Cadence: Monthly, AmountCents: -1299, NextAmountCents: -1299, Status: Active,
		LastDate: today - 5, NextDate: mustDay(t, "2027-04-05"), Currency: "USD",
		PriceChanges: []PriceChange{
			{TxnID: 1, Date: today - 200, FromCents: 799, ToCents: 999}, // old news
			{TxnID: 2, Date: today - 5, FromCents: 999, ToCents: 1299},
		},
	}}
	if got := kinds(alerts(base, today, 3, "USD")); got != "recurring_detected=recurring:7:detected price_increase=price:7:2" {
		t.Errorf("a new series with a recent rise: %s", got)
	}
	for _, mute := range []func(*Stored){
		func(s *Stored) { s.Tentative = true },
		func(s *Stored) { s.State = Ignored },
	} {
		s := base
		mute(&s)
		if got := alerts(s, today, 3, "USD"); len(got) != 0 {
			t.Errorf("a tentative or ignored series alerts: %s", kinds(got))
		}
	}
	// Confirmed, three days before its next charge: bill_upcoming; not
	// with the reminders off, nor for an income.
	due := base
	due.State, due.PriceChanges, due.NextDate = Confirmed, nil, today+3
	if got := kinds(alerts(due, today, 3, "USD")); got != "recurring_detected=recurring:7:detected bill_upcoming=upcoming:7:2027-03-13" {
		t.Errorf("a confirmed bill due in 3 days: %s", got)
	}
	if got := kinds(alerts(due, today, 2, "USD")); strings.Contains(got, "bill_upcoming") {
		t.Errorf("bill_upcoming 3 days ahead with a lead of 2: %s", got)
	}
	if got := kinds(alerts(due, today, 0, "USD")); strings.Contains(got, "bill_upcoming") {
		t.Errorf("bill_upcoming with the reminders off: %s", got)
	}
	salary := due
	salary.Income, salary.AmountCents = true, 300000
	if got := kinds(alerts(salary, today, 3, "USD")); strings.Contains(got, "bill_upcoming") {
		t.Errorf("bill_upcoming for an income: %s", got)
	}
	// An ended series: no recurring_detected; only its recent first misses.
	ended := base
	ended.Status, ended.PriceChanges = Ended, nil
	ended.Missed = []centavo.Day{today - 40, today - 10, today - 5}
	if got := kinds(alerts(ended, today, 3, "USD")); got != "recurring_missed=missed:7:2027-01-29 recurring_missed=missed:7:2027-02-28" {
		t.Errorf("an ended series: %s", got)
	}
	ended.Missed = []centavo.Day{today - 150, today - 120, today - 90}
	if got := alerts(ended, today, 3, "USD"); len(got) != 0 {
		t.Errorf("a series that ended long ago: %s", kinds(got))
	}
}

func TestUpcomingOrder(t *testing.T) {
	from := mustDay(t, "2027-03-01")
	weekly := Stored{ID: 2, Series: Series{Cadence: Weekly, Status: Active, NextDate: from + 2, NextAmountCents: -500}}
	monthly := Stored{ID: 1, Series: Series{Cadence: Monthly, Status: Active, NextDate: from + 9, NextAmountCents: -2000}}
	ignored := Stored{ID: 3, State: Ignored, Series: Series{Cadence: Weekly, Status: Active, NextDate: from}}
	tentative := Stored{ID: 4, Series: Series{Cadence: Annual, Status: Active, NextDate: from, Tentative: true}}
	ended := Stored{ID: 5, Series: Series{Cadence: Weekly, Status: Ended, NextDate: from}}
	got := upcoming([]Stored{monthly, weekly, ignored, tentative, ended}, from, from+16)
	var s []string
	for _, u := range got {
		s = append(s, u.Date.String()+"#"+string(rune('0'+u.Series.ID)))
	}
	if want := "2027-03-03#2 2027-03-10#1 2027-03-10#2 2027-03-17#2"; strings.Join(s, " ") != want {
		t.Errorf("upcoming %v, want %s", s, want)
	}
}
