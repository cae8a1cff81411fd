package file

import (
	"slices"
	"sort"
	"strings"
	"unicode"
)

// normalizeHeader makes header text (and short cell text) comparable:
// folded (foldText: no case, no accents), no parenthesized part
// ("Amount (EUR)"), punctuation as blanks, single blanks, no blanks
// around '/'.
func normalizeHeader(h string) string {
	h = strings.TrimSpace(h)
	if len(h) > 200 {
		return "" // not a column name
	}
	h = foldText(h)
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

// csvHeader is a header row read against the dictionary.
type csvHeader struct {
	cells []string
	names map[string]int     // normalized name → first column
	roles map[role][]roleCol // best first
	stems map[int]string     // numbered columns ("VWZ1", "Transaction Ref2") → their stem
	cur   map[int]string     // currency codes written in a column's name ("Betrag EUR")
}

// roleCol is a column with a role, and its rank in the dictionary.
type roleCol struct{ col, rank int }

// currencyWords may end an amount column's name: "Betrag EUR",
// "Määrä EUROA", "Umsatz in EUR".
var currencyWords = map[string]string{"eur": "EUR", "euro": "EUR", "euros": "EUR", "euroa": "EUR", "usd": "USD", "chf": "CHF",
	"gbp": "GBP", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN", "czk": "CZK", "huf": "HUF", "rub": "RUB", "uah": "UAH",
	"try": "TRY", "ron": "RON", "bgn": "BGN", "cad": "CAD", "aud": "AUD"}

func readHeader(cells []string) csvHeader {
	h := csvHeader{cells: cells, names: map[string]int{}, roles: map[role][]roleCol{}, stems: map[int]string{}, cur: map[int]string{}}
	for i, c := range cells {
		n := normalizeHeader(c)
		if n == "" {
			continue
		}
		if _, dup := h.names[n]; !dup {
			h.names[n] = i
		}
		ranks, ok := csvDict.headers[n]
		if !ok {
			ranks, ok = h.withoutCurrency(i, n)
		}
		if !ok {
			// A numbered column: "VWZ1", "Description 2", "Közlemény/3".
			stem := strings.TrimRight(n, "0123456789 /-")
			if stem != n && stem != "" {
				if ranks, ok = csvDict.headers[stem]; ok {
					h.stems[i] = stem
				}
			}
		}
		for _, r := range ranks {
			h.roles[r.role] = append(h.roles[r.role], roleCol{i, r.n})
		}
	}
	for _, cols := range h.roles {
		sort.SliceStable(cols, func(a, b int) bool { return cols[a].rank < cols[b].rank })
	}
	return h
}

// withoutCurrency looks a name up without a currency word at its end.
func (h csvHeader) withoutCurrency(col int, n string) ([]rank, bool) {
	words := strings.Fields(n)
	if len(words) < 2 {
		return nil, false
	}
	code, ok := currencyWords[words[len(words)-1]]
	if !ok {
		return nil, false
	}
	words = words[:len(words)-1]
	if len(words) > 1 && words[len(words)-1] == "in" {
		words = words[:len(words)-1]
	}
	ranks, ok := csvDict.headers[strings.Join(words, " ")]
	if ok {
		h.cur[col] = code
	}
	return ranks, ok
}

// best returns the best-ranked column with the role, or -1.
func (h csvHeader) best(r role) int {
	if cols := h.roles[r]; len(cols) > 0 {
		return cols[0].col
	}
	return -1
}

// has reports whether all the named (normalized) columns are present.
func (h csvHeader) has(names ...string) bool {
	for _, n := range names {
		if _, ok := h.names[n]; !ok {
			return false
		}
	}
	return true
}

// inferPlan finds a header row among the first rows and reads its columns.
func inferPlan(rows []csvRow, delim byte, currency string) (*csvPlan, []csvRow, error) {
	bestRow, bestScore := -1, 0
	for i := 0; i < len(rows) && i < 30; i++ {
		h := readHeader(rows[i].cells)
		p := newPlan(currency)
		p.date = h.best(roleDate)
		p.amount = h.best(roleAmount)
		if p.amount < 0 {
			if d, c := h.best(roleDebit), h.best(roleCredit); d >= 0 && c >= 0 && d != c {
				p.debit, p.credit = d, c
			}
		}
		hasAmount := p.amount >= 0 || p.debit >= 0
		if p.date >= 0 && hasAmount && p.date != p.amount {
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
func (p *csvPlan) finishInferred(h csvHeader, header csvRow, data []csvRow, delim byte) []csvRow {
	p.dateName = strings.TrimSpace(header.cells[p.date])
	data = withoutHeaderRepeats(header.cells, data)
	for _, c := range h.roles[roleDate] {
		if c.col != p.date && c.col != p.amount && c.col != p.debit && c.col != p.credit {
			p.altDates = append(p.altDates, c.col)
		}
	}
	p.status = h.best(roleStatus)
	for _, c := range h.roles[roleBooking] {
		if p.shareKind < 0 && slices.ContainsFunc(data, func(r csvRow) bool { return csvDict.is(roleShares, cell(r, c.col)) }) {
			p.shareKind = c.col
		}
	}
	p.account = h.best(roleAccount)
	p.balance = h.best(roleBalance)
	if p.amount >= 0 {
		// A direction column counts only when it holds nothing but
		// debit/credit words: some banks' "Transaction Type" says "POS".
		for _, c := range h.roles[roleDirection] {
			if p.direction < 0 && c.col != p.amount && c.col != p.date && allDirections(data, c.col) {
				p.direction = c.col
				p.dalIn = columnHas(data, c.col, "md") // Czech MD/D: "D" is "dal", money in
			}
		}
		if p.direction < 0 {
			p.direction = unnamedDirection(header.cells, data, p.amount)
		}
		p.unmarked = p.unmarkedDirection(data)
	}
	if c, ok := headerCurrency(header.cells, p.amount, p.debit); ok {
		p.currency = c // "Amount (EUR)": the column's own currency wins over a currency column
	} else if c, ok := h.cur[max(p.amount, p.debit)]; ok {
		p.currency = c // "Betrag EUR"
	} else if c := h.best(roleCurrency); c >= 0 {
		p.currencyCol = c
	}
	p.text = p.textColumns(h, data)
	p.from, p.to = h.best(roleFrom), h.best(roleTo)
	if p.from >= 0 && p.to >= 0 {
		p.holder = accountHolder(data, p.from, p.to)
	}
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
	if !slices.ContainsFunc(rows, func(r csvRow) bool { return sameCells(r.cells, header) }) {
		return rows // the usual file: no copy of its rows
	}
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
func usExport(h csvHeader) bool {
	has := h.has
	return has("original description", "transaction type", "account name") || // Mint
		has("transaction date", "post date", "type", "memo") || // Chase card
		has("details", "posting date", "check or slip") || // Chase checking
		has("transaction date", "posted date", "card no") || // Capital One
		has("checknumber", "runningbalance") // Schwab
}

// unnamedDirection finds a column without a name that holds nothing but
// debit/credit words (a card statement's "CR" after the amount); -1 for
// none.
func unnamedDirection(header []string, rows []csvRow, amount int) int {
	for c, h := range header {
		if strings.TrimSpace(h) == "" && c != amount && allDirections(rows, c) {
			return c
		}
	}
	return -1
}

// unmarkedDirection says what a row without a direction word is, when
// the direction column marks one side only: a card statement that marks
// its credits "CR" leaves its purchases unmarked. 0 means the amount's
// own sign; -1 money out, +1 money in.
func (p *csvPlan) unmarkedDirection(rows []csvRow) int {
	if p.direction < 0 {
		return 0
	}
	var out, in, blank bool
	for _, r := range rows {
		v := cell(r, p.direction)
		if v == "" {
			blank = blank || cell(r, p.amount) != ""
			continue
		}
		if o, ok := p.directionOf(v); ok && o {
			out = true
		} else if ok {
			in = true
		}
	}
	switch {
	case !blank || out == in:
		return 0
	case in:
		return -1
	}
	return 1
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

// indexHeader maps each normalized column name to its first column.
func indexHeader(cells []string) map[string]int {
	idx := map[string]int{}
	for i, c := range cells {
		n := normalizeHeader(c)
		if _, dup := idx[n]; !dup && n != "" {
			idx[n] = i
		}
	}
	return idx
}
