package ledger

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
)

// Export (docs/0033-search-and-export.md): the transactions that match a
// query, streamed a page at a time as CSV or JSON.

// CSVHeader is the header of the CSV export, in its column order. The
// importer of this export (connector/file) recognises it by these names:
// never rename or reorder them.
var CSVHeader = []string{"date", "posted_at", "account_id", "account_name", "merchant", "descriptor", "amount", "amount_cents",
	"currency", "category", "tags", "notes", "hidden", "transfer_pair_id", "id"}

// TagSeparator joins the tags in the CSV's tags cell.
const TagSeparator = ";"

// SafeCell guards a text cell against formula injection: a cell starting
// with =, +, -, @, a tab, a CR or ' is written with a ' before it, so a
// spreadsheet shows it as text; an importer removes one leading ' and gets
// the text back exactly (UnsafeCell). Numbers, dates and ids are written as
// they are: their form can hold no formula.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r'", rune(s[0])) {
		return "'" + s
	}
	return s
}

// UnsafeCell undoes SafeCell.
func UnsafeCell(s string) string { return strings.TrimPrefix(s, "'") }

// Decimal writes minor units in the currency's units: -1234 USD is
// "-12.34", 1500 JPY "1500", -1500 KWD "-1.500".
func Decimal(cents int64, currency string) string {
	places := centavo.MinorDigits(currency)
	neg := cents < 0
	u := uint64(cents)
	if neg {
		u = -u
	}
	digits := strconv.FormatUint(u, 10)
	if places > 0 {
		if len(digits) <= places {
			digits = strings.Repeat("0", places-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-places] + "." + digits[len(digits)-places:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// WriteCSV writes the user's transactions that match q to w as CSV (RFC
// 4180, CRLF line ends, a header), newest first. Nothing is written when q
// is wrong.
func (s *Service) WriteCSV(ctx context.Context, w io.Writer, userID int64, q Query) error {
	if _, err := searchFilter(userID, q); err != nil {
		return err
	}
	names, err := s.accountNames(ctx, userID)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	row := make([]string, len(CSVHeader))
	err = s.Each(ctx, userID, q, func(t centavo.Transaction) error {
		pair := ""
		if t.TransferPairID != 0 {
			pair = strconv.FormatInt(t.TransferPairID, 10)
		}
		posted := t.PostedAt.UTC()
		row = append(row[:0], posted.Format(time.DateOnly), posted.Format(time.RFC3339), strconv.FormatInt(t.AccountID, 10),
			SafeCell(names[t.AccountID]), SafeCell(t.Merchant), SafeCell(t.Seller), Decimal(t.AmountCents, t.Currency),
			strconv.FormatInt(t.AmountCents, 10), t.Currency, SafeCell(t.Category), SafeCell(strings.Join(t.Tags, TagSeparator)),
			SafeCell(t.Notes), strconv.FormatBool(t.Hidden), pair, strconv.FormatInt(t.ID, 10))
		return cw.Write(row)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// ExportedTransaction is a transaction as the API shows it (GET
// /api/v1/transactions/{id}, the httpapi package uses this type) and as the
// JSON export writes it.
type ExportedTransaction struct {
	ID             int64           `json:"id"`
	AccountID      int64           `json:"account_id"`
	PostedAt       time.Time       `json:"posted_at"`
	Seller         string          `json:"seller"`
	Merchant       string          `json:"merchant"`
	AmountCents    int64           `json:"amount_cents"`
	Currency       string          `json:"currency"`
	Category       string          `json:"category"`
	CategorySource string          `json:"category_source"`
	Pending        bool            `json:"pending"`
	Notes          string          `json:"notes"`
	Tags           []string        `json:"tags"`
	Hidden         bool            `json:"hidden"`
	Splits         []centavo.Split `json:"splits"`
	TransferPairID *int64          `json:"transfer_pair_id"`
	TransferWith   *int64          `json:"transfer_with"`
}

// Exported is t as the JSON export writes it.
func Exported(t centavo.Transaction) ExportedTransaction {
	e := ExportedTransaction{
		ID: t.ID, AccountID: t.AccountID, PostedAt: t.PostedAt.UTC(), Seller: t.Seller, Merchant: t.Merchant,
		AmountCents: t.AmountCents, Currency: t.Currency, Category: t.Category, CategorySource: t.CategorySource,
		Pending: t.Pending, Notes: t.Notes, Tags: t.Tags, Hidden: t.Hidden, Splits: t.Splits,
	}
	if e.Tags == nil {
		e.Tags = []string{}
	}
	if e.Splits == nil {
		e.Splits = []centavo.Split{}
	}
	if t.TransferPairID != 0 {
		id := t.TransferPairID
		e.TransferPairID = &id
	}
	if t.TransferWith != 0 {
		id := t.TransferWith
		e.TransferWith = &id
	}
	return e
}

// WriteJSON writes the user's transactions that match q to w as
// {"transactions":[…]}, newest first, one row at a time. Nothing is
// written when q is wrong.
func (s *Service) WriteJSON(ctx context.Context, w io.Writer, userID int64, q Query) error {
	if _, err := searchFilter(userID, q); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	if _, err := bw.WriteString(`{"transactions":[`); err != nil {
		return err
	}
	enc := json.NewEncoder(bw)
	first := true
	err := s.Each(ctx, userID, q, func(t centavo.Transaction) error {
		if !first {
			if err := bw.WriteByte(','); err != nil {
				return err
			}
		}
		first = false
		return enc.Encode(Exported(t)) // ends with a newline: whitespace JSON allows
	})
	if err == nil {
		_, err = bw.WriteString("]}\n")
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// accountNames maps the user's account ids to their names.
func (s *Service) accountNames(ctx context.Context, userID int64) (map[int64]string, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	accts, err := st.Accounts(ctx, userID)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(accts))
	for _, a := range accts {
		names[a.ID] = a.Name
	}
	return names, nil
}
