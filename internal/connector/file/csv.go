package file

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/centavo/centavo/internal/connector"
)

// CSVMapping says how to read a CSV: which columns hold what.
//
// A column is named by its header text, matched without regard to case
// and surrounding blanks ("Date", "Amount (EUR)"), or by its 0-based
// position ("0" is the first column). Without a header row, columns must
// be given by position. An empty string means "no such column".
type CSVMapping struct {
	Delimiter string `json:"delimiter,omitempty"` // ",", ";", "\t" (or "tab"), "|"; "" = detect
	SkipRows  int    `json:"skip_rows,omitempty"` // lines at the top of the file to drop (a bank's preamble) before the header or the first data row
	// HasHeader says a row names the columns: the first row after SkipRows,
	// or the first of the next 30 that holds the Date column's name.
	HasHeader bool `json:"has_header,omitempty"`

	Date string `json:"date,omitempty"` // the column with the posting date
	// DateFormat is a Go layout ("2006-01-02", "01/02/2006", "02/01/2006",
	// "02.01.2006") or the same spelled "YYYY-MM-DD", "MM/DD/YYYY",
	// "DD/MM/YYYY", "DD.MM.YYYY"; zero padding is optional. "" = detect
	// from the data, refusing when day and month cannot be told apart.
	DateFormat string `json:"date_format,omitempty"`

	Description string `json:"description,omitempty"` // one column, or several joined by "+": "Payee+Memo"

	Amount string `json:"amount,omitempty"` // a signed amount (negative = money out), or
	Debit  string `json:"debit,omitempty"`  // two columns: money out,
	Credit string `json:"credit,omitempty"` // and money in: money out, money in (as positive numbers)
	// Direction is an optional column saying whether an unsigned Amount is
	// money out or in: debit/credit, D/C, DR/CR, Af/Bij, S/H (Mint's
	// "Transaction Type", ING's "Af Bij").
	Direction string `json:"direction,omitempty"`
	// Negate flips the sign of Amount, for card exports that write
	// purchases as positive numbers.
	Negate bool `json:"negate,omitempty"`

	DecimalComma bool `json:"decimal_comma,omitempty"` // amounts are written 1.234,56

	Currency       string `json:"currency,omitempty"`        // the currency of every row; "" = Options.Currency
	CurrencyColumn string `json:"currency_column,omitempty"` // optional column with each row's currency code
	// Status is an optional column: rows whose status is pending are marked
	// Pending; declined, reverted, failed or cancelled rows are skipped.
	Status string `json:"status,omitempty"`
}

