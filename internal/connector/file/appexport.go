package file

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
)

// Exports of other personal-finance apps, and Centavo's own, are CSV files
// of every account at once that say more than a bank's: each row's
// category, labels and memo. They are recognised by their header (never
// with a mapping that names columns) and read here, keeping those
// (docs/0019-connectors-and-imports.md, "Mint, YNAB and Centavo exports").

// Export names an app whose export a file is.
type Export string

const (
	ExportMint    Export = "mint"    // Mint's transactions.csv
	ExportYNAB    Export = "ynab"    // a YNAB register export (nYNAB, YNAB 4)
	ExportCentavo Export = "centavo" // Centavo's GET /api/v1/transactions/export?format=csv
)

// Bounds of what an export's row may carry.
const (
	maxTags     = 20
	maxTagRunes = 50
	maxNotes    = 1000 // runes, as PATCH /api/v1/transactions/{id} allows
)

// appColumns are an export's columns, -1 when absent.
type appColumns struct {
	date, desc, origDesc, amount, kind, category, group, account, labels, notes int
	outflow, inflow, payee, currency, hidden                                    int
}

// detectExport says which app's export a header row is, if any.
func detectExport(header []string) (Export, appColumns) {
	idx := map[string]int{}
	for i, h := range header {
		n := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := idx[n]; !dup {
			idx[n] = i
		}
	}
	col := func(names ...string) int {
		for _, n := range names {
			if i, ok := idx[n]; ok {
				return i
			}
		}
		return -1
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if col(n) < 0 {
				return false
			}
		}
		return true
	}
	c := appColumns{date: -1, desc: -1, origDesc: -1, amount: -1, kind: -1, category: -1, group: -1, account: -1, labels: -1,
		notes: -1, outflow: -1, inflow: -1, payee: -1, currency: -1, hidden: -1}
	switch {
	case has("date", "description", "original description", "amount", "transaction type", "category", "account name"):
		c.date, c.desc, c.origDesc, c.amount, c.kind = col("date"), col("description"), col("original description"), col("amount"), col("transaction type")
		c.category, c.account, c.labels, c.notes = col("category"), col("account name"), col("labels"), col("notes")
		return ExportMint, c
	case has("account", "date", "payee", "outflow", "inflow"):
		c.account, c.date, c.payee, c.outflow, c.inflow = col("account"), col("date"), col("payee"), col("outflow"), col("inflow")
		c.category = col("sub category", "category", "category group/category")
		c.group = col("category group", "master category")
		c.notes = col("memo")
		return ExportYNAB, c
	case has("descriptor", "amount", "category") && col("date", "posted_at") >= 0 && col("account_name", "account") >= 0:
		c.date, c.account = col("date", "posted_at"), col("account_name", "account")
		c.desc, c.origDesc, c.amount, c.category = col("merchant"), col("descriptor"), col("amount"), col("category")
		c.currency, c.labels, c.notes, c.hidden = col("currency"), col("tags"), col("notes"), col("hidden")
		return ExportCentavo, c
	}
	return "", c
}

// appReader reads the rows of one export.
type appReader struct {
	kind     Export
	c        appColumns
	layout   string    // a date format the user gave (YNAB)
	order    dateOrder // else the order of the date column
	currency string
	seen     map[string]bool
}

// readExport reads an export whose header is rows[0]. A mapping may only
// give the date format (a YNAB file whose dates could be either order).
func readExport(kind Export, c appColumns, rows []csvRow, m *CSVMapping, currency string) (Result, error) {
	r := &appReader{kind: kind, c: c, currency: currency, seen: map[string]bool{}}
	if m != nil {
		if f := strings.TrimSpace(m.DateFormat); f != "" {
			r.layout = layoutFromUser(f)
		}
		if cur, ok := currencyCode(m.Currency); ok {
			r.currency = cur
		}
	}
	data := withoutHeaderRepeats(rows[0].cells, rows[1:])
	switch {
	case r.layout != "":
	case kind == ExportMint:
		r.order = orderMDY // Mint was US-only and wrote 1/02/2024
	case kind == ExportCentavo:
		r.order = orderYMD
	default:
		var values []string
		for _, row := range data {
			if v := cell(row, c.date); v != "" {
				values = append(values, v)
			}
		}
		order, err := detectOrder(values, orderUnknown)
		if err != nil || order == orderUnknown {
			return Result{}, refuse(CodeNeedsMapping, "the dates of this YNAB export could be month/day or day/month (no day is above 12); give the date format in the mapping, e.g. {\"date_format\":\"MM/DD/YYYY\"} or {\"date_format\":\"DD/MM/YYYY\"}")
		}
		r.order = order
	}
	res := Result{Currency: r.currency, Export: kind}
	for _, row := range data {
		tx, skip, ignore := r.convert(row)
		switch {
		case ignore:
		case skip != "":
			res.Skipped = append(res.Skipped, Skipped{Line: row.line, Reason: skip})
		default:
			if err := r.noteAccount(&tx, &res); err != nil {
				return Result{}, err
			}
			res.Transactions = append(res.Transactions, tx)
		}
	}
	return res, nil
}

