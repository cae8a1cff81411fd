package store

import (
	"context"
	"time"

	"github.com/centavo/centavo"
)

// RecurringSeries is one stored recurring series of a user (issue 16,
// docs/0035): what the latest detection found (the detected fields) and the
// user's decision about it (State, Name), which detection never overwrites.
type RecurringSeries struct {
	ID              int64
	UserID          int64
	Key             string
	MerchantKey     string
	Merchant        string
	Name            string // the user's name for it ("" none)
	Category        string
	AccountID       int64
	Currency        string
	Cadence         string
	AmountCents     int64
	AmountVaries    bool
	Income          bool
	LastDate        centavo.Day
	NextDate        centavo.Day
	NextAmountCents int64
	Status          string
	State           string
	Tentative       bool
	// History is the series' occurrences, missed dates and price changes,
	// as JSON (the recurring service's encoding; the store keeps it as is).
	History   string
	UpdatedAt time.Time
}

// RecurringReader reads a user's recurring series (part of Reader).
type RecurringReader interface {
	// RecurringSeries lists the user's series in id order.
	RecurringSeries(ctx context.Context, userID int64) ([]RecurringSeries, error)
	// RecurringSeriesByID returns one; ErrNotFound if the user has none
	// with that id.
	RecurringSeriesByID(ctx context.Context, userID, id int64) (RecurringSeries, error)
	// BillReminderDays is the user's lead time of bill_upcoming, in days
	// (DefaultBillReminderDays if never set; 0: off): a column of the
	// notification settings kept apart from their other fields.
	BillReminderDays(ctx context.Context, userID int64) (int, error)
}

// DefaultBillReminderDays: bill_upcoming is sent 3 days before a bill.
const DefaultBillReminderDays = 3

// RecurringWriter keeps a user's recurring series (part of Writer).
type RecurringWriter interface {
	// UpsertRecurringSeries inserts s or, when the user has a series of
	// its key, updates its detected fields (leaving State and Name), and
	// sets s.ID.
	UpsertRecurringSeries(ctx context.Context, s *RecurringSeries) error
	// SetRecurringState sets the user's state and name of a series;
	// ErrNotFound if the user has none with that id.
	SetRecurringState(ctx context.Context, userID, id int64, state, name string) error
	// DeleteRecurringSeries removes a series (gone from detection).
	DeleteRecurringSeries(ctx context.Context, userID, id int64) error
	// SetBillReminderDays sets the user's lead time of bill_upcoming.
	SetBillReminderDays(ctx context.Context, userID int64, days int) error
}
