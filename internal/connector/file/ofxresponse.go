package file

import "fmt"

// OFXResponse is what an OFX server answered to a statement download, as
// read by ReadOFXResponse. Values are the trimmed, entity-decoded text of
// their elements, "" when absent: the caller (the OFX Direct Connect
// connector) applies its own rules to dates, amounts and codes.
type OFXResponse struct {
	// Complete is true when the answer closes its <OFX> element, false when
	// it is cut short.
	Complete bool
	// Signon is the status of the sign-on response (SONRS); nil when there
	// is no SONRS, an empty OFXStatus when the SONRS has no STATUS.
	Signon *OFXStatus
	// Statements are the bank (STMTTRNRS) and card (CCSTMTTRNRS) statement
	// responses, in the order of the answer.
	Statements []OFXStatementResponse
}

// OFXStatus is an OFX STATUS aggregate.
type OFXStatus struct {
	Code, Severity, Message string
}

// OFXStatementResponse is one STMTTRNRS or CCSTMTTRNRS.
type OFXStatementResponse struct {
	CreditCard bool       // CCSTMTTRNRS
	Status     *OFXStatus // nil when the wrapper has no STATUS
	// Statement is its STMTRS or CCSTMTRS; nil when it has none. Some
	// banks send two in one wrapper: they are read as one, as ofxgo did,
	// the transactions of both in order, the currency of the last that
	// names one.
	Statement *OFXStatement
}

// OFXStatement is a STMTRS or CCSTMTRS.
type OFXStatement struct {
	Currency     string // CURDEF
	Transactions []OFXTransaction
}

// OFXTransaction is one STMTTRN of a statement.
type OFXTransaction struct {
	TrnType, Posted, User, Amount, FITID string
	Name, PayeeName, Memo, SIC           string
	CurSym                               string // CURRENCY/CURSYM, not ORIGCURRENCY
}

// ReadOFXResponse reads an OFX server's answer (OFX 1.x SGML or 2.x XML)
// with the same tolerant, linear scanner as Read, keeping the sign-on and
// statement responses raw. Unlike Read, it decodes entities once, as an
// XML decoder does: "&amp;lt;" stays "&lt;", as it always has for answers
// downloaded directly (Read undoes banks' double escaping). It returns an *Error when the data is not OFX
// at all (CodeMalformed), holds more than MaxRecords transactions
// (CodeTooLarge) or trips a bug (CodeInternal). It does not bound the size
// of data: the caller does.
func ReadOFXResponse(data []byte) (resp OFXResponse, err error) {
	defer func() {
		if r := recover(); r != nil {
			e := refuse(CodeInternal, "the OFX answer could not be read because of an internal error")
			e.err = fmt.Errorf("file: panic: %v", r)
			resp, err = OFXResponse{}, e
		}
	}()
	text, err := decodeText(data)
	if err != nil {
		return OFXResponse{}, err
	}
	r := &ofxReader{entityPasses: 1}
	if err := r.scan(text); err != nil {
		return OFXResponse{}, err
	}
	if !r.sawOFX {
		return OFXResponse{}, refuse(CodeMalformed, "there is no <OFX> element")
	}
	resp.Complete = r.closedOFX
	if r.sawSignon {
		resp.Signon = r.signon.export()
		if resp.Signon == nil {
			resp.Signon = &OFXStatus{}
		}
	}
	resp.Statements = make([]OFXStatementResponse, len(r.trnrs))
	for i, t := range r.trnrs {
		resp.Statements[i] = OFXStatementResponse{CreditCard: t.card, Status: t.status.export(), Statement: exportStatements(t.stmts)}
	}
	return resp, nil
}

func (s *ofxStatus) export() *OFXStatus {
	if s == nil {
		return nil
	}
	return &OFXStatus{Code: s.code, Severity: s.severity, Message: s.message}
}

// exportStatements merges the statements of one wrapper.
func exportStatements(stmts []*ofxStatement) *OFXStatement {
	if len(stmts) == 0 {
		return nil
	}
	n := 0
	for _, st := range stmts {
		n += len(st.txns)
	}
	out := &OFXStatement{Transactions: make([]OFXTransaction, 0, n)}
	for _, st := range stmts {
		if st.currency != "" {
			out.Currency = st.currency
		}
		for _, t := range st.txns {
			out.Transactions = append(out.Transactions, OFXTransaction{
				TrnType: t.trnType, Posted: t.posted, User: t.user, Amount: t.amount, FITID: t.fitid,
				Name: t.name, PayeeName: t.payeeName, Memo: t.memo, SIC: t.sic, CurSym: t.curSym,
			})
		}
	}
	return out
}
