package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/recurring"
)

// subscriptionCSV is a statement as of today: a year of a monthly
// streaming service whose latest charge rose from $9.99 to $12.99, ten
// weeks of a $25 weekly box, and a gym cancelled five months ago.
func subscriptionCSV(today time.Time) string {
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
	gymLast := today.AddDate(0, -5, 0)
	for k := 7; k >= 0; k-- {
		fmt.Fprintf(&b, "%s,IRONWORKS GYM,-45.00\n", gymLast.AddDate(0, -k, 0).Format(time.DateOnly))
	}
	return b.String()
}

// withSeries gives u a file account with subscriptionCSV imported through
// the ingest service and the recurring series detected, and returns them
// by merchant.
func (f *fixture) withSeries(u *user) map[string]recurring.Stored {
	f.t.Helper()
	ctx := context.Background()
	a, err := f.app.Accounts.CreateFile(ctx, u.id, "Card", "USD")
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.app.Ingest.Import(ctx, u.id, a.ID, []byte(subscriptionCSV(testNow)), ingest.ImportOptions{}); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.app.Recurring.Refresh(ctx, u.id); err != nil {
		f.t.Fatal(err)
	}
	list, err := f.app.Recurring.List(ctx, u.id)
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]recurring.Stored{}
	for _, s := range list {
		for _, m := range []string{"streamflix", "veggie", "ironworks"} {
			if strings.Contains(strings.ToLower(s.Merchant), m) {
				out[m] = s
			}
		}
	}
	if len(out) != 3 {
		f.t.Fatalf("series found: %+v", list)
	}
	return out
}

