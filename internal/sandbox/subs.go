package sandbox

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/centavo/centavo"
)

// Subscriptions. Besides the monthly bills, a customer pays a few
// subscriptions of several cadences (docs/0008). Each is a periodic
// schedule anchored on absolute dates (a weekday, a day of the month, a
// month of the year), so a day's postings depend on the customer and the
// date alone. A cancellable one runs in stretches: on for some months, then
// off for long enough (more than two periods) that it cannot be mistaken
// for one series, then on again; each stretch may open with a $1 trial and
// may rise in price part-way through. Charges due on a weekend post on the
// Friday or the Monday for some of them, as banks do.

// Cadences of the sandbox's series: the names internal/recurring uses.
const (
	CadenceWeekly     = "weekly"
	CadenceBiweekly   = "biweekly"
	CadenceMonthly    = "monthly"
	CadenceQuarterly  = "quarterly"
	CadenceSemiannual = "semiannual"
	CadenceAnnual     = "annual"
)

// subSpec is a kind of subscription a customer may have.
type subSpec struct {
	merchant   string // a catalogue merchant's name
	descriptor int    // which of its descriptors the charge prints
	cadence    string
	lo, hi     int64 // the price is drawn in [lo, hi], then ends in 99
	account    int
}

// subSpecs: the weekly meal kit, the biweekly dog walker, monthly
// streaming and memberships (two at Apple, at different prices), the
// quarterly razors, the semiannual car insurance, the annual memberships.
var subSpecs = []subSpec{
	{"HelloFresh", 0, CadenceWeekly, 5900, 8900, onCard},
	{"Rover", 0, CadenceBiweekly, 2500, 4500, onCard},
	{"Netflix", 0, CadenceMonthly, 1500, 2300, onCard},
	{"Spotify", 1, CadenceMonthly, 1100, 1700, onCard},
	{"Hulu", 1, CadenceMonthly, 900, 1900, onCard},
	{"Disney+", 0, CadenceMonthly, 900, 1500, onCard},
	{"Max", 0, CadenceMonthly, 1000, 2000, onCard},
	{"YouTube Premium", 1, CadenceMonthly, 1300, 2200, onCard},
	{"Apple Services", 0, CadenceMonthly, 99, 300, onCard},
	{"Apple Services", 0, CadenceMonthly, 900, 1500, onCard},
	{"Planet Fitness", 0, CadenceMonthly, 1000, 2500, onChecking},
	{"Peloton", 0, CadenceMonthly, 1200, 4400, onCard},
	{"The New York Times", 2, CadenceMonthly, 400, 2500, onCard},
	{"Xbox", 1, CadenceMonthly, 1000, 1700, onCard},
	{"Dollar Shave Club", 0, CadenceQuarterly, 1500, 3000, onCard},
	{"GEICO", 1, CadenceSemiannual, 45000, 80000, onChecking},
	{"Amazon Prime", 0, CadenceAnnual, 13900, 13900, onCard},
	{"Calm", 0, CadenceAnnual, 6900, 7000, onCard},
	{"Duolingo", 0, CadenceAnnual, 8300, 8400, onCard},
}

// Weekend posting of a charge due on a Saturday or a Sunday.
const (
	onTheDay = iota // card charges post on weekends too
	onFriday        // moved back to the Friday before
	onMonday        // moved forward to the Monday after
)

// sub is one of a customer's subscriptions.
type sub struct {
	spec        subSpec
	cat         Merchant
	priceCents  int64
	anchor      centavo.Day // a nominal date: the schedule is anchor ± whole periods
	weekend     int
	stretchOn   int // days; 0: never cancelled
	stretchOff  int // days
	riseAt      int // days into a stretch; 0: no rise
	raisedCents int64
	trial       bool
}

// catalogueByName is the catalogue by merchant name (built once: every
// profile reads it).
var catalogueByName = sync.OnceValue(func() map[string]Merchant {
	byName := make(map[string]Merchant, len(Catalogue()))
	for _, m := range Catalogue() {
		byName[m.Name] = m
	}
	return byName
})

// subscriptions draws the customer's subscriptions from their own random
// stream (the rest of the profile draws as it did before there were any).
func (c Customer) subscriptions() []sub {
	r := seed(c.N, "subscriptions")
	byName := catalogueByName()
	// The chance of each kind, in percent.
	chance := map[string]int{CadenceWeekly: 25, CadenceBiweekly: 25, CadenceMonthly: 40,
		CadenceQuarterly: 40, CadenceSemiannual: 40, CadenceAnnual: 50}
	var out []sub
	for _, sp := range subSpecs {
		if r.IntN(100) >= chance[sp.cadence] {
			continue
		}
		s := sub{spec: sp, cat: byName[sp.merchant], weekend: r.IntN(3)}
		s.priceCents = price(r, sp.lo, sp.hi)
		// Anchored somewhere in a year around 2025 (the schedule repeats
		// both ways from it).
		s.anchor = centavo.DayOf(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) + centavo.Day(r.IntN(365))
		if sp.cadence == CadenceWeekly || sp.cadence == CadenceBiweekly || sp.cadence == CadenceMonthly {
			if r.IntN(2) == 0 {
				p := period(sp.cadence)
				s.stretchOn = 250 + r.IntN(500)
				s.stretchOff = 2*p + 30 + r.IntN(90)
				if r.IntN(2) == 0 {
					s.riseAt = 90 + r.IntN(s.stretchOn-120)
					s.raisedCents = s.priceCents + max(200, s.priceCents/10) + 100*r.Int64N(3)
				}
				s.trial = r.IntN(3) == 0
			}
		}
		out = append(out, s)
	}
	return out
}

