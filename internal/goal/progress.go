package goal

import (
	"math/bits"

	"github.com/centavo/centavo"
)

// Progress is where a goal stands on a day (docs/0037).
type Progress struct {
	// Percent of the target saved, 0 to 100 (floored; 100 once reached).
	Percent int
	Reached bool // saved ≥ target
	// MonthsLeft: calendar months from today to the target date, a part
	// month counting as one; at least 1 until the date passed, 0 after.
	MonthsLeft int
	// MonthlyNeededCents: what is left (target − saved, never below 0)
	// over MonthsLeft, rounded up; the whole remainder once PastDue.
	MonthlyNeededCents int64
	PastDue            bool // the target date passed and the goal is not reached
	// OnTrack: reached, or saved at least the straight line from nothing
	// on the day the goal was made to the target on its date, at today.
	OnTrack bool
}

// Measure says where g stands on day today with saved cents put by.
func Measure(g centavo.Goal, saved int64, today centavo.Day) Progress {
	var p Progress
	p.Reached = saved >= g.TargetCents
	left := max(g.TargetCents-saved, 0)
	switch {
	case p.Reached:
		p.Percent = 100
	case saved > 0:
		p.Percent = int(saved * 100 / g.TargetCents) // saved < target ≤ 1e15: no overflow
	}
	p.MonthsLeft = monthsBetween(today, g.TargetDate)
	switch {
	case today > g.TargetDate:
		p.MonthsLeft, p.MonthlyNeededCents, p.PastDue = 0, left, !p.Reached
	default:
		p.MonthlyNeededCents = (left + int64(p.MonthsLeft) - 1) / int64(p.MonthsLeft)
	}
	p.OnTrack = p.Reached || (!p.PastDue && onLine(g, saved, today))
	return p
}

// monthsBetween counts the calendar months from today to the target, a
// part month counting as one, at least 1 (both days in the month count:
// from 2026-12-07, 2027-03-07 is 3 months away, 2027-03-08 is 4).
func monthsBetween(today, target centavo.Day) int {
	a, b := today.Time(), target.Time()
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() > a.Day() {
		m++
	}
	return max(m, 1)
}

// onLine: saved ≥ target × elapsed / total, elapsed days since the goal
// was made and total its days from then to the target date (in 128 bits:
// target × days can pass int64).
func onLine(g centavo.Goal, saved int64, today centavo.Day) bool {
	start := centavo.DayOf(g.CreatedAt)
	total := int64(g.TargetDate - start)
	elapsed := int64(today - start)
	if total <= 0 || elapsed <= 0 {
		return saved >= 0
	}
	if saved <= 0 {
		return false
	}
	elapsed = min(elapsed, total)
	hiS, loS := bits.Mul64(uint64(saved), uint64(total))
	hiT, loT := bits.Mul64(uint64(g.TargetCents), uint64(elapsed))
	return hiS > hiT || (hiS == hiT && loS >= loT)
}
