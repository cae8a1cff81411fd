// Package budget computes users' budgets, proposes new ones from their
// history, and raises alerts when spending crosses a threshold.
//
// A budget is the template's share of the user's income (template.go) from
// the month the income was first set, unless the user overrode it: an
// override applies from the month it was set onward (and a revert returns
// the category to the template from that month on), so past months keep the
// budgets they had; before either a category has no budget (history.go).
// Only overrides and the template's start are stored. With rollover, what a
// month leaves carries into the next, chained (docs/0036).
//
// Alerts (alert.go): after every change to spending or budgets, a River job
// evaluates the user's month, keeping per threshold whether it is crossed
// and a sequence that re-arms when spending falls under it. A spending
// change notifies the highest threshold it newly crossed, once per crossing
// (the sequence is in the notification's key, unique in SQL); a budget
// change records crossings without notifying. From the 7th, a month
// projected at 110 % of a budget or more (projection.go: spent, confirmed
// recurring charges still expected, the typical daily spending) sends
// budget_projected once (projalert.go).
package budget

import (
	"context"
	"log/slog"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/store"
)

// Limits on what users may set.
const (
	MaxBudgetCents = centavo.MaxAmountCents
)

// Service computes budgets and evaluates alerts.
type Service struct {
	Cluster store.Cluster
	Logger  *slog.Logger
	Now     func() time.Time
	// Rates converts spending in other currencies into the user's (at each
	// transaction day's rate); nil: only the user's currency counts.
	Rates rates.Converter
	// Recurring tells the confirmed recurring charges that projections
	// count (projection.go); nil: none.
	Recurring RecurringCharges
}

// Line is one category's budget for a month. The user's own spending
// categories have lines too, right after their parent's, with Parent set;
// a parent's SpentCents counts what was filed under its own categories as
// well (docs/0029-own-categories.md), so add up the lines without a Parent
// for the month's totals.
type Line struct {
	Category string
	Parent   string // "" for a fixed category
	Name     string // what the user calls the category
	// HasBudget is false for a month before the category had a budget
	// (before the income was first set and before any override): such a
	// month shows "no budget" and never alerts (docs/0036).
	HasBudget   bool
	BudgetCents int64
	Source      string // template or override ("" without a budget)
	Rollover    bool   // the category carries what is left into the next month
	// RolloverCents is what the previous months left (negative: overspent),
	// carried into this one; AvailableCents = BudgetCents + RolloverCents.
	RolloverCents  int64
	AvailableCents int64
	SpentCents     int64
	RemainingCents int64 // AvailableCents - SpentCents
	Percent        int64 // spent as a percent of the available amount, rounded down (0 when it is 0 or less)
	// ProjectedCents is where the month is heading at its pace (the
	// current month; another month's is SpentCents), and CrossesOn the day
	// the projection reaches the available amount (0: not this month).
	ProjectedCents int64
	CrossesOn      centavo.Day
}

// Source values.
const (
	SourceTemplate = "template"
	SourceOverride = "override"
)

// Budgets returns the month's budget of every spending category with what
// was spent.
func (s *Service) Budgets(ctx context.Context, userID int64, month centavo.Month) ([]Line, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	ls, err := budgetsFrom(ctx, st, s.Rates, userID, month)
	if err != nil {
		return nil, err
	}
	return ls, s.project(ctx, st, userID, month, centavo.DayOf(s.Now()), ls)
}

// reader is what budgets are computed from, a store or a transaction: the
// user's income, their overrides and the month's spending.
type reader interface {
	store.UserReader
	store.BudgetReader
	store.LedgerReader
	store.CategoryReader
}

// checkCategory says whether the user may budget for category: a fixed
// spending category or one of their own under one (categorize.LookupCategory).
func checkCategory(ctx context.Context, r store.CategoryReader, userID int64, category string) error {
	c, err := categorize.LookupCategory(ctx, r, userID, category)
	if centavo.ErrorCode(err) == centavo.EINVALID || (err == nil && c.Kind != centavo.KindSpending) {
		return centavo.Errorf(centavo.ENOTFOUND, "%q is not a spending category (see GET /api/v1/categories)", category)
	}
	return err
}

// precheck refuses, before any read, a category that is neither a fixed
// spending category nor of the form of an own one.
func precheck(category string) error {
	if c, ok := centavo.LookupCategory(category); (ok && c.Kind == centavo.KindSpending) || centavo.IsOwnCategoryID(category) {
		return nil
	}
	return centavo.Errorf(centavo.ENOTFOUND, "%q is not a spending category (see GET /api/v1/categories)", category)
}

// SetOverride sets the category's budget from this month onward, keeping
// its rollover setting.
func (s *Service) SetOverride(ctx context.Context, userID int64, category string, amountCents int64) error {
	return s.SetBudget(ctx, userID, category, amountCents, nil)
}

// SetBudget sets the category's budget from this month onward, and its
// rollover when rollover is not nil (otherwise it stays as it was this
// month).
func (s *Service) SetBudget(ctx context.Context, userID int64, category string, amountCents int64, rollover *bool) error {
	if err := precheck(category); err != nil {
		return err
	}
	if amountCents < 0 || amountCents > MaxBudgetCents {
		return centavo.Errorf(centavo.EINVALID, "amount_cents must be between 0 and %d", int64(MaxBudgetCents))
	}
	return s.setOverride(ctx, userID, category, &amountCents, rollover)
}

// Revert returns the category to the template from this month onward.
func (s *Service) Revert(ctx context.Context, userID int64, category string) error {
	if err := precheck(category); err != nil {
		return err
	}
	off := false
	return s.setOverride(ctx, userID, category, nil, &off)
}

func (s *Service) setOverride(ctx context.Context, userID int64, category string, amount *int64, rollover *bool) error {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	month := centavo.MonthOf(now)
	return st.InTx(ctx, func(tx store.Tx) (err error) {
		if err := checkCategory(ctx, tx, userID, category); err != nil {
			return err
		}
		o := centavo.BudgetOverride{UserID: userID, Category: category, From: month, AmountCents: amount, CreatedAt: now}
		if rollover != nil {
			o.Rollover = *rollover
		} else if o.Rollover, err = rolloverOf(ctx, tx, userID, category, month); err != nil {
			return err
		}
		if err := tx.SetBudgetOverride(ctx, o); err != nil {
			return err
		}
		return tx.Enqueue(ctx, jobargs.BudgetChanged(userID, month)...)
	})
}

// rolloverOf says whether the category's budget rolls over in month.
func rolloverOf(ctx context.Context, r store.BudgetReader, userID int64, category string, month centavo.Month) (bool, error) {
	overrides, err := r.BudgetOverrides(ctx, userID)
	on := false
	for _, o := range overrides {
		if o.Category == category && !month.Before(o.From) {
			on = o.Rollover
		}
	}
	return on, err
}
