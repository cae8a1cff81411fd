package categorize

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/centavo/centavo"
)

func consensus(t *testing.T, c *Crowd, key string) string {
	t.Helper()
	cat, ok := c.Consensus(key)
	if !ok {
		return "-"
	}
	return cat
}

func TestCrowdNeedsThreeVoters(t *testing.T) {
	t.Parallel()
	c := NewCrowd(3, 0.6)
	c.Vote(1, "LUIGIS PIZZA", "restaurants")
	c.Vote(2, "LUIGIS PIZZA", "restaurants")
	if got := consensus(t, c, "LUIGIS PIZZA"); got != "-" {
		t.Fatalf("two voters gave %q, want no consensus", got)
	}
	c.Vote(3, "LUIGIS PIZZA", "restaurants")
	if got := consensus(t, c, "LUIGIS PIZZA"); got != "restaurants" {
		t.Fatalf("three voters gave %q, want restaurants", got)
	}
	if got := consensus(t, c, "OTHER"); got != "-" {
		t.Fatalf("unknown merchant gave %q", got)
	}
}

func TestCrowdVoteChangeMovesTheCount(t *testing.T) {
	t.Parallel()
	c := NewCrowd(3, 0.6)
	for u := int64(1); u <= 3; u++ {
		c.Vote(u, "K", "food")
	}
	c.Vote(1, "K", "restaurants") // food 2, restaurants 1: 67 %
	if got := consensus(t, c, "K"); got != "food" {
		t.Fatalf("after one change got %q, want food", got)
	}
	c.Vote(2, "K", "restaurants") // food 1, restaurants 2
	if got := consensus(t, c, "K"); got != "restaurants" {
		t.Fatalf("after two changes got %q, want restaurants", got)
	}
	if n := c.Voters("K"); n != 3 {
		t.Fatalf("%d voters, want 3", n)
	}
}

func TestCrowdOneVotePerUser(t *testing.T) {
	t.Parallel()
	c := NewCrowd(3, 0.6)
	for range 50 {
		c.Vote(7, "K", "shopping")
	}
	if n := c.Voters("K"); n != 1 {
		t.Fatalf("%d voters, want 1", n)
	}
	if got := consensus(t, c, "K"); got != "-" {
		t.Fatalf("one user voting 50 times gave %q", got)
	}
}