func TestRecurringPage(t *testing.T) {
	f := setup(t)
	empty := f.newUser("none@example.com")
	if res := f.get(empty, "/recurring"); res.Code != 200 || !strings.Contains(res.body, `id="recurring-empty"`) || !strings.Contains(res.body, "about three times") {
		t.Fatalf("the empty page: %d\n%s", res.Code, res.body)
	}
	if res := f.get(empty, "/"); res.Code != 200 || !strings.Contains(res.body, "No bills expected in the next 14 days") {
		t.Fatalf("the dashboard's empty upcoming card: %d", res.Code)
	}

	u := f.newUser("bills@example.com")
	series := f.withSeries(u)
	stream, box, gym := series["streamflix"], series["veggie"], series["ironworks"]
	res := f.get(u, "/recurring")
	if res.Code != 200 {
		t.Fatalf("GET /recurring: %d\n%s", res.Code, res.body)
	}
	// Listed by next date: the weekly box (due within the week) before the streaming service.
	iBox, iStream := strings.Index(res.body, `id="series-`+strconv.FormatInt(box.ID, 10)+`"`), strings.Index(res.body, `id="series-`+strconv.FormatInt(stream.ID, 10)+`"`)
	if iBox < 0 || iStream < 0 || iBox > iStream {
		t.Fatalf("active series order: box at %d, streaming at %d", iBox, iStream)
	}
	// The monthly total: $12.99 + $25 × 52 / 12 = $12.99 + $108.33 = $121.32.
	want := (1299*12 + 2500*52 + 6) / 12
	if !regexp.MustCompile(`id="rec-monthly">\$` + regexp.QuoteMeta(centavo.FormatMoney(int64(want), "USD")[1:]) + `<`).MatchString(res.body) {
		t.Errorf("monthly total %s not on the page", centavo.FormatMoney(int64(want), "USD"))
	}
	// The history chart: 12 bars, the rise marked, the figures in text.
	if n := strings.Count(res.body, `class="hist-bar hist-rise"`); n != 1 {
		t.Errorf("%d bars mark a rise, want 1", n)
	}
	for _, s := range []string{"Price rose from $9.99 to $12.99", `<title id="hist-` + strconv.FormatInt(stream.ID, 10) + `-title">History of`, "<td>-$12.99</td>", "Weekly", "Monthly", `id="ended"`} {
		if !strings.Contains(res.body, s) {
			t.Errorf("the page lacks %q", s)
		}
	}
	// An ended row's <time> holds the day of its last charge.
	if want := `Last charged <time datetime="` + gym.LastDate.String() + `">`; !strings.Contains(res.body, want) {
		t.Errorf("the ended gym's row lacks %q", want)
	}
	// The calendar: the streaming service's next charge on its day.
	next := stream.NextDate
	cal := f.get(u, "/recurring?month="+centavo.MonthOf(next.Time()).String())
	if !regexp.MustCompile(`data-date="` + next.String() + `">\s*<span class="cal-day">\d+</span>\s*(<span class="cal-item[^"]*" data-id="\d+">.*\s*)*<span class="cal-item" data-id="` + strconv.FormatInt(stream.ID, 10) + `">`).MatchString(cal.body) {
		t.Errorf("the calendar lacks the charge of %s", next)
	}

	// The calendar goes 12 months ahead, no further: a later month (its
	// Next link is not offered) sends to the last one.
	last := centavo.MonthOf(testNow).Add(12)
	if r := f.get(u, "/recurring?month="+last.String()); r.Code != 200 || strings.Contains(r.body, `rel="next"`) {
		t.Errorf("GET /recurring?month=%s: %d (or a Next link)", last, r.Code)
	}
	for _, m := range []string{last.Add(1).String(), "9999-12"} {
		if r := f.get(u, "/recurring?month="+m); r.Code != http.StatusSeeOther || r.Header().Get("Location") != "/recurring?month="+last.String()+"#calendar" {
			t.Errorf("GET /recurring?month=%s: %d to %q", m, r.Code, r.Header().Get("Location"))
		}
	}

	// Confirm, ignore, rename; a bad state changes nothing.
	post := func(path string, form url.Values, wantCode int) response {
		t.Helper()
		r := f.post(u, path, withCSRF(u, form))
		if r.Code != wantCode {
			t.Fatalf("POST %s: %d, want %d\n%s", path, r.Code, wantCode, r.body)
		}
		return r
	}
	id := func(s recurring.Stored) string { return strconv.FormatInt(s.ID, 10) }
	r := post("/recurring/"+id(stream)+"/state", url.Values{"state": {"confirmed"}}, 303)
	if loc := r.Header().Get("Location"); loc != "/recurring?msg=recurring-confirmed#series-"+id(stream) {
		t.Errorf("after confirming: %s", loc)
	}
	post("/recurring/"+id(box)+"/state", url.Values{"state": {"ignored"}}, 303)
	post("/recurring/"+id(stream)+"/name", url.Values{"name": {" Movies "}}, 303)
	post("/recurring/"+id(gym)+"/state", url.Values{"state": {"paused"}}, 422)
	post("/recurring/999999/state", url.Values{"state": {"ignored"}}, 404)
	if r := f.post(u, "/recurring/"+id(gym)+"/state", url.Values{"state": {"ignored"}}); r.Code != 403 {
		t.Errorf("without CSRF: %d", r.Code)
	}
	got, err := f.app.Recurring.Get(context.Background(), u.id, stream.ID)
	if err != nil || got.State != recurring.Confirmed || got.Name != "Movies" {
		t.Fatalf("the streaming series after the forms: %+v, %v", got, err)
	}
	if g, _ := f.app.Recurring.Get(context.Background(), u.id, gym.ID); g.State != recurring.Suggested {
		t.Errorf("the gym after a bad state: %s", g.State)
	}
	// A hostile name is text everywhere: the list, the rename field, the
	// history chart's SVG title, the calendar.
	evil := `<script>x</script>"><svg onload=alert(1)>`
	post("/recurring/"+id(gym)+"/name", url.Values{"name": {evil}}, 303)
	if body := f.get(u, "/recurring").body; strings.Contains(body, "<script>x") || strings.Contains(body, "<svg onload") ||
		!strings.Contains(body, `<title id="hist-`+id(gym)+`-title">History of &lt;script&gt;x&lt;/script&gt;&#34;&gt;&lt;svg onload=alert(1)&gt;</title>`) {
		t.Errorf("the hostile name is not escaped on the page")
	}
	post("/recurring/"+id(gym)+"/name", url.Values{"name": {""}}, 303)
	// Another user cannot touch it.
	other := f.newUser("other@example.com")
	if r := f.post(other, "/recurring/"+id(stream)+"/state", withCSRF(other, url.Values{"state": {"ignored"}})); r.Code != 404 {
		t.Errorf("another user's series: %d", r.Code)
	}
	res = f.get(u, "/recurring?msg=recurring-ignored")
	for _, s := range []string{"Ignored: it is left out", `<summary><h2 id="rec-ignored-h">Ignored (1)</h2></summary>`, "<strong>Movies</strong>", `sbadge-confirmed`} {
		if !strings.Contains(res.body, s) {
			t.Errorf("after the changes the page lacks %q", s)
		}
	}
	if want := centavo.FormatMoney(1299, "USD"); !strings.Contains(res.body, `id="rec-monthly">`+want+`<`) {
		t.Errorf("the monthly total without the ignored box is not %s", want)
	}

	// The dashboard's card: the confirmed series if due within 14 days.
	dash := f.get(u, "/")
	due := int(next-centavo.DayOf(testNow)) <= 14
	if strings.Contains(dash.body, `<span class="merchant">Movies</span>`) != due || !strings.Contains(dash.body, `id="upcoming-h"`) {
		t.Errorf("the dashboard's upcoming card (next charge %s, due within 14 days: %v)", next, due)
	}
}

