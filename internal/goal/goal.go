// Package goal keeps users' saving goals (docs/0037-goals-and-digest.md): a
// target amount by a date, tracked by an asset account's balance or by the
// contributions the user records, and what it takes to get there: progress,
// the monthly amount needed by the date, and whether the goal is on track.
package goal

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Limits.
const (
	MaxGoals      = 100                   // goals per user
	MaxNameRunes  = 100                   // a name's length
	MaxCents      = centavo.MaxTotalCents // a target, and the sum of a goal's contributions
	MaxYearsAhead = 100                   // how far a target date may lie
)

// Service keeps saving goals.
type Service struct {
	Cluster store.Cluster
	Now     func() time.Time
}

// Input is what a person sets on a goal; a nil field is left as it is (on
// creation every field but AccountID is required).
type Input struct {
	Name        *string
	TargetCents *int64
	TargetDate  *string // YYYY-MM-DD
	// AccountID: nil leaves it, 0 detaches the goal from its account (it
	// then follows its contributions).
	AccountID *int64
}

// View is a goal with where it stands today.
type View struct {
	centavo.Goal
	Source string // "account" or "contributions"
	// SavedCents: the account's latest balance (0 while it has none:
	// BalanceKnown false) or the sum of the contributions.
	SavedCents   int64
	BalanceKnown bool
	Progress
}

// Goals returns the user's goals as they stand today.
func (s *Service) Goals(ctx context.Context, userID int64) ([]View, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	goals, err := st.Goals(ctx, userID)
	if err != nil {
		return nil, err
	}
	return s.views(ctx, st, userID, goals)
}

// Goal returns one of the user's goals as it stands today.
func (s *Service) Goal(ctx context.Context, userID, id int64) (View, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return View{}, err
	}
	g, err := st.Goal(ctx, userID, id)
	if err != nil {
		return View{}, goalNotFound(err)
	}
	v, err := s.views(ctx, st, userID, []centavo.Goal{g})
	if err != nil {
		return View{}, err
	}
	return v[0], nil
}

type viewReader interface {
	store.AccountReader
	store.BalanceReader
}

func (s *Service) views(ctx context.Context, st viewReader, userID int64, goals []centavo.Goal) ([]View, error) {
	out := make([]View, 0, len(goals))
	var balances map[int64]int64
	for _, g := range goals {
		if g.AccountID != 0 && balances == nil {
			latest, err := st.LatestBalances(ctx, userID)
			if err != nil {
				return nil, err
			}
			balances = map[int64]int64{}
			for _, b := range latest {
				balances[b.AccountID] = b.Cents
			}
		}
		v := View{Goal: g, Source: "contributions", SavedCents: g.ContributedCents, BalanceKnown: true}
		if g.AccountID != 0 {
			a, err := st.Account(ctx, userID, g.AccountID)
			if err != nil {
				return nil, err
			}
			bal, ok := balances[g.AccountID]
			v.Source, v.SavedCents, v.BalanceKnown, v.Currency = "account", bal, ok, a.Currency
		}
		v.Progress = Measure(g, v.SavedCents, centavo.DayOf(s.Now()))
		out = append(out, v)
	}
	return out, nil
}

// Create validates and stores a new goal of the user.
func (s *Service) Create(ctx context.Context, userID int64, in Input) (View, error) {
	if in.Name == nil || in.TargetCents == nil || in.TargetDate == nil {
		return View{}, centavo.Errorf(centavo.EINVALID, "name, target_cents and target_date are required")
	}
	today := centavo.DayOf(s.Now())
	g := centavo.Goal{UserID: userID, CreatedAt: s.Now().UTC()}
	if err := apply(&g, in, today); err != nil {
		return View{}, err
	}
	if g.TargetDate <= today {
		return View{}, centavo.Errorf(centavo.EINVALID, "target_date must be after today (%s)", today)
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return View{}, err
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		list, err := tx.Goals(ctx, userID)
		if err != nil {
			return err
		}
		if len(list) >= MaxGoals {
			return centavo.Errorf(centavo.EINVALID, "you have %d goals, the most there may be", MaxGoals)
		}
		if err := currencyOf(ctx, tx, &g); err != nil {
			return err
		}
		return tx.CreateGoal(ctx, &g)
	})
	if err != nil {
		return View{}, err
	}
	return s.Goal(ctx, userID, g.ID)
}

// Update changes what in sets on one of the user's goals.
func (s *Service) Update(ctx context.Context, userID, id int64, in Input) (View, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return View{}, err
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		g, err := tx.Goal(ctx, userID, id)
		if err != nil {
			return goalNotFound(err)
		}
		was := g.AccountID
		if err := apply(&g, in, centavo.DayOf(s.Now())); err != nil {
			return err
		}
		if g.TargetDate < centavo.DayOf(g.CreatedAt) {
			return centavo.Errorf(centavo.EINVALID, "target_date must not be before the goal was made (%s)", centavo.DayOf(g.CreatedAt))
		}
		if g.AccountID != was {
			if err := currencyOf(ctx, tx, &g); err != nil {
				return err
			}
		}
		g.UpdatedAt = s.Now().UTC()
		return tx.UpdateGoal(ctx, g)
	})
	if err != nil {
		return View{}, err
	}
	return s.Goal(ctx, userID, id)
}

