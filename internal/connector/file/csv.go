package file

import (
	"errors"
	"fmt"
	"strings"

	"github.com/centavo/centavo/internal/connector"
)

// csvPlan is a mapping resolved against the file: column indexes and how to
// read the values.
type csvPlan struct {
	date        int
	altDates    []int                // other date columns, best first, for rows whose date column is empty
	layout      string               // Go layout, when the user gave one
	order       dateOrder            // otherwise, detected
	desc        [][]int              // a mapping's alternatives: the first with text wins; the columns of one are joined
	text        *textPlan            // inferred: how the descriptor is made (csvtext.go)
	from, to    int                  // a payment app's From and To columns
	holder      string               // the account holder's name in From/To, folded
	account     int                  // the account column (a file may hold several accounts)
	balance     int                  // the running balance column, never an amount
	dalIn       bool                 // the direction column is Czech MD/D: "D" is money in
	unmarked    int                  // a row without a direction word: 0 its own sign, -1 money out, +1 money in (csvinfer.go)
	statuses    map[string]rowStatus // what each status value said
	amount      int
	debit       int
	credit      int
	direction   int
	currencyCol int
	status      int
	id          int         // the bank's record id, from the mapping only (CSVMapping.ID)
	shareKind   int         // a booking-type column whose "Shares" rows move securities, not cash
	accounts    csvAccounts // csvaccount.go
	style       decimalStyle
	negate      bool
	currency    string
	dateName    string // how to name the date column in messages
}

