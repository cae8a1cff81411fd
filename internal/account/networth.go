package account

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Converter converts money between currencies at the rate of a day (the
// latest published on or before it); ok is false when it has no rate for
// that pair and day. rates.Service is one (the composition root sets it);
// without one, net worth leaves out the accounts in another currency than
// the user's.
type Converter interface {
	Convert(ctx context.Context, cents int64, from, to string, day time.Time) (int64, bool, error)
}

// Net worth intervals: a point at the end of each day, week (Sunday) or
// month, and one at the range's last day.
const (
	IntervalDay   = "day"
	IntervalWeek  = "week"
	IntervalMonth = "month"
)

// NetWorth is a user's net worth over a range of days, in their currency.
type NetWorth struct {
	Currency string
	Points   []NetWorthPoint
	// MissingRates names the currencies of accounts left out of some point
	// for want of a rate to the user's currency, sorted.
	MissingRates []string
}

// NetWorthPoint is what the user had and owed at the end of a day.
type NetWorthPoint struct {
	Day              centavo.Day
	AssetsCents      int64
	LiabilitiesCents int64
	NetWorthCents    int64 // AssetsCents − LiabilitiesCents
}

// NetWorthParams selects a net worth series.
type NetWorthParams struct {
	UserID   int64
	From, To centavo.Day
	Interval string
}

// NetWorth computes the user's net worth at the end of each interval from
// p.From to p.To: every account with a known balance, assets as they stand
// (an overdrawn checking account lowers them), liabilities as what is
// owed, investment accounts at their cash plus their latest holdings'
// market value from the day of that snapshot on.
func (s *Service) NetWorth(ctx context.Context, p NetWorthParams) (NetWorth, error) {
	if p.Interval != IntervalDay && p.Interval != IntervalWeek && p.Interval != IntervalMonth {
		return NetWorth{}, centavo.Errorf(centavo.EINVALID, "interval must be %q, %q or %q", IntervalDay, IntervalWeek, IntervalMonth)
	}
	if err := CheckRange(p.From, p.To); err != nil {
		return NetWorth{}, err
	}
	st, err := s.Cluster.ForUser(ctx, p.UserID)
	if err != nil {
		return NetWorth{}, fmt.Errorf("account: net worth: %w", err)
	}
	u, err := st.UserByID(ctx, p.UserID)
	if err != nil {
		return NetWorth{}, err
	}
	in, err := readNetWorthInputs(ctx, st, p)
	if err != nil {
		return NetWorth{}, err
	}
	nw := NetWorth{Currency: u.Currency}
	points := pointDays(p.From, p.To, p.Interval)
	nw.Points = make([]NetWorthPoint, len(points))
	for i, d := range points {
		nw.Points[i].Day = d
	}
	missing := map[string]bool{}
	for _, a := range in.accounts {
		series, ok := Reconstruct(in.reports[a.ID], in.days[a.ID], p.From, p.To)
		if !ok {
			continue
		}
		for i, d := range points {
			v := series[d-p.From] + in.holdingsOn(a, d, missing)
			v, ok, err := s.convert(ctx, v, a.Currency, u.Currency, d)
			if err != nil {
				return NetWorth{}, fmt.Errorf("account: net worth: %w", err)
			}
			if !ok {
				missing[a.Currency] = true
				continue
			}
			if centavo.AccountKind(a) == centavo.KindLiability {
				nw.Points[i].LiabilitiesCents -= v
			} else {
				nw.Points[i].AssetsCents += v
			}
		}
	}
	for i := range nw.Points {
		nw.Points[i].NetWorthCents = nw.Points[i].AssetsCents - nw.Points[i].LiabilitiesCents
	}
	for c := range missing {
		nw.MissingRates = append(nw.MissingRates, c)
	}
	slices.Sort(nw.MissingRates)
	return nw, nil
}

// convert takes cents from one currency to another at a day's rate.
func (s *Service) convert(ctx context.Context, cents int64, from, to string, d centavo.Day) (int64, bool, error) {
	if from == to {
		return cents, true, nil
	}
	if s.Rates == nil {
		return 0, false, nil
	}
	return s.Rates.Convert(ctx, cents, from, to, d.Time())
}

// netWorthInputs is what a net worth series is computed from.
type netWorthInputs struct {
	accounts []centavo.Account
	reports  map[int64][]centavo.Balance
	days     map[int64][]store.AccountDay
	holdings map[int64][]store.HoldingValue
}

// holdingsOn is the market value of the account's latest holdings in its
// own currency, on the days from that snapshot's on; holdings priced in
// another currency name it in missing (their conversion is for later).
func (in netWorthInputs) holdingsOn(a centavo.Account, d centavo.Day, missing map[string]bool) int64 {
	var sum int64
	for _, h := range in.holdings[a.ID] {
		if centavo.DayOf(h.AsOf) > d {
			continue
		}
		if h.Currency != "" && h.Currency != a.Currency {
			missing[h.Currency] = true
			continue
		}
		sum += h.Cents
	}
	return sum
}

// readNetWorthInputs reads the user's accounts, the reports from p.From on
// (and, for an account with none there, its latest before), the net
// amounts per day from the earliest of those on, and the holdings.
func readNetWorthInputs(ctx context.Context, st store.Reader, p NetWorthParams) (netWorthInputs, error) {
	in := netWorthInputs{reports: map[int64][]centavo.Balance{}, days: map[int64][]store.AccountDay{}, holdings: map[int64][]store.HoldingValue{}}
	var err error
	if in.accounts, err = st.Accounts(ctx, p.UserID); err != nil {
		return in, err
	}
	reports, err := st.Balances(ctx, store.DayFilter{UserID: p.UserID, Since: p.From})
	if err != nil {
		return in, err
	}
	byAccountRuns(in.reports, reports, func(b centavo.Balance) int64 { return b.AccountID })
	since := p.From
	if len(in.reports) < len(in.accounts) {
		// Some account has no report in the range: its latest before
		// carries it forwards.
		latest, err := st.LatestBalances(ctx, p.UserID)
		if err != nil {
			return in, err
		}
		for _, b := range latest {
			if b.Day < p.From {
				in.reports[b.AccountID] = []centavo.Balance{b}
				since = min(since, b.Day)
			}
		}
	}
	if !reportedDaily(in.reports, p.From, p.To) {
		days, err := st.AccountDays(ctx, store.DayFilter{UserID: p.UserID, Since: since})
		if err != nil {
			return in, err
		}
		byAccountRuns(in.days, days, func(d store.AccountDay) int64 { return d.AccountID })
	}
	values, err := st.HoldingValues(ctx, p.UserID)
	for _, v := range values {
		in.holdings[v.AccountID] = append(in.holdings[v.AccountID], v)
	}
	return in, err
}

// byAccountRuns sets into m each account's rows of list, which comes by
// account then day: each account's rows are a run of it, kept as a
// sub-slice (capped, so an append does not run into the next account's).
func byAccountRuns[T any](m map[int64][]T, list []T, account func(T) int64) {
	for i := 0; i < len(list); {
		j := i + 1
		for j < len(list) && account(list[j]) == account(list[i]) {
			j++
		}
		m[account(list[i])] = list[i:j:j]
		i = j
	}
}

// pointDays are the days of a series' points: each interval's last day in
// [from, to], and to.
func pointDays(from, to centavo.Day, interval string) []centavo.Day {
	var out []centavo.Day
	for d := from; d <= to; d++ {
		if d == to || periodEnd(d, interval) {
			out = append(out, d)
		}
	}
	return out
}

func periodEnd(d centavo.Day, interval string) bool {
	switch interval {
	case IntervalWeek:
		return d.Time().Weekday() == time.Sunday
	case IntervalMonth:
		return (d + 1).Time().Day() == 1
	}
	return true
}

// reportedDaily says whether every account with a report has one on every
// day from from to to: each day's balance is then its report, and the net
// amounts per day need not be read (what a daily refresh leaves).
func reportedDaily(reports map[int64][]centavo.Balance, from, to centavo.Day) bool {
	for _, list := range reports {
		n := 0
		for _, b := range list {
			if b.Day >= from && b.Day <= to {
				n++
			}
		}
		if centavo.Day(n) != to-from+1 {
			return false
		}
	}
	return true
}