func TestCrowdShareThreshold(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		votes []string
		want  string
	}{
		{"3 of 5 is 60 %", []string{"food", "food", "food", "gas", "gas"}, "food"},
		{"2 of 4 is 50 %", []string{"food", "food", "gas", "gas"}, "-"},
		{"2 of 3 is 67 %", []string{"gas", "food", "gas"}, "gas"},
		{"3 of 6 is 50 %", []string{"food", "gas", "food", "kids", "food", "gas"}, "-"},
		{"6 of 10 is 60 %", []string{"a", "a", "a", "a", "a", "a", "b", "b", "c", "d"}, "a"},
		{"5 of 9 is 56 %", []string{"a", "a", "a", "a", "a", "b", "b", "c", "d"}, "-"},
	} {
		c := NewCrowd(3, 0.6)
		for u, cat := range tc.votes {
			c.Vote(int64(u), "K", cat)
		}
		if got := consensus(t, c, "K"); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestCrowdLeaderLosesVotes: when the leading category loses votes, the next
// one takes the lead.
func TestCrowdLeaderLosesVotes(t *testing.T) {
	t.Parallel()
	c := NewCrowd(3, 0.6)
	c.Load([]Vote{
		{1, "K", "food"}, {2, "K", "food"}, {3, "K", "food"},
		{4, "K", "gas"}, {5, "K", "gas"},
	})
	if got := consensus(t, c, "K"); got != "food" {
		t.Fatalf("got %q, want food", got)
	}
	c.Unvote(1, "K")
	c.Unvote(2, "K") // food 1, gas 2 of 3
	if got := consensus(t, c, "K"); got != "gas" {
		t.Fatalf("after the leader lost two votes got %q, want gas", got)
	}
	c.Unvote(4, "K") // food 1, gas 1: two voters
	if got := consensus(t, c, "K"); got != "-" {
		t.Fatalf("with two voters got %q", got)
	}
	c.Unvote(3, "K")
	c.Unvote(5, "K")
	c.Unvote(5, "K") // twice: no-op
	if n := c.Voters("K"); n != 0 {
		t.Fatalf("%d voters after all withdrew", n)
	}
}

func TestCrowdDefaults(t *testing.T) {
	t.Parallel()
	c := NewCrowd(0, 0)
	if c.minVoters != DefaultCrowdVoters || c.minShare != DefaultCrowdShare {
		t.Fatalf("defaults %d, %v", c.minVoters, c.minShare)
	}
	c.Vote(1, "", "food")
	c.Vote(1, "K", "")
	if n := c.Voters("") + c.Voters("K"); n != 0 {
		t.Fatalf("empty key or category counted: %d", n)
	}
}

// TestCrowdMatchesRecount drives random votes, changes and withdrawals and
// compares every merchant's consensus with a recount from scratch.
func TestCrowdMatchesRecount(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	c := NewCrowd(3, 0.6)
	votes := map[voter]string{}
	keys := []string{"A", "B", "C"}
	cats := []string{"food", "gas", "shopping", "travel"}
	for step := range 20_000 {
		v := voter{int64(r.IntN(12)), keys[r.IntN(len(keys))]}
		if r.IntN(5) == 0 {
			c.Unvote(v.user, v.key)
			delete(votes, v)
		} else {
			cat := cats[r.IntN(len(cats))]
			c.Vote(v.user, v.key, cat)
			votes[v] = cat
		}
		for _, k := range keys {
			counts, total := map[string]int{}, 0
			for v, cat := range votes {
				if v.key == k {
					counts[cat]++
					total++
				}
			}
			want := "-"
			for cat, n := range counts {
				if total >= 3 && float64(n)/float64(total) >= 0.6-1e-9 {
					want = cat
				}
			}
			if got := consensus(t, c, k); got != want {
				t.Fatalf("step %d, merchant %s: got %q, recount %q (%v)", step, k, got, want, counts)
			}
			if n := c.Voters(k); n != total {
				t.Fatalf("step %d, merchant %s: %d voters, recount %d", step, k, n, total)
			}
		}
	}
}

func TestCrowdConcurrent(t *testing.T) {
	t.Parallel()
	c := NewCrowd(3, 0.6)
	const goroutines, users = 8, 50
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for u := range users {
				id := int64(g*users + u)
				key := fmt.Sprintf("M%d", u%5)
				c.Vote(id, key, "gas")
				c.Consensus(key)
				c.Vote(id, key, "food")
				c.Unvote(id, "SHARED")
				c.Vote(id, "SHARED", "kids")
				c.Voters(key)
			}
		})
	}
	wg.Wait()
	for m := range 5 {
		key := fmt.Sprintf("M%d", m)
		if got := consensus(t, c, key); got != "food" {
			t.Errorf("%s: got %q, want food", key, got)
		}
		if n := c.Voters(key); n != goroutines*users/5 {
			t.Errorf("%s: %d voters, want %d", key, n, goroutines*users/5)
		}
	}
	if n := c.Voters("SHARED"); n != goroutines*users {
		t.Errorf("SHARED: %d voters, want %d", n, goroutines*users)
	}
}

// TestCategorizerAsksTheCrowd: the crowd files a merchant the seller map does
// not know, before weak keywords and the institution's code, and never
// overrides the seller map.
func TestCategorizerAsksTheCrowd(t *testing.T) {
	t.Parallel()
	sellers, err := Seeded()
	if err != nil {
		t.Fatal(err)
	}
	crowd := NewCrowd(3, 0.6)
	cat := &Categorizer{Sellers: sellers, Crowd: crowd}
	for u := range int64(3) {
		crowd.Vote(u, "LUIGIS PIZZA", centavo.CatRestaurants)
		crowd.Vote(u, "JOES RENT A CAR", centavo.CatTransport)
		crowd.Vote(u, "STARBUCKS STORE", centavo.CatFood)
	}
	for _, tc := range []struct {
		in             Input
		category, from string
	}{
		{Input{Descriptor: "CLOVER *LUIGIS PIZZA"}, centavo.CatRestaurants, centavo.SourceCrowd},
		{Input{Descriptor: "JOES RENT A CAR ORLANDO FL"}, centavo.CatTransport, centavo.SourceCrowd},
		{Input{Descriptor: "STARBUCKS STORE 05873 SEATTLE WA"}, centavo.CatRestaurants, centavo.SourceSeed},
		{Input{Descriptor: "MARIOS RENT A CAR ORLANDO FL"}, centavo.CatTravel, centavo.SourceSeed},
		{Input{Descriptor: "SOME LOCAL SHOP", TrnType: "XFER"}, centavo.CatTransfer, centavo.SourceMCC},
		{Input{Descriptor: "SOME LOCAL SHOP"}, centavo.CatUncategorized, centavo.SourceNone},
	} {
		r := cat.Categorize(tc.in)
		if r.Category != tc.category || r.Source != tc.from {
			t.Errorf("%q: got %s from %s, want %s from %s", tc.in.Descriptor, r.Category, r.Source, tc.category, tc.from)
		}
	}
}
