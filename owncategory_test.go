package centavo

import "testing"

func TestOwnCategoryIDs(t *testing.T) {
	t.Parallel()
	if id := OwnCategoryID(CatRestaurants, 12); id != "restaurants.12" {
		t.Errorf("id %q", id)
	}
	for _, tc := range []struct {
		id     string
		parent string
		n      int64
	}{
		{"restaurants.12", CatRestaurants, 12},
		{"income.1", CatIncome, 1},
		{"personal_care.7", CatPersonalCare, 7},
		{"food", "", 0},            // a fixed id
		{"transfer.3", "", 0},      // not a parent
		{"uncategorized.3", "", 0}, // not a parent
		{"food.0", "", 0},
		{"food.012", "", 0},
		{"food.+1", "", 0},
		{"food.-1", "", 0},
		{"food. 1", "", 0},
		{"food.1.2", "", 0},
		{"food.", "", 0},
		{"yachts.1", "", 0},
		{"food.9999999999999999999", "", 0},
	} {
		parent, n, ok := ParseOwnCategoryID(tc.id)
		if ok != (tc.parent != "") || parent != tc.parent || n != tc.n {
			t.Errorf("%q: %q %d %v", tc.id, parent, n, ok)
		}
		if ok && OwnCategoryID(parent, n) != tc.id {
			t.Errorf("%q does not round-trip", tc.id)
		}
	}
	for id, want := range map[string]string{"food.3": CatFood, "food": CatFood, "income.2": CatIncome} {
		if got := ParentCategory(id); got != want {
			t.Errorf("parent of %q: %q", id, got)
		}
	}
	if CountsAsSpending("income.2") || !CountsAsSpending("food.3") || CountsAsSpending(CatTransfer) {
		t.Error("CountsAsSpending does not roll up")
	}
}
