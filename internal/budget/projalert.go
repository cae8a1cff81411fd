package budget

import (
	"context"
	"fmt"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// advanceProjection updates the category's projection state (kept among
// the thresholds' under threshold 0) and says whether budget_projected is
// due: the projection is due (projectionDue) and was not, and the category
// has not gone over a threshold of 100 % or more this month. A projection
// no longer due re-arms, but the notification's key has no sequence: it is
// sent once per category and month.
func advanceProjection(ctx context.Context, tx store.Tx, states map[stateKey]centavo.BudgetAlertState, l Line, today centavo.Day, userID int64, month centavo.Month) (bool, error) {
	st, ok := states[stateKey{l.Category, projectedState}]
	if !ok {
		st = centavo.BudgetAlertState{UserID: userID, Month: month, Category: l.Category, Threshold: projectedState}
	}
	due := projectionDue(l, today) && !wentOver(states, l.Category)
	switch {
	case due && !st.Crossed:
		st.Crossed = true
	case !due && st.Crossed:
		st.Crossed, st.Seq = false, st.Seq+1
	default:
		return false, nil
	}
	if err := tx.SetBudgetAlertState(ctx, st); err != nil {
		return false, err
	}
	states[stateKey{l.Category, projectedState}] = st
	return st.Crossed, nil
}

// wentOver says whether the category crossed a threshold of 100 % or more
// this month, before this evaluation (a state crossed, or re-armed since).
func wentOver(states map[stateKey]centavo.BudgetAlertState, category string) bool {
	for k, st := range states {
		if k.category == category && k.threshold >= 100 && (st.Crossed || st.Seq > 0) {
			return true
		}
	}
	return false
}

// projectedNotification is budget_projected: the projected amount and the
// day the projection reaches the available amount, once per category and
// month (its key).
func projectedNotification(l Line, userID int64, month centavo.Month, currency string, now time.Time) centavo.Notification {
	name := l.Category
	if l.Name != "" {
		name = l.Name
	} else if c, ok := centavo.LookupCategory(l.Category); ok {
		name = c.Name
	}
	pct := l.ProjectedCents * 100 / l.AvailableCents
	msg := fmt.Sprintf("At your pace you will spend about %s on %s in %s, %d%% of your budget of %s: you would reach it on %s.",
		centavo.FormatMoney(l.ProjectedCents, currency), name, month.Start().Format("January 2006"), pct,
		centavo.FormatMoney(l.AvailableCents, currency), l.CrossesOn.Time().Format("January 2"))
	return centavo.Notification{
		UserID: userID, Kind: centavo.NotifyBudgetProjected, Category: l.Category, Month: month.String(),
		Threshold: ProjectPercent, BudgetCents: l.AvailableCents,
		Key:     fmt.Sprintf("projected:%s:%s", month, l.Category),
		Message: msg, CreatedAt: now,
	}
}
