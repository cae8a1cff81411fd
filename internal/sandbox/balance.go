package sandbox

import (
	"fmt"
	"time"

	"github.com/centavo/centavo"
)

// Balances. An account's closing balance on a day is a function of the
// customer and the date, like its transactions, and is what they add up to:
//
//   - the card is paid on the 25th for the whole previous month, so what it
//     owes at the end of day d is its charges (net of refunds) since the 1st
//     of d's month, or of the month before when d is before the 25th;
//   - checking ends every month at a target near the customer's cushion: on
//     the last day a sweep moves what is above it to savings (or brings back
//     what is missing), so its balance at the end of day d is the previous
//     month's target plus what posted since the 1st.
//
// Neither needs more than two months of history, and a statement's
// LEDGERBAL is its opening balance plus its transactions, whatever the
// window. Balances have the OFX sign: a card's is negative when it owes.

// acctIndex maps an OFX account type to onChecking or onCard.
func acctIndex(acctType string) int {
	if acctType == "CREDITCARD" {
		return onCard
	}
	return onChecking
}

func firstOfMonth(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func lastOfMonth(day time.Time) bool { return day.AddDate(0, 0, 1).Day() == 1 }

// target is checking's balance at the end of the month that ends on
// monthEnd: the cushion, give or take up to $500.
func (g *generator) target(monthEnd time.Time) int64 {
	r := seed(g.c.N, "target", monthEnd.Format("200601"))
	return g.p.cushionCents - 50_000 + r.Int64N(100_001)
}

// sweep is the month-end transfer between checking and savings that brings
// checking to the month's target, on the month's last day.
func (g *generator) sweep(day time.Time) (Txn, bool) {
	if !lastOfMonth(day) {
		return Txn{}, false
	}
	start := firstOfMonth(day)
	amount := g.target(day) - g.target(start.AddDate(0, 0, -1))
	for d := start; !d.After(day); d = d.AddDate(0, 0, 1) {
		for _, t := range g.dayTxns(onChecking, d, paymentRows) {
			amount -= t.AmountCents
		}
	}
	if amount == 0 {
		return Txn{}, false
	}
	key := dayKey(day)
	ref := digits(seed(g.c.N, "sweep", key), 7)
	name := fmt.Sprintf("ONLINE TRANSFER TO SAV XXXXXX%04d REF #IB0%s", g.c.N%10_000, ref)
	if amount > 0 {
		name = fmt.Sprintf("ONLINE TRANSFER FROM SAV XXXXXX%04d REF #IB0%s", g.c.N%10_000, ref)
	}
	return Txn{FITID: key + "V", Posted: day.Add(12 * time.Hour), AmountCents: amount, TrnType: "XFER",
		Name: name, Category: centavo.CatTransfer, Merchant: "Sandbox Bank"}, true
}

// closing is the account's balance at the end of the day, computed forward
// from the month's start (see the top of this file).
func (g *generator) closing(acct int, day time.Time) int64 {
	start := firstOfMonth(day)
	var bal int64
	which := allRows
	if acct == onCard {
		// Charges only: the payments inside the range pay for months
		// before it.
		which = baseRows
		if day.Day() < cardPayDay {
			start = start.AddDate(0, -1, 0)
		}
	} else {
		bal = g.target(start.AddDate(0, 0, -1))
	}
	for d := start; !d.After(day); d = d.AddDate(0, 0, 1) {
		for _, t := range g.dayTxns(acct, d, which) {
			bal += t.AmountCents
		}
	}
	return bal
}

// Balance is the account's ledger balance at the end of today: the
// statement's LEDGERBAL and SimpleFIN's balance (negative for a card that
// owes).
func (c Customer) Balance(acctType string, today time.Time) int64 {
	return c.generator().closing(acctIndex(acctType), truncDay(today))
}

// AvailableBalance is AVAILBAL and SimpleFIN's available-balance: the
// balance for checking (nothing is pending), what is left of the limit for
// the card.
func (c Customer) AvailableBalance(acctType string, today time.Time) int64 {
	bal := c.Balance(acctType, today)
	if acctIndex(acctType) == onCard {
		return c.CardLimitCents() + bal
	}
	return bal
}

// CardLimitCents is the card's credit limit.
func (c Customer) CardLimitCents() int64 { return c.profile().cardLimitCents }

// DayBalance is an account's balance at the end of a day (00:00 UTC).
type DayBalance struct {
	Date         time.Time
	BalanceCents int64
}

// ClosingBalances is, for each day from from to to (inclusive; clipped to
// today and to the day before the history starts, whose closing balance is
// the history's opening balance), the account's balance at the end of that
// day, rebuilt from what the bank serves as of today: the ledger balance
// minus what posted after the day. It is what a client that downloaded the
// whole history today should find.
func (c Customer) ClosingBalances(acctType string, from, to, today time.Time) []DayBalance {
	today = truncDay(today)
	from, to = truncDay(from), truncDay(to)
	if opening := today.AddDate(0, 0, -HistoryDays-1); from.Before(opening) {
		from = opening
	}
	if to.After(today) {
		to = today
	}
	if to.Before(from) {
		return nil
	}
	net := map[time.Time]int64{}
	for _, t := range c.Transactions(acctType, from.AddDate(0, 0, 1), today, today) {
		net[truncDay(t.Posted)] += t.AmountCents
	}
	bal := c.Balance(acctType, today)
	for d := today; d.After(to); d = d.AddDate(0, 0, -1) {
		bal -= net[d]
	}
	out := make([]DayBalance, int(to.Sub(from).Hours()/24)+1)
	for i, d := len(out)-1, to; i >= 0; i, d = i-1, d.AddDate(0, 0, -1) {
		out[i] = DayBalance{Date: d, BalanceCents: bal}
		bal -= net[d]
	}
	return out
}
