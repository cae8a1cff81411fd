package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// TestGoals: the goals page makes, shows, changes and removes goals
// through the goal service; money recorded for a goal moves its progress;
// refused forms say why and change nothing; another user's goals are out
// of reach.
func TestGoals(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Corner Bakery")
	b := f.newUser("b@example.com", "Hardware Store")
	ctx := context.Background()
	today := centavo.DayOf(testNow)
	date := today.Time().AddDate(0, 6, 0).Format("2006-01-02") // 6 months ahead

	body := f.get(a, "/goals").body
	for _, s := range []string{"No goals yet", `href="/goals" aria-current="page"`, `action="/goals"`, "Checking of a@example.com (USD)",
		`min="` + (today + 1).String() + `"`} {
		if !strings.Contains(body, s) {
			t.Errorf("empty goals page: %q missing", s)
		}
	}
	if strings.Contains(body, "Checking of b@example.com") {
		t.Error("another user's account offered")
	}
	goals := func(u *user) []centavo.Goal {
		t.Helper()
		gs, err := f.st.Goals(ctx, u.id)
		if err != nil {
			t.Fatal(err)
		}
		return gs
	}

	// Refused forms: the reason, the input kept, nothing made.
	form := func(name, target, date, account string) url.Values {
		return url.Values{"name": {name}, "target": {target}, "date": {date}, "account": {account}}
	}
	refusals := []struct {
		form url.Values
		want string
	}{
		{form("", "1200", date, ""), "The name must be 1 to 100 characters."},
		{form("Trip", "abc", date, ""), "The target must be an amount above zero"},
		{form("Trip", "0", date, ""), "The target must be an amount above zero"},
		{form("Trip", "1200", "", ""), "Give the goal a target date."},
		{form("Trip", "1200", "next year", ""), "date"},
		{form("Trip", "1200", today.String(), ""), "The target date must be after today"},
		{form("Trip", "1200", date, "x"), "Choose one of your accounts, or none."},
		{form("Trip", "1200", date, strconv.FormatInt(b.account.ID, 10)), "Choose one of your accounts, or none."},
	}
	for _, r := range refusals {
		res := f.post(a, "/goals", withCSRF(a, r.form))
		if res.Code != 422 || !strings.Contains(res.body, r.want) {
			t.Errorf("create %v: %d, want 422 with %q", r.form, res.Code, r.want)
		}
		if name := r.form.Get("name"); name != "" && !strings.Contains(res.body, `value="`+name+`"`) {
			t.Errorf("create %v: the name not kept", r.form)
		}
	}
	if res := f.post(a, "/goals", form("Trip", "1200", date, "")); res.Code != http.StatusForbidden {
		t.Errorf("create without CSRF: %d", res.Code)
	}
	if n := len(goals(a)); n != 0 {
		t.Fatalf("%d goals after refused forms", n)
	}

	// A goal on contributions, and one on the account.
	res := f.post(a, "/goals", withCSRF(a, form("Trip <to Lisbon>", "1,200", date, "")))
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/goals?msg=goal-added" {
		t.Fatalf("create: %d %s %s", res.Code, res.Header().Get("Location"), res.body)
	}
	if res := f.post(a, "/goals", withCSRF(a, form("Rainy day", "500", date, strconv.FormatInt(a.account.ID, 10)))); res.Code != http.StatusSeeOther {
		t.Fatalf("create on an account: %d %s", res.Code, res.body)
	}
	gs := goals(a)
	if len(gs) != 2 {
		t.Fatalf("goals %+v", gs)
	}
	trip, rainy := gs[0], gs[1]
	if trip.Name != "Trip <to Lisbon>" || trip.TargetCents != 120000 || trip.TargetDate.String() != date || trip.AccountID != 0 {
		trip, rainy = rainy, trip
	}
	tripID, rainyID := strconv.FormatInt(trip.ID, 10), strconv.FormatInt(rainy.ID, 10)
	body = f.get(a, "/goals").body
	li := between(body, `id="goal-`+tripID+`"`, "</li>")
	for _, s := range []string{"Trip &lt;to Lisbon&gt;", "$0.00</strong> of $1,200.00", "$200.00 <span class=\"muted\">for 6 months", "On track", // made today
		"what you record here", `action="/goals/` + tripID + `/contributions"`, `action="/goals/` + tripID + `/delete"`} {
		if !strings.Contains(li, s) {
			t.Errorf("trip: %q missing in\n%s", s, li)
		}
	}
	li = between(body, `id="goal-`+rainyID+`"`, "</li>")
	if !strings.Contains(li, "Checking of a@example.com") || strings.Contains(li, "/contributions") {
		t.Errorf("account goal:\n%s", li)
	}

	// Money put aside moves the progress; refused amounts change nothing.
	for _, bad := range []string{"", "abc", "0", "1.234"} {
		if res := f.post(a, "/goals/"+tripID+"/contributions", withCSRF(a, url.Values{"amount": {bad}})); res.Code != 422 || !strings.Contains(res.body, "The amount must be") {
			t.Errorf("contribution %q: %d", bad, res.Code)
		}
	}
	if res := f.post(a, "/goals/"+tripID+"/contributions", withCSRF(a, url.Values{"amount": {"-5"}})); res.Code != 422 || !strings.Contains(res.body, "must keep it between 0") {
		t.Errorf("a withdrawal below zero: %d", res.Code)
	}
	if res := f.post(a, "/goals/"+rainyID+"/contributions", withCSRF(a, url.Values{"amount": {"5"}})); res.Code != 422 || !strings.Contains(res.body, "follows its account") {
		t.Errorf("a contribution to an account goal: %d", res.Code)
	}
	res = f.post(a, "/goals/"+tripID+"/contributions", withCSRF(a, url.Values{"amount": {"300"}, "date": {today.String()}}))
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/goals?msg=contribution#goal-"+tripID {
		t.Fatalf("contribution: %d %s", res.Code, res.Header().Get("Location"))
	}
	li = between(f.get(a, "/goals").body, `id="goal-`+tripID+`"`, "</li>")
	for _, s := range []string{"$300.00</strong> of $1,200.00", `data-percent="25"`, `width="25"`, "$150.00 <span", "On track"} {
		if !strings.Contains(li, s) {
			t.Errorf("after $300: %q missing in\n%s", s, li)
		}
	}

	// Edit: a refusal opens the goal's form with the message; then saved.
	res = f.post(a, "/goals/"+tripID, withCSRF(a, form("Trip", "-3", date, "")))
	if res.Code != 422 || !strings.Contains(between(res.body, `id="goal-`+tripID+`"`, "</li>"), "The target must be") {
		t.Errorf("bad edit: %d", res.Code)
	}
	res = f.post(a, "/goals/"+tripID, withCSRF(a, form("Trip to Lisbon", "1500", date, "")))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.Code, res.body)
	}
	if g, _ := f.app.Goals.Goal(ctx, a.id, trip.ID); g.Name != "Trip to Lisbon" || g.TargetCents != 150000 || g.SavedCents != 30000 {
		t.Errorf("after edit %+v", g)
	}

	// Without the CSRF token, or signed out: refused, unchanged.
	for _, p := range []string{"/goals/" + tripID, "/goals/" + tripID + "/delete", "/goals/" + tripID + "/contributions"} {
		if res := f.post(a, p, url.Values{"name": {"Mine"}, "target": {"1"}, "date": {date}, "amount": {"1"}}); res.Code != http.StatusForbidden {
			t.Errorf("POST %s without CSRF: %d", p, res.Code)
		}
	}
	if res := f.get(nil, "/goals"); res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/signin?next=%2Fgoals" {
		t.Errorf("signed out: %d %s", res.Code, res.Header().Get("Location"))
	}

	// Another user's goals: not found, unchanged.
	for _, p := range []string{"/goals/" + tripID, "/goals/" + tripID + "/delete", "/goals/" + tripID + "/contributions", "/goals/nope/delete"} {
		if res := f.post(b, p, withCSRF(b, url.Values{"name": {"Mine"}, "target": {"1"}, "date": {date}, "amount": {"1"}})); res.Code != 404 {
			t.Errorf("b POST %s: %d", p, res.Code)
		}
	}
	if strings.Contains(f.get(b, "/goals").body, "Lisbon") {
		t.Error("b sees a's goal")
	}

	// Remove.
	if res := f.post(a, "/goals/"+tripID+"/delete", withCSRF(a, nil)); res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/goals?msg=goal-removed" {
		t.Fatalf("delete: %d", res.Code)
	}
	if gs := goals(a); len(gs) != 1 || gs[0].ID != rainy.ID {
		t.Errorf("after delete %+v", gs)
	}
	// Made three months ago with nothing saved: behind, with the mark of
	// where it should be; one whose date passed: past due.
	f.write(func(tx store.Tx) error {
		for _, g := range []centavo.Goal{
			{UserID: a.id, Name: "Car", TargetCents: 60000, TargetDate: today + 90, Currency: "USD", CreatedAt: testNow.AddDate(0, 0, -90)},
			{UserID: a.id, Name: "Sofa", TargetCents: 60000, TargetDate: today - 1, Currency: "USD", CreatedAt: testNow.AddDate(0, 0, -30)},
		} {
			if err := tx.CreateGoal(ctx, &g); err != nil {
				return err
			}
		}
		return nil
	})
	body = f.get(a, "/goals").body
	car, sofa := between(body, "<h3 class=\"goal-name\">Car", "</li>"), between(body, "<h3 class=\"goal-name\">Sofa", "</li>")
	if !strings.Contains(car, "Behind") || !strings.Contains(car, `class="meter-mark" x1="50.0"`) || !strings.Contains(car, "$200.00 <span") {
		t.Errorf("a goal behind:\n%s", car)
	}
	if !strings.Contains(sofa, "Past due") || !strings.Contains(sofa, "$600.00 still to save") || strings.Contains(sofa, "meter-mark") {
		t.Errorf("a goal past due:\n%s", sofa)
	}
	if rep, err := f.st.Verify(ctx); err != nil || !rep.OK() {
		t.Errorf("verify: %v %+v", err, rep)
	}
}
