package ledger

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/store"
)

// TestApplyRule: applying a rule re-files the user's past transactions of
// its merchant, in every month, except those changed by hand and those
// already in its category, moves the aggregates with them and enqueues an
// event per transaction and an evaluation per month; applying it again
// moves nothing. Rules are the user's own: another user can neither apply
// nor delete them, and a deleted rule leaves its transactions filed.
func TestApplyRule(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, true) // cached: applying must invalidate the summaries
	user, acct := f.newUser("rules@example.com", "USD")
	other, _ := f.newUser("other@example.com", "USD")
	txns := f.insert(user,
		txn{acct, f.day(1), -1000, centavo.CatRestaurants, "cafe"},
		txn{acct, f.month.Start(), -2000, centavo.CatRestaurants, "cafe"},
		txn{acct, f.day(2), -500, centavo.CatRestaurants, "cafe"},
		txn{acct, f.day(3), -4000, centavo.CatRestaurants, "diner"},
		txn{acct, f.day(4), -300, centavo.CatFood, "cafe"},
	)
	x, y, byHand, otherMerchant, already := txns[0], txns[1], txns[2], txns[3], txns[4]
	if _, _, err := f.svc.SetCategory(ctx, user, byHand.ID, Change{Category: centavo.CatEntertainment}); err != nil {
		t.Fatal(err)
	}
	rule := centavo.Rule{UserID: user, MerchantKey: "cafe", Merchant: "Cafe", Category: centavo.CatFood, CreatedAt: f.now}
	f.write(func(tx store.Tx) error { return tx.UpsertRule(ctx, &rule) })

	total, lines := f.spent(user, f.prev)
	if want := map[string][2]int64{centavo.CatRestaurants: {5000, 2}, centavo.CatEntertainment: {500, 1}, centavo.CatFood: {300, 1}}; total != 5800 || !reflect.DeepEqual(lines, want) {
		t.Fatalf("last month before the rule: %d %v, want 5800 %v", total, lines, want)
	}
	if total, lines := f.spent(user, f.month); total != 2000 || lines[centavo.CatRestaurants] != [2]int64{2000, 1} {
		t.Fatalf("this month before the rule: %d %v", total, lines)
	}

	r := &ruleScenario{f: f, user: user, x: x, y: y, byHand: byHand, otherMerchant: otherMerchant, already: already}
	got, moved, err := f.svc.ApplyRule(ctx, user, rule.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != rule.ID || got.Category != centavo.CatFood || got.MerchantKey != "cafe" {
		t.Errorf("applied rule %+v", got)
	}
	r.check("applied", moved, 2)
	_, moved, err = f.svc.ApplyRule(ctx, user, rule.ID)
	if err != nil {
		t.Fatal(err)
	}
	r.check("applied again", moved, 0)

	refusals := []struct {
		name string
		do   func() error
	}{
		{"another user applies it", func() error { _, _, err := f.svc.ApplyRule(ctx, other, rule.ID); return err }},
		{"another user deletes it", func() error { return f.rules.DeleteRule(ctx, other, rule.ID) }},
		{"a rule that does not exist", func() error { _, _, err := f.svc.ApplyRule(ctx, user, rule.ID+1000); return err }},
	}
	for _, refusal := range refusals {
		if err := refusal.do(); centavo.ErrorCode(err) != centavo.ENOTFOUND {
			t.Errorf("%s: %v, want not found", refusal.name, err)
		}
	}
	if rules, err := f.rules.Rules(ctx, other); err != nil || len(rules) != 0 {
		t.Errorf("the other user's rules: %+v, %v", rules, err)
	}
	if err := f.rules.DeleteRule(ctx, user, rule.ID); err != nil {
		t.Fatal(err)
	}
	if rules, err := f.rules.Rules(ctx, user); err != nil || len(rules) != 0 {
		t.Errorf("rules after delete: %+v, %v", rules, err)
	}
	r.check("deleted", 0, 0) // its transactions stay where it filed them
	if _, _, err := f.svc.ApplyRule(ctx, user, rule.ID); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Errorf("applying a deleted rule: %v, want not found", err)
	}
	if err := f.rules.DeleteRule(ctx, user, rule.ID); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Errorf("deleting a deleted rule: %v, want not found", err)
	}
}

// ruleScenario holds TestApplyRule's transactions: x and y of "cafe" last
// month and this month, byHand of "cafe" changed by hand, otherMerchant of
// "diner", already of "cafe" in the rule's category from the start.
type ruleScenario struct {
	f                                    *fixture
	user                                 int64
	x, y, byHand, otherMerchant, already centavo.Transaction
}

// check expects the state after the rule (to food) was applied once.
func (r *ruleScenario) check(step string, moved, wantMoved int) {
	f, t, user := r.f, r.f.t, r.user
	t.Helper()
	type want struct{ cat, src string }
	if moved != wantMoved {
		t.Errorf("%s: moved %d, want %d", step, moved, wantMoved)
	}
	for _, c := range []struct {
		tx centavo.Transaction
		want
	}{
		{r.x, want{centavo.CatFood, centavo.SourceRule}},
		{r.y, want{centavo.CatFood, centavo.SourceRule}},
		{r.byHand, want{centavo.CatEntertainment, centavo.SourceUser}},
		{r.otherMerchant, want{centavo.CatRestaurants, centavo.SourceSeed}},
		{r.already, want{centavo.CatFood, centavo.SourceSeed}},
	} {
		if st := f.stored(user, c.tx.ID); st.Category != c.cat || st.CategorySource != c.src {
			t.Errorf("%s: %s's transaction of %s is %s/%s, want %s/%s", step, c.tx.Merchant, c.tx.PostedAt.Format("2006-01-02"), st.Category, st.CategorySource, c.cat, c.src)
		}
	}
	total, lines := f.spent(user, f.prev)
	wantLines := map[string][2]int64{centavo.CatFood: {1300, 2}, centavo.CatEntertainment: {500, 1}, centavo.CatRestaurants: {4000, 1}}
	if total != 5800 || !reflect.DeepEqual(lines, wantLines) {
		t.Errorf("%s: last month %d %v, want 5800 %v", step, total, lines, wantLines)
	}
	total, lines = f.spent(user, f.month)
	if total != 2000 || !reflect.DeepEqual(lines, map[string][2]int64{centavo.CatFood: {2000, 1}}) {
		t.Errorf("%s: this month %d %v, want 2000 of food", step, total, lines)
	}
	if n := len(f.jobArgs("archive_event")); n != 3 {
		t.Errorf("%s: %d change events, want 3 (one by hand, two by the rule)", step, n)
	}
	// One evaluation by hand, one by the rule for both months it touched.
	all := f.jobArgs("evaluate_budgets")
	wantMonths := []string{
		mustJSON(t, jobargs.EvaluateBudgets{UserID: user, Month: f.prev.String()}),
		mustJSON(t, jobargs.EvaluateBudgets{UserID: user, Month: f.month.String(), Months: []string{f.prev.String(), f.month.String()}}),
	}
	sort.Strings(wantMonths)
	if !reflect.DeepEqual(all, wantMonths) {
		t.Errorf("%s: evaluations %v, want %v", step, all, wantMonths)
	}
	f.verify()
}