// noteAccount keys the row by its account's name, listing each account once.
func (r *appReader) noteAccount(tx *connector.Transaction, res *Result) error {
	key := tx.FileAccount
	if key == "" || r.seen[key] {
		return nil
	}
	if len(r.seen) == maxFileAccounts {
		return refuse(CodeUnsupported, "the export names more than %d accounts; export fewer accounts at once", maxFileAccounts)
	}
	r.seen[key] = true
	res.AccountsFound = append(res.AccountsFound, FileAccount{Key: key, Name: key, Currency: tx.Currency})
	return nil
}

// convert reads one row of the export.
func (r *appReader) convert(row csvRow) (tx connector.Transaction, skip string, ignore bool) {
	c := r.c
	dateCell := unguard(cell(row, c.date))
	if dateCell == "" && cell(row, c.amount)+cell(row, c.outflow)+cell(row, c.inflow) == "" {
		return tx, "", true
	}
	var err error
	if r.layout != "" {
		tx.PostedAt, err = parseLayout(dateCell, r.layout)
	} else {
		tx.PostedAt, err = parseDate(dateCell, r.order)
	}
	if err != nil {
		return tx, err.Error(), false
	}
	tx.Currency = r.currency
	switch r.kind {
	case ExportMint:
		skip = r.mint(row, &tx)
	case ExportYNAB:
		skip = r.ynab(row, &tx)
	default:
		skip = r.centavo(row, &tx)
	}
	if skip != "" {
		return tx, skip, false
	}
	if tx.AmountCents > centavo.MaxTransactionCents || tx.AmountCents < -centavo.MaxTransactionCents {
		return tx, fmt.Sprintf("amount beyond ±%d", centavo.MaxTransactionCents/100), false
	}
	tx.FileAccount = clipN(unguard(cell(row, c.account)), 64)
	tx.Notes = clipRunes(unguard(cell(row, c.notes)), maxNotes)
	tx.Descriptor = connector.Descriptor(tx.Descriptor)
	tx.Raw = connector.RawText(row.raw)
	return tx, "", false
}

// mint reads Mint's columns: an unsigned amount with "debit" or "credit",
// the bank's words in Original Description, Mint's name in Description,
// labels separated by commas.
func (r *appReader) mint(row csvRow, tx *connector.Transaction) string {
	c := r.c
	cents, err := parseAmount(cell(row, c.amount), decimalPoint)
	if err != nil {
		return err.Error()
	}
	switch k := strings.ToLower(cell(row, c.kind)); k {
	case "debit":
		tx.AmountCents, tx.TrnType = -abs(cents), "DEBIT"
	case "credit":
		tx.AmountCents, tx.TrnType = abs(cents), "CREDIT"
	default:
		return fmt.Sprintf("transaction type %q is neither debit nor credit", clip(k))
	}
	tx.Descriptor = firstNonBlank(cell(row, c.origDesc), cell(row, c.desc))
	tx.Category = appCategory(cell(row, c.category))
	tx.Tags = splitTags(cell(row, c.labels), ",;|")
	return ""
}

// ynab reads a YNAB register: Outflow and Inflow as "$12.34", the payee
// as description, "Transfer : Savings" payees as transfers; the starting
// balance is a balance, not a transaction.
func (r *appReader) ynab(row csvRow, tx *connector.Transaction) string {
	c := r.c
	var out, in int64
	var err error
	if v := cell(row, c.outflow); v != "" {
		if out, err = parseAmount(v, decimalQIF); err != nil {
			return err.Error()
		}
	}
	if v := cell(row, c.inflow); v != "" {
		if in, err = parseAmount(v, decimalQIF); err != nil {
			return err.Error()
		}
	}
	tx.AmountCents = abs(in) - abs(out)
	payee := cell(row, c.payee)
	tx.Descriptor = payee
	if strings.EqualFold(payee, "Starting Balance") {
		return "the account's starting balance, not a transaction"
	}
	if rest, ok := cutFold(payee, "transfer :"); ok {
		tx.Category = centavo.CatTransfer
		tx.Descriptor = "Transfer : " + strings.TrimSpace(rest)
		return ""
	}
	sub := cell(row, c.category)
	tx.Category = appCategory(sub)
	if i := strings.LastIndex(sub, ":"); i >= 0 && tx.Category == "" {
		tx.Category = appCategory(sub[i+1:]) // "Group: Category" (nYNAB), "Group:Category" (YNAB 4)
	}
	if tx.Category == "" {
		tx.Category = appCategory(cell(row, c.group))
	}
	if tx.Category == "" && strings.HasPrefix(strings.ToLower(sub), "inflow") {
		tx.Category = centavo.CatIncome // "Inflow: Ready to Assign", "Inflow: To be Budgeted"
	}
	return ""
}

