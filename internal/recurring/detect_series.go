package recurring

import (
	"sort"
	"time"

	centavo "github.com/centavo/centavo"
)

// maxMissed bounds Series.Missed: two end a series, a few more say for how
// long it has been over.
const maxMissed = 12

// confident is how many occurrences a series whose amount varies needs
// not to be Tentative: purchases at a merchant line up three or four times
// by chance more often than a fixed price repeats.
const confident = 5

// build turns a chain into a series as of today, if it has occurrences
// enough. loose says the chain's amounts were not clustered: it is a
// series whose amount varies unless they are a few fixed prices in turn
// (at most one change of price for every three occurrences).
func build(groupKey string, seg segment, loose bool, today centavo.Day) (Series, bool) {
	rows := seg.rows
	sp := classify(seg)
	n := len(rows)
	varies := loose && steps(rows)*3 > n
	tentative := false
	switch {
	case n >= 3:
		// Three weeks, or a month and a half of a semimonthly
		// series, are short evidence: purchases line up so by chance.
		tentative = (varies && n < confident) || (sp.name == Weekly && n < 4) || (sp.name == Semimonthly && n < confident)
	case n == 2 && sp.name == Annual:
		tentative = true
	default:
		return Series{}, false
	}
	last := rows[n-1]
	s := Series{
		Key:         groupKey + "|" + sp.name + "|" + rows[0].Date.String(),
		MerchantKey: last.MerchantKey, Merchant: last.Merchant, Category: last.Category,
		AccountID: last.AccountID, Currency: last.Currency, Cadence: sp.name,
		Income: last.AmountCents > 0, LastDate: last.Date, Tentative: tentative,
		Occurrences: make([]Occurrence, n),
	}
	amounts := make([]int64, n)
	for i, r := range rows {
		s.Occurrences[i] = Occurrence{TxnID: r.ID, Date: r.Date, AmountCents: r.AmountCents}
		amounts[i] = r.AmountCents
	}
	if varies {
		s.AmountCents = median(amounts)
		s.NextAmountCents = median(amounts[max(0, n-3):])
		lo, hi := abs(amounts[0]), abs(amounts[0])
		for _, a := range amounts {
			lo, hi = min(lo, abs(a)), max(hi, abs(a))
		}
		s.AmountVaries = hi-lo > max(abs(s.AmountCents)*5/100, 100)
	} else {
		s.AmountCents, s.NextAmountCents = last.AmountCents, last.AmountCents
	}
	if !s.AmountVaries {
		s.PriceChanges = priceChanges(rows)
	}
	s.DueDay = dueDay(rows, sp)
	s.NextDate = nextDate(rows, sp, s.DueDay)
	for e := s.NextDate; e+centavo.Day(sp.grace) < today && len(s.Missed) < maxMissed; e = step(e, sp, s.DueDay) {
		s.Missed = append(s.Missed, e)
	}
	s.Status = Active
	if len(s.Missed) >= 2 {
		s.Status = Ended
	}
	return s, true
}

// steps counts the changes of amount (more than the tolerance) from one
// row to the next.
func steps(rows []Txn) int {
	k := 0
	for i := 1; i < len(rows); i++ {
		a, b := abs(rows[i-1].AmountCents), abs(rows[i].AmountCents)
		if d := abs(a - b); d > tolerance(min(a, b)) {
			k++
		}
	}
	return k
}

// classify tells biweekly from semimonthly by the chain's mean gap (14
// days against 365/24 ≈ 15.2).
func classify(seg segment) spec {
	if seg.spec.name != Biweekly || len(seg.rows) < 3 {
		return seg.spec
	}
	span := int(seg.rows[len(seg.rows)-1].Date - seg.rows[0].Date)
	if span*10 > 146*(len(seg.rows)-1) {
		return specOf(Semimonthly)
	}
	return seg.spec
}

