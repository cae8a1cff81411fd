package file

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/centavo/centavo/internal/connector"
)

// QIF is line based: a "!Type:" line starts a section, each line of a
// record starts with a one-letter code, and "^" ends the record.

type qifSection int

const (
	qifCash       qifSection = iota + 1 // Bank, CCard, Cash, Oth A, Oth L: transactions we import
	qifInvestment                       // Invst: its cash side (qifinvest.go)
	qifOther                            // categories, classes, memorized transactions, prices…
	qifAccount                          // an !Account block describing the next section's account
)

type qifRecord struct {
	line                int
	section             qifSection
	account, acctType   string // the !Account block's N and T lines
	unnamed             bool   // account is a section header, not a name (unnamedSwitch)
	date, amount, uamt  string
	transfer            string // an investment record's first $ line: the cash it moved
	payee, memo         string
	hasDate, hasT, hasU bool
	hasPayee, hasMemo   bool
	nonEmpty            bool
	// action (N) and security (Y) of an investment record
	action, security string
}

func isQIFHeader(line string) bool {
	l := strings.ToLower(strings.TrimSpace(line))
	for _, p := range []string{"!type:", "!account", "!option:", "!clear:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// looksLikeQIF recognizes a QIF file that lacks its "!Type:" header: it
// has "^" record ends, date lines and amount lines.
func looksLikeQIF(head string) bool {
	var ends, dates, amounts int
	for _, l := range lines(head) {
		l = strings.TrimSpace(l)
		switch {
		case l == "^":
			ends++
		case len(l) > 1 && l[0] == 'D' && isDigitByte(l[1]):
			dates++
		case len(l) > 1 && (l[0] == 'T' || l[0] == 'U') && (isDigitByte(l[1]) || l[1] == '-'):
			amounts++
		}
	}
	return ends > 0 && dates > 0 && amounts > 0
}

func qifSectionOf(header string) qifSection {
	l := strings.ToLower(strings.Join(strings.Fields(header), ""))
	switch {
	case strings.HasPrefix(l, "!account"):
		return qifAccount
	case !strings.HasPrefix(l, "!type:"):
		return 0 // !Option, !Clear: no change of section
	}
	switch strings.TrimPrefix(l, "!type:") {
	case "bank", "ccard", "cash", "otha", "othl", "oth", "invoice":
		return qifCash
	case "invst", "port":
		return qifInvestment
	}
	return qifOther
}

func readQIF(text string, currency string) (Result, error) {
	records, err := scanQIF(text)
	if err != nil {
		return Result{}, err
	}
	order, err := qifDateOrder(records)
	if err != nil {
		return Result{}, err
	}
	return qifResult(records, order, currency)
}

// qifScanner is the state of reading a QIF file line by line: the section
// and account the next record belongs to, and the record being read.
type qifScanner struct {
	records        []*qifRecord
	section        qifSection
	prev           qifSection // the section to return to after an !Account block
	account        string
	acctType       string
	pendingAccount string // named by the !Account block being read
	pendingType    string
	autoSwitch     bool
	unnamed        bool // account is a section header, not a name
	rec            *qifRecord
	last           *qifRecord // the last bank or investment record read
}

// scanQIF groups the lines of a QIF file into records.
func scanQIF(text string) ([]*qifRecord, error) {
	s := &qifScanner{
		section: qifCash, // records before any header are bank records
		prev:    qifCash,
	}
	for lineNo, raw := range lines(text) {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if line[0] == '!' {
			s.header(line)
			continue
		}
		if s.section == qifAccount {
			s.accountLine(line)
			continue
		}
		if err := s.recordLine(lineNo, line); err != nil {
			return nil, err
		}
	}
	return s.records, nil
}

// header reads a "!" line: a change of section, an account block, or an
// option.
func (s *qifScanner) header(line string) {
	// Between !Option:AutoSwitch and !Clear:AutoSwitch, !Account
	// starts a list of account blocks, not one block.
	if l := strings.ToLower(line); strings.HasPrefix(l, "!option:autoswitch") {
		s.autoSwitch = true
	} else if strings.HasPrefix(l, "!clear:autoswitch") {
		s.autoSwitch = false
		if s.section == qifAccount {
			s.section = s.prev
		}
	}
	switch sec := qifSectionOf(line); sec {
	case 0:
	case qifAccount:
		if s.section != qifAccount {
			s.prev = s.section
		}
		s.section = qifAccount
		s.pendingAccount, s.pendingType = "", ""
	default:
		s.unnamedSwitch(sec, line)
		s.section = sec
		s.switchAccount()
	}
	s.rec = nil
}

// unnamedSwitch starts a new account when a bank section follows an
// investment section, or the other way round, with no !Account block
// naming the new one: a bank account's records and a brokerage
// account's are never one account's. The new account's key is its
// section header ("!Type:Invst"); a file of one section keeps the key "".
func (s *qifScanner) unnamedSwitch(sec qifSection, line string) {
	if s.last == nil || s.pendingAccount != "" || s.last.section == sec || s.last.account != s.account ||
		sec != qifCash && sec != qifInvestment {
		return
	}
	s.account, s.unnamed = strings.Join(strings.Fields(line), ""), true
	s.acctType = s.account[len("!type:"):] // qifSectionOf saw the prefix
}

// accountLine reads a line of an !Account block.
func (s *qifScanner) accountLine(line string) {
	switch line[0] {
	case 'N':
		s.pendingAccount = strings.TrimSpace(line[1:])
	case 'T':
		s.pendingType = strings.TrimSpace(line[1:])
	case '^':
		// An account block not followed by !Type keeps the
		// previous section.
		if !s.autoSwitch {
			s.section = s.prev
		}
		s.switchAccount()
	}
}

// switchAccount makes the account the last !Account block named the one
// of the records that follow.
func (s *qifScanner) switchAccount() {
	if s.pendingAccount != "" {
		s.account, s.acctType, s.unnamed = s.pendingAccount, s.pendingType, false
	}
}

// recordLine reads a line of a record, starting a record when none is
// open; "^" ends it.
func (s *qifScanner) recordLine(lineNo int, line string) error {
	if line[0] == '^' {
		s.rec = nil
		return nil
	}
	if s.rec == nil {
		if len(s.records) >= MaxRecords {
			return refuse(CodeTooLarge, "the file holds more than %d records; split it into smaller files", MaxRecords)
		}
		s.rec = &qifRecord{line: lineNo, section: s.section, account: s.account, acctType: s.acctType, unnamed: s.unnamed}
		s.records = append(s.records, s.rec)
		if s.section == qifCash || s.section == qifInvestment {
			s.last = s.rec
		}
	}
	s.rec.add(line)
	return nil
}

// qifDateOrder decides how the dates of the bank records are written.
func qifDateOrder(records []*qifRecord) (dateOrder, error) {
	var dates []string
	for _, r := range records {
		if (r.section == qifCash || r.section == qifInvestment) && r.hasDate {
			dates = append(dates, r.date)
		}
	}
	// QIF comes from Quicken, whose dates are month-first unless the file
	// proves otherwise.
	order, err := detectOrder(dates, orderMDY)
	if err != nil {
		return order, refuse(CodeMalformed, "the QIF dates cannot be read: %v", err)
	}
	return order, nil
}

// qifResult converts the records into transactions, skipping investment
// records and those that cannot be read.
func qifResult(records []*qifRecord, order dateOrder, currency string) (Result, error) {
	res := Result{Currency: currency}
	accounts := map[string]bool{}
	investments, noCash := 0, 0
	for _, r := range records {
		var tx connector.Transaction
		var err error
		switch {
		case !r.nonEmpty || r.section == qifOther:
			continue
		case r.section == qifInvestment:
			investments++
			var moves bool
			if tx, moves, err = r.convertInvestment(order, currency); err == nil && !moves {
				noCash++
				continue
			}
		default:
			tx, err = r.convert(order, currency)
		}
		if err != nil {
			res.Skipped = append(res.Skipped, Skipped{Line: r.line, Reason: err.Error()})
			continue
		}
		if !accounts[r.account] {
			accounts[r.account] = true
			name := r.account
			if r.unnamed {
				name = ""
			}
			res.AccountsFound = append(res.AccountsFound, FileAccount{Key: clipN(r.account, 64), Name: name, Type: r.acctType})
		}
		tx.FileAccount = clipN(r.account, 64)
		if r.section == qifCash && r.openingBalance() {
			// Quicken's first record of an account: what it held before
			// that day's rows, a balance rather than money that moved.
			res.Balances = append(res.Balances, Balance{Key: tx.FileAccount, Balance: connector.Balance{
				LedgerCents: tx.AmountCents, AsOf: tx.PostedAt.UTC().Truncate(24 * time.Hour).Add(-time.Second)}})
			continue
		}
		res.Transactions = append(res.Transactions, tx)
	}
	if noCash > 0 {
		if len(res.Transactions) == 0 && noCash == investments {
			return res, refuse(CodeEmpty, "this QIF file holds only investment transactions that move no cash in the account (%d: shares moved in or out, reinvestments, or trades paid from another account); there are no cash transactions to import", noCash)
		}
		res.Skipped = append(res.Skipped, Skipped{Reason: fmt.Sprintf("%d investment transaction(s) move no cash in the account (shares moved in or out, reinvestments, or trades paid from another account): they are not cash transactions", noCash)})
	}
	return res, nil
}

// add reads one line of a record. Split lines (S, E, $) and the rest are
// ignored: the T line already holds the transaction's total.
func (r *qifRecord) add(line string) {
	code, value := line[0], line[1:]
	switch code {
	case 'D':
		if !r.hasDate {
			r.date, r.hasDate = value, true
		}
	case 'T':
		if !r.hasT {
			r.amount, r.hasT = value, true
		}
	case 'U':
		if !r.hasU {
			r.uamt, r.hasU = value, true
		}
	case 'P':
		if !r.hasPayee {
			r.payee, r.hasPayee = value, true
		}
	case 'M':
		if !r.hasMemo {
			r.memo, r.hasMemo = value, true
		}
	case 'N':
		setFirst(&r.action, strings.TrimSpace(value))
	case 'Y':
		setFirst(&r.security, strings.TrimSpace(value))
	case '$':
		setFirst(&r.transfer, strings.TrimSpace(value))
	}
	r.nonEmpty = true
}

func (r *qifRecord) convert(order dateOrder, currency string) (connector.Transaction, error) {
	if !r.hasDate || strings.TrimSpace(r.date) == "" {
		return connector.Transaction{}, errors.New("no date")
	}
	// The date may have junk glued after it: "D03/25/099Point of Sale".
	p, ok := splitDate(r.date)
	if !ok {
		return connector.Transaction{}, fmt.Errorf("invalid date %q", clip(strings.TrimSpace(r.date)))
	}
	y, m, d, ok := p.civil(order)
	if !ok {
		return connector.Transaction{}, fmt.Errorf("invalid date %q", clip(strings.TrimSpace(r.date)))
	}
	amount := r.amount
	if !r.hasT || strings.TrimSpace(amount) == "" {
		amount = r.uamt
	}
	if strings.TrimSpace(amount) == "" {
		return connector.Transaction{}, errors.New("no amount")
	}
	cents, err := parseAmount(amount, decimalQIF)
	if err != nil {
		return connector.Transaction{}, err
	}
	desc := strings.TrimSpace(r.payee)
	if desc == "" {
		desc = strings.TrimSpace(r.memo)
	}
	return connector.Transaction{
		PostedAt:    noonUTC(y, m, d),
		AmountCents: cents,
		Currency:    currency,
		Descriptor:  connector.Descriptor(desc),
	}, nil
}

// openingBalance says whether the record is Quicken's "Opening Balance".
func (r *qifRecord) openingBalance() bool {
	return r.hasPayee && strings.EqualFold(strings.TrimSpace(r.payee), "Opening Balance")
}
