package file

import (
	"strings"
	"unicode"
)

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
	_ = p.findAccounts(header.cells, data, "") // no error without a named column
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
