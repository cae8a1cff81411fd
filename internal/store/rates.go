package store

import (
	"context"

	"github.com/centavo/centavo"
)

// ExchangeRates keeps the euro reference rates (not per user: each shard
// holds the same copy, written by centavo rates import or the daily fetch).
type ExchangeRates interface {
	// PutRates inserts or replaces the rates, all or none.
	PutRates(ctx context.Context, rates []ExchangeRate) error
	// Rates returns every stored rate, by currency then day.
	Rates(ctx context.Context) ([]ExchangeRate, error)
}

// ExchangeRate is one published euro reference rate: how many units of
// Currency one euro bought on Day, as the exact decimal the ECB published.
type ExchangeRate struct {
	Day      string // YYYY-MM-DD
	Currency string // ISO 4217
	PerEUR   string // e.g. "1.0832", "162.85"
}

// DailySpendingFilter selects DailySpending's rows.
type DailySpendingFilter struct {
	UserID         int64
	Month          centavo.Month
	ExceptCurrency string
}

// DaySpending is the sum of a user's transactions of one UTC day in one
// currency and category.
type DaySpending struct {
	Day         string // YYYY-MM-DD
	Currency    string
	Category    string
	AmountCents int64
	Count       int64
}
