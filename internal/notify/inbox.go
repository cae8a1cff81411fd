package notify

import (
	"context"

	"github.com/centavo/centavo"
)

// Notifications returns the user's in-app notifications, newest first, at
// most limit; only the unread ones when unreadOnly.
func (s *Service) Notifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]centavo.Notification, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return st.Notifications(ctx, userID, unreadOnly, limit)
}

// Settings returns the user's notification settings (the defaults if they
// never changed them).
func (s *Service) Settings(ctx context.Context, userID int64) (centavo.NotificationSettings, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.NotificationSettings{}, err
	}
	return st.NotificationSettings(ctx, userID)
}
