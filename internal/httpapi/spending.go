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
		sum, err := s.Ledger.Spending(r.Context(), userID(r.Context()), month)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, sum)
		return nil
	})
}

type categoryJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
}

func (s *server) handleCategories() http.Handler {
	type response struct {
		Categories []categoryJSON `json:"categories"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var out response
		for _, c := range centavo.Categories() {
			out.Categories = append(out.Categories, categoryJSON{ID: c.ID, Name: c.Name, Kind: c.Kind, Description: c.Description})
		}
		encode(w, http.StatusOK, out)
	})
}
