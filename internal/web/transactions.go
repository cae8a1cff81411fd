package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
)

// Transactions page sizes: a page shows pageSize rows; a filtered page
// reads scanSize rows at a time until it has pageSize matches, reading at
// most maxScan rows per page shown.
const (
	pageSize = 50
	scanSize = 500
	maxScan  = 5000
)

type txRow struct {
	centavo.Transaction
	Account      string
	CategoryName string
	Spending     bool   // counts towards spending
	TransferWith string // the other account of a transfer pair, when known
	TagsText     string // the tags as typed in the edit form
	SplitLines   []splitLine
	// What the row's forms need: where they come back to, the categories
	// and the CSRF token; Error is a refused edit's message.
	Return     string
	Categories []centavo.Category
	CSRF       string
	Error      string
}

// splitLine is one part of a split transaction, as the row shows it.
type splitLine struct {
	CategoryName string
	Cents        int64
	Notes        string
}

func txRows(list []centavo.Transaction, accts []centavo.Account) []txRow {
	names := make(map[int64]string, len(accts))
	for _, a := range accts {
		names[a.ID] = a.Name
	}
	// A transfer's other half: the row of the same pair on the page.
	pairs := map[int64][]centavo.Transaction{}
	for _, t := range list {
		if t.TransferPairID != 0 {
			pairs[t.TransferPairID] = append(pairs[t.TransferPairID], t)
		}
	}
	out := make([]txRow, len(list))
	for i, t := range list {
		out[i] = txRow{Transaction: t, Account: names[t.AccountID], CategoryName: categoryName(t.Category), Spending: centavo.CountsAsSpending(t.Category),
			TagsText: strings.Join(t.Tags, ", ")}
		for _, o := range pairs[t.TransferPairID] {
			if o.ID != t.ID {
				out[i].TransferWith = names[o.AccountID]
			}
		}
		for _, p := range t.Splits {
			out[i].SplitLines = append(out[i].SplitLines, splitLine{CategoryName: categoryName(p.Category), Cents: p.AmountCents, Notes: p.Notes})
		}
	}
	return out
}

type transactionsData struct {
	Nav        monthNav
	Accounts   []centavo.Account
	AccountID  int64
	Category   string
	Query      string
	Filtered   bool
	Rows       []txRow
	NextURL    string
	FirstURL   string
	Return     string // this listing, where a category change comes back to
	Categories []centavo.Category
}

// txFilter is the listing's query string.
type txFilter struct {
	month     centavo.Month
	accountID int64
	category  string
	query     string
	cursor    string
}

func (f txFilter) url(cursor string) string {
	q := url.Values{}
	q.Set("month", f.month.String())
	if f.accountID != 0 {
		q.Set("account", strconv.FormatInt(f.accountID, 10))
	}
	if f.category != "" {
		q.Set("category", f.category)
	}
	if f.query != "" {
		q.Set("q", f.query)
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	return "/transactions?" + q.Encode()
}

func (f txFilter) match(t centavo.Transaction) bool {
	if f.category != "" && t.Category != f.category {
		return false
	}
	if f.query != "" {
		q := strings.ToLower(f.query)
		return strings.Contains(strings.ToLower(t.Merchant), q) || strings.Contains(strings.ToLower(t.Seller), q)
	}
	return true
}

func (s *server) transactions(w http.ResponseWriter, r *http.Request, u *session) {
	q := r.URL.Query()
	month, ok := s.monthParam(r)
	if !ok {
		redirect(w, r, "/transactions")
		return
	}
	f := txFilter{month: month, category: q.Get("category"), query: strings.TrimSpace(q.Get("q")), cursor: q.Get("cursor")}
	if _, ok := centavo.LookupCategory(f.category); !ok && !centavo.IsOwnCategoryID(f.category) {
		f.category = ""
	}
	if len(f.query) > 100 {
		f.query = f.query[:100]
	}
	f.accountID, _ = strconv.ParseInt(q.Get("account"), 10, 64)

	accts, err := s.Accounts.Accounts(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := transactionsData{Nav: newMonthNav(month, centavo.MonthOf(s.Now()), "/transactions", url.Values{"account": {q.Get("account")}, "category": {f.category}, "q": {f.query}}), Accounts: accts, AccountID: f.accountID,
		Category: f.category, Query: f.query, Filtered: f.category != "" || f.query != "", Categories: centavo.Categories(),
		Return: f.url(f.cursor)}
	if f.cursor != "" {
		d.FirstURL = f.url("")
	}

	// Without a filter a page is one page of the ledger; with one, pages
	// of the ledger are read and filtered until a page's worth matched.
	var rows []centavo.Transaction
	cursor, scanned := f.cursor, 0
	for {
		limit := pageSize
		if d.Filtered {
			limit = scanSize
		}
		page, err := s.Ledger.Transactions(r.Context(), u.userID, ledger.Query{Month: month, AccountID: f.accountID, Limit: limit, Cursor: cursor})
		if centavo.ErrorCode(err) == centavo.EBADREQUEST {
			redirect(w, r, f.url("")) // a stale or forged cursor: start over
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		scanned += len(page.Transactions)
		for _, t := range page.Transactions {
			if f.match(t) {
				rows = append(rows, t)
			}
		}
		cursor = page.NextCursor
		if !d.Filtered || cursor == "" || len(rows) >= pageSize || scanned >= maxScan {
			break
		}
	}
	if cursor != "" {
		d.NextURL = f.url(cursor)
	}
	d.Rows = txRows(rows, accts)
	own, err := s.Categorize.Categories(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Categories = withOwn(d.Categories, own)
	names := categoryNames(own)
	nameRows(d.Rows, names)
	nameSplits(d.Rows, names)
	for i := range d.Rows {
		d.Rows[i].Return, d.Rows[i].Categories, d.Rows[i].CSRF = d.Return, d.Categories, u.csrf
	}

	v := s.view(r, u, "Transactions", "transactions")
	v.Month = month
	v.Data = d
	s.render(w, r, http.StatusOK, "transactions", v)
}

func (s *server) setCategory(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such transaction.")
		return
	}
	always := r.PostFormValue("always") != ""
	_, _, err := s.Ledger.SetCategory(r.Context(), u.userID, id, ledger.Change{Category: r.PostFormValue("category"), ApplyToFuture: always})
	msg := "category"
	if always {
		msg = "category-rule"
	}
	s.edited(w, r, u, id, err, msg)
}
