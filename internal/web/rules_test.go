package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
)

// TestRulesPage (issue 17, items 5 and 8): the rules page previews a rule
// with conditions without keeping it, adds it (applied to the past when
// asked), lists the rules in order, moves, applies and removes them, and
// refuses a bad form with the form kept; another user's rules are not found.
func TestRulesPage(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("rules@example.com", "Uber Rides", "Corner Bakery")
	b := f.newUser("rules-b@example.com")
	ctx := context.Background()

	res := f.get(a, "/rules")
	if res.Code != 200 || !strings.Contains(res.body, "Add a rule") || !strings.Contains(res.body, "No rules with conditions yet") {
		t.Fatalf("GET /rules: %d\n%s", res.Code, res.body)
	}
	form := url.Values{"descriptor": {"uber"}, "category": {"transport"}, "tags": {"work, taxi"}, "max": {"-5.00"}, "do": {"preview"}}
	res = f.post(a, "/rules", withCSRF(a, form))
	if res.Code != 200 || !strings.Contains(res.body, `data-matches="1"`) || !strings.Contains(res.body, "work, taxi") ||
		!strings.Contains(res.body, `value="uber"`) || !strings.Contains(res.body, `value="-5.00"`) {
		t.Fatalf("preview: %d\n%s", res.Code, res.body)
	}
	if rules, _ := f.st.ConditionRules(ctx, a.id); len(rules) != 0 {
		t.Fatalf("a preview kept a rule: %+v", rules)
	}

	form.Set("do", "add")
	form.Set("past", "1")
	res = f.post(a, "/rules", withCSRF(a, form))
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/rules?msg=rule-added") {
		t.Fatalf("add: %d %s\n%s", res.Code, res.Header().Get("Location"), res.body)
	}
	tx, _ := f.st.Transaction(ctx, a.id, a.txns[0].ID)
	if tx.Category != centavo.CatTransport || tx.CategorySource != centavo.SourceRule || !slices.Equal(tx.Tags, []string{"work", "taxi"}) {
		t.Fatalf("applied to the past: %+v", tx)
	}
	res = f.post(a, "/rules", withCSRF(a, url.Values{"merchant": {"corner bakery"}, "hidden": {"hide"}, "do": {"add"}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("add a second: %d\n%s", res.Code, res.body)
	}
	rules, _ := f.st.ConditionRules(ctx, a.id)
	if len(rules) != 2 {
		t.Fatalf("rules: %+v", rules)
	}
	first, second := rules[0], rules[1]
	body := f.get(a, "/rules").body
	if i, j := strings.Index(body, fmt.Sprintf(`data-rule="%d"`, first.ID)), strings.Index(body, fmt.Sprintf(`data-rule="%d"`, second.ID)); i < 0 || j < i ||
		!strings.Contains(body, "the description contains “uber”") || !strings.Contains(body, "hide it") {
		t.Fatalf("the list:\n%s", body)
	}

	// Move the second up; another user can move, apply or remove nothing of theirs.
	if res := f.post(a, fmt.Sprintf("/rules/%d/move", second.ID), withCSRF(a, url.Values{"position": {"1"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("move: %d", res.Code)
	}
	if rules, _ := f.st.ConditionRules(ctx, a.id); rules[0].ID != second.ID || rules[1].Position != 2 {
		t.Fatalf("after the move: %+v", rules)
	}
	for _, p := range []string{"/rules/%d/move", "/rules/%d/apply", "/rules/%d/delete"} {
		if res := f.post(b, fmt.Sprintf(p, second.ID), withCSRF(b, url.Values{"position": {"2"}})); res.Code != 404 {
			t.Errorf("another user's %s: %d", p, res.Code)
		}
	}
	if res := f.post(a, fmt.Sprintf("/rules/%d/apply", second.ID), withCSRF(a, nil)); res.Code != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.Code)
	}
	if tx, _ := f.st.Transaction(ctx, a.id, a.txns[1].ID); !tx.Hidden {
		t.Fatalf("not hidden by the applied rule: %+v", tx)
	}

	// A bad form is refused with the form kept.
	for _, bad := range []url.Values{
		{"descriptor": {"uber"}, "min": {"lots"}, "tags": {"x"}},
		{"tags": {"x"}},
		{"descriptor": {"uber"}},
	} {
		bad.Set("do", "add")
		res := f.post(a, "/rules", withCSRF(a, bad))
		if res.Code != 422 || !strings.Contains(res.body, `value="x"`) && bad.Get("tags") != "" {
			t.Errorf("%v: %d\n%s", bad, res.Code, res.body)
		}
	}
	if res := f.post(a, fmt.Sprintf("/rules/%d/delete", first.ID), withCSRF(a, nil)); res.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.Code)
	}
	if rules, _ := f.st.ConditionRules(ctx, a.id); len(rules) != 1 || rules[0].ID != second.ID || rules[0].Position != 1 {
		t.Fatalf("after the removal: %+v", rules)
	}
	if rep, err := f.st.Verify(ctx); err != nil || !rep.OK() {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

// TestOwnCategoryNames: the dashboard, the transactions page and the search
// page name a user's own category, not its id.
func TestOwnCategoryNames(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("own-names@example.com", "Blue Bottle")
	ctx := context.Background()
	own, err := f.app.Categorize.CreateCategory(ctx, a.id, "Coffee", centavo.CatRestaurants)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.app.Ledger.SetCategory(ctx, a.id, a.txns[0].ID, ledgerChange(own.ID)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/transactions", "/search?q=blue"} {
		if body := f.get(a, p).body; !strings.Contains(body, "Restaurants › Coffee") {
			t.Errorf("GET %s does not name the own category:\n%s", p, body)
		}
	}
	// The category select offers it, chosen: saving the row keeps it.
	if body := f.get(a, "/transactions").body; !strings.Contains(body, `<option value="`+own.ID+`" selected>Restaurants › Coffee</option>`) {
		t.Errorf("the select does not hold the own category:\n%s", body)
	}
	// The search page's category filter offers it too.
	if body := f.get(a, "/search?category="+own.ID).body; !strings.Contains(body, `value="`+own.ID+`" selected`) {
		t.Errorf("the search filter does not offer the own category:\n%s", body)
	}
}

func ledgerChange(category string) ledger.Change { return ledger.Change{Category: category} }

// TestCategoriesPage: own categories are made, renamed and removed on the
// categories page; a taken name is refused with the form kept; another
// user's are not found.
func TestCategoriesPage(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("cats-page@example.com", "Blue Bottle")
	b := f.newUser("cats-page-b@example.com")
	ctx := context.Background()
	if res := f.get(a, "/categories"); res.Code != 200 || !strings.Contains(res.body, "None yet.") {
		t.Fatalf("GET /categories: %d\n%s", res.Code, res.body)
	}
	res := f.post(a, "/categories", withCSRF(a, url.Values{"name": {"Coffee"}, "parent": {"restaurants"}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", res.Code, res.body)
	}
	own, _ := f.st.OwnCategories(ctx, a.id)
	if len(own) != 1 || own[0].Name != "Coffee" {
		t.Fatalf("own categories: %+v", own)
	}
	res = f.post(a, "/categories", withCSRF(a, url.Values{"name": {"coffee"}, "parent": {"restaurants"}}))
	if res.Code != 422 || !strings.Contains(res.body, "already") || !strings.Contains(res.body, `value="coffee"`) {
		t.Errorf("a taken name: %d\n%s", res.Code, res.body)
	}
	for _, p := range []string{"/categories/%s/rename", "/categories/%s/delete"} {
		if res := f.post(b, fmt.Sprintf(p, own[0].ID), withCSRF(b, url.Values{"name": {"Mine"}})); res.Code != 404 {
			t.Errorf("another user's %s: %d", p, res.Code)
		}
	}
	if res := f.post(a, "/categories/"+own[0].ID+"/rename", withCSRF(a, url.Values{"name": {"Cafés"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.Code)
	}
	if body := f.get(a, "/categories").body; !strings.Contains(body, `value="Cafés"`) {
		t.Errorf("renamed:\n%s", body)
	}
	if _, _, err := f.app.Ledger.SetCategory(ctx, a.id, a.txns[0].ID, ledgerChange(own[0].ID)); err != nil {
		t.Fatal(err)
	}
	if res := f.post(a, "/categories/"+own[0].ID+"/delete", withCSRF(a, nil)); res.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.Code)
	}
	if tx, _ := f.st.Transaction(ctx, a.id, a.txns[0].ID); tx.Category != centavo.CatRestaurants {
		t.Errorf("after the removal: %+v", tx)
	}
}
