// Package budget computes users' budgets, proposes new ones from their
// history, and raises alerts when spending crosses a threshold.
//
// A budget is the template's share of the user's income (template.go) unless
// the user overrode it: an override applies from the month it was set onward
// (and a revert returns the category to the template from that month on), so
// past months keep the budgets they had. Only overrides are stored.
//
// Alerts: after every change to spending or budgets, a River job evaluates
// the user's month. Each crossing of a threshold (default 80 % "approaching"
// and 100 % "exceeded") creates one notification under a key made of the
// month, category, threshold and budget amount, unique in SQL: retries,
// crashes and concurrent jobs cannot create it twice; falling back under and
// crossing again in the same month alerts nobody; a new month alerts again;
// raising a budget after an alert alerts again only when the new budget's
// threshold is crossed.
package budget

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/notify"
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
}

// Line is one category's budget for a month. The user's own spending
// categories have lines too, right after their parent's, with Parent set;
// a parent's SpentCents counts what was filed under its own categories as
// well (docs/0029-own-categories.md), so add up the lines without a Parent
// for the month's totals.
type Line struct {
	Category       string
	Parent         string // "" for a fixed category
	Name           string // what the user calls the category
	BudgetCents    int64
	Source         string // template or override
	SpentCents     int64
	RemainingCents int64
	Percent        int64 // spent as a percent of the budget, rounded down (0 when the budget is 0)
}

// Source values.
const (
	SourceTemplate = "template"
	SourceOverride = "override"
)

// effective returns the budget of every spending category for the month,
// the user's own (whose template is 0) included.
func effective(overrides []centavo.BudgetOverride, own []centavo.OwnCategory, income int64, month centavo.Month) map[string]Line {
	out := map[string]Line{}
	tmpl := Template(income)
	for _, c := range centavo.SpendingCategories() {
		out[c] = Line{Category: c, BudgetCents: tmpl[c], Source: SourceTemplate}
	}
	for _, c := range own {
		if c.Category().Kind == centavo.KindSpending {
			out[c.ID] = Line{Category: c.ID, Parent: c.Parent, Name: c.Name, Source: SourceTemplate}
		}
	}
	// Overrides come sorted by category then month: the last one not after
	// the month wins.
	for _, o := range overrides {
		if month.Before(o.From) {
			continue
		}
		l, ok := out[o.Category]
		if !ok {
			continue
		}
		if o.AmountCents != nil {
			l.BudgetCents, l.Source = *o.AmountCents, SourceOverride
		} else {
			l.BudgetCents, l.Source = tmpl[o.Category], SourceTemplate
		}
		out[o.Category] = l
	}
	return out
}

// lines joins budgets and spending, in taxonomy order, each fixed
// category followed by the user's own under it (in the order of own). A
// fixed category's spending counts its own categories' too.
func lines(budgets map[string]Line, own []centavo.OwnCategory, rows []centavo.CategorySpending) []Line {
	spent := map[string]int64{}
	for _, r := range rows {
		spent[r.Category] += r.SpentCents()
		if p := centavo.ParentCategory(r.Category); p != r.Category {
			spent[p] += r.SpentCents()
		}
	}
	var out []Line
	add := func(l Line) {
		l.SpentCents = spent[l.Category]
		l.RemainingCents = l.BudgetCents - l.SpentCents
		if l.BudgetCents > 0 && l.SpentCents > 0 {
			l.Percent = l.SpentCents * 100 / l.BudgetCents
		}
		out = append(out, l)
	}
	for _, c := range centavo.SpendingCategories() {
		add(budgets[c])
		for _, o := range own {
			if o.Parent == c {
				add(budgets[o.ID])
			}
		}
	}
	return out
}

// Budgets returns the month's budget of every spending category with what
// was spent.
func (s *Service) Budgets(ctx context.Context, userID int64, month centavo.Month) ([]Line, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return budgetsFrom(ctx, st, s.Rates, userID, month)
}

// reader is what budgets are computed from, a store or a transaction: the
// user's income, their overrides and the month's spending.
type reader interface {
	store.UserReader
	store.BudgetReader
	store.LedgerReader
	store.CategoryReader
}

