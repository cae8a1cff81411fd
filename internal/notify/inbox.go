package notify

import (
	"context"
	"slices"
	"sort"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/store"
)

// Notifications returns the user's in-app notifications, newest first, at
// most limit; only the unread ones when unreadOnly.
func (s *Service) Notifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]centavo.Notification, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return st.Notifications(ctx, store.NotificationFilter{UserID: userID, UnreadOnly: unreadOnly, Limit: limit})
}

// Settings returns the user's notification settings (the defaults if they
// never changed them).
func (s *Service) Settings(ctx context.Context, userID int64) (centavo.NotificationSettings, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.NotificationSettings{}, err
	}
	set, err := st.NotificationSettings(ctx, userID)
	if err != nil {
		return set, err
	}
	days, err := st.BillReminderDays(ctx, userID)
	set.BillReminderDays = &days
	return set, err
}

// MaxBillReminderDays is the longest lead time of bill_upcoming.
const MaxBillReminderDays = 30

// MaxThresholds is how many alert thresholds a user may set.
const MaxThresholds = 5

// SetSettings validates and stores the user's notification settings, and
// when the thresholds changed settles the month's budget alerts under them. E-mail may be on only
// when this server has an SMTP relay.
func (s *Service) SetSettings(ctx context.Context, set centavo.NotificationSettings) error {
	if set.Email && s.Mailer == nil {
		return centavo.Errorf(centavo.EINVALID, "e-mail notifications are not available: this server has no SMTP relay configured")
	}
	if len(set.Thresholds) == 0 || len(set.Thresholds) > MaxThresholds {
		return centavo.Errorf(centavo.EINVALID, "thresholds must hold 1 to %d percents", MaxThresholds)
	}
	seen := map[int]bool{}
	for _, t := range set.Thresholds {
		if t < 1 || t > 1000 || seen[t] {
			return centavo.Errorf(centavo.EINVALID, "thresholds must be distinct percents from 1 to 1000")
		}
		seen[t] = true
	}
	if d := set.BillReminderDays; d != nil && (*d < 0 || *d > MaxBillReminderDays) {
		return centavo.Errorf(centavo.EINVALID, "bill_reminder_days must be 0 to %d", MaxBillReminderDays)
	}
	sort.Ints(set.Thresholds)
	switch set.Digest {
	case "", centavo.DigestOff, centavo.DigestDaily, centavo.DigestWeekly:
	default:
		return centavo.Errorf(centavo.EBADREQUEST, "digest must be off, daily or weekly")
	}
	st, err := s.Cluster.ForUser(ctx, set.UserID)
	if err != nil {
		return err
	}
	return st.InTx(ctx, func(tx store.Tx) error {
		was, err := tx.NotificationSettings(ctx, set.UserID)
		if err != nil {
			return err
		}
		if set.Digest == "" { // keep the current one
			set.Digest = was.Digest
		}
		if err := tx.SetNotificationSettings(ctx, set); err != nil {
			return err
		}
		if set.BillReminderDays != nil {
			if err := tx.SetBillReminderDays(ctx, set.UserID, *set.BillReminderDays); err != nil {
				return err
			}
		}
		// Only new thresholds move the budget alerts' states (settled
		// silently, docs/0036): a settle run after a change of channels
		// or digest would only widen the window in which a pending
		// spending evaluation's crossing is settled instead of told.
		if slices.Equal(was.Thresholds, set.Thresholds) {
			return nil
		}
		return tx.Enqueue(ctx, jobargs.BudgetChanged(set.UserID, centavo.MonthOf(s.Now()))...)
	})
}
