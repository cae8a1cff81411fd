package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
)

// Editing transactions on the transactions page (docs/0032): every form
// is a plain POST that redirects back to the listing, and the split form
// is a page of its own; the page's script (static/edit.js) sends the
// row's forms with fetch and the header rowHeader instead, and gets the
// row re-rendered (the "txrow" template) to put in place, and shows the
// split page's form in a dialog, so the page never reloads.

// rowHeader marks a request from the page's script: answer with the row.
const rowHeader = "X-Centavo-Row"

// maxSplitParts is how many parts the split form offers.
const maxSplitParts = 6

// backTo is the listing a form comes back to (its "return" field, if it is
// one of this site's transactions pages).
func backTo(r *http.Request) string {
	back := localPath(r.PostFormValue("return"))
	if back == "" {
		back = localPath(r.URL.Query().Get("return"))
	}
	if !strings.HasPrefix(back, "/transactions") {
		back = "/transactions"
	}
	return back
}

// edited answers a change of transaction id: the re-rendered row for the
// page's script (the refused change's message in it, status 422), else a
// redirect back to the listing with a flash message (or the error page).
func (s *server) edited(w http.ResponseWriter, r *http.Request, u *session, id int64, err error, msg string) {
	if r.Header.Get(rowHeader) == "" {
		if err != nil {
			s.fail(w, r, err)
			return
		}
		redirect(w, r, withMsg(backTo(r), msg)+"#tx-"+strconv.FormatInt(id, 10))
		return
	}
	status := http.StatusOK
	problem := ""
	if err != nil {
		m, ok := userError(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		status, problem = http.StatusUnprocessableEntity, m
	}
	s.renderRow(w, r, u, id, status, problem)
}

// renderRow answers the transaction's row of the listing alone.
func (s *server) renderRow(w http.ResponseWriter, r *http.Request, u *session, id int64, status int, problem string) {
	t, err := s.Ledger.Transaction(r.Context(), u.userID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	accts, err := s.Accounts.Accounts(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list := []centavo.Transaction{t}
	if t.TransferPairID != 0 && t.TransferPairID != t.ID {
		if other, err := s.Ledger.Transaction(r.Context(), u.userID, t.TransferPairID); err == nil {
			list = append(list, other)
		}
	}
	own, err := s.Categorize.Categories(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := txRows(list, accts)[:1]
	names := categoryNames(own)
	nameRows(rows, names)
	nameSplits(rows, names)
	row := rows[0]
	row.Return, row.Categories, row.CSRF, row.Error = backTo(r), withOwn(centavo.Categories(), own), u.csrf, problem
	s.execute(w, r, status, s.pages["transactions"], "txrow", row)
}

// nameSplits names the split parts of rows (own categories "Parent › Name").
func nameSplits(rows []txRow, name func(string) string) {
	for i := range rows {
		for j := range rows[i].SplitLines {
			rows[i].SplitLines[j].CategoryName = name(rows[i].Splits[j].Category)
		}
	}
}

// splitTags reads the tags field: names separated by commas.
func splitTags(s string) []string {
	tags := []string{}
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// editTransaction saves a row's edit form: notes, tags, hidden.
func (s *server) editTransaction(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such transaction.")
		return
	}
	var e ledger.Edit
	if _, ok := r.PostForm["notes"]; ok {
		notes := strings.ReplaceAll(r.PostFormValue("notes"), "\r\n", "\n")
		e.Notes = &notes
	}
	if _, ok := r.PostForm["tags"]; ok {
		tags := splitTags(r.PostFormValue("tags"))
		e.Tags = &tags
	}
	if r.PostFormValue("hidden_set") != "" {
		hidden := r.PostFormValue("hidden") != ""
		e.Hidden = &hidden
	}
	if c := r.PostFormValue("category"); c != "" {
		e.Category = &c
	}
	_, err := s.Ledger.Edit(r.Context(), u.userID, id, e)
	s.edited(w, r, u, id, err, "edited")
}

// bulkEdit applies one change to the rows picked on the listing:
// recategorize, tag, hide or show. Each row is its own change; the first
// refused one stops the rest and is shown.
func (s *server) bulkEdit(w http.ResponseWriter, r *http.Request, u *session) {
	var ids []int64
	for _, v := range r.PostForm["id"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	back := backTo(r)
	if len(ids) == 0 {
		redirect(w, r, withMsg(back, "bulk-none"))
		return
	}
	if len(ids) > ledger.MaxLimit {
		s.errorPage(w, r, http.StatusUnprocessableEntity, "Pick at most "+strconv.Itoa(ledger.MaxLimit)+" transactions at once.")
		return
	}
	action := r.PostFormValue("action")
	tag := strings.TrimSpace(r.PostFormValue("tag"))
	category := r.PostFormValue("category")
	var e ledger.Edit // the same change for every row
	switch action {
	case "category":
		e.Category = &category
	case "hide", "show":
		hidden := action == "hide"
		e.Hidden = &hidden
	case "tag":
		// Added to the row's tags inside the change's transaction.
		e.AddTags = []string{tag}
	default:
		s.errorPage(w, r, http.StatusUnprocessableEntity, "Choose what to do with the transactions you picked.")
		return
	}
	for _, id := range ids {
		if _, err := s.Ledger.Edit(r.Context(), u.userID, id, e); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	redirect(w, r, withMsg(back, "bulk"))
}

// splitData is the split page.
type splitData struct {
	Row        txRow
	Parts      []splitPart
	Categories []centavo.Category // the fixed ones and the user's own
	Return     string
	Error      string
}

type splitPart struct {
	N        int
	Amount   string // as typed, without a sign
	Category string
	Notes    string
}

// pathTransaction is the user's transaction named by the path, or false
// with the not-found answer written.
func (s *server) pathTransaction(w http.ResponseWriter, r *http.Request, u *session) (centavo.Transaction, bool) {
	id := pathID(r)
	t, err := s.Ledger.Transaction(r.Context(), u.userID, id)
	if id == 0 || err != nil {
		if err == nil {
			err = centavo.Errorf(centavo.ENOTFOUND, "no transaction")
		}
		s.fail(w, r, err)
		return centavo.Transaction{}, false
	}
	return t, true
}

// splitPage shows a transaction's split form: its parts, or two to fill.
func (s *server) splitPage(w http.ResponseWriter, r *http.Request, u *session) {
	t, ok := s.pathTransaction(w, r, u)
	if !ok {
		return
	}
	var parts []splitPart
	for _, p := range t.Splits {
		parts = append(parts, splitPart{Amount: inputAmount(abs64(p.AmountCents), t.Currency), Category: p.Category, Notes: p.Notes})
	}
	if len(parts) == 0 {
		parts = []splitPart{{Amount: inputAmount(abs64(t.AmountCents), t.Currency), Category: t.Category}}
	}
	s.renderSplit(w, r, u, t, parts, http.StatusOK, "")
}

func (s *server) renderSplit(w http.ResponseWriter, r *http.Request, u *session, t centavo.Transaction, parts []splitPart, status int, problem string) {
	for len(parts) < maxSplitParts {
		parts = append(parts, splitPart{Category: t.Category})
	}
	for i := range parts {
		parts[i].N = i
	}
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
	rows := txRows([]centavo.Transaction{t}, accts)
	nameRows(rows, categoryNames(own))
	v := s.view(r, u, "Split a transaction", "transactions")
	v.Data = splitData{Row: rows[0], Parts: parts, Categories: withOwn(centavo.Categories(), own), Return: backTo(r), Error: problem}
	s.render(w, r, status, "split", v)
}

// saveSplit reads the split form: each part's amount (without a sign: the
// transaction's is given), category and notes; rows without an amount are
// left out. Refused, the split page comes back with the message (the
// page's script shows its form again in its dialog); saved, the listing
// (or for the script, the row).
func (s *server) saveSplit(w http.ResponseWriter, r *http.Request, u *session) {
	t, ok := s.pathTransaction(w, r, u)
	if !ok {
		return
	}
	id := t.ID
	var parts []splitPart
	var splits []centavo.Split
	problem := ""
	for i := range maxSplitParts {
		n := strconv.Itoa(i)
		p := splitPart{Amount: strings.TrimSpace(r.PostFormValue("amount" + n)), Category: r.PostFormValue("category" + n), Notes: r.PostFormValue("notes" + n)}
		if p.Amount == "" {
			continue
		}
		parts = append(parts, p)
		cents, ok := parseMoney(strings.TrimPrefix(p.Amount, "-"), t.Currency)
		if !ok && problem == "" {
			problem = "“" + p.Amount + "” is not an amount."
		}
		if t.AmountCents < 0 {
			cents = -cents
		}
		splits = append(splits, centavo.Split{AmountCents: cents, Category: p.Category, Notes: p.Notes})
	}
	if problem == "" && len(splits) < 2 {
		problem = "A split has at least two parts."
	}
	if sum := sumSplits(splits); problem == "" && sum != t.AmountCents {
		problem = "The parts add up to " + centavo.FormatMoney(abs64(sum), t.Currency) + "; the transaction is " + centavo.FormatMoney(abs64(t.AmountCents), t.Currency) + "."
	}
	if problem == "" {
		_, err := s.Ledger.SetSplits(r.Context(), u.userID, id, splits)
		if err == nil {
			s.edited(w, r, u, id, nil, "split")
			return
		}
		m, ok := userError(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		problem = m
	}
	s.renderSplit(w, r, u, t, parts, http.StatusUnprocessableEntity, problem)
}

// unsplit undoes a transaction's split.
func (s *server) unsplit(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such transaction.")
		return
	}
	_, err := s.Ledger.SetSplits(r.Context(), u.userID, id, nil)
	s.edited(w, r, u, id, err, "unsplit")
}

// sumSplits adds the parts' amounts, saturating (the ledger refuses
// such a sum anyway).
func sumSplits(splits []centavo.Split) int64 {
	var sum int64
	for _, p := range splits {
		if abs64(p.AmountCents) > centavo.MaxTotalCents || abs64(sum) > centavo.MaxTotalCents {
			return centavo.MaxTotalCents + 1
		}
		sum += p.AmountCents
	}
	return sum
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// inputAmount writes a non-negative amount for an input field in the
// currency's decimals, as parseMoney reads it: 1234.5 USD → "1234.50",
// JPY 1200 → "1200".
func inputAmount(cents int64, currency string) string {
	digits := centavo.MinorDigits(currency)
	s := strconv.FormatInt(cents, 10)
	if digits == 0 {
		return s
	}
	for len(s) <= digits {
		s = "0" + s
	}
	return s[:len(s)-digits] + "." + s[len(s)-digits:]
}
