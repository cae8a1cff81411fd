package recurring

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	centavo "github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Service keeps each user's recurring series: it runs Detect after the
// changes that can alter them and every day (run.go), stores what it
// found with the user's decisions, answers the API's reads and sends the
// alerts (docs/0035-recurring-bills.md).
type Service struct {
	Cluster store.Cluster
	Now     func() time.Time
	Logger  *slog.Logger

	detector func([]Txn, centavo.Day) []Series // tests: instead of Detect
}

// Stored is one of a user's series as kept: the latest detection's
// Series, the stored id, and the user's state and name for it.
type Stored struct {
	ID    int64
	State string // Suggested, Confirmed or Ignored
	// Name is the user's name for the series ("": none); Merchant stays
	// the detected merchant's name.
	Name      string
	UpdatedAt time.Time
	Series
}

// DisplayName is the user's name for the series, or its merchant's.
func (s Stored) DisplayName() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Merchant
}

// storedHistory is what a stored row keeps as JSON.
type storedHistory struct {
	Occurrences  []Occurrence  `json:"occurrences"`
	Missed       []centavo.Day `json:"missed,omitempty"`
	PriceChanges []PriceChange `json:"price_changes,omitempty"`
	DueDay       int           `json:"due_day,omitempty"`
}

func fromRow(r store.RecurringSeries) (Stored, error) {
	var h storedHistory
	if err := json.Unmarshal([]byte(r.History), &h); err != nil {
		return Stored{}, err
	}
	return Stored{ID: r.ID, State: r.State, Name: r.Name, UpdatedAt: r.UpdatedAt, Series: Series{
		Key: r.Key, MerchantKey: r.MerchantKey, Merchant: r.Merchant, Category: r.Category, AccountID: r.AccountID,
		Currency: r.Currency, Cadence: r.Cadence, AmountCents: r.AmountCents, AmountVaries: r.AmountVaries, Income: r.Income,
		LastDate: r.LastDate, NextDate: r.NextDate, NextAmountCents: r.NextAmountCents, Status: r.Status, Tentative: r.Tentative,
		Occurrences: h.Occurrences, Missed: h.Missed, PriceChanges: h.PriceChanges, DueDay: h.DueDay,
	}}, nil
}

func toRow(userID int64, s Series, now time.Time) store.RecurringSeries {
	h, _ := json.Marshal(storedHistory{Occurrences: s.Occurrences, Missed: s.Missed, PriceChanges: s.PriceChanges, DueDay: s.DueDay})
	return store.RecurringSeries{
		UserID: userID, Key: s.Key, MerchantKey: s.MerchantKey, Merchant: s.Merchant, Category: s.Category, AccountID: s.AccountID,
		Currency: s.Currency, Cadence: s.Cadence, AmountCents: s.AmountCents, AmountVaries: s.AmountVaries, Income: s.Income,
		LastDate: s.LastDate, NextDate: s.NextDate, NextAmountCents: s.NextAmountCents, Status: s.Status, Tentative: s.Tentative,
		History: string(h), UpdatedAt: now,
	}
}