// priceChanges are the rises of more than 5 % or $1 from one occurrence to
// the next (a trial's $1 to the first paid charge is one).
func priceChanges(rows []Txn) []PriceChange {
	var out []PriceChange
	for i := 1; i < len(rows); i++ {
		from, to := abs(rows[i-1].AmountCents), abs(rows[i].AmountCents)
		if rise := to - from; rise > 0 && (rise*100 > from*5 || rise > 100) {
			out = append(out, PriceChange{TxnID: rows[i].ID, Date: rows[i].Date, FromCents: from, ToCents: to})
		}
	}
	return out
}

func median(v []int64) int64 {
	s := append([]int64(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// dueDay is a calendar cadence's nominal day of the month: the most common
// day of its occurrences (a charge moved off a weekend, or to a short
// month's last day, is the exception); the smallest of equally common ones.
// Weekly cadences have none (0).
func dueDay(rows []Txn, sp spec) int {
	if sp.months == 0 && sp.name != Semimonthly {
		return 0
	}
	var count [32]int
	for _, r := range rows {
		count[r.Date.Time().Day()]++
	}
	best := 1
	for d := 1; d <= 31; d++ {
		if count[d] > count[best] {
			best = d
		}
	}
	return best
}

// inMonth is day d of month index mi (months since year 0), or the month's
// last day.
func inMonth(mi, d int) centavo.Day {
	first := time.Date(mi/12, time.Month(mi%12+1), 1, 0, 0, 0, 0, time.UTC)
	return centavo.DayOf(first) + centavo.Day(min(d, first.AddDate(0, 1, -1).Day())-1)
}

func monthIndex(d centavo.Day) int {
	t := d.Time()
	return t.Year()*12 + int(t.Month()) - 1
}

// nextDate is the due date after the last occurrence.
func nextDate(rows []Txn, sp spec, due int) centavo.Day {
	last := rows[len(rows)-1].Date
	switch {
	case sp.name == Semimonthly:
		// A month after the occurrence before the last.
		ref := rows[max(0, len(rows)-2)].Date
		return inMonth(monthIndex(ref)+1, ref.Time().Day())
	case sp.months > 0:
		// The due date nearest the last occurrence, then a period on.
		mi := monthIndex(last)
		nominal := inMonth(mi, due)
		for _, m := range []int{mi - 1, mi + 1} {
			if c := inMonth(m, due); absInt(int(c-last)) < absInt(int(nominal-last)) {
				nominal = c
			}
		}
		return inMonth(monthIndex(nominal)+sp.months, due)
	}
	// The weekday most occurrences fell on, nearest the last one.
	wd := weekday(rows)
	nominal := last
	for delta := -3; delta <= 3; delta++ {
		if int((last + centavo.Day(delta)).Time().Weekday()) == wd {
			nominal = last + centavo.Day(delta)
			break
		}
	}
	return nominal + centavo.Day(sp.days)
}

// weekday is the day of the week most rows fell on.
func weekday(rows []Txn) int {
	var count [7]int
	for _, r := range rows {
		count[r.Date.Time().Weekday()]++
	}
	wd := 0
	for d := range 7 {
		if count[d] > count[wd] {
			wd = d
		}
	}
	return wd
}

// step is the due date after due date d.
func step(d centavo.Day, sp spec, due int) centavo.Day {
	switch {
	case sp.name == Semimonthly:
		return d + 15
	case sp.months > 0:
		return inMonth(monthIndex(d)+sp.months, due)
	}
	return d + centavo.Day(sp.days)
}

// Expected lists the series' due dates from from to to (inclusive),
// starting at NextDate: none for an ended series. Calendar cadences keep
// DueDay (a series due on the 31st is due on the 30th in April and on the
// 31st again in May); a bank may post a charge due on a weekend on the
// Friday or the Monday.
func (s Series) Expected(from, to centavo.Day) []centavo.Day {
	if s.Status == Ended || s.NextDate == 0 || to < from {
		return nil
	}
	sp := specOf(s.Cadence)
	due := s.DueDay
	if due == 0 {
		due = s.NextDate.Time().Day()
	}
	var out []centavo.Day
	for d := s.NextDate; d <= to; d = step(d, sp, due) {
		if d >= from {
			out = append(out, d)
		}
	}
	return out
}
