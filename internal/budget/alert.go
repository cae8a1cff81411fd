package budget

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/store"
)

// Evaluate runs an evaluation job: in one transaction with the job's
// completion, it updates the alert states of the job's months and creates
// the notifications due, once. Only the current month alerts: a first
// download that fills in past months does not flood the inbox with old
// news, so of the months a job names only the current one is evaluated. A
// settling job (the budgets changed, not the spending) records thresholds
// reached as crossed without notifying (docs/0036).
func (s *Service) Evaluate(ctx context.Context, job *river.Job[jobargs.EvaluateBudgets]) error {
	var months []centavo.Month
	for _, text := range job.Args.EvaluatedMonths() {
		month, err := centavo.ParseMonth(text)
		if err != nil {
			return river.JobCancel(err)
		}
		months = append(months, month)
	}
	st, err := s.Cluster.ForUser(ctx, job.Args.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // the user was deleted
	}
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	current := centavo.MonthOf(now)
	created := 0
	err = st.InTx(ctx, func(tx store.Tx) error {
		if slices.Contains(months, current) {
			n, err := s.evaluate(ctx, tx, job.Args.UserID, current, now, job.Args.Settle)
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
		s.Logger.InfoContext(ctx, "budget alerts", "user_id", job.Args.UserID, "month", current.String(), "new", created, "job_id", job.ID)
	}
	return nil
}

type stateKey struct {
	category  string
	threshold int
}

// evaluate brings the month's alert states up to date in tx and, unless
// settle, creates a notification for the highest threshold each category
// newly crossed; it returns how many were new.
func (s *Service) evaluate(ctx context.Context, tx store.Tx, userID int64, month centavo.Month, now time.Time, settle bool) (int, error) {
	u, err := tx.UserByID(ctx, userID)
	if err != nil {
		return 0, err
	}
	ls, err := budgetsFrom(ctx, tx, s.Rates, userID, month)
	if err != nil {
		return 0, err
	}
	today := centavo.DayOf(now)
	if err := s.project(ctx, tx, userID, month, today, ls); err != nil {
		return 0, err
	}
	settings, err := tx.NotificationSettings(ctx, userID)
	if err != nil {
		return 0, err
	}
	stored, err := tx.BudgetAlertStates(ctx, userID, month)
	if err != nil {
		return 0, err
	}
	states := map[stateKey]centavo.BudgetAlertState{}
	for _, st := range stored {
		states[stateKey{st.Category, st.Threshold}] = st
	}
	created := 0
	for _, l := range ls {
		crossed, err := advance(ctx, tx, states, l, settings.Thresholds, userID, month)
		if err != nil {
			return created, err
		}
		projected, err := advanceProjection(ctx, tx, states, l, today, userID, month)
		if err != nil {
			return created, err
		}
		if settle {
			continue
		}
		var due []centavo.Notification
		if crossed != nil {
			due = append(due, notification(l, *crossed, month, u.Currency, now))
		}
		if projected {
			due = append(due, projectedNotification(l, userID, month, u.Currency, now))
		}
		for _, n := range due {
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

// advance updates a line's states: a threshold reached and not crossed
// becomes crossed; one crossed that spending fell under re-arms (a new
// sequence). It returns the highest threshold newly crossed, if any.
func advance(ctx context.Context, tx store.Tx, states map[stateKey]centavo.BudgetAlertState, l Line, thresholds []int, userID int64, month centavo.Month) (*centavo.BudgetAlertState, error) {
	var due *centavo.BudgetAlertState
	for _, t := range thresholds {
		st, ok := states[stateKey{l.Category, t}]
		if !ok {
			st = centavo.BudgetAlertState{UserID: userID, Month: month, Category: l.Category, Threshold: t}
		}
		over := l.HasBudget && l.AvailableCents > 0 && l.SpentCents*100 >= int64(t)*l.AvailableCents
		switch {
		case over && !st.Crossed:
			st.Crossed = true
			crossed := st
			due = &crossed
		case !over && st.Crossed:
			st.Crossed, st.Seq = false, st.Seq+1
		default:
			continue
		}
		if err := tx.SetBudgetAlertState(ctx, st); err != nil {
			return nil, err
		}
	}
	return due, nil
}

// notification is the alert of a threshold crossed. Its key holds the
// threshold's sequence: the same crossing is notified once, whatever the
// retries or concurrent jobs; a crossing after a re-arm is a new one.
func notification(l Line, st centavo.BudgetAlertState, month centavo.Month, currency string, now time.Time) centavo.Notification {
	n := centavo.Notification{
		UserID: st.UserID, Category: l.Category, Month: month.String(), Threshold: st.Threshold, BudgetCents: l.AvailableCents,
		Key:       fmt.Sprintf("budget:%s:%s:%d:r%d", month, l.Category, st.Threshold, st.Seq),
		Message:   message(l, st.Threshold, month, currency),
		CreatedAt: now,
	}
	n.Kind = centavo.NotifyBudgetApproaching
	if st.Threshold >= 100 {
		n.Kind = centavo.NotifyBudgetExceeded
	}
	return n
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
			centavo.FormatMoney(l.SpentCents, currency), name, when, centavo.FormatMoney(l.AvailableCents, currency), l.Percent)
	}
	return fmt.Sprintf("You have spent %s of your %s budget for %s in %s (%d%%).",
		centavo.FormatMoney(l.SpentCents, currency), centavo.FormatMoney(l.AvailableCents, currency), name, when, l.Percent)
}
