package file

import (
	"errors"
	"fmt"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ofxparse"
)

// Format is a kind of statement file.
type Format string

const (
	FormatOFX Format = "ofx" // OFX 1.x (SGML) and 2.x (XML), including Quicken's QFX
	FormatQIF Format = "qif"
	FormatCSV Format = "csv"
)

// Defaults and caps.
const (
	DefaultCurrency = "USD"
	DefaultMaxBytes = 10 << 20
	// MaxRecords bounds the transactions (or CSV rows, QIF records) a file
	// may hold; no personal statement comes close. It is the OFX reader's
	// bound, so that every format has the same.
	MaxRecords = ofxparse.MaxTransactions
)

// Options say how to read a file. The zero value detects everything.
type Options struct {
	Format   Format      // "" = detect from the content
	CSV      *CSVMapping // nil = infer the columns from a header row
	Currency string      // used when the file names none; "" = USD
	MaxBytes int         // larger input is refused; 0 = DefaultMaxBytes
}

// Skipped is a record that could not be read.
type Skipped struct {
	Line   int // 1-based line of the record in the file, 0 if unknown
	Reason string
}

// Result is what a file held.
type Result struct {
	Format   Format
	Currency string // the statement's currency (the first one, when several)
	Accounts int    // len(AccountsFound)
	// AccountsFound are the accounts the transactions belong to, in the
	// order of the file; each transaction's FileAccount is the Key of one.
	// A file that names no account has one, keyed "".
	AccountsFound []FileAccount
	Transactions  []connector.Transaction
	Skipped       []Skipped
	// Holdings are the positions of an investment statement (invest.go);
	// nil when the file has none.
	Holdings *connector.Holdings
	// Balances are the balances the file states, each under the Key of
	// its account: an OFX LEDGERBAL, a CSV running-balance column's
	// closing balance of each day, a QIF opening balance.
	Balances []Balance
	// Export says which app exported the file (Mint, YNAB, Centavo),
	// "" for a bank's file.
	Export Export
}

// Balance is a balance a file states for one of its accounts.
type Balance struct {
	Key string // the FileAccount's
	connector.Balance
}

// FileAccount is an account a statement file holds transactions of: an
// OFX statement (STMTRS, CCSTMTRS), a QIF !Account block, the values of a
// CSV's own-account column.
type FileAccount struct {
	// Key tells the account apart within the file: the OFX ACCTID, the
	// QIF account's name, the CSV account column's value; "" when the
	// file names no account.
	Key      string
	Name     string // the QIF or CSV account name, "" when the file gives none
	Type     string // OFX ACCTTYPE (CREDITCARD for a card statement), QIF account type; "" if none
	Currency string // the statement's; Result.Currency when the file names none
	Count    int    // transactions read
}

// Code classifies why a file was refused as a whole.
type Code string

const (
	CodeTooLarge     Code = "too_large"     // over Options.MaxBytes or MaxRecords
	CodeUnknown      Code = "unknown"       // not a format we read
	CodeMalformed    Code = "malformed"     // the format is known but the content cannot be read
	CodeUnsupported  Code = "unsupported"   // readable, but a kind of statement we do not import
	CodeInstitution  Code = "institution"   // the file carries the bank's error instead of a statement
	CodeNeedsMapping Code = "needs_mapping" // a CSV whose columns or date format cannot be inferred
	CodeEmpty        Code = "empty"         // no transactions
	CodeInternal     Code = "internal"      // a bug in this package (a recovered panic)
)

// Error is a file refused as a whole. Message is written for the user: it
// says what is wrong and, when there is something to do, what to do.
type Error struct {
	Code    Code
	Message string
	err     error // the cause, for logs; never shown to the user
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause, when there is one (a recovered panic).
func (e *Error) Unwrap() error { return e.err }

// CodeOf returns the code of an error returned by Read or Detect, or "" for
// any other error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func refuse(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ofxParseCodes are our codes for the OFX reader's.
var ofxParseCodes = map[ofxparse.Code]Code{
	ofxparse.CodeMalformed: CodeMalformed,
	ofxparse.CodeTooLarge:  CodeTooLarge,
	ofxparse.CodeInternal:  CodeInternal,
}

// fromOFXParse turns an error of the OFX reader into an *Error with the
// same message.
func fromOFXParse(err error) error {
	var e *ofxparse.Error
	if !errors.As(err, &e) {
		return err
	}
	code, ok := ofxParseCodes[e.Code]
	if !ok {
		code = CodeInternal
	}
	return &Error{Code: code, Message: e.Message, err: e.Unwrap()}
}

// Detect guesses the format from the content (never from a file name).
func Detect(data []byte) (Format, error) {
	text, err := decodeText(data)
	if err != nil {
		return "", err
	}
	return detectText(text)
}

func detectText(text string) (Format, error) {
	head := strings.TrimLeft(text, " \t\r\n\f\v")
	if head == "" {
		return "", refuse(CodeEmpty, "the file is empty")
	}
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	switch {
	case hasPrefixFold(head, "OFXHEADER"), indexFold(head, "<OFX>") >= 0, indexFold(head, "<OFX ") >= 0, indexFold(head, "<?OFX") >= 0:
		return FormatOFX, nil
	case isQIFHeader(firstLine(head)):
		return FormatQIF, nil
	case strings.HasPrefix(head, "%PDF"):
		return "", refuse(CodeUnknown, "this is a PDF; download your statement as OFX, QFX, QIF or CSV instead")
	case strings.HasPrefix(head, "PK\x03\x04"):
		return "", refuse(CodeUnknown, "this looks like a spreadsheet or zip archive; save it as CSV, or download your statement as OFX, QFX or QIF")
	case strings.ContainsRune(head, 0):
		return "", refuse(CodeUnknown, "this is a binary file, not a statement; download your statement as OFX, QFX, QIF or CSV")
	case strings.HasPrefix(head, "<"):
		return "", refuse(CodeUnknown, "this looks like an HTML or XML document, not an OFX statement; download your statement as OFX, QFX, QIF or CSV")
	case looksLikeQIF(head):
		return FormatQIF, nil
	}
	return FormatCSV, nil
}

// Read reads a statement file. It returns an *Error when the file is
// unusable as a whole; records that are individually unreadable go to
// Result.Skipped and the rest is returned. With an error, the Result may
// still carry the format and the skipped records, to explain.
func Read(data []byte, opts Options) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			e := refuse(CodeInternal, "the file could not be read because of an internal error; please report it")
			e.err = fmt.Errorf("file: panic: %v", r)
			res, err = Result{}, e
		}
	}()
	maxBytes := opts.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if len(data) > maxBytes {
		return Result{}, refuse(CodeTooLarge, "the file is %s; files up to %s can be imported", size(len(data)), size(maxBytes))
	}
	currency := DefaultCurrency
	if c, ok := currencyCode(opts.Currency); ok {
		currency = c
	}
	text, err := decodeText(data)
	if err != nil {
		return Result{}, err
	}
	format := opts.Format
	if format == "" {
		if format, err = detectText(text); err != nil {
			return Result{}, err
		}
	}
	switch format {
	case FormatOFX:
		res, err = readOFX(text, currency)
	case FormatQIF:
		res, err = readQIF(text, currency)
	case FormatCSV:
		res, err = readCSV(text, opts.CSV, currency)
	default:
		return Result{}, refuse(CodeUnknown, "unknown file format %q; use ofx, qif or csv", format)
	}
	res.Format = format
	if err != nil {
		return res, err
	}
	if len(res.Transactions) == 0 && res.Holdings == nil {
		return res, noTransactions(format, res.Skipped)
	}
	if res.Currency == "" {
		res.Currency = currency
	}
	res.AccountsFound = countAccounts(res.AccountsFound, res.Transactions, res.Balances)
	res.Accounts = len(res.AccountsFound)
	for i := range res.AccountsFound {
		if res.AccountsFound[i].Currency == "" {
			res.AccountsFound[i].Currency = res.Currency
		}
	}
	return res, nil
}