// csvPlan is a mapping resolved against the file: column indexes and how to
// read the values.
type csvPlan struct {
	date        int
	layout      string    // Go layout, when the user gave one
	order       dateOrder // otherwise, detected
	desc        [][]int   // alternatives: the first with text wins; the columns of one are joined
	amount      int
	debit       int
	credit      int
	direction   int
	currencyCol int
	status      int
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
	var rows []csvRow
	for _, r := range all {
		if !r.blank() {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return Result{}, refuse(CodeEmpty, "the CSV file holds no rows")
	}

	var plan *csvPlan
	var data []csvRow
	if m == nil {
		plan, data, err = inferPlan(rows, delim, currency)
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

	res := Result{Accounts: 1, Currency: plan.currency}
	for _, r := range data {
		tx, skip, ignore := plan.convert(r)
		switch {
		case ignore:
		case skip != "":
			res.Skipped = append(res.Skipped, Skipped{Line: r.line, Reason: skip})
		default:
			res.Transactions = append(res.Transactions, tx)
		}
	}
	if plan.currencyCol >= 0 && len(res.Transactions) > 0 {
		res.Currency = res.Transactions[0].Currency
	}
	return res, nil
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

// Header synonyms, normalized (see normalizeHeader), best first.
var (
	dateHeaders = []string{
		"posted date", "post date", "posting date", "booking date", "buchungstag", "buchungsdatum", "buchung", "boekdatum",
		"date", "transaction date", "trans date", "datum", "transactiedatum", "fecha", "fecha operacion", "date operation",
		"completed date", "started date", "datetime", "value date", "valutadatum", "wertstellung", "date de valeur",
	}
	descriptionHeaders = []string{
		"original description", "description", "transaction description", "payee", "name", "merchant name", "merchant",
		"auftraggeber/empfänger", "auftraggeber/empfaenger", "naam/omschrijving", "tegenrekeninghouder", "partner name",
		"omschrijving", "beschreibung", "buchungstext", "umsatztext", "verwendungszweck", "text", "details", "narrative",
		"memo", "concepto", "desc", "libellé", "libelle", "description 1", "note", "payment reference", "reference",
	}
	amountHeaders = []string{"amount", "transaction amount", "betrag", "bedrag", "importe", "montant", "umsatz", "net"}
	debitCredit   = [][2]string{
		{"debit", "credit"}, {"debit amount", "credit amount"}, {"withdrawal", "deposit"}, {"withdrawals", "deposits"},
		{"withdrawal amount", "deposit amount"}, {"money out", "money in"}, {"paid out", "paid in"}, {"soll", "haben"},
		{"débit", "crédit"}, {"cargo", "abono"}, {"ausgang", "eingang"},
	}
	directionHeaders = []string{"transaction type", "af bij", "af/bij", "creditdebet", "credit/debit", "debit/credit", "dr/cr", "cr/dr", "soll/haben", "d/c"}
	currencyHeaders  = []string{"currency", "währung", "waehrung", "valutacode", "monn", "devise", "moneda", "valuta", "currency code"}
	statusHeaders    = []string{"status", "state"}
)

// normalizeHeader makes header text comparable: lower case, no
// parenthesized part ("Amount (EUR)"), punctuation as blanks, single
// blanks, no blanks around '/'.
func normalizeHeader(h string) string {
	h = strings.TrimSpace(h)
	if len(h) > 100 {
		return "" // not a column name
	}
	h = strings.ToLower(h)
	if i := strings.IndexByte(h, '('); i > 0 {
		if j := strings.IndexByte(h[i:], ')'); j > 0 {
			h = h[:i] + h[i+j+1:]
		}
	}
	h = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' {
			return r
		}
		return ' '
	}, h)
	h = strings.Join(strings.Fields(h), " ")
	return strings.ReplaceAll(strings.ReplaceAll(h, " /", "/"), "/ ", "/")
}

type headerIndex map[string]int // normalized name → first column

func indexHeader(cells []string) headerIndex {
	idx := headerIndex{}
	for i, c := range cells {
		n := normalizeHeader(c)
		if _, dup := idx[n]; !dup && n != "" {
			idx[n] = i
		}
	}
	return idx
}

func (h headerIndex) first(names []string) int {
	for _, n := range names {
		if i, ok := h[n]; ok {
			return i
		}
	}
	return -1
}

