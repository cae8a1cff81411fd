package centavo

import "time"

// Goal is a saving goal (docs/0037-goals-and-digest.md): a target amount by
// a date, tracked by an account's balance (AccountID ≠ 0) or by the
// contributions the user records (ContributedCents is their sum).
type Goal struct {
	ID               int64
	UserID           int64
	Name             string
	TargetCents      int64
	TargetDate       Day
	AccountID        int64  // 0: tracked by contributions
	Currency         string // the account's (when set) or the user's home currency at creation
	ContributedCents int64  // the sum of the contributions (goals without an account)
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// GoalContribution is money put towards (positive) or taken from (negative)
// a goal without an account.
type GoalContribution struct {
	ID          int64
	UserID      int64
	GoalID      int64
	AmountCents int64
	Date        Day
	CreatedAt   time.Time
}

// Digest is one digest e-mail of a user for one period ("daily:2026-12-07",
// "weekly:2026-12-07" for the week starting that Monday): built once under
// that key, then delivered like a delivery (docs/0037).
type Digest struct {
	ID     int64
	UserID int64
	Period string
	// ThroughNotificationID is the newest notification it covers: the next
	// digest starts after it.
	ThroughNotificationID int64
	Status                string // DeliveryPending, DeliveryDelivered, DeliveryFailed, or DigestEmpty
	Attempts              int
	LastError             string
	Subject, Text, HTML   string
	CreatedAt, UpdatedAt  time.Time
}

// DigestEmpty: the period had nothing to say; no e-mail was sent.
const DigestEmpty = "empty"