func TestRecurringAlertsAndSettings(t *testing.T) {
	f := setup(t)
	u := f.newUser("alerts@example.com")
	f.withSeries(u)
	res := f.get(u, "/alerts")
	for _, s := range []string{"Price increase", "Recurring charge found", `<span class="alert-icon" aria-hidden="true">▲</span>`, `<a href="/recurring">Recurring</a>`} {
		if !strings.Contains(res.body, s) {
			t.Errorf("the alerts page lacks %q", s)
		}
	}
	if strings.Contains(res.body, ">Notice<") || strings.Contains(res.body, "#budget-") {
		t.Error("a recurring alert is still a generic Notice, or links to a budget")
	}

	ctx := context.Background()
	days := func() int {
		t.Helper()
		set, err := f.app.Notify.Settings(ctx, u.id)
		if err != nil || set.BillReminderDays == nil {
			t.Fatalf("settings: %+v, %v", set, err)
		}
		return *set.BillReminderDays
	}
	page := f.get(u, "/settings")
	if !strings.Contains(page.body, `name="bill_reminder_days" type="number" min="0" max="30" step="1" value="3"`) {
		t.Fatalf("the settings page's reminder field")
	}
	form := url.Values{"thresholds": {"80, 100"}, "bill_reminder_days": {"7"}}
	if r := f.post(u, "/settings/notifications", withCSRF(u, form)); r.Code != 303 || days() != 7 {
		t.Fatalf("saving 7 days: %d, %d", r.Code, days())
	}
	for _, bad := range []string{"31", "-1", "x"} {
		form.Set("bill_reminder_days", bad)
		if r := f.post(u, "/settings/notifications", withCSRF(u, form)); r.Code != 422 || days() != 7 || !strings.Contains(r.body, "Bill reminders") {
			t.Errorf("bill_reminder_days %q: %d, days %d", bad, r.Code, days())
		}
	}
	form.Del("bill_reminder_days") // a page that does not know the field
	if r := f.post(u, "/settings/notifications", withCSRF(u, form)); r.Code != 303 || days() != 7 {
		t.Errorf("a form without the field: %d, days %d", r.Code, days())
	}
	form.Set("bill_reminder_days", "0")
	if r := f.post(u, "/settings/notifications", withCSRF(u, form)); r.Code != 303 || days() != 0 {
		t.Errorf("turning reminders off: %d, days %d", r.Code, days())
	}
	if !strings.Contains(f.get(u, "/settings").body, `name="bill_reminder_days" type="number" min="0" max="30" step="1" value="0"`) {
		t.Error("the settings page does not show 0")
	}
}