// inferPlan finds a header row among the first rows and reads its columns.
func inferPlan(rows []csvRow, delim byte, currency string) (*csvPlan, []csvRow, error) {
	bestRow, bestScore := -1, 0
	for i := 0; i < len(rows) && i < 30; i++ {
		h := indexHeader(rows[i].cells)
		p := newPlan(currency)
		p.date = h.first(dateHeaders)
		p.amount = h.first(amountHeaders)
		for _, pair := range debitCredit {
			d, dok := h[pair[0]]
			c, cok := h[pair[1]]
			if dok && cok {
				p.debit, p.credit = d, c
				break
			}
		}
		hasAmount := p.amount >= 0 || p.debit >= 0
		if p.date >= 0 && hasAmount {
			data := p.finishInferred(h, rows[i], rows[i+1:], delim)
			return p, data, nil
		}
		score := 0
		if p.date >= 0 {
			score += 2
		}
		if hasAmount {
			score++
		}
		if score > bestScore {
			bestRow, bestScore = i, score
		}
	}
	if bestRow < 0 {
		for _, c := range rows[0].cells {
			if p, ok := splitDate(c); ok && plausibleRest(p.rest) && len(strings.TrimSpace(c)) >= 6 {
				return nil, nil, refuse(CodeNeedsMapping, "the CSV has no header row, so its columns cannot be recognised; give a mapping: which column (counting from 0) holds the date, the description and the amount")
			}
		}
		return nil, nil, refuse(CodeNeedsMapping, "the CSV has no date or amount column we recognise (first row: %s); give a mapping", listCells(rows[0].cells))
	}
	missing := "no amount column"
	if bestScore < 2 {
		missing = "no date column"
	}
	return nil, nil, refuse(CodeNeedsMapping, "the CSV has %s we recognise (columns: %s); give a mapping", missing, listCells(rows[bestRow].cells))
}

func newPlan(currency string) *csvPlan {
	return &csvPlan{date: -1, amount: -1, debit: -1, credit: -1, direction: -1, currencyCol: -1, status: -1, currency: currency}
}

// finishInferred completes a plan from its header and returns the data
// rows.
func (p *csvPlan) finishInferred(h headerIndex, header csvRow, data []csvRow, delim byte) []csvRow {
	p.dateName = strings.TrimSpace(header.cells[p.date])
	data = withoutHeaderRepeats(header.cells, data)
	// Description candidates, best first; a column holding the same text
	// on every row (UBS's "Description" is the account's name) goes last.
	seen := map[int]bool{}
	var varying, constant [][]int
	for _, n := range descriptionHeaders {
		if i, ok := h[n]; ok && !seen[i] && i != p.date && i != p.amount {
			seen[i] = true
			if len(data) >= 3 && constantColumn(data, i) {
				constant = append(constant, []int{i})
			} else {
				varying = append(varying, []int{i})
			}
		}
	}
	p.desc = append(varying, constant...)
	if len(p.desc) > 3 {
		p.desc = p.desc[:3]
	}
	if p.amount >= 0 {
		p.debit, p.credit = -1, -1
		// A direction column counts only when it holds nothing but
		// debit/credit words: some banks' "Transaction Type" says "POS".
		if d := h.first(directionHeaders); d >= 0 && allDirections(data, d) {
			p.direction = d
		}
	}
	if c := h.first(currencyHeaders); c >= 0 {
		p.currencyCol = c
	} else if c, ok := headerCurrency(header.cells, p.amount, p.debit); ok {
		p.currency = c // "Amount (EUR)"
	}
	p.status = h.first(statusHeaders)
	var amounts []string
	for _, r := range data {
		for _, c := range []int{p.amount, p.debit, p.credit} {
			if v := cell(r, c); v != "" {
				amounts = append(amounts, v)
			}
		}
	}
	p.style = decimalPoint
	if guessDecimalComma(amounts, delim) {
		p.style = decimalComma
	}
	// US exports are month-first; knowing the bank is not a guess.
	if usExport(h) {
		p.order = orderMDY
	}
	return data
}

func constantColumn(rows []csvRow, col int) bool {
	first := cell(rows[0], col)
	for _, r := range rows[1:] {
		if cell(r, col) != first {
			return false
		}
	}
	return true
}

// withoutHeaderRepeats drops rows that repeat the header, as exports that
// concatenate several pages do.
func withoutHeaderRepeats(header []string, rows []csvRow) []csvRow {
	out := rows[:0:0]
	for _, r := range rows {
		if !sameCells(r.cells, header) {
			out = append(out, r)
		}
	}
	return out
}

func sameCells(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(strings.TrimSpace(a[i]), strings.TrimSpace(b[i])) {
			return false
		}
	}
	return true
}

