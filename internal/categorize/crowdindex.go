package categorize

import "sync"

// CrowdIndex is the crowd's consensus built from vote counts rather than
// from the votes themselves: each shard keeps, in SQL, how many of its users
// voted each category for each merchant (one vote per user and merchant, so
// counts add up across shards to distinct voters); every process merges the
// shards' counts here. Memory is proportional to (merchant, category) pairs,
// not to votes, and Consensus is O(1). Safe for concurrent use.
type CrowdIndex struct {
	minVoters int64
	minShare  float64

	mu        sync.RWMutex
	counts    map[shardCount]int64 // (shard, merchant, category) → voters
	merchants map[string]*merged
}

var _ Consensus = (*CrowdIndex)(nil)

type shardCount struct {
	shard    int
	key      string
	category string
}

// merged is one merchant's counts over every shard.
type merged struct {
	byCategory map[string]int64
	total      int64
	top        string
}

// Defaults for NewCrowdIndex's arguments when they are out of range: a
// merchant's category is the crowd's when at least three users voted and
// 60 % of them agree.
const (
	DefaultCrowdVoters = 3
	DefaultCrowdShare  = 0.6
)

// NewCrowdIndex returns an empty index. minVoters below 1 means
// DefaultCrowdVoters; minShare outside (0, 1] means DefaultCrowdShare.
func NewCrowdIndex(minVoters int, minShare float64) *CrowdIndex {
	if minVoters < 1 {
		minVoters = DefaultCrowdVoters
	}
	if !(minShare > 0 && minShare <= 1) {
		minShare = DefaultCrowdShare
	}
	return &CrowdIndex{minVoters: int64(minVoters), minShare: minShare, counts: map[shardCount]int64{}, merchants: map[string]*merged{}}
}

// Set records that voters users of a shard voted category for the merchant.
func (c *CrowdIndex) Set(shard int, key, category string, voters int64) {
	if voters < 0 {
		voters = 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := shardCount{shard, key, category}
	delta := voters - c.counts[k]
	if delta == 0 {
		return
	}
	if voters == 0 {
		delete(c.counts, k)
	} else {
		c.counts[k] = voters
	}
	m := c.merchants[key]
	if m == nil {
		m = &merged{byCategory: map[string]int64{}}
		c.merchants[key] = m
	}
	m.byCategory[category] += delta
	m.total += delta
	if m.byCategory[category] <= 0 {
		delete(m.byCategory, category)
	}
	// A merchant has few categories: finding the leader again is cheap.
	m.top = ""
	var best int64
	for cat, n := range m.byCategory {
		if n > best || (n == best && cat < m.top) {
			m.top, best = cat, n
		}
	}
	if m.total <= 0 {
		delete(c.merchants, key)
	}
}

// Consensus returns the crowd's category for a merchant when enough users
// voted and the leading category has a large enough share.
func (c *CrowdIndex) Consensus(key string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	m := c.merchants[key]
	if m == nil || m.total < c.minVoters || m.top == "" {
		return "", false
	}
	if float64(m.byCategory[m.top]) < c.minShare*float64(m.total) {
		return "", false
	}
	return m.top, true
}

// Voters is how many users voted on the merchant.
func (c *CrowdIndex) Voters(key string) int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if m := c.merchants[key]; m != nil {
		return m.total
	}
	return 0
}