func budgetsFrom(ctx context.Context, r reader, conv rates.Converter, userID int64, month centavo.Month) ([]Line, error) {
	u, err := r.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	overrides, err := r.BudgetOverrides(ctx, userID)
	if err != nil {
		return nil, err
	}
	own, err := r.OwnCategories(ctx, userID)
	if err != nil {
		return nil, err
	}
	home, err := rates.InHome(ctx, r, conv, userID, month, u.Currency)
	if err != nil {
		return nil, err
	}
	return lines(effective(overrides, own, u.MonthlyIncomeCents, month), own, home.Categories), nil
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

// SetOverride sets the category's budget from this month onward.
func (s *Service) SetOverride(ctx context.Context, userID int64, category string, amountCents int64) error {
	if err := precheck(category); err != nil {
		return err
	}
	if amountCents < 0 || amountCents > MaxBudgetCents {
		return centavo.Errorf(centavo.EINVALID, "amount_cents must be between 0 and %d", int64(MaxBudgetCents))
	}
	return s.setOverride(ctx, userID, category, &amountCents)
}

// Revert returns the category to the template from this month onward.
func (s *Service) Revert(ctx context.Context, userID int64, category string) error {
	if err := precheck(category); err != nil {
		return err
	}
	return s.setOverride(ctx, userID, category, nil)
}

func (s *Service) setOverride(ctx context.Context, userID int64, category string, amount *int64) error {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	month := centavo.MonthOf(now)
	return st.InTx(ctx, func(tx store.Tx) error {
		if err := checkCategory(ctx, tx, userID, category); err != nil {
			return err
		}
		if err := tx.SetBudgetOverride(ctx, centavo.BudgetOverride{UserID: userID, Category: category, From: month, AmountCents: amount, CreatedAt: now}); err != nil {
			return err
		}
		return tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.EvaluateBudgets{UserID: userID, Month: month.String()}})
	})
}

// Evaluate runs an evaluation job: in one transaction with the job's
// completion, every threshold the month's spending has reached creates its
// notification, once. Only the current month alerts: a first download
// that fills in past months does not flood the inbox with old news.
func (s *Service) Evaluate(ctx context.Context, job *river.Job[jobargs.EvaluateBudgets]) error {
	month, err := centavo.ParseMonth(job.Args.Month)
	if err != nil {
		return river.JobCancel(err)
	}
	st, err := s.Cluster.ForUser(ctx, job.Args.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // the user was deleted
	}
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	created := 0
	err = st.InTx(ctx, func(tx store.Tx) error {
		if month == centavo.MonthOf(now) {
			n, err := s.evaluate(ctx, tx, job.Args.UserID, month, now)
			if errors.Is(err, store.ErrNotFound) {
				n, err = 0, nil // the user was deleted: nothing to evaluate
			}
			if err != nil {
				return err
			}
			created = n
		}
		return tx.CompleteJob(ctx, job.JobRow)
	})
	if err != nil {
		return err
	}
	if created > 0 {
		s.Logger.InfoContext(ctx, "budget alerts", "user_id", job.Args.UserID, "month", month.String(), "new", created, "job_id", job.ID)
	}
	return nil
}

// evaluate creates the month's due notifications in tx and returns how
// many were new.
func (s *Service) evaluate(ctx context.Context, tx store.Tx, userID int64, month centavo.Month, now time.Time) (int, error) {
	u, err := tx.UserByID(ctx, userID)
	if err != nil {
		return 0, err
	}
	ls, err := budgetsFrom(ctx, tx, s.Rates, userID, month)
	if err != nil {
		return 0, err
	}
	settings, err := tx.NotificationSettings(ctx, userID)
	if err != nil {
		return 0, err
	}
	created := 0
	for _, l := range ls {
		if l.BudgetCents <= 0 {
			continue
		}
		for _, t := range settings.Thresholds {
			if l.SpentCents*100 < int64(t)*l.BudgetCents {
				continue
			}
			n := centavo.Notification{
				UserID: userID, Category: l.Category, Month: month.String(), Threshold: t, BudgetCents: l.BudgetCents,
				Key:       fmt.Sprintf("budget:%s:%s:%d:%d", month, l.Category, t, l.BudgetCents),
				Message:   message(l, t, month, u.Currency),
				CreatedAt: now,
			}
			n.Kind = centavo.NotifyBudgetApproaching
			if t >= 100 {
				n.Kind = centavo.NotifyBudgetExceeded
			}
			ok, err := notify.Create(ctx, tx, &n)
			if err != nil {
				return created, err
			}
			if ok {
				created++
			}
		}
	}
	return created, nil
}

func message(l Line, threshold int, month centavo.Month, currency string) string {
	name := l.Category
	if l.Name != "" {
		name = l.Name
	} else if c, ok := centavo.LookupCategory(l.Category); ok {
		name = c.Name
	}
	when := month.Start().Format("January 2006")
	if threshold >= 100 {
		return fmt.Sprintf("You have spent %s on %s in %s, over your budget of %s (%d%%).",
			centavo.FormatMoney(l.SpentCents, currency), name, when, centavo.FormatMoney(l.BudgetCents, currency), l.Percent)
	}
	return fmt.Sprintf("You have spent %s of your %s budget for %s in %s (%d%%).",
		centavo.FormatMoney(l.SpentCents, currency), centavo.FormatMoney(l.BudgetCents, currency), name, when, l.Percent)
}
