package rates

import (
	"context"
	"sort"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// SpendingReader is what home-currency totals read: a store or a transaction.
type SpendingReader interface {
	MonthlySpending(ctx context.Context, userID int64, month centavo.Month) ([]centavo.CategorySpending, error)
	DailySpending(ctx context.Context, f store.DailySpendingFilter) ([]store.DaySpending, error)
}

// CurrencySpent is what was spent in one currency, in its own minor units.
type CurrencySpent struct {
	Currency   string `json:"currency"`
	SpentCents int64  `json:"spent_cents"`
}

// HomeSpending is a month's aggregates in the user's home currency.
type HomeSpending struct {
	// Categories: one row per category, amounts in the home currency
	// (foreign rows converted at each transaction day's rate).
	Categories []centavo.CategorySpending
	// ByCurrency: native spending (spending categories only) per currency.
	ByCurrency []CurrencySpent
	// Missing: currencies without a rate for some day of theirs; all their
	// rows are left out of Categories (never added unconverted).
	Missing []string
}

// InHome reads a user's month and converts it into home. Rows already in
// home come from the monthly aggregate as they are; rows in other
// currencies are read as daily sums and converted at each day's rate. A
// nil conv has no rates: every other currency is Missing.
func InHome(ctx context.Context, r SpendingReader, conv Converter, userID int64, month centavo.Month, home string) (HomeSpending, error) {
	if conv == nil {
		conv = &Table{}
	}
	rows, err := r.MonthlySpending(ctx, userID, month)
	if err != nil {
		return HomeSpending{}, err
	}
	type sum struct{ cents, count int64 }
	byCat := map[string]*sum{}
	add := func(cat string, cents, count int64) {
		if byCat[cat] == nil {
			byCat[cat] = &sum{}
		}
		byCat[cat].cents += cents
		byCat[cat].count += count
	}
	native := map[string]int64{}
	foreign := false
	for _, row := range rows {
		if centavo.CountsAsSpending(row.Category) && (row.Count != 0 || row.AmountCents != 0) {
			native[row.Currency] += row.SpentCents()
		}
		if row.Currency == home {
			add(row.Category, row.AmountCents, row.Count)
		} else {
			foreign = true
		}
	}
	var out HomeSpending
	if foreign {
		days, err := r.DailySpending(ctx, store.DailySpendingFilter{UserID: userID, Month: month, ExceptCurrency: home})
		if err != nil {
			return HomeSpending{}, err
		}
		type key struct{ cur, cat string }
		converted := map[key]*sum{}
		missing := map[string]bool{}
		for _, d := range days {
			if missing[d.Currency] {
				continue
			}
			day, err := time.Parse(time.DateOnly, d.Day)
			if err != nil {
				return HomeSpending{}, err
			}
			v, ok, err := conv.Convert(ctx, d.AmountCents, d.Currency, home, day)
			if err != nil {
				return HomeSpending{}, err
			}
			if !ok {
				missing[d.Currency] = true
				continue
			}
			k := key{d.Currency, d.Category}
			if converted[k] == nil {
				converted[k] = &sum{}
			}
			converted[k].cents += v
			converted[k].count += d.Count
		}
		for k, s := range converted {
			if !missing[k.cur] {
				add(k.cat, s.cents, s.count)
			}
		}
		for c := range missing {
			out.Missing = append(out.Missing, c)
		}
		sort.Strings(out.Missing)
	}
	for cat, s := range byCat {
		out.Categories = append(out.Categories, centavo.CategorySpending{Category: cat, Currency: home, AmountCents: s.cents, Count: s.count})
	}
	sort.Slice(out.Categories, func(i, j int) bool { return out.Categories[i].Category < out.Categories[j].Category })
	for c, v := range native {
		out.ByCurrency = append(out.ByCurrency, CurrencySpent{Currency: c, SpentCents: v})
	}
	sort.Slice(out.ByCurrency, func(i, j int) bool { return out.ByCurrency[i].Currency < out.ByCurrency[j].Currency })
	return out, nil
}
