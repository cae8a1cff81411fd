package app

import (
	"context"

	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/recurring"
)

// recurringBills gives the e-mail digest (notify.BillSource) the bills the
// recurring service expects: what leaves an account, incomes left out.
// It lives here because recurring imports notify (its alerts), so notify
// cannot import recurring.
type recurringBills struct{ svc *recurring.Service }

func (b recurringBills) Upcoming(ctx context.Context, userID int64, days int) ([]notify.Bill, error) {
	up, err := b.svc.UpcomingBills(ctx, userID, days)
	if err != nil {
		return nil, err
	}
	out := make([]notify.Bill, 0, len(up))
	for _, u := range up {
		out = append(out, notify.Bill{RecurringID: u.Series.ID, Merchant: u.Series.DisplayName(), Date: u.Date,
			AmountCents: -u.AmountCents, Currency: u.Series.Currency})
	}
	return out, nil
}
