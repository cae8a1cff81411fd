package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
)

// The search page (docs/0033-search-and-export.md): the API's search
// across time with a form, the count and total of everything that matches,
// pages, and the matches exported as CSV or JSON behind the session.

// searchForm is the page's query string as typed: q, from, to, min, max
// (amounts in the user's currency, absolute), category, tag, account.
type searchForm struct {
	Q, From, To, Min, Max, Category, Tag string
	AccountID                            int64
}

func readSearchForm(r *http.Request) searchForm {
	v := r.URL.Query()
	trim := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	f := searchForm{Q: trim("q"), From: trim("from"), To: trim("to"), Min: trim("min"), Max: trim("max"), Category: trim("category"), Tag: trim("tag")}
	f.AccountID, _ = strconv.ParseInt(v.Get("account"), 10, 64)
	return f
}

// values is the form as a query string (cursor and format aside).
func (f searchForm) values() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"q", f.Q}, {"from", f.From}, {"to", f.To}, {"min", f.Min}, {"max", f.Max}, {"category", f.Category}, {"tag", f.Tag}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if f.AccountID != 0 {
		v.Set("account", strconv.FormatInt(f.AccountID, 10))
	}
	return v
}

func (f searchForm) url(path string, extra ...string) string {
	v := f.values()
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// query checks the form and turns it into the ledger's query; the message
// says what is wrong.
func (f searchForm) query(currency string) (ledger.Query, string) {
	q := ledger.Query{AccountID: f.AccountID, Search: ledger.Search{Text: f.Q, Category: f.Category, Tag: f.Tag, Totals: true}}
	for _, d := range []struct {
		name, v string
		to      *time.Time
	}{{"From", f.From, &q.From}, {"To", f.To, &q.To}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.v)
		if err != nil {
			return q, d.name + " is not a date (YYYY-MM-DD)."
		}
		*d.to = t
	}
	for _, a := range []struct {
		name, v string
		to      **int64
	}{{"Min", f.Min, &q.MinCents}, {"Max", f.Max, &q.MaxCents}} {
		if a.v == "" {
			continue
		}
		cents, ok := parseMoney(a.v, currency)
		if !ok || cents < 0 {
			return q, a.name + " is not an amount: amounts are compared whatever their sign, so type 10 or 25.50."
		}
		*a.to = &cents
	}
	return q, ""
}

type searchData struct {
	Form       searchForm
	Accounts   []centavo.Account
	Categories []centavo.Category
	Searched   bool
	Rows       []txRow
	Count      int64
	TotalCents int64
	Currency   string
	NextURL    string
	FirstURL   string
	CSVURL     string
	JSONURL    string
}

func (s *server) search(w http.ResponseWriter, r *http.Request, u *session) {
	form := readSearchForm(r)
	accts, err := s.Accounts.Accounts(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	own, err := s.Categorize.Categories(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := searchData{Form: form, Accounts: accts, Categories: withOwn(centavo.Categories(), own), Currency: u.user.Currency, Searched: len(form.values()) > 0,
		CSVURL: form.url("/search/export", "format", "csv"), JSONURL: form.url("/search/export", "format", "json")}
	v := s.view(r, u, "Search", "search")
	q, msg := form.query(u.user.Currency)
	status := http.StatusOK
	if msg == "" {
		cursor := r.URL.Query().Get("cursor")
		q.Limit, q.Cursor = pageSize, cursor
		page, err := s.Ledger.Transactions(r.Context(), u.userID, q)
		switch {
		case centavo.ErrorCode(err) == centavo.EBADREQUEST && cursor != "":
			redirect(w, r, form.url("/search")) // a stale or forged cursor: start over
			return
		case centavo.ErrorCode(err) == centavo.EBADREQUEST:
			msg = capitalize(centavo.ErrorMessage(err)) + "."
		case err != nil:
			s.fail(w, r, err)
			return
		default:
			d.Rows, d.Count, d.TotalCents = txRows(page.Transactions, accts), page.Count, page.TotalCents
			names := categoryNames(own)
			nameRows(d.Rows, names)
			nameSplits(d.Rows, names)
			if page.NextCursor != "" {
				d.NextURL = form.url("/search", "cursor", page.NextCursor)
			}
			if cursor != "" {
				d.FirstURL = form.url("/search")
			}
		}
	}
	if msg != "" {
		v.Error, status = msg, http.StatusBadRequest
	}
	v.Data = d
	s.render(w, r, status, "search", v)
}

// searchExport serves the matches of the page's form as a download, the
// same as GET /api/v1/transactions/export, behind the session.
func (s *server) searchExport(w http.ResponseWriter, r *http.Request, u *session) {
	q, msg := readSearchForm(r).query(u.user.Currency)
	if msg != "" {
		s.errorPage(w, r, http.StatusBadRequest, msg)
		return
	}
	write, ext, ctype := s.Ledger.WriteCSV, "csv", "text/csv; charset=utf-8"
	switch r.URL.Query().Get("format") {
	case "", "csv":
	case "json":
		write, ext, ctype = s.Ledger.WriteJSON, "json", "application/json"
	default:
		s.errorPage(w, r, http.StatusBadRequest, "The export is CSV or JSON.")
		return
	}
	dw := &downloadWriter{w: w, start: func() {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="centavo-transactions-`+s.Now().UTC().Format(time.DateOnly)+`.`+ext+`"`)
		w.Header().Set("Cache-Control", "no-store")
	}}
	if err := write(r.Context(), dw, u.userID, q); err != nil && !dw.started {
		s.fail(w, r, err)
	}
}

// downloadWriter sends a download's headers with its first byte, so that
// an error found before is answered with a page.
type downloadWriter struct {
	w       http.ResponseWriter
	start   func()
	started bool
}

func (d *downloadWriter) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		d.start()
	}
	return d.w.Write(p)
}
