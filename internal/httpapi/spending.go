package httpapi

import (
	"net/http"

	"github.com/centavo/centavo"
)

func (s *server) handleSpending() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		month, err := monthParam(r)
		if err != nil {
			return err
		}
		if month.IsZero() {
			month = centavo.MonthOf(s.Now())
		}
		b, err := s.Ledger.SpendingJSON(r.Context(), userID(r.Context()), month)
		if err != nil {
			return err
		}
		encodedJSON(w, http.StatusOK, b)
		return nil
	})
}

// cashflowMonths is how many months /cashflow answers by default, through
// the current month.
const cashflowMonths = 12

func (s *server) handleCashflow() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query()
		to := centavo.MonthOf(s.Now())
		from := to.Add(1 - cashflowMonths)
		for name, m := range map[string]*centavo.Month{"from": &from, "to": &to} {
			if v := q.Get(name); v != "" {
				p, err := centavo.ParseMonth(v)
				if err != nil {
					return errorf(centavo.EBADREQUEST, "%s %q is not of the form YYYY-MM", name, v)
				}
				*m = p
			}
		}
		if q.Get("from") == "" && q.Get("to") != "" {
			from = to.Add(1 - cashflowMonths)
		}
		flow, err := s.Ledger.Cashflow(r.Context(), userID(r.Context()), from, to)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, flow)
		return nil
	})
}
