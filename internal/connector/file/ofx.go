package file

import (
	"fmt"
	"strings"

	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ofxparse"
)

// OFX files are read by internal/ofxparse, which keeps their values raw;
// this file applies the import's rules to them: which statement's currency,
// which dates and amounts are readable, what the descriptor is, and why a
// file without a statement is refused.

func readOFX(text string, currency string) (Result, error) {
	doc, err := ofxparse.Read(text)
	if err != nil {
		return Result{}, fromOFXParse(err)
	}
	if !doc.HasOFX {
		return Result{}, refuse(CodeMalformed, "this file has no <OFX> content: it is not an OFX statement, or it is cut short")
	}
	if len(doc.Statements) == 0 && len(doc.InvStatements) == 0 {
		return Result{}, whyNoStatement(doc)
	}
	res := Result{}
	for i, st := range doc.Statements {
		cur := currency
		if c, ok := currencyCode(st.Currency); ok {
			cur = c
		}
		if i == 0 {
			res.Currency = cur
		}
		acct := ofxAccount(st.Account, i, cur)
		if b, err := ofxBalance(st.Ledger, st.Available); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Reason: err.Error()})
		} else if b != nil {
			res.Balances = append(res.Balances, Balance{Key: acct.Key, Balance: *b})
		}
		res.AccountsFound = append(res.AccountsFound, acct)
		addBankRecords(&res, st.Records, cur, acct.Key)
	}
	readInvestments(doc, currency, &res) // invest.go
	for _, s := range doc.Missing {
		if statusFailed(s) {
			res.Skipped = append(res.Skipped, Skipped{Reason: "a statement is missing: " + describeStatus(s)})
		}
	}
	return res, nil
}

// addBankRecords adds the bank-style rows of one statement (a STMTRS's,
// an investment statement's INVBANKTRAN) to res under the account key;
// a row that cannot be read is skipped with why.
func addBankRecords(res *Result, recs []ofxparse.Record, currency, key string) {
	for _, rec := range recs {
		tx, err := convertOFX(rec.Transaction, currency)
		if err != nil {
			res.Skipped = append(res.Skipped, Skipped{Line: rec.Line, Reason: err.Error()})
			continue
		}
		tx.FileAccount = key
		res.Transactions = append(res.Transactions, tx)
	}
}

// ofxAccount describes the account of the i-th statement: keyed by its
// ACCTID, or by its place when it names none.
func ofxAccount(a ofxparse.Account, i int, currency string) FileAccount {
	fa := FileAccount{Key: clipN(strings.TrimSpace(a.ID), 64), Type: strings.ToUpper(strings.TrimSpace(a.Type)), Currency: currency}
	if a.CreditCard {
		fa.Type = "CREDITCARD"
	}
	if fa.Key == "" {
		fa.Key = fmt.Sprintf("statement %d", i+1)
	}
	return fa
}

// whyNoStatement explains a file without a bank or card statement.
func whyNoStatement(doc ofxparse.File) error {
	if doc.Signon != nil && statusFailed(*doc.Signon) {
		return refuse(CodeInstitution, "this OFX file holds the bank's sign-on error instead of a statement (%s); download the statement again", describeStatus(*doc.Signon))
	}
	for _, s := range doc.Missing {
		if statusFailed(s) {
			return refuse(CodeInstitution, "the bank could not produce the statement (%s); download it again later", describeStatus(s))
		}
	}
	switch {
	case doc.AccountLists > 0:
		return refuse(CodeUnsupported, "this OFX file only lists the bank's accounts and holds no statement or transactions; download a statement instead")
	case doc.Profiles > 0:
		return refuse(CodeUnsupported, "this OFX file holds the bank's server profile, not a statement; download a statement instead")
	}
	return refuse(CodeEmpty, "this OFX file holds no bank or credit card statement")
}

func statusFailed(s ofxparse.Status) bool {
	c := strings.TrimLeft(strings.TrimSpace(s.Code), "0")
	return c != "" || strings.EqualFold(strings.TrimSpace(s.Severity), "ERROR")
}

func describeStatus(s ofxparse.Status) string {
	code := strings.TrimSpace(s.Code)
	msg := strings.TrimSpace(s.Message)
	if msg == "" {
		msg = ofxStatusMeaning[code]
	}
	if msg == "" {
		msg = "no message"
	}
	return fmt.Sprintf("OFX code %s: %s", clipN(code, 12), clipN(msg, 300))
}

// ofxStatusMeaning explains the codes banks send without a message.
var ofxStatusMeaning = map[string]string{
	"2000":  "general error",
	"2003":  "account not found",
	"2019":  "duplicate request",
	"15000": "the password must be changed",
	"15500": "the user ID or password is wrong",
	"15502": "the user ID or password is wrong",
	"15510": "the client is not authorized",
	"15511": "the password is locked",
}

// convertOFX checks one transaction and turns it into ours.
func convertOFX(t ofxparse.Transaction, currency string) (connector.Transaction, error) {
	posted, what := t.Posted, "DTPOSTED"
	if strings.TrimSpace(posted) == "" && strings.TrimSpace(t.User) != "" {
		posted, what = t.User, "DTUSER"
	}
	if strings.TrimSpace(posted) == "" {
		return connector.Transaction{}, fmt.Errorf("transaction %s has no posting date", idOrBlank(t.FITID))
	}
	at, err := ofxparse.ParseDate(posted)
	if err != nil {
		return connector.Transaction{}, fmt.Errorf("transaction %s: %s: %v", idOrBlank(t.FITID), what, err)
	}
	if strings.TrimSpace(t.Amount) == "" {
		return connector.Transaction{}, fmt.Errorf("transaction %s has no amount", idOrBlank(t.FITID))
	}
	cents, err := parseAmount(t.Amount, decimalOFX)
	if err != nil {
		return connector.Transaction{}, fmt.Errorf("transaction %s: %v", idOrBlank(t.FITID), err)
	}
	if c, ok := currencyCode(t.CurSym); ok {
		currency = c
	}
	id := strings.TrimSpace(t.FITID)
	if err := connector.CheckID(id); err != nil {
		return connector.Transaction{}, fmt.Errorf("transaction %s: %v", idOrBlank(id), err)
	}
	tx := connector.Transaction{
		InstitutionID: id,
		PostedAt:      at,
		AmountCents:   cents,
		Currency:      currency,
		Descriptor:    connector.Descriptor(ofxparse.Descriptor(t.Name, t.PayeeName, t.Memo)),
		TrnType:       strings.ToUpper(strings.TrimSpace(t.TrnType)),
		MCC:           mcc(t.SIC),
	}
	return tx, nil
}

// mcc reads a SIC/MCC of up to four digits.
func mcc(sic string) string {
	sic = strings.TrimSpace(sic)
	if sic == "" || len(sic) > 4 {
		return ""
	}
	for i := 0; i < len(sic); i++ {
		if !isDigitByte(sic[i]) {
			return ""
		}
	}
	if strings.Trim(sic, "0") == "" {
		return ""
	}
	return strings.Repeat("0", 4-len(sic)) + sic
}

func idOrBlank(fitid string) string {
	if f := strings.TrimSpace(fitid); f != "" {
		return fmt.Sprintf("%q", clip(f))
	}
	return "(no FITID)"
}
