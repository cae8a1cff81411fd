package ledger

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/objstore"
)

// TestSetCategory walks one user through manual changes, each step
// checked against the transaction, the month's summary, the change events
// and budget evaluations enqueued, the crowd's votes and the rules.
func TestSetCategory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, false)
	user, acct := f.newUser("changes@example.com", "USD")
	other, otherAcct := f.newUser("other@example.com", "USD")
	txns := f.insert(user,
		txn{acct, f.day(1), -5000, centavo.CatFood, "market"},
		txn{acct, f.day(2), -3000, centavo.CatFood, "market"},
		txn{acct, f.day(3), -1200, centavo.CatRestaurants, ""},
		txn{acct, f.month.Start(), -800, centavo.CatFood, "market"},
	)
	a, b, noMerchant, thisMonth := txns[0], txns[1], txns[2], txns[3]
	theirs := f.insert(other, txn{otherAcct, f.day(1), -70, centavo.CatFood, "market"})[0]

	steps := setCategorySteps(a, b, noMerchant)
	for _, s := range steps {
		got, rule, err := f.svc.SetCategory(ctx, user, s.tx.ID, s.change)
		if centavo.ErrorCode(err) != s.code && !(s.code == "" && err == nil) {
			t.Fatalf("%s: error %v, want code %q", s.name, err, s.code)
		}
		if err == nil && (got.ID != s.tx.ID || got.Category != s.cat || got.CategorySource != s.src || got.AmountCents != s.tx.AmountCents) {
			t.Errorf("%s: answered %+v", s.name, got)
		}
		if (rule != nil) != s.ruleReturn || (rule != nil && (rule.MerchantKey != "market" || rule.Category != s.cat || rule.UserID != user || rule.ID == 0)) {
			t.Errorf("%s: rule %+v", s.name, rule)
		}
		if st := f.stored(user, s.tx.ID); st.Category != s.cat || st.CategorySource != s.src {
			t.Errorf("%s: stored as %s/%s, want %s/%s", s.name, st.Category, st.CategorySource, s.cat, s.src)
		}
		if total, l := f.spent(user, f.prev); total != s.total || !reflect.DeepEqual(l, s.lines) {
			t.Errorf("%s: spending %d %v, want %d %v", s.name, total, l, s.total, s.lines)
		}
		if n := len(f.jobArgs("archive_event")); n != s.events {
			t.Errorf("%s: %d change events, want %d", s.name, n, s.events)
		}
		if v := f.votes("market"); !reflect.DeepEqual(v, s.votes) {
			t.Errorf("%s: votes %v, want %v", s.name, v, s.votes)
		}
		if rules, err := f.rules.Rules(ctx, user); err != nil || len(rules) != s.rules {
			t.Errorf("%s: %d rules (%v), want %d", s.name, len(rules), err, s.rules)
		}
	}
	// A rule is for the future: this month's transaction of the merchant
	// stayed where it was.
	if st := f.stored(user, thisMonth.ID); st.Category != centavo.CatFood || st.CategorySource != centavo.SourceSeed {
		t.Errorf("this month's transaction was re-filed: %+v", st)
	}
	if _, _, err := f.svc.SetCategory(ctx, user, theirs.ID, Change{Category: centavo.CatGas}); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Errorf("changing another user's transaction: %v, want not found", err)
	}
	if st := f.stored(other, theirs.ID); st.Category != centavo.CatFood || st.CategorySource != centavo.SourceSeed {
		t.Errorf("the other user's transaction changed: %+v", st)
	}
	f.checkEvents(user, acct, []jobargs.ArchiveEvent{
		{InstitutionID: a.InstitutionID, PostedAt: a.PostedAt, AmountCents: a.AmountCents, Category: centavo.CatGiftsDonations},
		{InstitutionID: a.InstitutionID, PostedAt: a.PostedAt, AmountCents: a.AmountCents, Category: centavo.CatIncome},
		{InstitutionID: b.InstitutionID, PostedAt: b.PostedAt, AmountCents: b.AmountCents, Category: centavo.CatShopping},
	})
	if got, want := f.jobArgs("evaluate_budgets"), []string{mustJSON(t, jobargs.EvaluateBudgets{UserID: user, Month: f.prev.String()})}; !reflect.DeepEqual(slices.Compact(slices.Clone(got)), want) || len(got) != 3 {
		t.Errorf("budget evaluations %v, want 3 of %v", got, want)
	}
	f.verify()
}

type spendingLines = map[string][2]int64

// setCategoryStep is one change of TestSetCategory and the state after it.
type setCategoryStep struct {
	name       string
	tx         centavo.Transaction
	change     Change
	code       string // the error's code; "" for none
	cat, src   string // the transaction's afterwards
	total      int64  // last month's spending afterwards
	lines      spendingLines
	events     int              // change events enqueued so far
	votes      map[string]int64 // the crowd's votes for "market"
	rules      int
	ruleReturn bool
}