func rowsToStored(rows []store.RecurringSeries) ([]Stored, error) {
	out := make([]Stored, 0, len(rows))
	for _, r := range rows {
		s, err := fromRow(r)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// List returns the user's series in id order: suggested, confirmed and
// ignored, active and ended.
func (s *Service) List(ctx context.Context, userID int64) ([]Stored, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	rows, err := st.RecurringSeries(ctx, userID)
	if err != nil {
		return nil, err
	}
	return rowsToStored(rows)
}

// Get returns one of the user's series (ENOTFOUND if it is not theirs).
func (s *Service) Get(ctx context.Context, userID, id int64) (Stored, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return Stored{}, err
	}
	r, err := st.RecurringSeriesByID(ctx, userID, id)
	if err != nil {
		return Stored{}, err
	}
	return fromRow(r)
}

// Change is a user's edit of a series: nil fields are left as they are.
type Change struct {
	State *string
	Name  *string // "" clears the name
}

// MaxNameLength is the longest name a user may give a series, in
// characters.
const MaxNameLength = 100

// Update applies a user's change to a series and returns it. The state
// and name stick across detections.
func (s *Service) Update(ctx context.Context, userID, id int64, c Change) (Stored, error) {
	if c.State == nil && c.Name == nil {
		return Stored{}, centavo.Errorf(centavo.EINVALID, "nothing to change: give state or name")
	}
	if c.State != nil && *c.State != Suggested && *c.State != Confirmed && *c.State != Ignored {
		return Stored{}, centavo.Errorf(centavo.EINVALID, "state must be suggested, confirmed or ignored")
	}
	if c.Name != nil {
		n := strings.TrimSpace(*c.Name)
		if utf8.RuneCountInString(n) > MaxNameLength || strings.ContainsAny(n, "\x00\r\n") {
			return Stored{}, centavo.Errorf(centavo.EINVALID, "name must be one line of at most %d characters", MaxNameLength)
		}
		c.Name = &n
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return Stored{}, err
	}
	var out Stored
	err = st.InTx(ctx, func(tx store.Tx) error {
		r, err := tx.RecurringSeriesByID(ctx, userID, id)
		if err != nil {
			return err
		}
		if c.State != nil {
			r.State = *c.State
		}
		if c.Name != nil {
			r.Name = *c.Name
		}
		if err := tx.SetRecurringState(ctx, userID, id, r.State, r.Name); err != nil {
			return err
		}
		out, err = fromRow(r)
		return err
	})
	return out, err
}

// Upcoming is one expected occurrence of a series.
type Upcoming struct {
	Series      Stored
	Date        centavo.Day
	AmountCents int64 // signed, like the transactions
}

// MaxUpcomingDays is the longest window of Upcoming.
const MaxUpcomingDays = 366

// Upcoming returns the expected occurrences of the user's active series
// that are neither ignored nor tentative, from today to today+days, in
// date then series id order.
func (s *Service) Upcoming(ctx context.Context, userID int64, days int) ([]Upcoming, error) {
	if days < 1 || days > MaxUpcomingDays {
		return nil, centavo.Errorf(centavo.EINVALID, "days must be 1 to %d", MaxUpcomingDays)
	}
	all, err := s.List(ctx, userID)
	if err != nil {
		return nil, err
	}
	today := centavo.DayOf(s.Now())
	return upcoming(all, today, today+centavo.Day(days)), nil
}

// UpcomingBills is Upcoming less what brings money in (incomes): the
// bills of the dashboard's card and of the e-mail digest.
func (s *Service) UpcomingBills(ctx context.Context, userID int64, days int) ([]Upcoming, error) {
	up, err := s.Upcoming(ctx, userID, days)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(up, func(u Upcoming) bool { return u.Series.Income || u.AmountCents >= 0 }), nil
}

// PerYear is how many times a cadence charges in a year (a monthly
// equivalent is amount × PerYear / 12, in integer cents); 0 for an
// unknown cadence.
func PerYear(cadence string) int64 {
	return map[string]int64{Weekly: 52, Biweekly: 26, Semimonthly: 24, Monthly: 12, Quarterly: 4, Semiannual: 2, Annual: 1}[cadence]
}

func upcoming(all []Stored, from, to centavo.Day) []Upcoming {
	var out []Upcoming
	for _, sr := range all {
		if sr.Status != Active || sr.State == Ignored || sr.Tentative {
			continue
		}
		for _, d := range sr.Expected(from, to) {
			out = append(out, Upcoming{Series: sr, Date: d, AmountCents: sr.NextAmountCents})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date < out[j].Date
		}
		return out[i].Series.ID < out[j].Series.ID
	})
	return out
}

// notFound reports whether err is the store's not-found.
func notFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