func readCSV(text string, m *CSVMapping, currency string) (Result, error) {
	if m != nil && m.SkipRows > 0 {
		text = dropLines(text, m.SkipRows)
	}
	delim, err := csvDelimiter(text, m)
	if err != nil {
		return Result{}, err
	}
	all, more := parseCSV(text, delim, MaxRecords+1000)
	if more {
		return Result{}, refuse(CodeTooLarge, "the file holds more than %d rows; split it into smaller files", MaxRecords)
	}
	rows := all[:0] // the blank rows left out in place: no second array of a big file's rows
	for _, r := range all {
		if !r.blank() {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return Result{}, refuse(CodeEmpty, "the CSV file holds no rows")
	}

	if res, ok, err := readAppExport(rows, m, currency); ok {
		return res, err
	}
	var plan *csvPlan
	var data []csvRow
	if m == nil || m.columnsInferred() {
		if plan, data, err = inferPlan(rows, delim, currency); err == nil && m != nil {
			err = plan.takeFormats(m)
		}
	} else {
		plan, data, err = mappedPlan(rows, m, currency)
	}
	if err != nil {
		return Result{}, err
	}
	if plan.layout == "" {
		if err := plan.detectDates(data); err != nil {
			return Result{}, err
		}
	}

	res := Result{Currency: plan.currency, Transactions: make([]connector.Transaction, 0, len(data))}
	var bals csvBalances
	listed := map[string]connector.Transaction{} // by the mapped record id
	for _, r := range data {
		tx, skip, ignore := plan.convert(r)
		if prev, ok := listed[tx.InstitutionID]; ok && skip == "" && !ignore && sameRecord(prev, tx) {
			skip = fmt.Sprintf("the record %q listed again, the same in every field", clip(tx.InstitutionID))
		}
		switch {
		case ignore:
		case skip != "":
			res.Skipped = append(res.Skipped, Skipped{Line: r.line, Reason: skip})
		default:
			if tx.InstitutionID != "" {
				listed[tx.InstitutionID] = tx
			}
			if err := plan.noteAccount(r, &tx, &res); err != nil {
				return Result{}, err
			}
			res.Transactions = append(res.Transactions, tx)
			bals.note(plan, r, tx)
		}
	}
	res.Balances = bals.closing()
	if plan.currencyCol >= 0 && len(res.Transactions) > 0 {
		res.Currency = res.Transactions[0].Currency
	}
	return res, nil
}

// sameRecord says whether two rows with one mapped record id are one
// record listed twice: the same day, amount, text and state. Rows that
// share an id and differ are both kept (the import keeps them apart).
func sameRecord(a, b connector.Transaction) bool {
	return a.PostedAt.Equal(b.PostedAt) && a.AmountCents == b.AmountCents && a.Descriptor == b.Descriptor && a.Pending == b.Pending
}

// dropLines removes the first n lines (LF, CRLF or CR ended).
func dropLines(text string, n int) string {
	for ; n > 0 && text != ""; n-- {
		i := strings.IndexAny(text, "\r\n")
		if i < 0 {
			return ""
		}
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		text = text[i+1:]
	}
	return text
}

func csvDelimiter(text string, m *CSVMapping) (byte, error) {
	if m == nil || m.Delimiter == "" {
		return detectDelimiter(text), nil
	}
	switch m.Delimiter {
	case ",", ";", "\t", "|":
		return m.Delimiter[0], nil
	case "tab", "TAB", `\t`:
		return '\t', nil
	}
	return 0, refuse(CodeNeedsMapping, "the CSV delimiter %q is not supported; use \",\", \";\", tab or \"|\"", clip(m.Delimiter))
}

func newPlan(currency string) *csvPlan {
	return &csvPlan{date: -1, amount: -1, debit: -1, credit: -1, direction: -1, currencyCol: -1, status: -1, shareKind: -1, id: -1,
		from: -1, to: -1, account: -1, balance: -1, currency: currency, statuses: map[string]rowStatus{},
		accounts: csvAccounts{number: -1, name: -1, seen: map[string]bool{}}}
}

// detectDates decides day-first or month-first from the date column.
func (p *csvPlan) detectDates(data []csvRow) error {
	var values []string
	for _, r := range data {
		if v := p.dateOf(r); v != "" {
			values = append(values, v)
		}
	}
	fallback := p.order // orderUnknown unless the export is known
	order, err := detectOrder(values, fallback)
	if err != nil {
		return refuse(CodeNeedsMapping, "the dates in column %q cannot be read: %v; give the date format in the mapping", clip(p.dateName), err)
	}
	if order == orderUnknown {
		return refuse(CodeNeedsMapping, "the dates in column %q could be month/day or day/month (no day is above 12); give the date format in the mapping, e.g. \"MM/DD/YYYY\" or \"DD/MM/YYYY\"", clip(p.dateName))
	}
	p.order = order
	return nil
}

// rowStatus is what a status value says.
type rowStatus struct {
	pending bool
	skip    string
}

// dateOf returns the row's date: the date column's, or when that is
// empty on a row that is not pending, the next date column's (Amex leaves
// "Date Processed" empty where "Date" is filled).
func (p *csvPlan) dateOf(r csvRow) string {
	v := cell(r, p.date)
	for _, c := range p.altDates {
		if v != "" {
			break
		}
		v = cell(r, c)
	}
	return v
}

func cell(r csvRow, i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// convert reads one data row. ignore means the row is not a transaction at
// all (blank where it matters, a repeated header); skip says why a
// transaction could not be read.
func (p *csvPlan) convert(r csvRow) (tx connector.Transaction, skip string, ignore bool) {
	dateCell := p.dateOf(r)
	amountCells := cell(r, p.amount) + cell(r, p.debit) + cell(r, p.credit)
	if dateCell == "" && amountCells == "" {
		return tx, "", true
	}
	if c, ok := p.totalRow(r); ok {
		return tx, fmt.Sprintf("a balance, turnover or total row (%q), not a transaction", clip(c)), false
	}
	if p.shareKind >= 0 && csvDict.is(roleShares, cell(r, p.shareKind)) {
		return tx, fmt.Sprintf("a movement of securities (%q), not of cash", clip(cell(r, p.shareKind))), false
	}
	if p.status >= 0 {
		v := cell(r, p.status)
		st, ok := p.statuses[v]
		if !ok {
			st.pending, st.skip = statusOf(v)
			if len(p.statuses) < 100 { // a status column has a few values
				p.statuses[v] = st
			}
		}
		if tx.Pending = st.pending; st.skip != "" {
			return tx, st.skip, false
		}
	}
	if cell(r, p.date) == "" && tx.Pending {
		return tx, "pending transaction, not posted yet", false
	}
	var err error
	if p.layout != "" {
		tx.PostedAt, err = parseLayout(dateCell, p.layout)
	} else {
		tx.PostedAt, err = parseDate(dateCell, p.order)
	}
	if err != nil {
		return tx, err.Error(), false
	}
	if tx.AmountCents, tx.TrnType, err = p.amountOf(r); err != nil {
		return tx, err.Error(), false
	}
	if p.id >= 0 {
		tx.InstitutionID = cell(r, p.id)
		if err := connector.CheckID(tx.InstitutionID); err != nil {
			return tx, err.Error(), false
		}
	}
	tx.Descriptor = p.descriptor(r, tx.AmountCents)
	tx.Raw = connector.RawText(r.raw)
	tx.Currency = p.currency
	if c, ok := currencyCode(cell(r, p.currencyCol)); ok {
		tx.Currency = c
	}
	return tx, "", false
}

func (p *csvPlan) amountOf(r csvRow) (int64, string, error) {
	if p.amount >= 0 {
		v := cell(r, p.amount)
		if v == "" {
			return 0, "", errors.New("no amount")
		}
		cents, err := parseAmount(v, p.style)
		if err != nil {
			return 0, "", err
		}
		if p.negate {
			cents = -cents
		}
		d := cell(r, p.direction)
		switch {
		case d == "" && p.unmarked < 0:
			return -abs(cents), "DEBIT", nil
		case d == "" && p.unmarked > 0:
			return abs(cents), "CREDIT", nil
		case d == "":
			return cents, "", nil
		}
		out, ok := p.directionOf(d)
		switch {
		case !ok:
			return 0, "", fmt.Errorf("%q does not say debit or credit", clip(d))
		case out:
			return -abs(cents), "DEBIT", nil
		}
		return abs(cents), "CREDIT", nil
	}
	dv, cv := cell(r, p.debit), cell(r, p.credit)
	if dv == "" && cv == "" {
		return 0, "", errors.New("no amount in the debit or credit column")
	}
	var debit, credit int64
	var err error
	if dv != "" {
		if debit, err = parseAmount(dv, p.style); err != nil {
			return 0, "", err
		}
	}
	if cv != "" {
		if credit, err = parseAmount(cv, p.style); err != nil {
			return 0, "", err
		}
	}
	return abs(credit) - abs(debit), "", nil // each within the bound, so is the difference
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
