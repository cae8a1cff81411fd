package store

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/centavo/centavo"
)

// The monthly aggregates move by deltas: what a change adds to or takes
// from each (month, currency, category) row, summed from the transactions'
// parts with checked arithmetic.

// SpendingDelta is a change to one monthly aggregate row.
type SpendingDelta struct {
	Month       centavo.Month
	Currency    string // ISO 4217 code of the transactions' currency
	Category    string
	AmountCents int64
	Count       int64
}

// SumDeltas aggregates transactions' parts (centavo.Transaction.Parts: a
// hidden one adds nothing, a split one its parts) into spending deltas per
// month and category (sign: +1 to add them, -1 to remove them), with checked
// arithmetic: a delta beyond ±centavo.MaxTotalCents (no month can hold it)
// is ErrOutOfRange, never a wrapped sum.
func SumDeltas(txns []centavo.Transaction, sign int64) ([]SpendingDelta, error) {
	var sum deltaSum
	for _, t := range txns {
		m := centavo.MonthOf(t.PostedAt)
		for _, p := range t.Parts() {
			if err := sum.add(deltaKey{m, t.Currency, p.Category}, p.AmountCents, 1); err != nil {
				return nil, err
			}
		}
	}
	if sign < 0 {
		for i := range sum.out {
			sum.out[i].AmountCents, sum.out[i].Count = -sum.out[i].AmountCents, -sum.out[i].Count
		}
	}
	return sum.out, nil
}

// deltaSum adds amounts per month, currency and category, in the order the
// keys first appear, with checked arithmetic.
type deltaSum struct {
	idx map[deltaKey]int
	out []SpendingDelta
}

type deltaKey struct {
	m   centavo.Month
	cur string
	cat string
}

func (s *deltaSum) add(k deltaKey, cents, count int64) error {
	if s.idx == nil {
		s.idx = map[deltaKey]int{}
	}
	i, ok := s.idx[k]
	if !ok {
		i = len(s.out)
		s.idx[k] = i
		s.out = append(s.out, SpendingDelta{Month: k.m, Currency: k.cur, Category: k.cat})
	}
	v, ok := addTotal(s.out[i].AmountCents, cents)
	if !ok {
		return fmt.Errorf("store: spending of %s in %s %s: %w", k.m, k.cat, k.cur, ErrOutOfRange)
	}
	s.out[i].AmountCents = v
	s.out[i].Count += count // counts move by rows, never near the bounds of int64
	return nil
}

// ChangeDeltas is the spending deltas of removing some transactions and
// adding others (SumDeltas of each).
func ChangeDeltas(removed, added []centavo.Transaction) ([]SpendingDelta, error) {
	minus, err := SumDeltas(removed, -1)
	if err != nil {
		return nil, err
	}
	plus, err := SumDeltas(added, 1)
	return append(minus, plus...), err
}

// MergeDeltas sums deltas per month, currency and category with checked
// arithmetic and leaves out those that change nothing, in month, currency
// and category order
// (one lock order for the engines' upserts). A sum beyond
// ±centavo.MaxTotalCents is ErrOutOfRange. The engines' AddMonthlySpending
// start with it.
func MergeDeltas(deltas []SpendingDelta) ([]SpendingDelta, error) {
	var sum deltaSum
	for _, d := range deltas {
		if d.Currency == "" {
			return nil, fmt.Errorf("store: spending of %s in %s without a currency", d.Month, d.Category)
		}
		if err := sum.add(deltaKey{d.Month, d.Currency, d.Category}, d.AmountCents, d.Count); err != nil {
			return nil, err
		}
	}
	out := sum.out
	out = slices.DeleteFunc(out, func(d SpendingDelta) bool { return d.AmountCents == 0 && d.Count == 0 })
	slices.SortFunc(out, func(a, b SpendingDelta) int {
		if c := cmp.Compare(a.Month.String(), b.Month.String()); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Currency, b.Currency); c != 0 {
			return c
		}
		return cmp.Compare(a.Category, b.Category)
	})
	return out, nil
}

// addTotal adds two amounts that must each, and together, stay within
// ±centavo.MaxTotalCents; within it no int64 arithmetic can wrap.
func addTotal(a, b int64) (int64, bool) {
	if !InTotalRange(a) || !InTotalRange(b) {
		return 0, false
	}
	sum := a + b
	return sum, InTotalRange(sum)
}

// InTotalRange says whether an aggregate amount is within
// ±centavo.MaxTotalCents.
func InTotalRange(cents int64) bool {
	return cents >= -centavo.MaxTotalCents && cents <= centavo.MaxTotalCents
}
