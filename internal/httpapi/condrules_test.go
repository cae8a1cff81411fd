package httpapi_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/pgtest"
)

type condRuleOut struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"`
	Position int    `json:"position"`
}

type rulesOut struct {
	Rules []struct {
		ID   int64  `json:"id"`
		Kind string `json:"kind"`
	} `json:"rules"`
	ConditionRules []condRuleOut `json:"condition_rules"`
}

// TestRulesWithConditions (issue 17, item 5): a rule with conditions is
// previewed, made with apply_to_past (what the user changed by hand stays),
// runs at ingest after the merchant rules and before the rows are counted,
// is ordered and reordered, and shares /rules with the merchant rules.
func TestRulesWithConditions(t *testing.T) {
	t.Parallel()
	testRulesWithConditions(t, setup(t))
}

// TestRulesWithConditionsPostgres is TestRulesWithConditions on PostgreSQL.
func TestRulesWithConditionsPostgres(t *testing.T) {
	t.Parallel()
	testRulesWithConditions(t, setupOn(t, "--database-url", pgtest.Schema(t)))
}

func testRulesWithConditions(t *testing.T, f *fixture) {
	c := signUp(t, newClient(t, f.base), "cond-rules@example.com")
	month := centavo.MonthOf(f.now())
	day := month.Start().Format("2006-01-02")
	acct := newFileAccount(c)
	mustImportFile(c, acct, "first.csv", "Date,Description,Amount\n"+
		day+",UBER *TRIP HELP.UBER.COM 1111,-15.00\n"+day+",UBER *TRIP HELP.UBER.COM 2222,-25.00\n"+day+",ZORBLAX MARKET,-50.00\n")
	var rides ownCategoryOut
	c.Do("POST", "/api/v1/categories", map[string]string{"name": "Rides", "parent": "transport"}, 201, &rides)
	txns := c.AllTransactions("")
	slices.SortFunc(txns, func(a, b txnOut) int { return strings.Compare(a.Seller, b.Seller) })
	byHand, other, market := txns[0], txns[1], txns[2]
	// By hand, with a merchant rule for the future: Uber → travel.
	c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", byHand.ID), map[string]any{"category": "travel", "apply_to_future": true}, 200, nil)

	// Refused: no condition, no action, an unknown category, bounds the wrong way, an unknown field.
	for _, bad := range []map[string]any{
		{"conditions": map[string]any{}, "actions": map[string]any{"hidden": true}},
		{"conditions": map[string]any{"merchant": "Uber"}, "actions": map[string]any{}},
		{"conditions": map[string]any{"merchant": "Uber"}, "actions": map[string]any{"category": "yachts"}},
		{"conditions": map[string]any{"amount_min_cents": 10, "amount_max_cents": -10}, "actions": map[string]any{"hidden": true}},
	} {
		c.Do("POST", "/api/v1/rules", bad, 422, nil)
	}
	c.Do("POST", "/api/v1/rules", map[string]any{"conditions": map[string]any{"payee": "x"}, "actions": map[string]any{"hidden": true}}, 400, nil)

	uber := map[string]any{"conditions": map[string]any{"descriptor_contains": "uber *trip", "amount_max_cents": -1000},
		"actions": map[string]any{"category": rides.ID, "tags": []string{"rides"}}}
	var preview struct {
		Matches int      `json:"matches"`
		Sample  []txnOut `json:"sample"`
	}
	c.Do("POST", "/api/v1/rules/preview", uber, 200, &preview)
	if preview.Matches != 2 || len(preview.Sample) != 2 {
		t.Fatalf("preview: %+v", preview)
	}
	for _, s := range preview.Sample {
		if !slices.Equal(s.Tags, []string{"rides"}) || (s.ID == byHand.ID) != (s.Category == "travel") || (s.ID == other.ID) != (s.Category == rides.ID) {
			t.Fatalf("previewed as %+v", s)
		}
	}
	if got := txnByID(c, other.ID); got.Category == rides.ID || len(got.Tags) != 0 {
		t.Fatalf("a preview changed a transaction: %+v", got)
	}

	uber["apply_to_past"] = true
	var made struct {
		Rule  condRuleOut `json:"rule"`
		Moved int         `json:"moved"`
	}
	c.Do("POST", "/api/v1/rules", uber, 201, &made)
	if made.Moved != 2 || made.Rule.Kind != "conditions" || made.Rule.Position != 1 || !centavo.IsConditionRuleID(made.Rule.ID) {
		t.Fatalf("made: %+v", made)
	}
	if got := txnByID(c, byHand.ID); got.Category != "travel" || got.CategorySource != centavo.SourceUser || !slices.Equal(got.Tags, []string{"rides"}) {
		t.Fatalf("the one changed by hand: %+v", got)
	}
	if got := txnByID(c, other.ID); got.Category != rides.ID || got.CategorySource != centavo.SourceRule {
		t.Fatalf("the other: %+v", got)
	}
	var hide struct{ Rule condRuleOut }
	c.Do("POST", "/api/v1/rules", map[string]any{"conditions": map[string]any{"merchant": market.Merchant}, "actions": map[string]any{"hidden": true}}, 201, &hide)
	if hide.Rule.Position != 2 || txnByID(c, market.ID).Hidden {
		t.Fatalf("second rule: %+v (not applied to the past)", hide.Rule)
	}
	var moved condRuleOut
	c.Do("PATCH", fmt.Sprintf("/api/v1/rules/%d", hide.Rule.ID), map[string]any{"position": 1}, 200, &moved)
	var list rulesOut
	c.Do("GET", "/api/v1/rules", nil, 200, &list)
	if len(list.Rules) != 1 || list.Rules[0].Kind != "merchant" || len(list.ConditionRules) != 2 ||
		list.ConditionRules[0].ID != hide.Rule.ID || list.ConditionRules[0].Position != 1 || list.ConditionRules[1].Position != 2 {
		t.Fatalf("rules: %+v", list)
	}

	// At ingest: the merchant rule files the new Uber under travel, then
	// the rule with conditions under Rides; the market is hidden before
	// it is counted.
	mustImportFile(c, acct, "second.csv", "Date,Description,Amount\n"+
		day+",UBER *TRIP HELP.UBER.COM 3333,-12.00\n"+day+",ZORBLAX MARKET,-30.00\n")
	for _, got := range c.AllTransactions("") {
		switch {
		case strings.Contains(got.Seller, "3333") && (got.Category != rides.ID || got.CategorySource != centavo.SourceRule || !slices.Equal(got.Tags, []string{"rides"})):
			t.Fatalf("the new Uber: %+v", got)
		case got.AmountCents == -3000 && !got.Hidden:
			t.Fatalf("the new market row is not hidden: %+v", got)
		}
	}
	var sp spendingOut
	c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, &sp)
	if sp.SpentIn(rides.ID) != 3700 || sp.SpentIn("travel") != 1500 || sp.TotalSpentCents != 3700+1500+5000 {
		t.Fatalf("spending: %+v", sp)
	}

	var applied struct {
		Rule  condRuleOut `json:"rule"`
		Moved int         `json:"moved"`
	}
	c.Do("POST", fmt.Sprintf("/api/v1/rules/%d/apply", hide.Rule.ID), nil, 200, &applied)
	if applied.Moved != 1 || applied.Rule.ID != hide.Rule.ID || !txnByID(c, market.ID).Hidden {
		t.Fatalf("applied: %+v", applied)
	}
	c.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, &sp)
	if sp.TotalSpentCents != 3700+1500 {
		t.Fatalf("spending with the market hidden: %+v", sp)
	}
	c.Do("DELETE", fmt.Sprintf("/api/v1/rules/%d", hide.Rule.ID), nil, 204, nil)
	c.Do("DELETE", fmt.Sprintf("/api/v1/rules/%d", list.Rules[0].ID), nil, 204, nil)
	c.Do("GET", "/api/v1/rules", nil, 200, &list)
	if len(list.Rules) != 0 || len(list.ConditionRules) != 1 || list.ConditionRules[0].ID != made.Rule.ID || list.ConditionRules[0].Position != 1 {
		t.Fatalf("after removing two: %+v", list)
	}
	for _, st := range f.app.Cluster.Shards() {
		rep, err := st.Verify(context.Background())
		if err != nil || !rep.OK() {
			t.Fatalf("verify: %+v, %v", rep, err)
		}
	}
}

func txnByID(c *client, id int64) txnOut {
	c.T().Helper()
	var out txnOut
	c.Do("GET", fmt.Sprintf("/api/v1/transactions/%d", id), nil, 200, &out)
	return out
}