// centavo reads Centavo's own export: signed decimal amounts in each
// currency's decimals, the descriptor (else the merchant), tags separated
// by semicolons, hidden as true or false.
func (r *appReader) centavo(row csvRow, tx *connector.Transaction) string {
	c := r.c
	if cur, ok := currencyCode(unguard(cell(row, c.currency))); ok {
		tx.Currency = cur
	}
	cents, err := exactAmount(unguard(cell(row, c.amount)), centavo.MinorDigits(tx.Currency))
	if err != nil {
		return err.Error()
	}
	tx.AmountCents = cents
	tx.Descriptor = firstNonBlank(unguard(cell(row, c.origDesc)), unguard(cell(row, c.desc)))
	if cat := strings.TrimSpace(cell(row, c.category)); cat != "" {
		if _, ok := centavo.LookupCategory(cat); (ok && cat != centavo.CatUncategorized) || centavo.IsOwnCategoryID(cat) {
			tx.Category = cat // an own category ("restaurants.12"): the import checks the user has it
		} else {
			tx.Category = appCategory(cat)
		}
	}
	tx.Tags = splitTags(unguard(cell(row, c.labels)), ";,") // a tag has no commas (docs/0032)
	switch h := strings.ToLower(cell(row, c.hidden)); h {
	case "", "false", "0", "no":
	case "true", "1", "yes":
		tx.Hidden = true
	default:
		return fmt.Sprintf("hidden %q is neither true nor false", clip(h))
	}
	return ""
}

// unguard undoes the quote an export puts before a cell that a spreadsheet
// would take for a formula ('=…, '+…, '-…, '@…, a tab or CR after it) or
// before a cell that starts with a quote itself: the round trip is exact
// (ledger.SafeCell).
func unguard(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r'", rune(s[1])) {
		return s[1:]
	}
	return s
}

// exactAmount reads a signed decimal with at most digits decimals into
// minor units, exactly.
func exactAmount(s string, digits int) (int64, error) {
	v := strings.TrimSpace(s)
	neg := strings.HasPrefix(v, "-")
	v = strings.TrimPrefix(strings.TrimPrefix(v, "-"), "+")
	whole, frac, dot := strings.Cut(v, ".")
	if whole == "" && frac == "" || len(frac) > digits || (dot && frac == "" && digits > 0) || len(whole) > 15 {
		return 0, fmt.Errorf("amount %q is not a number with at most %d decimals", clip(s), digits)
	}
	var n int64
	for _, r := range whole + frac + strings.Repeat("0", digits-len(frac)) {
		if !isDigit(r) {
			return 0, fmt.Errorf("amount %q is not a number", clip(s))
		}
		n = n*10 + int64(r-'0')
		if n > centavo.MaxTransactionCents {
			return 0, fmt.Errorf("amount %q is beyond ±%d", clip(s), centavo.MaxTransactionCents)
		}
	}
	if neg {
		n = -n
	}
	return n, nil
}

// splitTags splits labels at any of seps, trimmed, each once, bounded.
func splitTags(s, seps string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		t = clipRunes(strings.TrimSpace(t), maxTagRunes)
		if t == "" || seen[strings.ToLower(t)] || len(out) == maxTags {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	return out
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func firstNonBlank(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// cutFold cuts prefix from s, ignoring case and blanks around the colon.
func cutFold(s, prefix string) (string, bool) {
	n := strings.Join(strings.Fields(strings.ReplaceAll(s, ":", " : ")), " ")
	if len(n) < len(prefix) || !strings.EqualFold(n[:len(prefix)], prefix) {
		return "", false
	}
	return n[len(prefix):], true
}

// readAppExport reads rows as an export when their first row is one's
// header, and says whether it was one.
func readAppExport(rows []csvRow, m *CSVMapping, currency string) (Result, bool, error) {
	if len(rows) == 0 || (m != nil && !m.columnsInferred()) {
		return Result{}, false, nil
	}
	kind, c := detectExport(rows[0].cells)
	if kind == "" {
		return Result{}, false, nil
	}
	res, err := readExport(kind, c, rows, m, currency)
	return res, true, err
}
