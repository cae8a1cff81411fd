package httpapi

import (
	"net/http"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
)

// searchParams reads a transaction query's filters — month, account_id and
// the search's q, from, to, min_cents, max_cents, category, tag — from the
// URL (docs/0033-search-and-export.md). Answers carry the totals.
func searchParams(r *http.Request) (ledger.Query, error) {
	var q ledger.Query
	var err error
	if q.Month, err = monthParam(r); err != nil {
		return q, err
	}
	if q.AccountID, err = intParam(r, "account_id"); err != nil {
		return q, err
	}
	v := r.URL.Query()
	q.Text, q.Category, q.Tag, q.Totals = v.Get("q"), v.Get("category"), v.Get("tag"), true
	for _, d := range []struct {
		name string
		to   *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if s := v.Get(d.name); s != "" {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return q, errorf(centavo.EBADREQUEST, "%s %q is not a date of the form YYYY-MM-DD", d.name, s)
			}
			*d.to = t
		}
	}
	for _, c := range []struct {
		name string
		to   **int64
	}{{"min_cents", &q.MinCents}, {"max_cents", &q.MaxCents}} {
		if v.Has(c.name) {
			n, err := intParam(r, c.name)
			if err != nil {
				return q, err
			}
			*c.to = &n
		}
	}
	return q, nil
}
