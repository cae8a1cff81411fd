package file

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ofxparse"
)

// Investment statements (OFX INVSTMTRS) are imported on their cash side:
// the bank-style rows (INVBANKTRAN) as any bank transaction, and each
// investment transaction as the change it makes to the account's cash,
// its TOTAL, signed as the OFX specification signs it (a buy takes cash
// out, a sale, a dividend or interest brings it in, a fee takes it out).
// Transactions that move no cash — a reinvestment (income bought back into
// the same security at once: its net cash effect is zero), a transfer of
// shares, a split, a journal between sub-accounts — are not cash
// transactions: the positions show them, and the import answer says how
// many were left out. The positions (INVPOSLIST) become the account's
// holdings, named from the document's security list (SECLIST).

// investmentActions is what each kind of investment transaction is: its
// name in a descriptor, the OFX TRNTYPE the categorizer reads for it (a
// buy or a sale moves money between cash and securities: a transfer, not
// spending) and whether it moves cash.
var investmentActions = map[string]struct {
	name, trnType string
	cash          bool
}{
	"BUYDEBT": {"Buy", "XFER", true}, "BUYMF": {"Buy", "XFER", true}, "BUYOPT": {"Buy", "XFER", true},
	"BUYOTHER": {"Buy", "XFER", true}, "BUYSTOCK": {"Buy", "XFER", true},
	"SELLDEBT": {"Sell", "XFER", true}, "SELLMF": {"Sell", "XFER", true}, "SELLOPT": {"Sell", "XFER", true},
	"SELLOTHER": {"Sell", "XFER", true}, "SELLSTOCK": {"Sell", "XFER", true},
	"INCOME": {"Income", "DIV", true}, "INVEXPENSE": {"Fee", "FEE", true},
	"MARGININTEREST": {"Margin interest", "INT", true}, "RETOFCAP": {"Return of capital", "XFER", true},
	"REINVEST": {"Reinvestment", "", false}, "TRANSFER": {"Transfer of shares", "", false},
	"SPLIT": {"Split", "", false}, "JRNLFUND": {"Journal", "", false}, "JRNLSEC": {"Journal", "", false},
	"CLOSUREOPT": {"Option closure", "", false},
}

// incomeTypes name the kinds of INCOME.
var incomeTypes = map[string]struct{ name, trnType string }{
	"DIV":      {"Dividend", "DIV"},
	"INTEREST": {"Interest", "INT"},
	"CGLONG":   {"Long-term capital gain", "DIV"},
	"CGSHORT":  {"Short-term capital gain", "DIV"},
	"MISC":     {"Income", "CREDIT"},
}

// readInvestments adds the investment statements of doc to res: their
// cash transactions, their positions as holdings, and why rows were left
// out.
func readInvestments(doc ofxparse.File, currency string, res *Result) {
	secs := securities(doc.Securities)
	for i, st := range doc.InvStatements {
		cur := currency
		if c, ok := currencyCode(st.Currency); ok {
			cur = c
		}
		if res.Currency == "" {
			res.Currency = cur
		}
		// Keyed like a bank statement: its ACCTID, or its place after them.
		acct := ofxAccount(ofxparse.Account{ID: st.AcctID, Type: "INVESTMENT"}, len(doc.Statements)+i, cur)
		res.AccountsFound = append(res.AccountsFound, acct)
		addBankRecords(res, st.Bank, cur, acct.Key)
		noCash := 0
		for _, it := range st.Transactions {
			tx, moves, err := convertInvestment(it, cur, secs)
			switch {
			case err != nil:
				res.Skipped = append(res.Skipped, Skipped{Line: it.Line, Reason: err.Error()})
			case !moves:
				noCash++
			default:
				tx.FileAccount = acct.Key
				res.Transactions = append(res.Transactions, tx)
			}
		}
		if noCash > 0 {
			res.Skipped = append(res.Skipped, Skipped{Reason: fmt.Sprintf(
				"%d investment transaction(s) move no cash (reinvestments, transfers of shares, splits): they are not cash transactions; the holdings show them", noCash)})
		}
		if st.HasPositions {
			addPositions(st, cur, secs, res)
		}
	}
}

