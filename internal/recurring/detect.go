package recurring

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"

	centavo "github.com/centavo/centavo"
)

// Detection (docs/0034-recurring-detection.md). A user's transactions are
// grouped by merchant key, direction and currency. In each group:
//
//  1. fixed amounts: the rows are clustered by amount (within 2 %, at
//     least 10¢, of the cluster's smallest), and in each cluster the longest chain of
//     rows spaced by one of the cadences is found (a dynamic programme over
//     the rows in date order); chains of one cadence that follow each other
//     are one series whose price changed, and a $1 charge one period before
//     a chain is its trial;
//  2. amounts that vary: among the rows left, the longest chain at a
//     cadence is a series if it holds at least 4 of every 5 of the group's
//     rows in its span and its largest amount is at most twice its
//     smallest (a utility bill, not purchases that happen to line up).
//
// A series needs three occurrences; two of an annual one, or three of one
// whose amount varies, make it Tentative. Everything is O(n log n) in the
// number of rows (a chain looks back only over the rows within its
// cadence's window).

// spec is a cadence as detection sees it: the gaps between consecutive
// occurrences it accepts (weekend and month-length drift included), its
// nominal length, its length in months for the calendar ones, and the
// grace after an expected date before it counts as missed.
type spec struct {
	name         string
	lo, hi, days int
	months       int
	grace        int
}

// specs, from the most to the least frequent. The fortnightly gaps are
// one chain; biweekly or semimonthly is told by the mean gap (classify).
var specs = []spec{
	{Weekly, 5, 9, 7, 0, 3},
	{Biweekly, 11, 18, 14, 0, 4},
	{Monthly, 25, 35, 30, 1, 5},
	{Quarterly, 82, 100, 91, 3, 10},
	{Semiannual, 172, 193, 182, 6, 14},
	{Annual, 350, 380, 365, 12, 21},
}

func specOf(cadence string) spec {
	for _, s := range specs {
		if s.name == cadence {
			return s
		}
	}
	if cadence == Semimonthly {
		return spec{Semimonthly, 11, 18, 15, 0, 4}
	}
	return specs[2]
}

// tolerance is how far apart two charges of one price may be: 2 %, and at
// least 10¢ (taxes and currency rounding move a price a little).
func tolerance(cents int64) int64 { return max(cents/50, 10) }

// trialCents is the most a trial charge is.
const trialCents = 100

// group is one merchant's rows in one direction and currency, in date
// order.
type group struct {
	key  string
	rows []Txn
}

func detect(txns []Txn, today centavo.Day) []Series {
	sorted := make([]Txn, 0, len(txns))
	for _, t := range txns {
		if t.MerchantKey != "" && t.AmountCents != 0 && t.Date <= today {
			sorted = append(sorted, t)
		}
	}
	slices.SortFunc(sorted, compare)
	type groupKey struct {
		merchant, currency string
		in                 bool
	}
	groups := map[groupKey]*group{}
	var order []groupKey
	for _, t := range sorted {
		k := groupKey{t.MerchantKey, t.Currency, t.AmountCents > 0}
		g, ok := groups[k]
		if !ok {
			dir := "out"
			if k.in {
				dir = "in"
			}
			g = &group{key: t.MerchantKey + "|" + dir}
			groups[k] = g
			order = append(order, k)
		}
		g.rows = append(g.rows, t)
	}
	var out []Series
	for _, k := range order {
		out = append(out, groups[k].series(today)...)
	}
	// Series of one key (one merchant, direction and cadence from one day:
	// two currencies, two plans) in an order of their own, numbered from
	// the second: |2, |3…
	slices.SortFunc(out, func(a, b Series) int {
		return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.Currency, b.Currency),
			cmp.Compare(a.Occurrences[0].TxnID, b.Occurrences[0].TxnID))
	})
	n := 1
	for i := 1; i < len(out); i++ {
		base := strings.TrimSuffix(out[i-1].Key, "|"+strconv.Itoa(n))
		if out[i].Key != base {
			n = 1
			continue
		}
		n++
		out[i].Key += "|" + strconv.Itoa(n)
	}
	slices.SortFunc(out, func(a, b Series) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// compare orders rows by date, then amount, then id: the order of the
// input never matters.
func compare(a, b Txn) int {
	return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.AmountCents, b.AmountCents),
		cmp.Compare(a.ID, b.ID), cmp.Compare(a.AccountID, b.AccountID))
}

func less(a, b Txn) bool { return compare(a, b) < 0 }

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// segment is a chain of rows at one cadence.
type segment struct {
	spec spec
	rows []Txn
}

