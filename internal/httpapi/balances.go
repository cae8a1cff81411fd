package httpapi

import (
	"net/http"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
)

// createManual creates a manual account (POST /accounts with connector
// "manual"): a house, a car, a loan, with its value.
func (s *server) createManual(w http.ResponseWriter, r *http.Request, req linkRequest) error {
	if req.BalanceCents == nil {
		return errorf(centavo.EINVALID, "balance_cents is required for a manual account (for a liability, what is owed)")
	}
	if req.URL != "" || req.Login != "" || req.Password != "" || req.SetupToken != "" || req.InstitutionID != "" {
		return errorf(centavo.EINVALID, "a manual account has no institution: leave out url, login, password, setup_token and institution_id")
	}
	a, b, err := s.Accounts.CreateManual(r.Context(), userID(r.Context()), account.ManualParams{
		Name: req.Name, Kind: req.Kind, Currency: req.Currency, BalanceCents: *req.BalanceCents,
	})
	if err != nil {
		return err
	}
	encode(w, http.StatusCreated, accountsResponse{Accounts: []accountJSON{toAccountJSON(a, &b)}})
	return nil
}

type balanceRequest struct {
	BalanceCents *int64 `json:"balance_cents"`
	AsOf         string `json:"as_of"` // RFC 3339 or YYYY-MM-DD; "": now
}

// handleSetBalance records the value of a manual or file account.
func (s *server) handleSetBalance() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		req, err := decode[balanceRequest](w, r)
		if err != nil {
			return err
		}
		if req.BalanceCents == nil {
			return errorf(centavo.EINVALID, "balance_cents is required")
		}
		var asOf *time.Time
		if req.AsOf != "" {
			at, err := parseAsOf(req.AsOf, s.Now())
			if err != nil {
				return err
			}
			asOf = &at
		}
		a, b, err := s.Accounts.SetBalance(r.Context(), userID(r.Context()), id, *req.BalanceCents, asOf)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toAccountJSON(a, &b))
		return nil
	})
}

// parseAsOf reads a time as RFC 3339 or a date (its end: the day's
// closing balance).
func parseAsOf(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if d, err := centavo.ParseDay(s); err == nil {
		// Today's date is now (the newest value of the day); an earlier
		// date is the end of that day.
		if centavo.DayOf(now) == d {
			return now.UTC(), nil
		}
		return (d + 1).Time().Add(-time.Second), nil
	}
	return time.Time{}, errorf(centavo.EINVALID, "as_of %q is neither an RFC 3339 time nor a date YYYY-MM-DD", s)
}

// dayRange reads ?from=&to= (YYYY-MM-DD); to defaults to today, from to
// back days before to.
func (s *server) dayRange(r *http.Request, back int) (from, to centavo.Day, err error) {
	q := r.URL.Query()
	to = centavo.DayOf(s.Now())
	if v := q.Get("to"); v != "" {
		if to, err = centavo.ParseDay(v); err != nil {
			return 0, 0, errorf(centavo.EBADREQUEST, "to %q is not a date YYYY-MM-DD", v)
		}
	}
	from = to - centavo.Day(back)
	if v := q.Get("from"); v != "" {
		if from, err = centavo.ParseDay(v); err != nil {
			return 0, 0, errorf(centavo.EBADREQUEST, "from %q is not a date YYYY-MM-DD", v)
		}
	}
	return from, to, account.CheckRange(from, to)
}

type dayBalanceJSON struct {
	Date         string `json:"date"`
	BalanceCents *int64 `json:"balance_cents"`
}

type balancesJSON struct {
	Currency string           `json:"currency"`
	Balances []dayBalanceJSON `json:"balances"`
}

// handleBalances answers an account's closing balance of every day of a
// range (default: the last 90 days).
func (s *server) handleBalances() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		from, to, err := s.dayRange(r, 89)
		if err != nil {
			return err
		}
		cur, days, err := s.Accounts.History(r.Context(), userID(r.Context()), id, from, to)
		if err != nil {
			return err
		}
		out := balancesJSON{Currency: cur, Balances: make([]dayBalanceJSON, len(days))}
		for i, d := range days {
			out.Balances[i] = dayBalanceJSON{Date: d.Day.String(), BalanceCents: d.Cents}
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

type netWorthPointJSON struct {
	Date             string `json:"date"`
	AssetsCents      int64  `json:"assets_cents"`
	LiabilitiesCents int64  `json:"liabilities_cents"`
	NetWorthCents    int64  `json:"net_worth_cents"`
}

type netWorthJSON struct {
	Currency     string              `json:"currency"`
	Points       []netWorthPointJSON `json:"points"`
	MissingRates []string            `json:"missing_rates"`
}

// handleNetWorth answers the user's net worth at the end of each day,
// week or month of a range (default: the last year, by month).
func (s *server) handleNetWorth() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		from, to, err := s.dayRange(r, 364)
		if err != nil {
			return err
		}
		interval := r.URL.Query().Get("interval")
		switch interval {
		case "":
			interval = account.IntervalMonth
		case account.IntervalDay, account.IntervalWeek, account.IntervalMonth:
		default:
			return errorf(centavo.EBADREQUEST, "interval must be day, week or month")
		}
		nw, err := s.Accounts.NetWorth(r.Context(), account.NetWorthParams{UserID: userID(r.Context()), From: from, To: to, Interval: interval})
		if err != nil {
			return err
		}
		out := netWorthJSON{Currency: nw.Currency, Points: make([]netWorthPointJSON, len(nw.Points)), MissingRates: nw.MissingRates}
		if out.MissingRates == nil {
			out.MissingRates = []string{}
		}
		for i, p := range nw.Points {
			out.Points[i] = netWorthPointJSON{Date: p.Day.String(), AssetsCents: p.AssetsCents, LiabilitiesCents: p.LiabilitiesCents, NetWorthCents: p.NetWorthCents}
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}
