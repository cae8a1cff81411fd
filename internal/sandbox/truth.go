package sandbox

import (
	"sort"
	"time"

	"github.com/centavo/centavo"
)

// RecurringTruth is one of a customer's recurring series as the sandbox
// made it: what a detector of recurring bills should find in the history
// (transfers, the card payment and the savings sweep, are not series).
type RecurringTruth struct {
	Merchant string // as in Txn.Merchant
	Category string
	Cadence  string // Cadence*
	Income   bool
	// AmountCents is the latest charge (signed, like the transactions);
	// Varies says the amount varies from one occurrence to the next
	// within a band (a utility).
	AmountCents int64
	Varies      bool
	// Dates are the postings within the history, through today.
	Dates []time.Time
	// Ended: the subscription was cancelled on or before today.
	Ended bool
	// Next is the next posting after today, unless Ended.
	Next      time.Time
	PriceRise bool // the charge rose within the history
	Trial     bool // the first charge was a $1 trial
}

// Recurring lists the customer's series with at least one posting in the
// history as of today (HistoryDays back), sorted by merchant then first
// date: salary, rent, the monthly bills and the subscriptions.
func (c Customer) Recurring(today time.Time) []RecurringTruth {
	p := c.profile()
	cat := Catalogue()
	first := centavo.DayOf(truncDay(today).AddDate(0, 0, -HistoryDays))
	end := centavo.DayOf(today)
	monthlyOn := func(day int) centavo.Day { return centavo.DayOf(time.Date(2025, 1, day, 0, 0, 0, 0, time.UTC)) }
	var out []RecurringTruth
	always := func(merchant, category string, day int, cents int64, varies bool) {
		s := sub{spec: subSpec{cadence: CadenceMonthly}, anchor: monthlyOn(day), priceCents: cents}
		for _, t := range s.truth(first, end) {
			t.Merchant, t.Category, t.Varies, t.Income = merchant, category, varies, cents < 0
			out = append(out, t)
		}
	}
	always(p.employer, centavo.CatIncome, 1, -p.salaryCents, false)
	always(p.landlord, centavo.CatHousing, 1, p.rentCents, false)
	for i, b := range p.bills {
		m := cat[b.merchant]
		varies := m.Category == centavo.CatUtilities
		from := len(out)
		always(m.Name, m.Category, b.day, b.baseCents, varies)
		// A utility's latest amount is drawn for its month, as the bank
		// draws it.
		for j := from; varies && j < len(out); j++ {
			if d := out[j].Dates; len(d) > 0 {
				amt, _ := c.billDraw(b, i, dayKey(d[len(d)-1]))
				out[j].AmountCents = -amt
			}
		}
	}
	for _, s := range p.subs {
		for _, t := range s.truth(first, end) {
			t.Merchant, t.Category = s.cat.Name, s.cat.Category
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Merchant != out[j].Merchant {
			return out[i].Merchant < out[j].Merchant
		}
		return out[i].Dates[0].Before(out[j].Dates[0])
	})
	return out
}

// truth lists the subscription's stretches with a posting in [first, end]
// (amounts as charges, negative).
func (s sub) truth(first, end centavo.Day) []RecurringTruth {
	var out []RecurringTruth
	var cur *RecurringTruth
	curIdx := 0
	var lastAmt int64
	n := s.nominalFrom(first - 2)
	for ; s.posting(n) <= end; n = s.next(n) {
		amt, on := s.charge(n)
		at := s.posting(n)
		if !on || at < first {
			continue
		}
		idx, _, _ := s.stretch(n)
		if cur == nil || idx != curIdx {
			out = append(out, RecurringTruth{Cadence: s.spec.cadence})
			cur, curIdx, lastAmt = &out[len(out)-1], idx, 0
			cur.Trial = amt == 100 && s.trial
		} else if lastAmt != 0 && amt > lastAmt {
			cur.PriceRise = true
		}
		lastAmt = amt
		cur.Dates = append(cur.Dates, at.Time())
		cur.AmountCents = -amt
	}
	if cur == nil {
		return nil
	}
	for i := range out {
		out[i].Ended = true
	}
	// The last stretch goes on after today unless it ends by then.
	last := &out[len(out)-1]
	if idx, _, on := s.stretch(end); on && idx == curIdx {
		last.Ended = false
		last.Next = s.posting(n).Time()
	}
	return out
}