func (g *group) series(today centavo.Day) []Series {
	if len(g.rows) < 2 {
		return nil
	}
	used := make([]bool, len(g.rows))
	var out []Series
	// First the series that holds (nearly) all the merchant's rows: a
	// bill, whatever its amounts do.
	if s, seg, ok := g.varying(used, today); ok {
		out = append(out, s)
		mark(g.rows, used, seg.rows)
	}
	for _, seg := range mergeSegments(g.fixedSegments(used), g.rows, used) {
		if !inPhase(seg) || (len(seg.rows) == 3 && !samePrice(seg.rows)) {
			continue
		}
		if s, ok := build(g.key, seg, false, today); ok {
			out = append(out, s)
			mark(g.rows, used, seg.rows)
		}
	}
	if s, _, ok := g.varying(used, today); ok {
		out = append(out, s)
	}
	return out
}

// mark flags the group's rows that are in chain.
func mark(rows []Txn, used []bool, chain []Txn) {
	for _, c := range chain {
		i := sort.Search(len(rows), func(i int) bool { return !less(rows[i], c) })
		if i < len(rows) {
			used[i] = true
		}
	}
}

// fixedSegments finds, in each cluster of like amounts, its longest chains
// (two at most: two subscriptions at one price).
func (g *group) fixedSegments(used []bool) []segment {
	idx := make([]int, 0, len(g.rows))
	for i := range g.rows {
		if !used[i] {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return abs(g.rows[idx[a]].AmountCents) < abs(g.rows[idx[b]].AmountCents) })
	var out []segment
	for start := 0; start < len(idx); {
		lo := abs(g.rows[idx[start]].AmountCents)
		end := start + 1
		for end < len(idx) && abs(g.rows[idx[end]].AmountCents) <= lo+tolerance(lo) {
			end++
		}
		if end-start >= 2 {
			cl := make([]int, end-start)
			copy(cl, idx[start:end])
			sort.Ints(cl) // date order
			rows := make([]Txn, len(cl))
			for i, k := range cl {
				rows[i] = g.rows[k]
			}
			for range 2 {
				seg, ok := bestChain(rows)
				if !ok || len(seg.rows) < 2 {
					break
				}
				out = append(out, seg)
				rows = without(rows, seg.rows)
				if len(rows) < 3 {
					break
				}
			}
		}
		start = end
	}
	return out
}

// without is rows minus chain (both in date order).
func without(rows, chain []Txn) []Txn {
	out := make([]Txn, 0, len(rows)-len(chain))
	j := 0
	for _, r := range rows {
		if j < len(chain) && r.ID == chain[j].ID && r.Date == chain[j].Date {
			j++
			continue
		}
		out = append(out, r)
	}
	return out
}

// bestChain is the longest chain of rows over all cadences; of equally
// long ones, the most frequent cadence's.
func bestChain(rows []Txn) (segment, bool) {
	var best segment
	for _, sp := range specs {
		c := chain(rows, sp)
		if len(c) > len(best.rows) {
			best = segment{spec: sp, rows: c}
		}
	}
	return best, len(best.rows) > 0
}

