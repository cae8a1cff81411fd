package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/centavo/centavo"
)

// recurringCSV is a statement as of today: a year of a monthly streaming
// service whose latest charge rose from $9.99 to $12.99, ten weeks of a
// $25 weekly vegetable box, six months of $2.99 cloud storage and a gym
// cancelled five months ago.
func recurringCSV(today time.Time) string {
	var b strings.Builder
	b.WriteString("Date,Description,Amount\n")
	last := today.AddDate(0, 0, -10)
	for k := 11; k >= 0; k-- {
		amount := "-9.99"
		if k == 0 {
			amount = "-12.99"
		}
		fmt.Fprintf(&b, "%s,STREAMFLIX.COM,%s\n", last.AddDate(0, -k, 0).Format(time.DateOnly), amount)
	}
	for k := 9; k >= 0; k-- {
		fmt.Fprintf(&b, "%s,VEGGIE BOX WEEKLY,-25.00\n", today.AddDate(0, 0, -2-7*k).Format(time.DateOnly))
	}
	for k := 5; k >= 0; k-- {
		fmt.Fprintf(&b, "%s,CLOUDDRIVE STORAGE,-2.99\n", today.AddDate(0, -k, -4).Format(time.DateOnly))
	}
	for k := 7; k >= 0; k-- {
		fmt.Fprintf(&b, "%s,IRONWORKS GYM,-45.00\n", today.AddDate(0, -5-k, 0).Format(time.DateOnly))
	}
	return b.String()
}

type recurringSeriesOut struct {
	ID              int64  `json:"id"`
	Merchant        string `json:"merchant"`
	Name            string `json:"name"`
	Cadence         string `json:"cadence"`
	Status          string `json:"status"`
	State           string `json:"state"`
	NextDate        string `json:"next_date"`
	NextAmountCents int64  `json:"next_amount_cents"`
	Occurrences     []struct {
		AmountCents int64 `json:"amount_cents"`
	} `json:"occurrences"`
}

