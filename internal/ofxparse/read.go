package ofxparse

// File is a statement file as Read finds it: every bank and card
// statement it holds, each on its own, and what explains a file without
// one. Values are raw, as in Response: the caller applies its own rules.
type File struct {
	// HasOFX is false when the text holds no <OFX> element at all.
	HasOFX bool
	// Signon is the status of the sign-on response (SONRS); nil when there
	// is none.
	Signon *Status
	// Statements are every STMTRS and CCSTMTRS, in the order of the file,
	// inside a statement response wrapper or not. The bank-style rows of
	// investment statements (INVBANKTRAN) are in InvStatements.
	Statements []FileStatement
	// Missing are the statuses of the statement responses (STMTTRNRS,
	// CCSTMTTRNRS) that hold no statement, in order; a response without a
	// STATUS is left out.
	Missing []Status
	// InvStatements are every INVSTMTRS, in the order of the file, and
	// Securities the SECINFO of its security lists, which name the
	// securities the statements refer to by id (invest.go).
	InvStatements []InvStatement
	Securities    []Security
	// Investments, AccountLists and Profiles count the investment
	// statements (INVSTMTRS), account lists (ACCTINFORS) and server
	// profiles (PROFRS): what a file holds instead of a statement.
	Investments, AccountLists, Profiles int
}

// FileStatement is a STMTRS or CCSTMTRS of a statement file.
type FileStatement struct {
	Currency string  // CURDEF
	Account  Account // its BANKACCTFROM or CCACCTFROM
	Records  []Record
	// Ledger and Available are its LEDGERBAL and AVAILBAL (empty when
	// absent).
	Ledger, Available Balance
}

// Balance is a LEDGERBAL or AVAILBAL, its values raw.
type Balance struct {
	Amount string // BALAMT
	AsOf   string // DTASOF
}

// Account is the account a statement is of, its values raw.
type Account struct {
	CreditCard bool   // a CCSTMTRS
	BankID     string // BANKID; "" for a card
	ID         string // ACCTID
	Type       string // ACCTTYPE (CHECKING, SAVINGS…); "" for a card
}

// Record is a transaction of a statement file and where it starts.
type Record struct {
	Line int // 1-based line of its <STMTTRN>
	Transaction
}

// Read reads a statement file (OFX 1.x SGML or 2.x XML, QFX) from its
// text, decoded with DecodeText. Entities are decoded up to three times,
// undoing banks' double escaping ("&amp;amp;"). It returns an *Error when
// the file is nested too deep (CodeMalformed) or holds more than
// MaxTransactions transactions (CodeTooLarge); a text without OFX is no
// error: File.HasOFX says so.
func Read(text string) (File, error) {
	r := &reader{}
	if err := r.scan(text); err != nil {
		return File{}, err
	}
	f := File{
		HasOFX:       r.sawOFX,
		Signon:       copyStatus(r.signon),
		Statements:   make([]FileStatement, len(r.statements)),
		Investments:  r.investments,
		AccountLists: r.acctInfo,
		Profiles:     r.profile,
	}
	for i, st := range r.statements {
		recs := make([]Record, len(st.records))
		for j, rec := range st.records {
			recs[j] = *rec
		}
		f.Statements[i] = FileStatement{Currency: st.currency, Account: st.account, Records: recs, Ledger: st.ledger, Available: st.available}
	}
	for _, t := range r.responses {
		if len(t.stmts) == 0 && t.status != nil {
			f.Missing = append(f.Missing, *t.status)
		}
	}
	r.investmentFile(&f)
	return f, nil
}
