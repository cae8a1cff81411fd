package httpapi_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/pgtest"
)

type goalOut struct {
	ID                 int64
	Name               string
	TargetCents        int64  `json:"target_cents"`
	TargetDate         string `json:"target_date"`
	AccountID          *int64 `json:"account_id"`
	Currency, Source   string
	SavedCents         int64 `json:"saved_cents"`
	BalanceKnown       bool  `json:"balance_known"`
	ProgressPercent    int   `json:"progress_percent"`
	Reached            bool
	MonthsLeft         int   `json:"months_left"`
	MonthlyNeededCents int64 `json:"monthly_needed_cents"`
	PastDue            bool  `json:"past_due"`
	OnTrack            bool  `json:"on_track"`
}

// TestGoals: goals following an account's balance or contributions, through
// the API on SQLite; TestGoalsPostgres runs the same on PostgreSQL.
func TestGoals(t *testing.T) {
	t.Parallel()
	testGoals(t, setup(t))
}

func TestGoalsPostgres(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t, "--database-url", pgtest.Schema(t))
	f := &fixture{now: a.Now, draining: new(atomic.Bool), app: a}
	f.base = apptest.Serve(t, a, app.HandlerOptions{Draining: f.draining}).URL
	testGoals(t, f)
}

func testGoals(t *testing.T, f *fixture) {
	c := signUp(t, newClient(t, f.base), "goals@example.com")
	today := centavo.DayOf(f.now())
	date := func(days int) string { return (today + centavo.Day(days)).String() }
	var made accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Savings", "kind": "asset", "currency": "EUR", "balance_cents": 250000}, 201, &made)
	savings := made.Accounts[0].ID
	c.Do("POST", "/api/v1/accounts", map[string]any{"connector": "manual", "name": "Car loan", "kind": "liability", "currency": "USD", "balance_cents": 900000}, 201, &made)
	loan := made.Accounts[0].ID

	// Refused: each bad field, a liability, an account that is not hers.
	for _, bad := range []struct {
		body map[string]any
		want int
	}{
		{map[string]any{"name": "", "target_cents": 100, "target_date": date(30)}, 422},
		{map[string]any{"name": "Trip\x00", "target_cents": 100, "target_date": date(30)}, 422}, // PostgreSQL's text holds no NUL
		{map[string]any{"name": "Trip\nto Rome", "target_cents": 100, "target_date": date(30)}, 422},
		{map[string]any{"name": string(make([]byte, 101)), "target_cents": 100, "target_date": date(30)}, 422},
		{map[string]any{"name": "Trip", "target_cents": 0, "target_date": date(30)}, 422},
		{map[string]any{"name": "Trip", "target_cents": 100, "target_date": date(0)}, 422},
		{map[string]any{"name": "Trip", "target_cents": 100, "target_date": "2027-02-30"}, 422},
		{map[string]any{"name": "Trip", "target_cents": 100}, 422},
		{map[string]any{"name": "Trip", "target_cents": "100", "target_date": date(30)}, 400},
		{map[string]any{"name": "Trip", "target_cents": 100, "target_date": date(30), "color": "red"}, 400},
		{map[string]any{"name": "Car", "target_cents": 100, "target_date": date(30), "account_id": loan}, 422},
		{map[string]any{"name": "Trip", "target_cents": 100, "target_date": date(30), "account_id": 999999}, 404},
	} {
		c.Do("POST", "/api/v1/goals", bad.body, bad.want, nil)
	}
	var list struct{ Goals []goalOut }
	c.Do("GET", "/api/v1/goals", nil, 200, &list)
	if len(list.Goals) != 0 {
		t.Fatalf("refused goals were kept: %+v", list.Goals)
	}

	// A goal on the savings account: its balance, in its currency.
	var house goalOut
	c.Do("POST", "/api/v1/goals", map[string]any{"name": " House ", "target_cents": 1000000, "target_date": date(400), "account_id": savings}, 201, &house)
	if house.Name != "House" || house.Source != "account" || house.SavedCents != 250000 || !house.BalanceKnown || house.Currency != "EUR" ||
		house.ProgressPercent != 25 || house.AccountID == nil || *house.AccountID != savings || !house.OnTrack || house.PastDue {
		t.Errorf("house %+v", house)
	}
	if m := int64(house.MonthsLeft); m < 13 || m > 14 || house.MonthlyNeededCents != (750000+m-1)/m {
		t.Errorf("house: %d months left, %d a month", house.MonthsLeft, house.MonthlyNeededCents)
	}
	c.Do("PUT", fmt.Sprintf("/api/v1/accounts/%d/balance", savings), map[string]any{"balance_cents": 1200000}, 200, nil)
	c.Do("GET", fmt.Sprintf("/api/v1/goals/%d", house.ID), nil, 200, &house)
	if !house.Reached || house.ProgressPercent != 100 || house.MonthlyNeededCents != 0 || !house.OnTrack {
		t.Errorf("house after the balance grew: %+v", house)
	}

	// A goal on contributions, in the home currency.
	var trip goalOut
	c.Do("POST", "/api/v1/goals", map[string]any{"name": "Trip", "target_cents": 300000, "target_date": date(90)}, 201, &trip)
	if trip.Source != "contributions" || trip.AccountID != nil || trip.SavedCents != 0 || trip.Currency != "USD" {
		t.Errorf("trip %+v", trip)
	}
	path := fmt.Sprintf("/api/v1/goals/%d/contributions", trip.ID)
	var added struct {
		Contribution struct {
			AmountCents int64 `json:"amount_cents"`
			Date        string
		}
		Goal goalOut
	}
	c.Do("POST", path, map[string]any{"amount_cents": 100000, "date": date(-3)}, 201, &added)
	c.Do("POST", path, map[string]any{"amount_cents": -20000}, 201, &added)
	if added.Contribution.Date != date(0) || added.Goal.SavedCents != 80000 || added.Goal.ProgressPercent != 26 {
		t.Errorf("after two contributions: %+v", added)
	}
	c.Do("POST", path, map[string]any{"amount_cents": -80001}, 422, nil)
	c.Do("POST", path, map[string]any{"amount_cents": 0}, 422, nil)
	c.Do("POST", path, map[string]any{"amount_cents": 5, "date": date(1)}, 422, nil)
	c.Do("POST", path, map[string]any{"date": date(0)}, 422, nil)
	c.Do("POST", fmt.Sprintf("/api/v1/goals/%d/contributions", house.ID), map[string]any{"amount_cents": 5}, 422, nil)
	var contribs struct {
		Contributions []struct {
			AmountCents int64 `json:"amount_cents"`
		}
	}
	c.Do("GET", path, nil, 200, &contribs)
	if len(contribs.Contributions) != 2 || contribs.Contributions[0].AmountCents != 100000 {
		t.Errorf("contributions %+v", contribs)
	}
	// The export holds them.
	res, body := c.RawResponse("GET", "/api/v1/me/export", nil, "")
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if res.StatusCode != 200 || err != nil {
		t.Fatalf("export: %d, %v", res.StatusCode, err)
	}
	var exported struct {
		Goals []struct {
			GoalID        int64 `json:"goal_id"`
			Contributions []struct {
				AmountCents int64 `json:"amount_cents"`
			}
		}
	}
	for _, zf := range zr.File {
		if zf.Name == "goal-contributions.json" {
			rc, _ := zf.Open()
			err = json.NewDecoder(rc).Decode(&exported)
			rc.Close()
		}
	}
	if err != nil || len(exported.Goals) != 2 || exported.Goals[1].GoalID != trip.ID || len(exported.Goals[1].Contributions) != 2 {
		t.Errorf("goal-contributions.json: %+v, %v", exported, err)
	}

	// PATCH: rename, move the date, tie to the account, then untie.
	var patched goalOut
	c.Do("PATCH", fmt.Sprintf("/api/v1/goals/%d", trip.ID), map[string]any{"name": "Lisbon", "target_date": date(200)}, 200, &patched)
	if patched.Name != "Lisbon" || patched.TargetDate != date(200) || patched.TargetCents != 300000 || patched.SavedCents != 80000 {
		t.Errorf("patched %+v", patched)
	}
	c.Do("PATCH", fmt.Sprintf("/api/v1/goals/%d", trip.ID), map[string]any{"target_cents": -1}, 422, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/goals/%d", trip.ID), map[string]any{"account_id": loan}, 422, nil)
	c.Do("PATCH", fmt.Sprintf("/api/v1/goals/%d", trip.ID), map[string]any{"account_id": savings}, 200, &patched)
	if patched.Source != "account" || patched.SavedCents != 1200000 || patched.Currency != "EUR" {
		t.Errorf("tied to the account: %+v", patched)
	}
	c.Do("PATCH", fmt.Sprintf("/api/v1/goals/%d", trip.ID), map[string]any{"account_id": nil}, 200, &patched)
	if patched.Source != "contributions" || patched.SavedCents != 80000 || patched.Currency != "USD" || patched.Name != "Lisbon" {
		t.Errorf("untied: %+v", patched)
	}

	// Removing the account leaves its goal to its contributions.
	c.Do("DELETE", fmt.Sprintf("/api/v1/accounts/%d", savings), nil, 204, nil)
	c.Do("GET", fmt.Sprintf("/api/v1/goals/%d", house.ID), nil, 200, &house)
	if house.Source != "contributions" || house.AccountID != nil || house.SavedCents != 0 {
		t.Errorf("house after its account went: %+v", house)
	}
	c.Do("DELETE", fmt.Sprintf("/api/v1/goals/%d", house.ID), nil, 204, nil)
	c.Do("DELETE", fmt.Sprintf("/api/v1/goals/%d", house.ID), nil, 404, nil)
	c.Do("GET", "/api/v1/goals", nil, 200, &list)
	if len(list.Goals) != 1 || list.Goals[0].ID != trip.ID {
		t.Errorf("goals at the end: %+v", list.Goals)
	}
	for _, st := range f.app.Shards {
		if r, err := st.Verify(context.Background()); err != nil || !r.OK() {
			t.Errorf("verify: %+v, %v", r, err)
		}
	}
	// Erasing the user takes the goals.
	var me struct{ ID int64 }
	c.Do("GET", "/api/v1/me", nil, 200, &me)
	c.Do("DELETE", "/api/v1/me", map[string]any{"password": "correct horse battery"}, 204, nil)
	if got, err := f.app.Shards[0].Goals(context.Background(), me.ID); err != nil || len(got) != 0 {
		t.Errorf("goals after the user's erasure: %+v, %v", got, err)
	}
}
