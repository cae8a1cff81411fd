package rates

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"time"

	"github.com/centavo/centavo/internal/store"
)

// Converter converts an amount in minor units of one currency into another
// at the rate of a day. ok is false when a rate is missing (an unknown
// currency, or a day before its first published rate): the caller leaves
// the amount out, never adds it unconverted.
type Converter interface {
	Convert(ctx context.Context, cents int64, from, to string, day time.Time) (converted int64, ok bool, err error)
}

// dayRate is one published rate: units of the currency per euro.
type dayRate struct {
	day  string // YYYY-MM-DD: sorts as it reads
	rate *big.Rat
}

// Table is a set of rates, per currency in day order: a Converter. Its
// zero value has none (EUR is always 1, and a currency converts to itself).
type Table struct {
	byCurrency map[string][]dayRate
	// stopped holds the day after which a currency counts as no longer
	// published: its last rate plus staleAfter, for a currency whose last
	// rate is staleAfter older than the table's newest day (the ECB
	// stopped RUB in March 2022). Its old rate is not used for later days.
	stopped map[string]string
}

// staleAfter is how long a currency may go without a rate while the others
// have one before the table stops converting it.
const staleAfter = 14 * 24 * time.Hour

// decimal is a rate as the ECB writes it: digits, an optional point and
// decimals, nothing else (no sign, exponent or spaces).
var decimal = regexp.MustCompile(`^[0-9]{1,12}(\.[0-9]{1,12})?$`)

// parseRate reads an exact decimal rate; it must be positive.
func parseRate(s string) (*big.Rat, error) {
	if !decimal.MatchString(s) {
		return nil, fmt.Errorf("rate %q is not a decimal number", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() <= 0 {
		return nil, fmt.Errorf("rate %q is not a positive number", s)
	}
	return r, nil
}

// NewTable builds a table from stored rates; a later entry for the same
// currency and day replaces an earlier one.
func NewTable(rs []store.ExchangeRate) (*Table, error) {
	t := &Table{byCurrency: map[string][]dayRate{}}
	for _, r := range rs {
		v, err := parseRate(r.PerEUR)
		if err != nil {
			return nil, fmt.Errorf("rates: %s on %s: %w", r.Currency, r.Day, err)
		}
		t.byCurrency[r.Currency] = append(t.byCurrency[r.Currency], dayRate{day: r.Day, rate: v})
	}
	for c, list := range t.byCurrency {
		sort.SliceStable(list, func(i, j int) bool { return list[i].day < list[j].day })
		out := list[:0]
		for _, d := range list {
			if len(out) > 0 && out[len(out)-1].day == d.day {
				out[len(out)-1] = d
				continue
			}
			out = append(out, d)
		}
		t.byCurrency[c] = out
	}
	t.findStopped()
	return t, nil
}

// findStopped fills t.stopped (see Table).
func (t *Table) findStopped() {
	t.stopped = map[string]string{}
	newest := ""
	for _, list := range t.byCurrency {
		if n := len(list); n > 0 && list[n-1].day > newest {
			newest = list[n-1].day
		}
	}
	end, err := time.Parse(time.DateOnly, newest)
	if err != nil {
		return
	}
	for c, list := range t.byCurrency {
		if len(list) == 0 {
			continue
		}
		last, err := time.Parse(time.DateOnly, list[len(list)-1].day)
		if err == nil && end.Sub(last) > staleAfter {
			t.stopped[c] = last.Add(staleAfter).Format(time.DateOnly)
		}
	}
}

// Rate returns how many units of currency one euro bought on day: the
// latest rate published on or before it (a weekend takes Friday's).
func (t *Table) Rate(currency string, day time.Time) (*big.Rat, bool) {
	if currency == "EUR" {
		return big.NewRat(1, 1), true
	}
	list := t.byCurrency[currency]
	d := day.UTC().Format(time.DateOnly)
	i := sort.Search(len(list), func(i int) bool { return list[i].day > d })
	if i == 0 {
		return nil, false // before the first rate, or no rate at all
	}
	if stop, ok := t.stopped[currency]; ok && d > stop {
		return nil, false // no longer published: an old rate would be a guess
	}
	return list[i-1].rate, true
}

// Currencies lists the currencies with at least one rate, EUR included.
func (t *Table) Currencies() []string {
	out := []string{"EUR"}
	for c := range t.byCurrency {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Convert converts cents of from into minor units of to at day's rates,
// through the euro: cents × rate(to) × 10^exp(to) / (rate(from) × 10^exp(from)),
// rounded half away from zero. An out-of-range result is an error.
func (t *Table) Convert(_ context.Context, cents int64, from, to string, day time.Time) (int64, bool, error) {
	if from == to {
		return cents, true, nil
	}
	rf, ok := t.Rate(from, day)
	if !ok {
		return 0, false, nil
	}
	rt, ok := t.Rate(to, day)
	if !ok {
		return 0, false, nil
	}
	v := new(big.Rat).SetInt64(cents)
	v.Mul(v, rt)
	v.Quo(v, rf)
	v.Mul(v, pow10(Exponent(to)-Exponent(from)))
	n := roundHalfAway(v)
	if !n.IsInt64() {
		return 0, false, fmt.Errorf("rates: %d %s in %s is out of range", cents, from, to)
	}
	return n.Int64(), true, nil
}

// pow10 is 10^e as a rational (e may be negative).
func pow10(e int) *big.Rat {
	if e >= 0 {
		return new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
	}
	return new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-e)), nil))
}

// roundHalfAway rounds a rational to the nearest integer, halves away from zero.
func roundHalfAway(v *big.Rat) *big.Int {
	num := new(big.Int).Abs(v.Num())
	den := v.Denom()
	// floor((2·|num| + den) / (2·den))
	q := new(big.Int).Mul(num, big.NewInt(2))
	q.Add(q, den)
	q.Quo(q, new(big.Int).Mul(den, big.NewInt(2)))
	if v.Sign() < 0 {
		q.Neg(q)
	}
	return q
}