// TestWebRecurring (issue 16, item 5's acceptance point) drives the
// recurring page in headless Chromium on a statement imported through the
// API, whose detection job finds four series: the list by next date, the
// monthly total, the history chart with its price rise, confirm, ignore and
// rename with the page's forms (the API agrees), the month calendar and
// the dashboard's upcoming bills. Screenshots at desktop and phone width.
func TestWebRecurring(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, 3*time.Minute)
	a := startServe(t)
	const email, password = "bills@example.com", "correct horse battery"
	b.signUp(a.base, email, password)
	c := newClient(t, a.base)
	var tok struct{ Token string }
	c.Do("POST", "/api/v1/sessions", map[string]string{"email": email, "password": password}, 201, &tok)
	c = c.With(tok.Token)
	dir := screenshotDir(t)
	b.screenshots(dir, 390, 844, map[string]string{"recurring-empty": a.base + "/recurring"})
	b.do(chromedp.EmulateViewport(1280, 800))
	b.open(a.base + "/recurring")
	if !strings.Contains(b.text("#recurring-empty"), "about three times") {
		t.Errorf("the empty page: %q", b.text("main"))
	}

	acct := fileAccount(c, "Card", "USD")
	mustImport(c, acct, "history.csv", recurringCSV(testNow(t)().UTC()), nil)
	list := func() map[string]recurringSeriesOut {
		var out struct{ Recurring []recurringSeriesOut }
		c.Do("GET", "/api/v1/recurring", nil, 200, &out)
		m := map[string]recurringSeriesOut{}
		for _, s := range out.Recurring {
			m[strings.Fields(strings.ToLower(s.Merchant))[0]] = s
		}
		return m
	}
	// The import's detection job runs in the background.
	series := list()
	for deadline := time.Now().Add(time.Minute); len(series) < 4; series = list() {
		if time.Now().After(deadline) {
			t.Fatalf("waited for 4 recurring series, have %+v", series)
		}
		time.Sleep(100 * time.Millisecond)
	}
	stream, box, cloud, gym := series["streamflix"], series["veggie"], series["clouddrive"], series["ironworks"]
	if stream.ID == 0 || box.ID == 0 || cloud.ID == 0 || gym.Status != "ended" {
		t.Fatalf("series: %+v", series)
	}
	id := func(s recurringSeriesOut) string { return strconv.FormatInt(s.ID, 10) }

	b.open(a.base + "/recurring")
	order := eval[[]string](b, `[...document.querySelectorAll('#active li.srow')].map(li => li.dataset.id)`)
	byNext := []recurringSeriesOut{box, cloud, stream}
	sort.SliceStable(byNext, func(i, j int) bool { return byNext[i].NextDate < byNext[j].NextDate })
	if len(order) != 3 || order[0] != id(byNext[0]) || order[1] != id(byNext[1]) || order[2] != id(byNext[2]) {
		t.Errorf("active series in the page's order %v; by the API's next dates %+v", order, byNext)
	}
	monthly := func(cents ...int64) string {
		var year int64
		for i := 0; i < len(cents); i += 2 {
			year += cents[i] * cents[i+1]
		}
		return centavo.FormatMoney((year+6)/12, "USD")
	}
	if got, want := b.text("#rec-monthly"), monthly(1299, 12, 2500, 52, 299, 12); got != want {
		t.Errorf("monthly total %q, want %q", got, want)
	}
	bars := eval[[]float64](b, `[...document.querySelectorAll('#series-`+id(stream)+` svg.hist rect')].map(r => r.getBBox().height)`)
	rises := eval[int](b, `document.querySelectorAll('#series-`+id(stream)+` svg.hist rect.hist-rise').length`)
	if len(bars) != 12 || rises != 1 || bars[11] <= bars[10] {
		t.Errorf("the streaming service's chart: %v bar heights, %d rises", bars, rises)
	}
	if s := b.text("#series-" + id(stream) + " .srow-rise"); !strings.Contains(s, "$9.99 to $12.99") {
		t.Errorf("the price note: %q", s)
	}
	if n := eval[int](b, `document.querySelectorAll('#ended li.srow').length`); n != 1 {
		t.Errorf("%d ended series shown", n)
	}

	// Confirm the streaming service, rename it, ignore the cloud storage.
	b.submit("#series-" + id(stream) + ` button[data-action="confirm"]`)
	if f := b.text(".flash"); !strings.HasPrefix(f, "Confirmed") {
		t.Errorf("flash after confirming: %q", f)
	}
	b.do(chromedp.Click(chromedp.CSS("#series-" + id(stream) + " .srow-rename summary")))
	b.fill("#name-"+id(stream), "Movies")
	b.submit("#series-" + id(stream) + ` .srow-rename button[type=submit]`)
	b.submit("#series-" + id(cloud) + ` button[data-action="ignore"]`)
	series = list()
	if s := series["streamflix"]; s.State != "confirmed" || s.Name != "Movies" {
		t.Errorf("the API after confirming and renaming: %+v", s)
	}
	if s := series["clouddrive"]; s.State != "ignored" {
		t.Errorf("the API after ignoring: %+v", s)
	}
	if got, want := b.text("#rec-monthly"), monthly(1299, 12, 2500, 52); got != want {
		t.Errorf("monthly total without the ignored one %q, want %q", got, want)
	}
	// Back from the form the page opens the section at the row (the
	// address's #series-…); a fresh visit has it collapsed.
	b.open(a.base + "/recurring")
	if eval[bool](b, `document.querySelector('#ignored details').open`) || !eval[bool](b, `!!document.querySelector('#ignored details #series-`+id(cloud)+`')`) {
		t.Error("the ignored series is not in the collapsed section")
	}
	if s := b.text("#series-" + id(stream) + " .srow-name"); !strings.Contains(s, "Movies") || !strings.Contains(strings.ToLower(s), "confirmed") {
		t.Errorf("the confirmed row: %q", s)
	}

	// The calendar of the streaming service's next charge.
	next, err := centavo.ParseDay(stream.NextDate)
	if err != nil {
		t.Fatal(err)
	}
	calendar := a.base + "/recurring?month=" + centavo.MonthOf(next.Time()).String()
	b.open(calendar)
	if !eval[bool](b, `!!document.querySelector('.cal td[data-date="`+stream.NextDate+`"] .cal-item[data-id="`+id(stream)+`"]')`) {
		t.Errorf("the calendar lacks the charge of %s", stream.NextDate)
	}
	if eval[bool](b, `!!document.querySelector('.cal .cal-item[data-id="`+id(cloud)+`"]:not(.cal-posted)')`) {
		t.Error("the ignored series is expected in the calendar")
	}

	// The dashboard: the weekly box is due within 14 days.
	b.open(a.base + "/")
	if s := b.text("#upcoming"); !strings.Contains(s, box.Merchant) || !strings.Contains(s, "$25.00") {
		t.Errorf("the upcoming bills card: %q", s)
	}

	pages := map[string]string{"recurring": a.base + "/recurring", "recurring-calendar": calendar, "dashboard-upcoming": a.base + "/",
		"alerts-recurring": a.base + "/alerts"}
	b.screenshots(dir, 1280, 800, pages)
	b.screenshots(dir, 390, 844, pages)
}