// convertInvestment turns an investment transaction into the cash
// transaction it makes; moves is false for one that moves no cash.
func convertInvestment(it ofxparse.InvTransaction, currency string, secs map[string]ofxparse.Security) (tx connector.Transaction, moves bool, err error) {
	action, ok := investmentActions[it.Kind]
	if !ok || !action.cash {
		return tx, false, nil
	}
	name, trnType := action.name, action.trnType
	if it.Kind == "INCOME" {
		if t, ok := incomeTypes[strings.ToUpper(strings.TrimSpace(it.IncomeType))]; ok {
			name, trnType = t.name, t.trnType
		}
	}
	id := strings.TrimSpace(it.FITID)
	date, what := it.Settle, "DTSETTLE"
	if strings.TrimSpace(date) == "" {
		date, what = it.Trade, "DTTRADE"
	}
	if strings.TrimSpace(date) == "" {
		return tx, false, fmt.Errorf("investment transaction %s has no date", idOrBlank(id))
	}
	at, err := ofxparse.ParseDate(date)
	if err != nil {
		return tx, false, fmt.Errorf("investment transaction %s: %s: %v", idOrBlank(id), what, err)
	}
	if strings.TrimSpace(it.Total) == "" {
		return tx, false, fmt.Errorf("investment transaction %s has no TOTAL", idOrBlank(id))
	}
	cents, err := parseAmount(it.Total, decimalOFX)
	if err != nil {
		return tx, false, fmt.Errorf("investment transaction %s: %v", idOrBlank(id), err)
	}
	if err := connector.CheckID(id); err != nil {
		return tx, false, fmt.Errorf("investment transaction %s: %v", idOrBlank(id), err)
	}
	if c, ok := currencyCode(it.CurSym); ok {
		currency = c
	}
	desc := name
	if label := securityLabel(it.SecID, secs); label != "" {
		desc += ofxparse.DescriptorSeparator + label
	}
	// The broker's MEMO ("REDEMPTION PAYOUT") when it says more, by the
	// rule of bank rows' NAME and MEMO.
	desc = ofxparse.Descriptor(desc, "", it.Memo)
	return connector.Transaction{
		InstitutionID: id, PostedAt: at, AmountCents: cents, Currency: currency,
		Descriptor: connector.Descriptor(desc), TrnType: trnType,
	}, true, nil
}

// addPositions adds the statement's positions to res.Holdings; several
// statements' positions are one snapshot, dated by the latest.
func addPositions(st ofxparse.InvStatement, currency string, secs map[string]ofxparse.Security, res *Result) {
	asOf, err := ofxparse.ParseDate(st.AsOf)
	var positions []centavo.Holding
	for _, p := range st.Positions {
		h, priced, perr := convertPosition(p, currency, secs)
		if perr != nil {
			res.Skipped = append(res.Skipped, Skipped{Line: p.Line, Reason: perr.Error()})
			continue
		}
		if err != nil && priced.After(asOf) {
			asOf = priced // no DTASOF: the latest price date
		}
		positions = append(positions, h)
	}
	if asOf.IsZero() {
		res.Skipped = append(res.Skipped, Skipped{Reason: "the positions were left out: the statement says neither when it was made (DTASOF) nor when its prices are from"})
		return
	}
	if res.Holdings == nil {
		res.Holdings = &connector.Holdings{}
	}
	if asOf.After(res.Holdings.AsOf) {
		res.Holdings.AsOf = asOf
	}
	res.Holdings.Positions = append(res.Holdings.Positions, positions...)
}

// convertPosition checks one position and turns it into a holding; priced
// is its DTPRICEASOF, zero when it has none.
func convertPosition(p ofxparse.Position, currency string, secs map[string]ofxparse.Security) (h centavo.Holding, priced time.Time, err error) {
	id := strings.TrimSpace(p.SecID)
	if id == "" {
		return h, priced, errors.New("a position has no security id")
	}
	if err := connector.CheckID(id); err != nil {
		return h, priced, fmt.Errorf("position %q: %v", clip(id), err)
	}
	units, err := centavo.NormalizeUnits(p.Units)
	if err != nil {
		return h, priced, fmt.Errorf("position %q: UNITS %q: %v", clip(id), clip(p.Units), err)
	}
	price, err := parseAmount(p.UnitPrice, decimalOFX)
	if err != nil {
		return h, priced, fmt.Errorf("position %q: UNITPRICE: %v", clip(id), err)
	}
	value, err := parseAmount(p.MktVal, decimalOFX)
	if err != nil {
		return h, priced, fmt.Errorf("position %q: MKTVAL: %v", clip(id), err)
	}
	if c, ok := currencyCode(p.CurSym); ok {
		currency = c
	}
	if at, err := ofxparse.ParseDate(p.PriceAsOf); err == nil {
		priced = at
	}
	sec := secs[strings.ToUpper(id)]
	return centavo.Holding{
		SecurityID: id, SecurityName: connector.Descriptor(sec.Name), Ticker: ticker(id, p.SecIDType, sec),
		Units: units, PriceCents: price, MarketValueCents: value, Currency: currency,
	}, priced, nil
}

// securities indexes the security list by id (upper case).
func securities(list []ofxparse.Security) map[string]ofxparse.Security {
	out := make(map[string]ofxparse.Security, len(list))
	for _, s := range list {
		if id := strings.ToUpper(strings.TrimSpace(s.SecID)); id != "" {
			if _, ok := out[id]; !ok {
				out[id] = s
			}
		}
	}
	return out
}

// securityLabel names a security in a descriptor: its name, else its
// ticker, else its id.
func securityLabel(id string, secs map[string]ofxparse.Security) string {
	id = strings.TrimSpace(id)
	sec := secs[strings.ToUpper(id)]
	for _, s := range []string{sec.Name, ticker(id, "", sec), id} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// ticker is the security's ticker: SECINFO's TICKER unless it only
// repeats the id (brokers put the CUSIP there when there is no ticker),
// else the id when the id is a ticker.
func ticker(id, idType string, sec ofxparse.Security) string {
	t := strings.TrimSpace(sec.Ticker)
	if t != "" && !strings.EqualFold(t, id) {
		return clipN(t, 32)
	}
	if strings.EqualFold(strings.TrimSpace(idType), "TICKER") || strings.EqualFold(strings.TrimSpace(sec.SecIDType), "TICKER") {
		return clipN(id, 32)
	}
	return ""
}