// chain is the longest chain of rows (in date order) whose consecutive
// gaps are within the cadence's: a dynamic programme where each row looks
// back at the rows one gap before it, preferring the gap nearest the
// nominal one and then the nearest amount.
func chain(rows []Txn, sp spec) []Txn {
	n := len(rows)
	if n == 0 {
		return nil
	}
	length := make([]int32, n)
	prev := make([]int32, n)
	best := 0
	for i := range rows {
		length[i], prev[i] = 1, -1
		from := sort.Search(i, func(j int) bool { return rows[i].Date-rows[j].Date <= centavo.Day(sp.hi) })
		var bestCost int64
		for j := from; j < i; j++ {
			gap := int(rows[i].Date - rows[j].Date)
			if gap < sp.lo {
				break
			}
			l := length[j] + 1
			cost := int64(absInt(gap-sp.days))*1_000_000 + abs(abs(rows[i].AmountCents)-abs(rows[j].AmountCents))
			if l > length[i] || (l == length[i] && cost < bestCost) {
				length[i], prev[i], bestCost = l, int32(j), cost
			}
		}
		if length[i] >= length[best] {
			best = i
		}
	}
	out := make([]Txn, length[best])
	for i, k := len(out)-1, int32(best); k >= 0; i, k = i-1, prev[k] {
		out[i] = rows[k]
	}
	return out
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// mergeSegments joins segments of one cadence that follow each other (a
// price change) and puts a $1 trial before a segment it precedes by one
// period. Segments that overlap stay apart.
func mergeSegments(segs []segment, rows []Txn, used []bool) []segment {
	slices.SortFunc(segs, func(a, b segment) int { return compare(a.rows[0], b.rows[0]) })
	var out []segment
	taken := make([]bool, len(segs))
	for i := range segs {
		if taken[i] {
			continue
		}
		cur := segment{spec: segs[i].spec, rows: append([]Txn(nil), segs[i].rows...)}
		for j := i + 1; j < len(segs); j++ {
			last := cur.rows[len(cur.rows)-1]
			gap := int(segs[j].rows[0].Date - last.Date)
			if !taken[j] && segs[j].spec.name == cur.spec.name && gap >= cur.spec.lo && gap <= cur.spec.hi {
				cur.rows = append(cur.rows, segs[j].rows...)
				taken[j] = true
			}
		}
		cur.rows = withTrial(cur, rows, used)
		out = append(out, cur)
	}
	return out
}

// withTrial puts before the segment the $1 row (not in another series)
// one period before its first row, if there is one.
func withTrial(seg segment, rows []Txn, used []bool) []Txn {
	first := seg.rows[0]
	if abs(first.AmountCents) <= trialCents {
		return seg.rows
	}
	for i := len(rows) - 1; i >= 0; i-- {
		gap := int(first.Date - rows[i].Date)
		if gap > seg.spec.hi {
			break
		}
		if !used[i] && gap >= seg.spec.lo && abs(rows[i].AmountCents) <= trialCents {
			return append([]Txn{rows[i]}, seg.rows...)
		}
	}
	return seg.rows
}

// varying finds the series whose amount varies among the rows no fixed
// series took.
func (g *group) varying(used []bool, today centavo.Day) (Series, segment, bool) {
	left := g.rows
	if slices.Contains(used, true) {
		left = nil
		for i, r := range g.rows {
			if !used[i] {
				left = append(left, r)
			}
		}
	}
	if len(left) < 3 {
		return Series{}, segment{}, false
	}
	seg, ok := bestChain(left)
	if !ok || len(seg.rows) < 3 {
		return Series{}, segment{}, false
	}
	first, last := seg.rows[0].Date, seg.rows[len(seg.rows)-1].Date
	inSpan := 0
	for _, r := range left {
		if r.Date >= first && r.Date <= last {
			inSpan++
		}
	}
	lo, hi := abs(seg.rows[0].AmountCents), abs(seg.rows[0].AmountCents)
	for _, r := range seg.rows {
		lo, hi = min(lo, abs(r.AmountCents)), max(hi, abs(r.AmountCents))
	}
	if inSpan*4 > len(seg.rows)*5 || hi > 2*lo || !inPhase(seg) {
		return Series{}, segment{}, false
	}
	s, ok := build(g.key, seg, true, today)
	return s, seg, ok
}

// samePrice says the rows (a trial apart) charged the very same amount:
// what three occurrences of a fixed price need, where purchases of like
// amounts at a busy merchant line up by chance.
func samePrice(rows []Txn) bool {
	if abs(rows[0].AmountCents) <= trialCents {
		rows = rows[1:]
	}
	for _, r := range rows {
		if r.AmountCents != rows[0].AmountCents {
			return false
		}
	}
	return true
}

// inPhase says every row of the chain falls within 3 days of its due date
// (a calendar cadence's day of the month) or within a day of its weekday (a
// weekly or biweekly one): a bill keeps its date, purchases that happen to
// be a month apart drift.
func inPhase(seg segment) bool {
	sp := classify(seg)
	if sp.name == Semimonthly {
		// Each of its two days of the month is a monthly series.
		var a, b []Txn
		for i, r := range seg.rows {
			if i%2 == 0 {
				a = append(a, r)
			} else {
				b = append(b, r)
			}
		}
		m := specOf(Monthly)
		return inPhase(segment{m, a}) && inPhase(segment{m, b})
	}
	if due := dueDay(seg.rows, sp); due > 0 {
		for _, r := range seg.rows {
			nearest := 99
			mi := monthIndex(r.Date)
			for _, m := range []int{mi - 1, mi, mi + 1} {
				nearest = min(nearest, absInt(int(r.Date-inMonth(m, due))))
			}
			if nearest > 3 {
				return false
			}
		}
		return true
	}
	wd := weekday(seg.rows)
	for _, r := range seg.rows {
		if d := (int(r.Date.Time().Weekday()) - wd + 7) % 7; d > 1 && d < 6 {
			return false
		}
	}
	return true
}
