package ofxparse

import "fmt"

// Response is what an OFX server answered to a statement download, as
// read by ReadResponse. Values are the trimmed, entity-decoded text of
// their elements, "" when absent: the caller (the OFX Direct Connect
// connector) applies its own rules to dates, amounts and codes.
type Response struct {
	// Complete is true when the answer closes its <OFX> element, false when
	// it is cut short.
	Complete bool
	// Signon is the status of the sign-on response (SONRS); nil when there
	// is no SONRS, an empty Status when the SONRS has no STATUS.
	Signon *Status
	// Statements are the bank (STMTTRNRS) and card (CCSTMTTRNRS) statement
	// responses, in the order of the answer.
	Statements []StatementResponse
}

// Status is an OFX STATUS aggregate.
type Status struct {
	Code, Severity, Message string
}

// StatementResponse is one STMTTRNRS or CCSTMTTRNRS.
type StatementResponse struct {
	CreditCard bool    // CCSTMTTRNRS
	Status     *Status // nil when the wrapper has no STATUS
	// Statement is its STMTRS or CCSTMTRS; nil when it has none. Some
	// banks send two in one wrapper: they are read as one, as ofxgo did,
	// the transactions of both in order, the currency of the last that
	// names one.
	Statement *Statement
}

// Statement is a STMTRS or CCSTMTRS.
type Statement struct {
	Currency     string // CURDEF
	Transactions []Transaction
	// Ledger and Available are its LEDGERBAL and AVAILBAL (of the last
	// statement that has one, when a wrapper holds two).
	Ledger, Available Balance
}

// Transaction is one STMTTRN of a statement.
type Transaction struct {
	TrnType, Posted, User, Amount, FITID string
	Name, PayeeName, Memo, SIC           string
	CurSym                               string // CURRENCY/CURSYM, not ORIGCURRENCY
}

// ReadResponse reads an OFX server's answer (OFX 1.x SGML or 2.x XML)
// with the same tolerant, linear scanner as Read, keeping the sign-on and
// statement responses raw. Unlike Read, it decodes entities once, as an
// XML decoder does: "&amp;lt;" stays "&lt;", as it always has for answers
// downloaded directly (Read undoes banks' double escaping). It decodes
// data with DecodeText. It returns an *Error when the data is not OFX at
// all (CodeMalformed), holds more than MaxTransactions transactions
// (CodeTooLarge) or trips a bug (CodeInternal). It does not bound the size
// of data: the caller does.
func ReadResponse(data []byte) (resp Response, err error) {
	defer func() {
		if r := recover(); r != nil {
			e := refuse(CodeInternal, "the OFX answer could not be read because of an internal error")
			e.err = fmt.Errorf("ofxparse: panic: %v", r)
			resp, err = Response{}, e
		}
	}()
	text, err := DecodeText(data)
	if err != nil {
		return Response{}, err
	}
	r := &reader{entityPasses: 1}
	if err := r.scan(text); err != nil {
		return Response{}, err
	}
	if !r.sawOFX {
		return Response{}, refuse(CodeMalformed, "there is no <OFX> element")
	}
	resp.Complete = r.closedOFX
	if r.sawSignon {
		resp.Signon = copyStatus(r.signon)
		if resp.Signon == nil {
			resp.Signon = &Status{}
		}
	}
	resp.Statements = make([]StatementResponse, len(r.responses))
	for i, t := range r.responses {
		resp.Statements[i] = StatementResponse{CreditCard: t.card, Status: copyStatus(t.status), Statement: mergeStatements(t.stmts)}
	}
	return resp, nil
}

func copyStatus(s *Status) *Status {
	if s == nil {
		return nil
	}
	c := *s
	return &c
}

// mergeStatements merges the statements of one wrapper.
func mergeStatements(stmts []*statement) *Statement {
	if len(stmts) == 0 {
		return nil
	}
	n := 0
	for _, st := range stmts {
		n += len(st.records)
	}
	out := &Statement{Transactions: make([]Transaction, 0, n)}
	for _, st := range stmts {
		if st.currency != "" {
			out.Currency = st.currency
		}
		if st.ledger.Amount != "" {
			out.Ledger = st.ledger
		}
		if st.available.Amount != "" {
			out.Available = st.available
		}
		for _, rec := range st.records {
			out.Transactions = append(out.Transactions, rec.Transaction)
		}
	}
	return out
}
