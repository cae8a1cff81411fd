package account

import (
	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Reconstruct returns one account's closing balance of every day from
// from to to (inclusive), from the balances its sources reported (by day)
// and the net amounts of its posted rows per day (by day). A reported
// balance stands for its day; a day without one is carried backwards from
// the next report after it (balance of d−1 = balance of d minus d's net
// amount), and past the last report forwards from it. ok is false when the
// account has no report: its balance is unknown.
func Reconstruct(reports []centavo.Balance, days []store.AccountDay, from, to centavo.Day) (out []int64, ok bool) {
	if len(reports) == 0 || to < from {
		return nil, false
	}
	out = make([]int64, to-from+1)
	// The balance of day to: its report, or the next report's minus the
	// net amounts after to up to it, or the last report's plus those
	// after it up to to.
	r := 0 // the first report after to, or len(reports)
	for r < len(reports) && reports[r].Day <= to {
		r++
	}
	var bal int64
	switch {
	case r > 0 && reports[r-1].Day == to:
		bal = reports[r-1].Cents
	case r < len(reports):
		bal = reports[r].Cents - netBetween(days, to, reports[r].Day)
	default:
		last := reports[len(reports)-1]
		bal = last.Cents + netBetween(days, last.Day, to)
	}
	// Backwards from to: reports at or before to, newest first.
	ri := r - 1
	di := len(days) - 1
	for di >= 0 && days[di].Day > to {
		di--
	}
	for d := to; ; d-- {
		for ri >= 0 && reports[ri].Day > d {
			ri--
		}
		if ri >= 0 && reports[ri].Day == d {
			bal = reports[ri].Cents
		}
		out[d-from] = bal
		if d == from {
			return out, true
		}
		for di >= 0 && days[di].Day > d {
			di--
		}
		if di >= 0 && days[di].Day == d {
			bal -= days[di].AmountCents
		}
	}
}

// netBetween sums the net amounts of the days in (after, upTo].
func netBetween(days []store.AccountDay, after, upTo centavo.Day) int64 {
	var sum int64
	for _, d := range days {
		if d.Day > after && d.Day <= upTo {
			sum += d.AmountCents
		}
	}
	return sum
}

// Owed turns a balance in the sign of the account's rows into the balance
// the API shows: a liability's is what is owed (≥ 0 when owing).
func Owed(a centavo.Account, cents int64) int64 {
	if centavo.AccountKind(a) == centavo.KindLiability {
		return -cents
	}
	return cents
}
