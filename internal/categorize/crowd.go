package categorize

import "sync"

// Vote is one user's category for one merchant key.
type Vote struct {
	UserID   int64
	Key      string
	Category string
}

// Crowd is the users' consensus on merchants' categories, kept in memory
// (loaded from the store's votes at start, then fed each recategorization).
// Each user has at most one vote per merchant; voting again replaces the
// vote. A merchant has a consensus when at least minVoters users voted and
// the leading category holds at least minShare of the votes. Consensus is
// O(1): each merchant keeps its counts and the leading category, updated on
// every vote. It is safe for concurrent use.
type Crowd struct {
	minVoters int
	minShare  float64

	mu        sync.RWMutex
	votes     map[voter]string  // the category each user gave each merchant
	merchants map[string]*tally // by merchant key
}

var _ Consensus = (*Crowd)(nil)

type voter struct {
	user int64
	key  string
}

// tally is one merchant's votes: a count per category (few per merchant) and
// the index of the leading one.
type tally struct {
	counts []categoryCount
	total  int
	top    int // index in counts of the category with the most votes
}

type categoryCount struct {
	category string
	n        int
}

// Defaults for NewCrowd's arguments when they are out of range.
const (
	DefaultCrowdVoters = 3
	DefaultCrowdShare  = 0.6
)

// NewCrowd returns an empty crowd. minVoters below 1 means
// DefaultCrowdVoters; minShare outside (0, 1] means DefaultCrowdShare.
func NewCrowd(minVoters int, minShare float64) *Crowd {
	if minVoters < 1 {
		minVoters = DefaultCrowdVoters
	}
	if !(minShare > 0 && minShare <= 1) {
		minShare = DefaultCrowdShare
	}
	return &Crowd{minVoters: minVoters, minShare: minShare, votes: map[voter]string{}, merchants: map[string]*tally{}}
}

// Vote records that the user files the merchant under category, replacing
// the user's earlier vote for it. An empty key or category is ignored.
func (c *Crowd) Vote(userID int64, key, category string) {
	if key == "" || category == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.vote(userID, key, category)
}

// Unvote withdraws the user's vote for the merchant, if any.
func (c *Crowd) Unvote(userID int64, key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := voter{userID, key}
	old, ok := c.votes[v]
	if !ok {
		return
	}
	delete(c.votes, v)
	c.remove(key, old)
}

// Load records many votes at once (at start, from the store); later votes
// of a user for a merchant replace earlier ones.
func (c *Crowd) Load(votes []Vote) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range votes {
		if v.Key != "" && v.Category != "" {
			c.vote(v.UserID, v.Key, v.Category)
		}
	}
}

// Consensus returns the merchant's crowd category, if enough users agree.
func (c *Crowd) Consensus(key string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	t := c.merchants[key]
	if t == nil || t.total < c.minVoters {
		return "", false
	}
	top := t.counts[t.top]
	// A small tolerance so that 3 of 5 meets 60 % despite floating point.
	if float64(top.n) < c.minShare*float64(t.total)-1e-9 {
		return "", false
	}
	return top.category, true
}

// Voters returns how many users voted for the merchant.
func (c *Crowd) Voters(key string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if t := c.merchants[key]; t != nil {
		return t.total
	}
	return 0
}

func (c *Crowd) vote(userID int64, key, category string) {
	v := voter{userID, key}
	if old, ok := c.votes[v]; ok {
		if old == category {
			return
		}
		c.remove(key, old)
	}
	c.votes[v] = category
	t := c.merchants[key]
	if t == nil {
		t = &tally{}
		c.merchants[key] = t
	}
	i := t.index(category)
	if i < 0 {
		i = len(t.counts)
		t.counts = append(t.counts, categoryCount{category: category})
	}
	t.counts[i].n++
	t.total++
	// A count that grows can only take the lead (ties keep the leader).
	if t.counts[i].n > t.counts[t.top].n {
		t.top = i
	}
}

// remove takes one vote for category off the merchant's tally.
func (c *Crowd) remove(key, category string) {
	t := c.merchants[key]
	if t == nil {
		return
	}
	i := t.index(category)
	if i < 0 {
		return
	}
	t.counts[i].n--
	t.total--
	if t.total == 0 {
		delete(c.merchants, key)
		return
	}
	if t.counts[i].n == 0 {
		// Drop the category; the slice stays as short as the categories
		// that have votes.
		last := len(t.counts) - 1
		t.counts[i] = t.counts[last]
		t.counts = t.counts[:last]
		if t.top == last {
			t.top = i
		}
	}
	if t.top == i || t.top >= len(t.counts) {
		// The leader lost a vote: another category may now lead. The scan
		// is over this merchant's categories (at most the taxonomy's),
		// not over votes.
		t.top = 0
		for k := range t.counts {
			if t.counts[k].n > t.counts[t.top].n {
				t.top = k
			}
		}
	}
}

func (t *tally) index(category string) int {
	for i := range t.counts {
		if t.counts[i].category == category {
			return i
		}
	}
	return -1
}
