package httpapi

import (
	"net/http"
	"strconv"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/recurring"
)

// The recurring bills, subscriptions and incomes (docs/0035).

type recurringOccurrenceJSON struct {
	TransactionID int64  `json:"transaction_id"`
	Date          string `json:"date"`
	AmountCents   int64  `json:"amount_cents"`
}

type priceChangeJSON struct {
	TransactionID int64  `json:"transaction_id"`
	Date          string `json:"date"`
	FromCents     int64  `json:"from_cents"`
	ToCents       int64  `json:"to_cents"`
}

type recurringJSON struct {
	ID              int64                     `json:"id"`
	Merchant        string                    `json:"merchant"` // as detected
	Name            string                    `json:"name"`     // the user's ("" none)
	Category        string                    `json:"category"`
	AccountID       int64                     `json:"account_id"`
	Currency        string                    `json:"currency"`
	Cadence         string                    `json:"cadence"`
	AmountCents     int64                     `json:"amount_cents"`
	AmountVaries    bool                      `json:"amount_varies"`
	Income          bool                      `json:"income"`
	LastDate        string                    `json:"last_date"`
	NextDate        string                    `json:"next_date"`
	NextAmountCents int64                     `json:"next_amount_cents"`
	Status          string                    `json:"status"`
	State           string                    `json:"state"`
	Tentative       bool                      `json:"tentative"`
	TransactionIDs  []int64                   `json:"transaction_ids"`
	Occurrences     []recurringOccurrenceJSON `json:"occurrences"`
	Missed          []string                  `json:"missed"`
	PriceChanges    []priceChangeJSON         `json:"price_changes"`
}

func toRecurringJSON(s recurring.Stored) recurringJSON {
	out := recurringJSON{
		ID: s.ID, Merchant: s.Merchant, Name: s.Name, Category: s.Category, AccountID: s.AccountID, Currency: s.Currency,
		Cadence: s.Cadence, AmountCents: s.AmountCents, AmountVaries: s.AmountVaries, Income: s.Income,
		LastDate: s.LastDate.String(), NextDate: s.NextDate.String(), NextAmountCents: s.NextAmountCents,
		Status: s.Status, State: s.State, Tentative: s.Tentative,
		TransactionIDs: make([]int64, 0, len(s.Occurrences)), Occurrences: make([]recurringOccurrenceJSON, 0, len(s.Occurrences)),
		Missed: make([]string, 0, len(s.Missed)), PriceChanges: make([]priceChangeJSON, 0, len(s.PriceChanges)),
	}
	for _, o := range s.Occurrences {
		out.TransactionIDs = append(out.TransactionIDs, o.TxnID)
		out.Occurrences = append(out.Occurrences, recurringOccurrenceJSON{TransactionID: o.TxnID, Date: o.Date.String(), AmountCents: o.AmountCents})
	}
	for _, d := range s.Missed {
		out.Missed = append(out.Missed, d.String())
	}
	for _, p := range s.PriceChanges {
		out.PriceChanges = append(out.PriceChanges, priceChangeJSON{TransactionID: p.TxnID, Date: p.Date.String(), FromCents: p.FromCents, ToCents: p.ToCents})
	}
	return out
}

func (s *server) handleRecurring() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		list, err := s.Recurring.List(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		out := make([]recurringJSON, 0, len(list))
		for _, sr := range list {
			out = append(out, toRecurringJSON(sr))
		}
		encode(w, http.StatusOK, map[string]any{"recurring": out})
		return nil
	})
}

func (s *server) handlePatchRecurring() http.Handler {
	type request struct {
		State *string `json:"state"`
		Name  *string `json:"name"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		sr, err := s.Recurring.Update(r.Context(), userID(r.Context()), id, recurring.Change{State: req.State, Name: req.Name})
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toRecurringJSON(sr))
		return nil
	})
}

type upcomingJSON struct {
	RecurringID int64  `json:"recurring_id"`
	Merchant    string `json:"merchant"`
	Name        string `json:"name"`
	Date        string `json:"date"`
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
}

// defaultUpcomingDays is GET /recurring/upcoming's window without days.
const defaultUpcomingDays = 30

func (s *server) handleRecurringUpcoming() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		days := defaultUpcomingDays
		if v := r.URL.Query().Get("days"); v != "" || r.URL.Query().Has("days") {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > recurring.MaxUpcomingDays {
				return errorf(centavo.EBADREQUEST, "days must be a whole number from 1 to %d", recurring.MaxUpcomingDays)
			}
			days = n
		}
		list, err := s.Recurring.Upcoming(r.Context(), userID(r.Context()), days)
		if err != nil {
			return err
		}
		out := make([]upcomingJSON, 0, len(list))
		for _, u := range list {
			out = append(out, upcomingJSON{RecurringID: u.Series.ID, Merchant: u.Series.Merchant, Name: u.Series.Name,
				Date: u.Date.String(), AmountCents: u.AmountCents, Currency: u.Series.Currency})
		}
		encode(w, http.StatusOK, map[string]any{"upcoming": out})
		return nil
	})
}
