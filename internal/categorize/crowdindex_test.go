package categorize

import (
	"sync"
	"testing"
)

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

func TestCrowdIndexShareThreshold(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		counts map[string]int64
		want   string
	}{
		{"3 of 5 is 60 %", map[string]int64{"food": 3, "gas": 2}, "food"},
		{"2 of 4 is 50 %", map[string]int64{"food": 2, "gas": 2}, "-"},
		{"2 of 3 is 67 %", map[string]int64{"gas": 2, "food": 1}, "gas"},
		{"3 of 6 is 50 %", map[string]int64{"food": 3, "gas": 2, "kids": 1}, "-"},
		{"6 of 10 is 60 %", map[string]int64{"a": 6, "b": 2, "c": 1, "d": 1}, "a"},
		{"5 of 9 is 56 %", map[string]int64{"a": 5, "b": 2, "c": 1, "d": 1}, "-"},
		{"two voters are too few", map[string]int64{"food": 2}, "-"},
	} {
		c := NewCrowdIndex(3, 0.6)
		shard := 0
		for cat, n := range tc.counts {
			c.Set(shard%2, "K", cat, n) // spread over two shards
			shard++
		}
		got, ok := c.Consensus("K")
		if !ok {
			got = "-"
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCrowdIndexDefaults(t *testing.T) {
	t.Parallel()
	c := NewCrowdIndex(0, 0)
	if c.minVoters != DefaultCrowdVoters || c.minShare != DefaultCrowdShare {
		t.Fatalf("defaults %d, %v", c.minVoters, c.minShare)
	}
	c.Set(0, "K", "food", -4)
	if n := c.Voters("K"); n != 0 {
		t.Fatalf("a negative count counted: %d", n)
	}
}

// TestCrowdIndexConcurrent: sync loops set counts while categorizers read
// (run with -race); the final counts are the last ones set.
func TestCrowdIndexConcurrent(t *testing.T) {
	t.Parallel()
	c := NewCrowdIndex(3, 0.6)
	var wg sync.WaitGroup
	for shard := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for n := range int64(200) {
				c.Set(shard, "K", "food", n+1)
			}
		}()
		go func() {
			defer wg.Done()
			for range 200 {
				c.Consensus("K")
				c.Voters("K")
			}
		}()
	}
	wg.Wait()
	if cat, ok := c.Consensus("K"); !ok || cat != "food" || c.Voters("K") != 4*200 {
		t.Fatalf("after the writers: %q %v, %d voters, want food by 800", cat, ok, c.Voters("K"))
	}
}