// headerCurrency reads a currency code in parentheses after the amount
// column's name: "Bedrag (EUR)".
func headerCurrency(header []string, cols ...int) (string, bool) {
	for _, c := range cols {
		if c < 0 || c >= len(header) {
			continue
		}
		h := header[c]
		i, j := strings.IndexByte(h, '('), strings.LastIndexByte(h, ')')
		if i >= 0 && j > i {
			if code, ok := currencyCode(h[i+1 : j]); ok {
				return code, true
			}
		}
	}
	return "", false
}

// usExport recognizes header layouts of US-only banks and services
// (Mint, Chase, Capital One, Schwab), whose dates are month-first.
func usExport(h headerIndex) bool {
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := h[n]; !ok {
				return false
			}
		}
		return true
	}
	return has("original description", "transaction type", "account name") || // Mint
		has("transaction date", "post date", "type", "memo") || // Chase card
		has("details", "posting date", "check or slip") || // Chase checking
		has("transaction date", "posted date", "card no") || // Capital One
		has("checknumber", "runningbalance") // Schwab
}

func allDirections(rows []csvRow, col int) bool {
	n := 0
	for _, r := range rows {
		v := cell(r, col)
		if v == "" {
			continue
		}
		if _, ok := direction(v); !ok {
			return false
		}
		n++
	}
	return n > 0
}

// guessDecimalComma looks at the amounts: a separator followed by other
// than three digits must be the decimal one. With no evidence either way,
// files separated by ';' are European and use a decimal comma.
func guessDecimalComma(values []string, delim byte) bool {
	comma, point := 0, 0
	for _, v := range values {
		i := strings.LastIndexAny(v, ".,")
		if i < 0 {
			continue
		}
		digits := 0
		for j := i + 1; j < len(v) && isDigitByte(v[j]); j++ {
			digits++
		}
		both := strings.ContainsRune(v, '.') && strings.ContainsRune(v, ',')
		if digits == 3 && !both || digits == 0 {
			continue
		}
		if v[i] == ',' {
			comma++
		} else {
			point++
		}
	}
	switch {
	case comma > 0 && point == 0:
		return true
	case point > 0:
		return false
	}
	return delim == ';'
}

// mappedPlan resolves a user's mapping against the file.
func mappedPlan(rows []csvRow, m *CSVMapping, currency string) (*csvPlan, []csvRow, error) {
	p := newPlan(currency)
	if c, ok := currencyCode(m.Currency); ok {
		p.currency = c
	} else if strings.TrimSpace(m.Currency) != "" {
		return nil, nil, refuse(CodeNeedsMapping, "the currency %q is not a three-letter code such as USD or EUR", clip(m.Currency))
	}
	if strings.TrimSpace(m.Date) == "" {
		return nil, nil, refuse(CodeNeedsMapping, "the mapping names no date column")
	}
	if strings.TrimSpace(m.Amount) == "" && (strings.TrimSpace(m.Debit) == "" || strings.TrimSpace(m.Credit) == "") {
		return nil, nil, refuse(CodeNeedsMapping, "the mapping names no amount column (or debit and credit columns)")
	}
	data := rows
	var header []string
	if m.HasHeader {
		// The header is the first row, or the first that holds the named
		// date column when the file starts with a preamble.
		at := 0
		want := normalizeHeader(m.Date)
		for i := 0; i < len(rows) && i < 30; i++ {
			if _, ok := indexHeader(rows[i].cells)[want]; ok {
				at = i
				break
			}
		}
		header = rows[at].cells
		data = withoutHeaderRepeats(header, rows[at+1:])
	}
	var err error
	col := func(spec, what string) int {
		if err != nil {
			return -1
		}
		var i int
		i, err = resolveColumn(spec, header, m.HasHeader, what)
		return i
	}
	p.date = col(m.Date, "date")
	p.amount = col(m.Amount, "amount")
	if p.amount < 0 {
		p.debit = col(m.Debit, "debit")
		p.credit = col(m.Credit, "credit")
	}
	p.direction = col(m.Direction, "direction")
	p.currencyCol = col(m.CurrencyColumn, "currency")
	p.status = col(m.Status, "status")
	if d := strings.TrimSpace(m.Description); d != "" && err == nil {
		var alt []int
		if i, e := resolveColumn(d, header, m.HasHeader, "description"); e == nil {
			alt = []int{i}
		} else {
			for _, part := range strings.Split(d, "+") {
				if strings.TrimSpace(part) == "" {
					continue
				}
				alt = append(alt, col(part, "description"))
			}
		}
		p.desc = [][]int{alt}
	}
	if err != nil {
		return nil, nil, err
	}
	p.dateName = strings.TrimSpace(m.Date)
	if p.date < len(header) {
		p.dateName = strings.TrimSpace(header[p.date])
	}
	p.negate = m.Negate
	p.style = decimalPoint
	if m.DecimalComma {
		p.style = decimalComma
	}
	if f := strings.TrimSpace(m.DateFormat); f != "" {
		p.layout = layoutFromUser(f)
	}
	return p, data, nil
}

