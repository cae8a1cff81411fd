package categorize

import "testing"

func TestCrowdIndex(t *testing.T) {
	t.Parallel()
	c := NewCrowdIndex(3, 0.6)
	if _, ok := c.Consensus("DELI"); ok {
		t.Fatal("consensus without votes")
	}
	c.Set(0, "DELI", "food", 2)
	if _, ok := c.Consensus("DELI"); ok {
		t.Fatal("2 voters flipped the merchant")
	}
	c.Set(1, "DELI", "food", 1) // a third voter on another shard
	if cat, ok := c.Consensus("DELI"); !ok || cat != "food" {
		t.Fatalf("3 voters: %q %v", cat, ok)
	}
	c.Set(1, "DELI", "restaurants", 2) // 3 food, 2 restaurants: 60 %
	if cat, ok := c.Consensus("DELI"); !ok || cat != "food" {
		t.Fatalf("3 of 5 (60 %%): %q %v", cat, ok)
	}
	c.Set(1, "DELI", "food", 0) // a vote changed: 2 food, 2 restaurants
	if _, ok := c.Consensus("DELI"); ok || c.Voters("DELI") != 4 {
		t.Fatalf("2 of 4 (50 %%) should not decide; voters %d", c.Voters("DELI"))
	}
	c.Set(0, "DELI", "food", 2) // setting the same count again changes nothing
	if c.Voters("DELI") != 4 {
		t.Fatalf("idempotent set moved the count: %d", c.Voters("DELI"))
	}
	c.Set(1, "DELI", "restaurants", 10)
	if cat, _ := c.Consensus("DELI"); cat != "restaurants" {
		t.Fatalf("leader after growth: %q", cat)
	}
	c.Set(0, "DELI", "food", 0)
	c.Set(1, "DELI", "restaurants", 0)
	if c.Voters("DELI") != 0 {
		t.Fatal("counts did not go back to zero")
	}
}
