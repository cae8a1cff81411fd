package file

import (
	"strconv"
	"strings"
)

// CSVMapping says how to read a CSV: which columns hold what.
//
// A mapping that names no column answers only what the reader asked: its
// DateFormat (and Delimiter, SkipRows, DecimalComma, Negate, Currency)
// apply, and the columns are recognised by their headers as without a
// mapping.
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
	// Account is an optional column naming each row's own account, for a
	// file exported for several accounts; "" = recognise it by its header
	// (Account, Account Number, Auftragskonto, IBAN…) when it has one.
	Account string `json:"account,omitempty"`
	// ID is an optional column holding the bank's own id of each record
	// (an archive id, a transaction reference that is unique per record):
	// rows that share one id and say the same are one transaction listed
	// twice, rows that share one and differ are two (as for OFX FITIDs).
	// Without it, identical rows are repeated purchases (two coffees).
	ID string `json:"id,omitempty"`
}

// columnsInferred reports whether the mapping names no column: it only
// answers what the reader asked (the date format of dates that cannot be
// told apart), and the columns are still recognised by their headers.
func (m *CSVMapping) columnsInferred() bool {
	for _, c := range []string{m.Date, m.Description, m.Amount, m.Debit, m.Credit, m.Direction, m.CurrencyColumn, m.Status, m.Account, m.ID} {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// takeFormats applies a column-less mapping to an inferred plan: its date
// format, decimal comma, sign flip and currency.
func (p *csvPlan) takeFormats(m *CSVMapping) error {
	if f := strings.TrimSpace(m.DateFormat); f != "" {
		p.layout = layoutFromUser(f)
	}
	if m.DecimalComma {
		p.style = decimalComma
	}
	p.negate = p.negate || m.Negate
	if c, ok := currencyCode(m.Currency); ok {
		p.currency = c
	} else if strings.TrimSpace(m.Currency) != "" {
		return refuse(CodeNeedsMapping, "the currency %q is not a three-letter code such as USD or EUR", clip(m.Currency))
	}
	return nil
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
	p.id = col(m.ID, "id")
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
	if err := p.findAccounts(header, data, m.Account); err != nil {
		return nil, nil, err
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