// countAccounts counts the transactions of each account the reader found
// and drops those left with none and no balance (a statement whose every
// row was skipped); an account with a stated balance and no rows stays (a
// savings account's quiet month: its balance counts for net worth).
// Transactions of a key the reader did not list get an entry of their
// own, so that no row is without its account.
func countAccounts(found []FileAccount, txns []connector.Transaction, bals []Balance) []FileAccount {
	stated := make(map[string]bool, len(bals))
	for _, b := range bals {
		stated[b.Key] = true
	}
	at := make(map[string]int, len(found))
	var out []FileAccount
	for _, a := range found {
		if _, dup := at[a.Key]; !dup {
			at[a.Key] = -1
			out = append(out, FileAccount{Key: a.Key, Name: a.Name, Type: a.Type, Currency: a.Currency})
		}
	}
	for i := range out {
		at[out[i].Key] = i
	}
	for _, t := range txns {
		i, ok := at[t.FileAccount]
		if !ok {
			i = len(out)
			at[t.FileAccount] = i
			out = append(out, FileAccount{Key: t.FileAccount})
		}
		out[i].Count++
	}
	kept := out[:0]
	for _, a := range out {
		if a.Count > 0 || stated[a.Key] {
			kept = append(kept, a)
		}
	}
	return kept
}

func noTransactions(format Format, skipped []Skipped) error {
	if len(skipped) == 0 {
		return refuse(CodeEmpty, "the %s file holds no transactions", strings.ToUpper(string(format)))
	}
	if len(skipped) == 1 {
		return refuse(CodeMalformed, "the only transaction in the %s file could not be read: %s",
			strings.ToUpper(string(format)), skipped[0].describe())
	}
	return refuse(CodeMalformed, "none of the %d transactions in the %s file could be read; the first problem: %s",
		len(skipped), strings.ToUpper(string(format)), skipped[0].describe())
}

func (s Skipped) describe() string {
	if s.Line > 0 {
		return fmt.Sprintf("line %d: %s", s.Line, s.Reason)
	}
	return s.Reason
}

// decodeText turns the file into UTF-8 text, the same way for every
// format (see ofxparse.DecodeText).
func decodeText(data []byte) (string, error) {
	text, err := ofxparse.DecodeText(data)
	if err != nil {
		return "", fromOFXParse(err)
	}
	return text, nil
}

func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)>>10)
}

// currencyCode accepts an ISO 4217-shaped code (three ASCII letters).
func currencyCode(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 3 {
		return "", false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return "", false
		}
	}
	return s, true
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// lines yields the 1-based number and text of each line, ending lines at
// LF, CRLF or a lone CR (old Mac exports).
func lines(s string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for n := 1; len(s) > 0; n++ {
			i := strings.IndexAny(s, "\r\n")
			if i < 0 {
				yield(n, s)
				return
			}
			if !yield(n, s[:i]) {
				return
			}
			if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			s = s[i+1:]
		}
	}
}

// indexFold is an ASCII case-insensitive strings.Index; unlike
// strings.ToUpper it never changes byte offsets.
func indexFold(s, sub string) int {
	n := len(sub)
	if n == 0 {
		return 0
	}
	for i := 0; i+n <= len(s); i++ {
		if asciiEqualFold(s[i:i+n], sub) {
			return i
		}
	}
	return -1
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && asciiEqualFold(s[:len(prefix)], prefix)
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// clip shortens a value quoted in a message.
func clip(s string) string { return clipN(s, 40) }

func clipN(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