// Delete removes one of the user's goals and its contributions.
func (s *Service) Delete(ctx context.Context, userID, id int64) error {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	return goalNotFound(st.InTx(ctx, func(tx store.Tx) error { return tx.DeleteGoal(ctx, userID, id) }))
}

// Contribute records money put towards (positive) or taken from (negative)
// a goal without an account, on a day (nil: today) not in the future.
func (s *Service) Contribute(ctx context.Context, userID, goalID, cents int64, date *string) (centavo.GoalContribution, error) {
	today := centavo.DayOf(s.Now())
	c := centavo.GoalContribution{UserID: userID, GoalID: goalID, AmountCents: cents, Date: today, CreatedAt: s.Now().UTC()}
	if date != nil {
		d, err := centavo.ParseDay(*date)
		if err != nil {
			return c, err
		}
		if d > today {
			return c, centavo.Errorf(centavo.EINVALID, "a contribution's date must not be in the future (today is %s)", today)
		}
		c.Date = d
	}
	if cents == 0 || cents > MaxCents || cents < -MaxCents {
		return c, centavo.Errorf(centavo.EINVALID, "amount_cents must be a non-zero amount within ±%d", MaxCents)
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return c, err
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		g, err := tx.Goal(ctx, userID, goalID)
		if err != nil {
			return goalNotFound(err)
		}
		if g.AccountID != 0 {
			return centavo.Errorf(centavo.EINVALID, "this goal follows its account's balance: it takes no contributions")
		}
		err = tx.AddGoalContribution(ctx, &c, MaxCents)
		if errors.Is(err, store.ErrOutOfRange) {
			return centavo.Errorf(centavo.EINVALID, "the goal holds %d: a contribution must keep it between 0 and %d", g.ContributedCents, MaxCents)
		}
		return err
	})
	return c, err
}

// Contributions lists a goal's contributions by date.
func (s *Service) Contributions(ctx context.Context, userID, goalID int64) ([]centavo.GoalContribution, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	if _, err := st.Goal(ctx, userID, goalID); err != nil {
		return nil, goalNotFound(err)
	}
	return st.GoalContributions(ctx, userID, goalID)
}

// apply validates in and sets it on g.
func apply(g *centavo.Goal, in Input, today centavo.Day) error {
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		if n := utf8.RuneCountInString(name); n < 1 || n > MaxNameRunes || !utf8.ValidString(name) {
			return centavo.Errorf(centavo.EINVALID, "name must be 1 to %d characters", MaxNameRunes)
		}
		// No control characters: a name is one line, and PostgreSQL's text
		// holds no NUL.
		if strings.IndexFunc(name, unicode.IsControl) >= 0 {
			return centavo.Errorf(centavo.EINVALID, "name must not hold control characters")
		}
		g.Name = name
	}
	if in.TargetCents != nil {
		if *in.TargetCents <= 0 || *in.TargetCents > MaxCents {
			return centavo.Errorf(centavo.EINVALID, "target_cents must be above 0 and at most %d", MaxCents)
		}
		g.TargetCents = *in.TargetCents
	}
	if in.TargetDate != nil {
		d, err := centavo.ParseDay(*in.TargetDate)
		if err != nil {
			return err
		}
		if d > centavo.DayOf(today.Time().AddDate(MaxYearsAhead, 0, 0)) {
			return centavo.Errorf(centavo.EINVALID, "target_date must be within %d years", MaxYearsAhead)
		}
		g.TargetDate = d
	}
	if in.AccountID != nil {
		if *in.AccountID < 0 {
			return centavo.Errorf(centavo.EINVALID, "account_id must be one of your accounts' ids")
		}
		g.AccountID = *in.AccountID
	}
	return nil
}

// currencyOf checks the goal's account (the user's, an asset) and sets the
// goal's currency: the account's, or the user's home currency.
func currencyOf(ctx context.Context, tx store.Tx, g *centavo.Goal) error {
	if g.AccountID == 0 {
		u, err := tx.UserByID(ctx, g.UserID)
		if err != nil {
			return err
		}
		g.Currency = u.Currency
		if g.Currency == "" {
			g.Currency = "USD"
		}
		return nil
	}
	a, err := tx.Account(ctx, g.UserID, g.AccountID)
	if errors.Is(err, store.ErrNotFound) {
		return centavo.Errorf(centavo.ENOTFOUND, "account %d not found", g.AccountID)
	}
	if err != nil {
		return err
	}
	if centavo.AccountKind(a) == centavo.KindLiability {
		return centavo.Errorf(centavo.EINVALID, "%s is a liability: a goal follows an asset's balance (or your contributions)", a.Name)
	}
	g.Currency = a.Currency
	return nil
}

func goalNotFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return centavo.Errorf(centavo.ENOTFOUND, "goal not found")
	}
	return err
}
