package ofx

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aclindsa/ofxgo"

	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ofxparse"
)

// The statement path as it was before statement.go: ofxgo decodes the
// answer. Kept as the reference the new path is compared with (tests,
// fuzzing) and measured against (benchmark).

// legacyStatement reads a statement answer the old way.
func legacyStatement(raw []byte, host string) (connector.Statement, error) {
	resp, err := parse(raw)
	if err != nil {
		return connector.Statement{}, notOFX(host, err)
	}
	if err := statusError(resp.Signon.Status, "sign-on"); err != nil {
		return connector.Statement{}, err
	}
	return legacyStatementFrom(resp)
}

// legacyStatementFrom reads the (first) bank or card statement of a response.
func legacyStatementFrom(resp *ofxgo.Response) (connector.Statement, error) {
	var st connector.Statement
	var list *ofxgo.TransactionList
	found := false
	for _, m := range resp.Bank {
		if sr, ok := m.(*ofxgo.StatementResponse); ok && !found {
			if err := statusError(sr.Status, "statement"); err != nil {
				return connector.Statement{}, err
			}
			st.Currency, list, found = sr.CurDef.String(), sr.BankTranList, true
			st.Balance = legacyBalance(sr.BalAmt, sr.DtAsOf, sr.AvailBalAmt)
		}
	}
	for _, m := range resp.CreditCard {
		if sr, ok := m.(*ofxgo.CCStatementResponse); ok && !found {
			if err := statusError(sr.Status, "statement"); err != nil {
				return connector.Statement{}, err
			}
			st.Currency, list, found = sr.CurDef.String(), sr.BankTranList, true
			st.Balance = legacyBalance(sr.BalAmt, sr.DtAsOf, sr.AvailBalAmt)
		}
	}
	if !found {
		return connector.Statement{}, connector.Errorf(connector.KindMalformed, nil, "the institution's answer holds no statement")
	}
	if st.Currency == "" || st.Currency == "XXX" {
		st.Currency = "USD"
	}
	if list != nil {
		for i, t := range list.Transactions {
			tx, err := legacyConvert(t, st.Currency)
			if err != nil {
				return connector.Statement{}, connector.Errorf(connector.KindMalformed, err, "transaction %d of the statement is unreadable: %v", i+1, err)
			}
			// The bounds of the new path, which ofxgo did not have: rows
			// beyond them are left out, descriptors are cut.
			if connector.CheckAmount(tx.AmountCents) != nil || connector.CheckID(tx.InstitutionID) != nil {
				continue
			}
			tx.Descriptor = connector.Descriptor(tx.Descriptor)
			st.Transactions = append(st.Transactions, tx)
		}
	}
	return st, nil
}

// legacyConvert turns an OFX transaction into ours.
func legacyConvert(t ofxgo.Transaction, currency string) (connector.Transaction, error) {
	id := strings.TrimSpace(string(t.FiTID))
	if id == "" {
		return connector.Transaction{}, errors.New("no FITID")
	}
	if t.DtPosted.IsZero() {
		return connector.Transaction{}, errors.New("no DTPOSTED")
	}
	cents, err := Cents(&t.TrnAmt.Rat)
	if err != nil {
		return connector.Transaction{}, err
	}
	var payee string
	if t.Payee != nil {
		payee = string(t.Payee.Name)
	}
	desc := ofxparse.Descriptor(string(t.Name), payee, string(t.Memo))
	if t.Currency != nil {
		if ok, _ := t.Currency.CurSym.Valid(); ok {
			currency = t.Currency.CurSym.String()
		}
	}
	out := connector.Transaction{
		InstitutionID: id,
		PostedAt:      t.DtPosted.UTC(),
		AmountCents:   cents,
		Currency:      currency,
		Descriptor:    desc,
		TrnType:       t.TrnType.String(),
	}
	if t.SIC != 0 {
		out.MCC = fmt.Sprintf("%04d", int64(t.SIC))
	}
	return out, nil
}

// legacyBalance is the statement's LEDGERBAL and AVAILBAL as ofxgo reads
// them.
func legacyBalance(bal ofxgo.Amount, asOf ofxgo.Date, avail *ofxgo.Amount) *connector.Balance {
	if bal.Rat.Sign() == 0 && asOf.IsZero() {
		return nil // ofxgo's zero value: no LEDGERBAL
	}
	cents, err := Cents(&bal.Rat)
	if err != nil || connector.CheckAmount(cents) != nil {
		return nil
	}
	b := &connector.Balance{LedgerCents: cents, AsOf: asOf.UTC()}
	if avail != nil {
		if v, err := Cents(&avail.Rat); err == nil {
			b.AvailableCents = &v
		}
	}
	return b
}