// price draws a price ending in 99 cents in [lo, hi].
func price(r *rand.Rand, lo, hi int64) int64 {
	if lo >= hi {
		return lo
	}
	p := lo + r.Int64N(hi-lo+1)
	return max(99, p/100*100-1)
}

// period is a cadence's nominal length in days.
func period(cadence string) int {
	switch cadence {
	case CadenceWeekly:
		return 7
	case CadenceBiweekly:
		return 14
	case CadenceMonthly:
		return 30
	case CadenceQuarterly:
		return 91
	case CadenceSemiannual:
		return 182
	}
	return 365
}

// months is a calendar cadence's length in months (0 for the weekly ones).
func months(cadence string) int {
	switch cadence {
	case CadenceMonthly:
		return 1
	case CadenceQuarterly:
		return 3
	case CadenceSemiannual:
		return 6
	case CadenceAnnual:
		return 12
	}
	return 0
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// monthIndex counts months from year 0.
func monthIndex(d centavo.Day) int {
	t := d.Time()
	return t.Year()*12 + int(t.Month()) - 1
}

// dayInMonth is the day d of month index mi, or the month's last day.
func dayInMonth(mi, d int) centavo.Day {
	first := time.Date(mi/12, time.Month(mi%12+1), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return centavo.DayOf(first) + centavo.Day(min(d, last)-1)
}

// nominalFrom is the first nominal date on or after d.
func (s sub) nominalFrom(d centavo.Day) centavo.Day {
	if m := months(s.spec.cadence); m > 0 {
		dom := s.anchor.Time().Day()
		base := monthIndex(s.anchor)
		mi := monthIndex(d)
		mi = base + floorDiv(mi-base, m)*m
		for {
			if n := dayInMonth(mi, dom); n >= d {
				return n
			}
			mi += m
		}
	}
	p := period(s.spec.cadence)
	k := floorDiv(int(d-s.anchor)+p-1, p)
	return s.anchor + centavo.Day(k*p)
}

// next is the nominal date after nominal date n.
func (s sub) next(n centavo.Day) centavo.Day { return s.nominalFrom(n + 1) }

// stretch says which stretch a nominal date is in and how far into it, and
// whether the subscription is on then.
func (s sub) stretch(n centavo.Day) (index, offset int, on bool) {
	if s.stretchOn == 0 {
		return 0, int(n - s.anchor), true
	}
	l := s.stretchOn + s.stretchOff
	index = floorDiv(int(n-s.anchor), l)
	offset = int(n-s.anchor) - index*l
	return index, offset, offset < s.stretchOn
}

// posting is when a charge due on nominal date n posts.
func (s sub) posting(n centavo.Day) centavo.Day {
	wd := n.Time().Weekday()
	switch {
	case s.weekend == onFriday && wd == time.Saturday:
		return n - 1
	case s.weekend == onFriday && wd == time.Sunday:
		return n - 2
	case s.weekend == onMonday && wd == time.Saturday:
		return n + 2
	case s.weekend == onMonday && wd == time.Sunday:
		return n + 1
	}
	return n
}

// charge is the amount due on nominal date n (positive), if the
// subscription is on then.
func (s sub) charge(n centavo.Day) (int64, bool) {
	idx, off, on := s.stretch(n)
	if !on {
		return 0, false
	}
	if s.trial && s.stretchOn > 0 {
		prev := n - centavo.Day(period(s.spec.cadence)) - 3
		if pi, _, pon := s.stretch(s.nominalFrom(prev)); !pon || pi != idx {
			return 100, true
		}
	}
	if s.riseAt > 0 && off >= s.riseAt {
		return s.raisedCents, true
	}
	return s.priceCents, true
}

// subTxns are the subscription charges posted to the account on the day.
func (g *generator) subTxns(acct int, day time.Time) []Txn {
	d := centavo.DayOf(day)
	var out []Txn
	for i, s := range g.p.subs {
		if s.spec.account != acct {
			continue
		}
		for n := s.nominalFrom(d - 2); n <= d+2; n = s.next(n) {
			amt, ok := s.charge(n)
			if !ok || s.posting(n) != d {
				continue
			}
			key := dayKey(day)
			r := seed(g.c.N, "sub", key, fmt.Sprint(i))
			trnType := "DEBIT"
			if acct == onChecking {
				trnType = "PAYMENT"
			}
			out = append(out, Txn{FITID: fmt.Sprintf("%sU%02d", key, i), Posted: day.Add(12 * time.Hour), AmountCents: -amt,
				Name: fill(r, s.cat.Descriptors[s.spec.descriptor], day), TrnType: trnType, Category: s.cat.Category, Merchant: s.cat.Name})
		}
	}
	return out
}
