package ofxparse

// OFX is read with a small tolerant scanner rather than a strict decoder:
// real files leave leaf elements unclosed (SGML) or close them (XML), close
// some and not others, hold raw '&', double-escaped entities, CDATA, no
// header or a header with no line breaks. The scanner streams elements and
// keeps only what a bank or card statement needs, so memory stays
// proportional to the number of transactions.

// MaxTransactions bounds the transactions (STMTTRN) a document may hold;
// no personal statement comes close.
const MaxTransactions = 200_000

// maxDepth bounds nesting; real OFX nests about ten deep.
const maxDepth = 64

// aggregates are elements that always contain other elements, even in
// files that never close them.
var aggregates = map[string]bool{
	"OFX": true, "SIGNONMSGSRSV1": true, "SONRS": true, "STATUS": true, "FI": true,
	"BANKMSGSRSV1": true, "STMTTRNRS": true, "STMTRS": true, "BANKACCTFROM": true, "BANKTRANLIST": true,
	"STMTTRN": true, "PAYEE": true, "BANKACCTTO": true, "CCACCTTO": true, "CURRENCY": true, "ORIGCURRENCY": true,
	"LEDGERBAL": true, "AVAILBAL": true, "CREDITCARDMSGSRSV1": true, "CCSTMTTRNRS": true, "CCSTMTRS": true,
	"CCACCTFROM": true, "INVSTMTMSGSRSV1": true, "INVSTMTTRNRS": true, "INVSTMTRS": true,
	"SIGNUPMSGSRSV1": true, "ACCTINFOTRNRS": true, "ACCTINFORS": true, "ACCTINFO": true,
	"PROFMSGSRSV1": true, "PROFTRNRS": true, "PROFRS": true,
}

// statement is a STMTRS or CCSTMTRS being read.
type statement struct {
	currency  string
	account   Account
	records   []*Record
	ledger    Balance // LEDGERBAL
	available Balance // AVAILBAL
}

// frame is an open aggregate; the pointers say which record it is.
type frame struct {
	name   string
	stmt   *statement
	rec    *Record
	status *Status
	resp   *response
	// Investment statements (invest.go): the statement, a security, or
	// the transaction or position (isPos) at index of invOwner's list.
	inv      *invStatement
	sec      *Security
	invOwner *invStatement
	index    int
	isPos    bool
}

// response is a statement response wrapper (STMTTRNRS, CCSTMTTRNRS): its
// status explains a missing statement.
type response struct {
	card   bool // CCSTMTTRNRS
	status *Status
	stmts  []*statement // its STMTRS or CCSTMTRS (banks may send two)
}

type reader struct {
	stack     []frame
	sawOFX    bool
	closedOFX bool // an </OFX> was seen: the content is not cut short
	sawSignon bool // a SONRS was seen
	// entityPasses is how many times text is entity-decoded; 0: as Read.
	entityPasses int
	signon       *Status
	statements   []*statement
	responses    []*response
	investments  int
	// invStatements and securities are the investment statements and the
	// SECLIST entries (invest.go).
	invStatements []*invStatement
	securities    []*Security
	acctInfo      int
	profile       int
	records       int
}

// scan walks the elements of the document.
func (r *reader) scan(text string) error {
	sc := newSGMLScanner(text)
	sc.entityPasses = r.entityPasses
	for {
		tok, ok := sc.next()
		if !ok {
			return nil
		}
		switch tok.kind {
		case tokEnd:
			if tok.name == "OFX" {
				r.closedOFX = true
			}
			r.close(tok.name)
		case tokText:
			// Text outside a leaf: header lines, stray content. Ignored.
		case tokStart:
			if tok.name == "OFX" {
				r.sawOFX = true
			}
			// A start tag followed by text is a leaf with a value; followed
			// by its own end tag, an empty leaf; otherwise an aggregate if
			// the name is ever closed in the file (or is a known aggregate),
			// else an empty leaf whose closing tag the file leaves out.
			next, ok := sc.peek()
			switch {
			case aggregates[tok.name] && (!ok || next.kind != tokText || sc.closable[tok.name]):
				if ok && next.kind == tokText {
					sc.next() // stray text inside an aggregate
				}
				if err := r.open(tok.name, tok.line); err != nil {
					return err
				}
			case ok && next.kind == tokText:
				sc.next()
				if after, ok := sc.peek(); ok && after.kind == tokEnd && after.name == tok.name {
					sc.next()
				}
				r.leaf(tok.name, next.text)
			case ok && next.kind == tokEnd && next.name == tok.name:
				sc.next()
				r.leaf(tok.name, "")
			case sc.closable[tok.name]:
				if err := r.open(tok.name, tok.line); err != nil {
					return err
				}
			default:
				r.leaf(tok.name, "")
			}
		}
	}
}

