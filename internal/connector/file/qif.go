package file

import (
	"errors"
	"fmt"
	"strings"

	"github.com/centavo/centavo/internal/connector"
)

// QIF is line based: a "!Type:" line starts a section, each line of a
// record starts with a one-letter code, and "^" ends the record.

type qifSection int

const (
	qifCash       qifSection = iota + 1 // Bank, CCard, Cash, Oth A, Oth L: transactions we import
	qifInvestment                       // Invst: not imported
	qifOther                            // categories, classes, memorized transactions, prices…
	qifAccount                          // an !Account block describing the next section's account
)

type qifRecord struct {
	line                int
	section             qifSection
	account             string
	date, amount, uamt  string
	payee, memo         string
	hasDate, hasT, hasU bool
	hasPayee, hasMemo   bool
	nonEmpty            bool
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
	var records []*qifRecord
	section := qifCash // records before any header are bank records
	prev := qifCash
	account, pendingAccount := "", ""
	autoSwitch := false
	var rec *qifRecord
	for lineNo, raw := range lines(text) {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if line[0] == '!' {
			// Between !Option:AutoSwitch and !Clear:AutoSwitch, !Account
			// starts a list of account blocks, not one block.
			if l := strings.ToLower(line); strings.HasPrefix(l, "!option:autoswitch") {
				autoSwitch = true
			} else if strings.HasPrefix(l, "!clear:autoswitch") {
				autoSwitch = false
				if section == qifAccount {
					section = prev
				}
			}
			switch s := qifSectionOf(line); s {
			case 0:
			case qifAccount:
				if section != qifAccount {
					prev = section
				}
				section = qifAccount
				pendingAccount = ""
			default:
				section = s
				if pendingAccount != "" {
					account = pendingAccount
				}
			}
			rec = nil
			continue
		}
		if section == qifAccount {
			switch line[0] {
			case 'N':
				pendingAccount = strings.TrimSpace(line[1:])
			case '^':
				// An account block not followed by !Type keeps the
				// previous section.
				if !autoSwitch {
					section = prev
				}
				if pendingAccount != "" {
					account = pendingAccount
				}
			}
			continue
		}
		if line[0] == '^' {
			rec = nil
			continue
		}
		if rec == nil {
			if len(records) >= MaxRecords {
				return Result{}, refuse(CodeTooLarge, "the file holds more than %d records; split it into smaller files", MaxRecords)
			}
			rec = &qifRecord{line: lineNo, section: section, account: account}
			records = append(records, rec)
		}
		rec.add(line)
	}

	var dates []string
	for _, r := range records {
		if r.section == qifCash && r.hasDate {
			dates = append(dates, r.date)
		}
	}
	// QIF comes from Quicken, whose dates are month-first unless the file
	// proves otherwise.
	order, err := detectOrder(dates, orderMDY)
	if err != nil {
		return Result{}, refuse(CodeMalformed, "the QIF dates cannot be read: %v", err)
	}

	res := Result{Currency: currency}
	accounts := map[string]bool{}
	investments := 0
	for _, r := range records {
		switch {
		case !r.nonEmpty || r.section == qifOther:
			continue
		case r.section == qifInvestment:
			investments++
			res.Skipped = append(res.Skipped, Skipped{Line: r.line, Reason: "investment transaction; only bank, cash and credit card accounts are imported"})
			continue
		}
		tx, err := r.convert(order, currency)
		if err != nil {
			res.Skipped = append(res.Skipped, Skipped{Line: r.line, Reason: err.Error()})
			continue
		}
		accounts[r.account] = true
		res.Transactions = append(res.Transactions, tx)
	}
	res.Accounts = len(accounts)
	if len(res.Transactions) == 0 && investments > 0 && investments == len(res.Skipped) {
		return res, refuse(CodeUnsupported, "this QIF file holds only investment transactions; only bank, cash and credit card accounts can be imported")
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
		Descriptor:  desc,
	}, nil
}