// setCategorySteps are the steps of TestSetCategory: a and b are last
// month's food at "market", noMerchant a restaurant without merchant.
func setCategorySteps(a, b, noMerchant centavo.Transaction) []setCategoryStep {
	return []setCategoryStep{
		{name: "file under gifts", tx: a, change: Change{Category: centavo.CatGiftsDonations},
			cat: centavo.CatGiftsDonations, src: centavo.SourceUser, total: 9200,
			lines:  spendingLines{centavo.CatFood: {3000, 1}, centavo.CatGiftsDonations: {5000, 1}, centavo.CatRestaurants: {1200, 1}},
			events: 1, votes: map[string]int64{centavo.CatGiftsDonations: 1}},
		{name: "file under income: out of spending, the vote moves", tx: a, change: Change{Category: centavo.CatIncome},
			cat: centavo.CatIncome, src: centavo.SourceUser, total: 4200,
			lines:  spendingLines{centavo.CatFood: {3000, 1}, centavo.CatRestaurants: {1200, 1}},
			events: 2, votes: map[string]int64{centavo.CatIncome: 1}},
		{name: "the same change again changes nothing", tx: a, change: Change{Category: centavo.CatIncome},
			cat: centavo.CatIncome, src: centavo.SourceUser, total: 4200,
			lines:  spendingLines{centavo.CatFood: {3000, 1}, centavo.CatRestaurants: {1200, 1}},
			events: 2, votes: map[string]int64{centavo.CatIncome: 1}},
		{name: "an unknown category is refused", tx: a, change: Change{Category: "yachts"}, code: centavo.EINVALID,
			cat: centavo.CatIncome, src: centavo.SourceUser, total: 4200,
			lines:  spendingLines{centavo.CatFood: {3000, 1}, centavo.CatRestaurants: {1200, 1}},
			events: 2, votes: map[string]int64{centavo.CatIncome: 1}},
		{name: "a rule needs a merchant", tx: noMerchant, change: Change{Category: centavo.CatFood, ApplyToFuture: true}, code: centavo.EINVALID,
			cat: centavo.CatRestaurants, src: centavo.SourceSeed, total: 4200,
			lines:  spendingLines{centavo.CatFood: {3000, 1}, centavo.CatRestaurants: {1200, 1}},
			events: 2, votes: map[string]int64{centavo.CatIncome: 1}},
		{name: "confirming the category by hand moves nothing", tx: b, change: Change{Category: centavo.CatFood},
			cat: centavo.CatFood, src: centavo.SourceUser, total: 4200,
			lines:  spendingLines{centavo.CatFood: {3000, 1}, centavo.CatRestaurants: {1200, 1}},
			events: 2, votes: map[string]int64{centavo.CatFood: 1}},
		{name: "with a rule for the future", tx: b, change: Change{Category: centavo.CatShopping, ApplyToFuture: true},
			cat: centavo.CatShopping, src: centavo.SourceUser, total: 4200,
			lines:  spendingLines{centavo.CatShopping: {3000, 1}, centavo.CatRestaurants: {1200, 1}},
			events: 3, votes: map[string]int64{centavo.CatShopping: 1}, rules: 1, ruleReturn: true},
	}
}

// checkEvents: the change events enqueued say what the logs need to replay
// the changes (compared without their kind, time, user and account, which
// are checked for each).
func (f *fixture) checkEvents(user, acct int64, want []jobargs.ArchiveEvent) {
	f.t.Helper()
	t := f.t
	var events []jobargs.ArchiveEvent
	for _, s := range f.jobArgs("archive_event") {
		var e jobargs.ArchiveEvent
		if err := json.Unmarshal([]byte(s), &e); err != nil {
			t.Fatal(err)
		}
		if e.Event != objstore.EventCategory || e.UserID != user || e.AccountID != acct || !e.At.Equal(f.now) {
			t.Errorf("event %+v", e)
		}
		e.At, e.Event, e.UserID, e.AccountID = time.Time{}, "", 0, 0
		events = append(events, e)
	}
	if !sameEvents(events, want) {
		t.Errorf("events %+v, want %+v", events, want)
	}
}

// votes is the crowd's non-zero vote counts for a merchant, by category.
func (f *fixture) votes(merchant string) map[string]int64 {
	f.t.Helper()
	counts, err := f.db.CrowdCounts(context.Background(), time.Time{})
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]int64{}
	for _, c := range counts {
		if c.MerchantKey == merchant && c.Voters != 0 {
			out[c.Category] = c.Voters
		}
	}
	return out
}

// sameEvents compares events regardless of order (jobs are listed by id,
// and ids of one transaction may not follow insertion order).
func sameEvents(got, want []jobargs.ArchiveEvent) bool {
	if len(got) != len(want) {
		return false
	}
	used := make([]bool, len(got))
next:
	for _, w := range want {
		for i, g := range got {
			if !used[i] && g.InstitutionID == w.InstitutionID && g.PostedAt.Equal(w.PostedAt) && g.AmountCents == w.AmountCents && g.Category == w.Category && g.Pending == w.Pending {
				used[i] = true
				continue next
			}
		}
		return false
	}
	return true
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
