package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

func TestPeriodOf(t *testing.T) {
	monday := time.Date(2026, 12, 7, 0, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		setting string
		day     time.Time
		want    string
	}{
		{centavo.DigestDaily, monday, "daily:2026-12-07"},
		{centavo.DigestWeekly, monday, "weekly:2026-12-07"},
		{centavo.DigestWeekly, monday.AddDate(0, 0, 1), ""},
		{centavo.DigestWeekly, monday.Add(-time.Hour), ""}, // Sunday, UTC
		{centavo.DigestOff, monday, ""},
	} {
		if got := PeriodOf(c.setting, c.day); got != c.want {
			t.Errorf("PeriodOf(%q, %s) = %q, want %q", c.setting, c.day, got, c.want)
		}
		if c.want == "" {
			continue
		}
		kind, start, span, err := periodSpan(c.want)
		if err != nil || kind != c.setting || !start.Equal(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)) || (span == 24*time.Hour) != (kind == centavo.DigestDaily) {
			t.Errorf("periodSpan(%q) = %q, %s, %s, %v", c.want, kind, start, span, err)
		}
	}
	if _, _, _, err := periodSpan("hourly:2026-12-07"); err == nil {
		t.Error("a bad period was read")
	}
}

func TestDigestRender(t *testing.T) {
	at := time.Date(2026, 12, 6, 14, 5, 0, 0, time.UTC)
	c := digestContent{
		notes: []centavo.Notification{{Message: "Over budget: <food>", CreatedAt: at}},
		more:  3, month: centavo.MonthOf(at), spent: 123456, home: "USD",
		bills: []Bill{{RecurringID: 4, Merchant: "Netflix", Date: centavo.DayOf(at) + 2, AmountCents: 1599, Currency: "USD"}},
	}
	subject, text, html := c.render(centavo.DigestWeekly, "https://centavo.example")
	if subject != "Centavo: your weekly digest" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"Dec 6 14:05 — Over budget: <food>", "and 3 more", "2026-12-08: Netflix", "Spent in 2026-12 so far:", "https://centavo.example/settings"} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(html, "<food>") || !strings.Contains(html, "&lt;food&gt;") || !strings.Contains(html, "Netflix") {
		t.Errorf("the HTML part:\n%s", html)
	}
	if (digestContent{spent: 5}).empty() != true || c.empty() {
		t.Error("empty: only notifications and bills are news")
	}
}
