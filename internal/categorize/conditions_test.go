package categorize

import (
	"slices"
	"testing"

	"github.com/centavo/centavo"
)

func i64(v int64) *int64 { return &v }

func TestMatchConditions(t *testing.T) {
	t.Parallel()
	tx := centavo.Transaction{AccountID: 7, AmountCents: -1500, Seller: "UBER *TRIP Zürich", Merchant: "Uber", MerchantKey: "UBER"}
	for _, tc := range []struct {
		name string
		c    centavo.RuleConditions
		want bool
	}{
		{"descriptor, any case", centavo.RuleConditions{DescriptorContains: "uber *trip"}, true},
		{"descriptor, non-ASCII case", centavo.RuleConditions{DescriptorContains: "ZÜRICH"}, true},
		{"descriptor absent", centavo.RuleConditions{DescriptorContains: "lyft"}, false},
		{"merchant name", centavo.RuleConditions{Merchant: "uber"}, true},
		{"merchant key", centavo.RuleConditions{Merchant: "UBER"}, true},
		{"merchant is whole", centavo.RuleConditions{Merchant: "Ube"}, false},
		{"bounds inclusive", centavo.RuleConditions{AmountMinCents: i64(-1500), AmountMaxCents: i64(-1500)}, true},
		{"below min", centavo.RuleConditions{AmountMinCents: i64(-1000)}, false},
		{"above max", centavo.RuleConditions{AmountMaxCents: i64(-2000)}, false},
		{"account", centavo.RuleConditions{AccountID: 7}, true},
		{"other account", centavo.RuleConditions{AccountID: 8}, false},
		{"all at once", centavo.RuleConditions{AccountID: 7, Merchant: "Uber", DescriptorContains: "trip", AmountMaxCents: i64(0)}, true},
		{"all but one", centavo.RuleConditions{AccountID: 7, Merchant: "Uber", DescriptorContains: "trip", AmountMinCents: i64(0)}, false},
	} {
		if got := MatchConditions(tc.c, tx); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestApplyActionsKeepsWhatWasChangedByHand(t *testing.T) {
	t.Parallel()
	yes := true
	a := centavo.RuleActions{Category: centavo.CatTransport, Tags: []string{"Work", "rides"}, Merchant: "Uber Rides", Hidden: &yes}
	fresh := centavo.Transaction{Category: centavo.CatTravel, CategorySource: centavo.SourceSeed, Merchant: "Uber", Tags: []string{"work"}}
	got, changed := ApplyActions(a, fresh, true)
	if !changed || got.Category != centavo.CatTransport || got.CategorySource != centavo.SourceRule || got.Merchant != "Uber Rides" || !got.Hidden ||
		!slices.Equal(got.Tags, []string{"work", "rides"}) || !slices.Equal(fresh.Tags, []string{"work"}) {
		t.Errorf("applied: %+v (the original's tags %v)", got, fresh.Tags)
	}
	byHand := fresh
	byHand.CategorySource = centavo.SourceUser
	byHand.Edited = centavo.EditedTags | centavo.EditedMerchant | centavo.EditedHidden
	if got, changed := ApplyActions(a, byHand, true); changed {
		t.Errorf("changed what the user changed by hand: %+v", got)
	}
	if got, _ := ApplyActions(a, byHand, false); got.Category != centavo.CatTransport || !got.Hidden {
		t.Errorf("at ingest nothing is by hand yet: %+v", got)
	}
	split := fresh
	split.Edited = centavo.EditedSplits
	if got, _ := ApplyActions(centavo.RuleActions{Category: centavo.CatFood}, split, true); got.Category != centavo.CatTravel {
		t.Errorf("re-filed a split transaction: %+v", got)
	}
	same := centavo.Transaction{Category: centavo.CatTransport, Tags: []string{"WORK"}}
	if _, changed := ApplyActions(centavo.RuleActions{Category: centavo.CatTransport, Tags: []string{"work"}}, same, true); changed {
		t.Error("a change that changes nothing")
	}
}

func TestRunRulesInOrder(t *testing.T) {
	t.Parallel()
	yes := true
	rules := []centavo.ConditionRule{
		{Position: 1, Conditions: centavo.RuleConditions{Merchant: "Uber"}, Actions: centavo.RuleActions{Category: centavo.CatTravel, Merchant: "Rides"}},
		// Matches the transaction as it came in (merchant "Uber", not "Rides").
		{Position: 2, Conditions: centavo.RuleConditions{Merchant: "Uber"}, Actions: centavo.RuleActions{Category: centavo.CatTransport}},
		{Position: 3, Conditions: centavo.RuleConditions{Merchant: "Rides"}, Actions: centavo.RuleActions{Hidden: &yes}},
	}
	got := RunRules(rules, centavo.Transaction{Merchant: "Uber", Category: centavo.CatShopping, CategorySource: centavo.SourceRule})
	if got.Category != centavo.CatTransport || got.Merchant != "Rides" || got.Hidden {
		t.Errorf("ran as %+v", got)
	}
	byText := []centavo.ConditionRule{
		{Conditions: centavo.RuleConditions{DescriptorContains: "Trip", AmountMaxCents: i64(0)}, Actions: centavo.RuleActions{Tags: []string{"rides"}}},
		{Conditions: centavo.RuleConditions{DescriptorContains: "eats"}, Actions: centavo.RuleActions{Tags: []string{"food"}}},
	}
	runner := NewRuleRunner(byText)
	if got := runner.Run(centavo.Transaction{Seller: "UBER *TRIP", AmountCents: -100}); !slices.Equal(got.Tags, []string{"rides"}) {
		t.Errorf("by descriptor: %+v", got)
	}
	if got := runner.Run(centavo.Transaction{Seller: "UBER *TRIP", AmountCents: 100}); len(got.Tags) != 0 {
		t.Errorf("a refund matched an outflow's rule: %+v", got)
	}
}

func TestNormalizeRule(t *testing.T) {
	t.Parallel()
	r := centavo.ConditionRule{Conditions: centavo.RuleConditions{Merchant: "  Uber "}, Actions: centavo.RuleActions{Tags: []string{" work", "Work", "rides "}}}
	if err := NormalizeRule(&r); err != nil || r.Conditions.Merchant != "Uber" || !slices.Equal(r.Actions.Tags, []string{"work", "rides"}) {
		t.Errorf("normalized: %+v, %v", r, err)
	}
	for name, bad := range map[string]centavo.ConditionRule{
		"no condition":        {Actions: centavo.RuleActions{Merchant: "x"}},
		"no action":           {Conditions: centavo.RuleConditions{Merchant: "x"}},
		"blank tag":           {Conditions: centavo.RuleConditions{Merchant: "x"}, Actions: centavo.RuleActions{Tags: []string{" "}}},
		"min above max":       {Conditions: centavo.RuleConditions{AmountMinCents: i64(1), AmountMaxCents: i64(0)}, Actions: centavo.RuleActions{Merchant: "x"}},
		"control char":        {Conditions: centavo.RuleConditions{DescriptorContains: "a\x00b"}, Actions: centavo.RuleActions{Merchant: "x"}},
		"too large an amount": {Conditions: centavo.RuleConditions{AmountMaxCents: i64(centavo.MaxAmountCents + 1)}, Actions: centavo.RuleActions{Merchant: "x"}},
	} {
		if err := NormalizeRule(&bad); centavo.ErrorCode(err) != centavo.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestReorder(t *testing.T) {
	t.Parallel()
	rules := []centavo.ConditionRule{{ID: 1, Position: 1}, {ID: 2, Position: 2}, {ID: 3, Position: 3}}
	ids := func(rs []centavo.ConditionRule) (out []int64) {
		for i, r := range rs {
			if r.Position != i+1 {
				t.Errorf("positions %+v", rs)
			}
			out = append(out, r.ID)
		}
		return out
	}
	for _, tc := range []struct {
		id   int64
		pos  int
		want []int64
	}{{3, 1, []int64{3, 1, 2}}, {1, 2, []int64{2, 1, 3}}, {1, 99, []int64{2, 3, 1}}, {2, 2, []int64{1, 2, 3}}} {
		if got := ids(Reorder(slices.Clone(rules), tc.id, tc.pos)); !slices.Equal(got, tc.want) {
			t.Errorf("move %d to %d: %v, want %v", tc.id, tc.pos, got, tc.want)
		}
	}
}