// resolveColumn finds a column by header name or 0-based index.
func resolveColumn(spec string, header []string, hasHeader bool, what string) (int, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return -1, nil
	}
	if hasHeader {
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), spec) {
				return i, nil
			}
		}
		if i, ok := indexHeader(header)[normalizeHeader(spec)]; ok {
			return i, nil
		}
	}
	if n, err := strconv.Atoi(spec); err == nil && n >= 0 && n < 1000 {
		return n, nil
	}
	if !hasHeader {
		return -1, refuse(CodeNeedsMapping, "the %s column %q must be a column number (0 is the first) because the mapping says the CSV has no header row", what, clip(spec))
	}
	return -1, refuse(CodeNeedsMapping, "the CSV has no %s column named %q (columns: %s)", what, clip(spec), listCells(header))
}

func listCells(cells []string) string {
	var parts []string
	for i, c := range cells {
		if i == 12 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, strconv.Quote(clip(strings.TrimSpace(c))))
	}
	return strings.Join(parts, ", ")
}

// detectDates decides day-first or month-first from the date column.
func (p *csvPlan) detectDates(data []csvRow) error {
	var values []string
	for _, r := range data {
		if v := cell(r, p.date); v != "" {
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
	dateCell := cell(r, p.date)
	amountCells := cell(r, p.amount) + cell(r, p.debit) + cell(r, p.credit)
	if dateCell == "" && amountCells == "" {
		return tx, "", true
	}
	if p.status >= 0 {
		switch s := strings.ToLower(cell(r, p.status)); s {
		case "pending", "vorgemerkt", "in progress", "authorized", "authorised":
			tx.Pending = true
		case "declined", "reverted", "failed", "cancelled", "canceled", "rejected", "denied":
			return tx, fmt.Sprintf("the transaction was %s", s), false
		}
	}
	if dateCell == "" && tx.Pending {
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
	tx.Descriptor = p.descriptor(r)
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
		if d == "" {
			return cents, "", nil
		}
		out, ok := direction(d)
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
	return abs(credit) - abs(debit), "", nil
}

// direction reads a debit/credit word; out is true for money out.
func direction(v string) (out, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "debit", "dr", "d", "db", "af", "s", "soll", "débit", "withdrawal", "out", "-":
		return true, true
	case "credit", "cr", "c", "bij", "h", "haben", "crédit", "deposit", "in", "+":
		return false, true
	}
	return false, false
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func (p *csvPlan) descriptor(r csvRow) string {
	for _, alt := range p.desc {
		var parts []string
		for _, c := range alt {
			if v := cell(r, c); v != "" {
				parts = append(parts, v)
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, " ")
		}
	}
	return ""
}