func (r *reader) open(name string, line int) error {
	// No OFX aggregate contains itself: a second <STMTTRN> while one is
	// open means the file left the first one unclosed.
	r.close(name)
	if len(r.stack) >= maxDepth {
		return refuse(CodeMalformed, "the OFX file is nested more than %d elements deep; it is not a statement", maxDepth)
	}
	f := frame{name: name}
	switch name {
	case "STMTRS", "CCSTMTRS":
		f.stmt = &statement{account: Account{CreditCard: name == "CCSTMTRS"}}
		r.statements = append(r.statements, f.stmt)
		if t := r.innerResponse(); t != nil {
			t.stmts = append(t.stmts, f.stmt)
		}
	case "STMTTRN":
		if st := r.innerStatement(); st != nil {
			if err := r.count(); err != nil {
				return err
			}
			f.rec = &Record{Line: line}
			st.records = append(st.records, f.rec)
		} else if rec, err := r.investmentRecord(line); err != nil {
			return err
		} else {
			f.rec = rec
		}
	case "STATUS":
		f.status = &Status{}
		r.ownStatus(f.status)
	case "STMTTRNRS", "CCSTMTTRNRS":
		f.resp = &response{card: name == "CCSTMTTRNRS"}
		r.responses = append(r.responses, f.resp)
	case "SONRS":
		r.sawSignon = true
	case "ACCTINFORS":
		r.acctInfo++
	case "PROFRS":
		r.profile++
	default:
		if err := r.openInvestment(&f, line); err != nil {
			return err
		}
	}
	r.stack = append(r.stack, f)
	return nil
}

// ownStatus gives a STATUS to the nearest sign-on or statement wrapper
// that has none yet.
func (r *reader) ownStatus(s *Status) {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch p := &r.stack[i]; {
		case p.name == "SONRS":
			if r.signon == nil {
				r.signon = s
			}
			return
		case p.resp != nil:
			if p.resp.status == nil {
				p.resp.status = s
			}
			return
		case p.stmt != nil || p.rec != nil || aggregates[p.name]:
			return
		}
	}
}

// close pops up to the aggregate the end tag names; an end tag with no
// open aggregate of that name is ignored.
func (r *reader) close(name string) {
	for i := len(r.stack) - 1; i >= 0; i-- {
		if r.stack[i].name == name {
			r.stack = r.stack[:i]
			return
		}
	}
}

func (r *reader) innerStatement() *statement {
	for i := len(r.stack) - 1; i >= 0; i-- {
		if r.stack[i].stmt != nil {
			return r.stack[i].stmt
		}
	}
	return nil
}

func (r *reader) innerResponse() *response {
	for i := len(r.stack) - 1; i >= 0; i-- {
		if r.stack[i].resp != nil {
			return r.stack[i].resp
		}
	}
	return nil
}

// leaf files a value under the innermost record that wants it.
func (r *reader) leaf(name, value string) {
	// Which sub-aggregate of a transaction are we in, if any?
	within := ""
	for i := len(r.stack) - 1; i >= 0; i-- {
		f := &r.stack[i]
		switch {
		case f.rec != nil:
			f.rec.set(within, name, value)
			return
		case f.status != nil:
			f.status.set(name, value)
			return
		case f.stmt != nil:
			f.stmt.set(within, name, value)
			return
		case f.inv != nil || f.sec != nil || f.invOwner != nil:
			investmentLeaf(f, r.investmentWithin(i), name, value)
			return
		case within == "" && (f.name == "PAYEE" || f.name == "CURRENCY" || f.name == "ORIGCURRENCY" ||
			f.name == "BANKACCTTO" || f.name == "CCACCTTO" || f.name == "BANKACCTFROM" || f.name == "CCACCTFROM" ||
			f.name == "LEDGERBAL" || f.name == "AVAILBAL"):
			within = f.name
		}
	}
}

// set files a leaf of the statement itself or of its BANKACCTFROM or
// CCACCTFROM.
func (st *statement) set(within, name, value string) {
	switch {
	case within == "" && name == "CURDEF":
		setFirst(&st.currency, value)
	case within == "LEDGERBAL" || within == "AVAILBAL":
		b := &st.ledger
		if within == "AVAILBAL" {
			b = &st.available
		}
		switch name {
		case "BALAMT":
			setFirst(&b.Amount, value)
		case "DTASOF":
			setFirst(&b.AsOf, value)
		}
	case within != "BANKACCTFROM" && within != "CCACCTFROM":
	case name == "BANKID":
		setFirst(&st.account.BankID, value)
	case name == "ACCTID":
		setFirst(&st.account.ID, value)
	case name == "ACCTTYPE":
		setFirst(&st.account.Type, value)
	}
}

func (s *Status) set(name, value string) {
	switch name {
	case "CODE":
		setFirst(&s.Code, value)
	case "SEVERITY":
		setFirst(&s.Severity, value)
	case "MESSAGE":
		setFirst(&s.Message, value)
	}
}

// set files a leaf of the transaction; within is the sub-aggregate it is
// in (PAYEE, CURRENCY…), "" for the transaction itself.
func (t *Transaction) set(within, name, value string) {
	switch {
	case within == "PAYEE" && name == "NAME":
		setFirst(&t.PayeeName, value)
	case within == "CURRENCY" && name == "CURSYM":
		setFirst(&t.CurSym, value)
	case within != "":
		// ORIGCURRENCY, BANKACCTTO, CCACCTTO: nothing we keep.
	case name == "TRNTYPE":
		setFirst(&t.TrnType, value)
	case name == "DTPOSTED":
		setFirst(&t.Posted, value)
	case name == "DTUSER":
		setFirst(&t.User, value)
	case name == "TRNAMT":
		setFirst(&t.Amount, value)
	case name == "FITID":
		setFirst(&t.FITID, value)
	case name == "NAME":
		setFirst(&t.Name, value)
	case name == "MEMO":
		setFirst(&t.Memo, value)
	case name == "SIC":
		setFirst(&t.SIC, value)
	}
}

func setFirst(dst *string, value string) {
	if *dst == "" {
		*dst = value
	}
}
