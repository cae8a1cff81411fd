package file

import (
	"fmt"
	"strings"

	"github.com/centavo/centavo/internal/connector"
)

// OFX is read with a small tolerant scanner rather than a strict decoder:
// real files leave leaf elements unclosed (SGML) or close them (XML), close
// some and not others, hold raw '&', double-escaped entities, CDATA, no
// header or a header with no line breaks. The scanner streams elements and
// keeps only what a bank or card statement needs, so memory stays
// proportional to the number of transactions.

// maxDepth bounds nesting; real OFX nests about ten deep.
const maxDepth = 64

// ofxAggregates are elements that always contain other elements, even in
// files that never close them.
var ofxAggregates = map[string]bool{
	"OFX": true, "SIGNONMSGSRSV1": true, "SONRS": true, "STATUS": true, "FI": true,
	"BANKMSGSRSV1": true, "STMTTRNRS": true, "STMTRS": true, "BANKACCTFROM": true, "BANKTRANLIST": true,
	"STMTTRN": true, "PAYEE": true, "BANKACCTTO": true, "CCACCTTO": true, "CURRENCY": true, "ORIGCURRENCY": true,
	"LEDGERBAL": true, "AVAILBAL": true, "CREDITCARDMSGSRSV1": true, "CCSTMTTRNRS": true, "CCSTMTRS": true,
	"CCACCTFROM": true, "INVSTMTMSGSRSV1": true, "INVSTMTTRNRS": true, "INVSTMTRS": true,
	"SIGNUPMSGSRSV1": true, "ACCTINFOTRNRS": true, "ACCTINFORS": true, "ACCTINFO": true,
	"PROFMSGSRSV1": true, "PROFTRNRS": true, "PROFRS": true,
}

// ofxTxn holds the fields of one STMTTRN; the first non-empty value of
// each wins.
type ofxTxn struct {
	line                                 int
	trnType, posted, user, amount, fitid string
	name, payeeName, memo, sic, curSym   string
}

type ofxStatement struct {
	currency string
	txns     []*ofxTxn
}

type ofxStatus struct {
	code, severity, message string
}

// ofxFrame is an open aggregate; the pointers say which record it is.
type ofxFrame struct {
	name   string
	stmt   *ofxStatement
	txn    *ofxTxn
	status *ofxStatus
	trnrs  *ofxTrnrs
}

// ofxTrnrs is a statement response wrapper (STMTTRNRS, CCSTMTTRNRS): its
// status explains a missing statement.
type ofxTrnrs struct {
	card   bool // CCSTMTTRNRS
	status *ofxStatus
	stmts  []*ofxStatement // its STMTRS or CCSTMTRS (banks may send two)
}

type ofxReader struct {
	stack     []ofxFrame
	sawOFX    bool
	closedOFX bool // an </OFX> was seen: the content is not cut short
	sawSignon bool // a SONRS was seen
	// entityPasses is how many times text is entity-decoded; 0: as Read.
	entityPasses int
	signon       *ofxStatus
	statements   []*ofxStatement
	trnrs        []*ofxTrnrs
	investments  int
	acctInfo     int
	profile      int
	records      int
}

func readOFX(text string, currency string) (Result, error) {
	r := &ofxReader{}
	if err := r.scan(text); err != nil {
		return Result{}, err
	}
	if !r.sawOFX {
		return Result{}, refuse(CodeMalformed, "this file has no <OFX> content: it is not an OFX statement, or it is cut short")
	}
	if len(r.statements) == 0 {
		return Result{}, r.whyNoStatement()
	}
	res := Result{Accounts: len(r.statements)}
	for i, st := range r.statements {
		cur := currency
		if c, ok := currencyCode(st.currency); ok {
			cur = c
		}
		if i == 0 {
			res.Currency = cur
		}
		for _, t := range st.txns {
			tx, err := t.convert(cur)
			if err != nil {
				res.Skipped = append(res.Skipped, Skipped{Line: t.line, Reason: err.Error()})
				continue
			}
			res.Transactions = append(res.Transactions, tx)
		}
	}
	if r.investments > 0 {
		res.Skipped = append(res.Skipped, Skipped{Reason: fmt.Sprintf("%d investment statement(s) left out; only bank and credit card statements are imported", r.investments)})
	}
	for _, t := range r.trnrs {
		if len(t.stmts) == 0 && t.status != nil && t.status.failed() {
			res.Skipped = append(res.Skipped, Skipped{Reason: "a statement is missing: " + t.status.describe()})
		}
	}
	return res, nil
}

// whyNoStatement explains a file without a bank or card statement.
func (r *ofxReader) whyNoStatement() error {
	if r.signon != nil && r.signon.failed() {
		return refuse(CodeInstitution, "this OFX file holds the bank's sign-on error instead of a statement (%s); download the statement again", r.signon.describe())
	}
	for _, t := range r.trnrs {
		if t.status != nil && t.status.failed() {
			return refuse(CodeInstitution, "the bank could not produce the statement (%s); download it again later", t.status.describe())
		}
	}
	switch {
	case r.investments > 0:
		return refuse(CodeUnsupported, "this OFX file is an investment statement; only bank and credit card statements can be imported")
	case r.acctInfo > 0:
		return refuse(CodeUnsupported, "this OFX file only lists the bank's accounts and holds no statement or transactions; download a statement instead")
	case r.profile > 0:
		return refuse(CodeUnsupported, "this OFX file holds the bank's server profile, not a statement; download a statement instead")
	}
	return refuse(CodeEmpty, "this OFX file holds no bank or credit card statement")
}

func (s *ofxStatus) failed() bool {
	c := strings.TrimLeft(strings.TrimSpace(s.code), "0")
	return c != "" || strings.EqualFold(strings.TrimSpace(s.severity), "ERROR")
}

func (s *ofxStatus) describe() string {
	code := strings.TrimSpace(s.code)
	msg := strings.TrimSpace(s.message)
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

// scan walks the elements of the file.
func (r *ofxReader) scan(text string) error {
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
			case ofxAggregates[tok.name] && (!ok || next.kind != tokText || sc.closable[tok.name]):
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

func (r *ofxReader) open(name string, line int) error {
	// No OFX aggregate contains itself: a second <STMTTRN> while one is
	// open means the file left the first one unclosed.
	r.close(name)
	if len(r.stack) >= maxDepth {
		return refuse(CodeMalformed, "the OFX file is nested more than %d elements deep; it is not a statement", maxDepth)
	}
	f := ofxFrame{name: name}
	switch name {
	case "STMTRS", "CCSTMTRS":
		f.stmt = &ofxStatement{}
		r.statements = append(r.statements, f.stmt)
		if t := r.innerTrnrs(); t != nil {
			t.stmts = append(t.stmts, f.stmt)
		}
	case "STMTTRN":
		if st := r.innerStatement(); st != nil {
			r.records++
			if r.records > MaxRecords {
				return refuse(CodeTooLarge, "the file holds more than %d transactions; split it into smaller files", MaxRecords)
			}
			f.txn = &ofxTxn{line: line}
			st.txns = append(st.txns, f.txn)
		}
	case "STATUS":
		f.status = &ofxStatus{}
		// The status belongs to the nearest sign-on or statement wrapper.
	owner:
		for i := len(r.stack) - 1; i >= 0; i-- {
			switch p := &r.stack[i]; {
			case p.name == "SONRS":
				if r.signon == nil {
					r.signon = f.status
				}
				break owner
			case p.trnrs != nil:
				if p.trnrs.status == nil {
					p.trnrs.status = f.status
				}
				break owner
			case p.stmt != nil || p.txn != nil || ofxAggregates[p.name]:
				break owner
			}
		}
	case "STMTTRNRS", "CCSTMTTRNRS":
		f.trnrs = &ofxTrnrs{card: name == "CCSTMTTRNRS"}
		r.trnrs = append(r.trnrs, f.trnrs)
	case "SONRS":
		r.sawSignon = true
	case "INVSTMTRS":
		r.investments++
	case "ACCTINFORS":
		r.acctInfo++
	case "PROFRS":
		r.profile++
	}
	r.stack = append(r.stack, f)
	return nil
}

// close pops up to the aggregate the end tag names; an end tag with no
// open aggregate of that name is ignored.
func (r *ofxReader) close(name string) {
	for i := len(r.stack) - 1; i >= 0; i-- {
		if r.stack[i].name == name {
			r.stack = r.stack[:i]
			return
		}
	}
}

func (r *ofxReader) innerStatement() *ofxStatement {
	for i := len(r.stack) - 1; i >= 0; i-- {
		if r.stack[i].stmt != nil {
			return r.stack[i].stmt
		}
	}
	return nil
}

func (r *ofxReader) innerTrnrs() *ofxTrnrs {
	for i := len(r.stack) - 1; i >= 0; i-- {
		if r.stack[i].trnrs != nil {
			return r.stack[i].trnrs
		}
	}
	return nil
}

// leaf files a value under the innermost record that wants it.
func (r *ofxReader) leaf(name, value string) {
	// Which sub-aggregate of a transaction are we in, if any?
	within := ""
	for i := len(r.stack) - 1; i >= 0; i-- {
		f := &r.stack[i]
		switch {
		case f.txn != nil:
			f.txn.set(within, name, value)
			return
		case f.status != nil:
			f.status.set(name, value)
			return
		case f.stmt != nil:
			if name == "CURDEF" && f.stmt.currency == "" {
				f.stmt.currency = value
			}
			return
		case within == "" && (f.name == "PAYEE" || f.name == "CURRENCY" || f.name == "ORIGCURRENCY" ||
			f.name == "BANKACCTTO" || f.name == "CCACCTTO"):
			within = f.name
		case f.name == "INVSTMTRS":
			return // bank transactions inside an investment statement are not ours
		}
	}
}

func (s *ofxStatus) set(name, value string) {
	switch name {
	case "CODE":
		setFirst(&s.code, value)
	case "SEVERITY":
		setFirst(&s.severity, value)
	case "MESSAGE":
		setFirst(&s.message, value)
	}
}

// set files a leaf of the transaction; within is the sub-aggregate it is
// in (PAYEE, CURRENCY…), "" for the transaction itself.
func (t *ofxTxn) set(within, name, value string) {
	switch {
	case within == "PAYEE" && name == "NAME":
		setFirst(&t.payeeName, value)
	case within == "CURRENCY" && name == "CURSYM":
		setFirst(&t.curSym, value)
	case within != "":
		// ORIGCURRENCY, BANKACCTTO, CCACCTTO: nothing we keep.
	case name == "TRNTYPE":
		setFirst(&t.trnType, value)
	case name == "DTPOSTED":
		setFirst(&t.posted, value)
	case name == "DTUSER":
		setFirst(&t.user, value)
	case name == "TRNAMT":
		setFirst(&t.amount, value)
	case name == "FITID":
		setFirst(&t.fitid, value)
	case name == "NAME":
		setFirst(&t.name, value)
	case name == "MEMO":
		setFirst(&t.memo, value)
	case name == "SIC":
		setFirst(&t.sic, value)
	}
}

func setFirst(dst *string, value string) {
	if *dst == "" {
		*dst = value
	}
}

// convert checks one transaction and turns it into ours.
func (t *ofxTxn) convert(currency string) (connector.Transaction, error) {
	posted, what := t.posted, "DTPOSTED"
	if strings.TrimSpace(posted) == "" && strings.TrimSpace(t.user) != "" {
		posted, what = t.user, "DTUSER"
	}
	if strings.TrimSpace(posted) == "" {
		return connector.Transaction{}, fmt.Errorf("transaction %s has no posting date", idOrBlank(t.fitid))
	}
	at, err := parseOFXDate(posted)
	if err != nil {
		return connector.Transaction{}, fmt.Errorf("transaction %s: %s: %v", idOrBlank(t.fitid), what, err)
	}
	if strings.TrimSpace(t.amount) == "" {
		return connector.Transaction{}, fmt.Errorf("transaction %s has no amount", idOrBlank(t.fitid))
	}
	cents, err := parseAmount(t.amount, decimalOFX)
	if err != nil {
		return connector.Transaction{}, fmt.Errorf("transaction %s: %v", idOrBlank(t.fitid), err)
	}
	if c, ok := currencyCode(t.curSym); ok {
		currency = c
	}
	tx := connector.Transaction{
		InstitutionID: strings.TrimSpace(t.fitid),
		PostedAt:      at,
		AmountCents:   cents,
		Currency:      currency,
		Descriptor:    ofxDescriptor(t.name, t.payeeName, t.memo),
		TrnType:       strings.ToUpper(strings.TrimSpace(t.trnType)),
		MCC:           mcc(t.sic),
	}
	return tx, nil
}

// ofxDescriptor picks what the bank printed: NAME, else the PAYEE's name,
// else MEMO. Some banks fill NAME with zeros and put the payee in MEMO.
func ofxDescriptor(name, payee, memo string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		name = strings.TrimSpace(payee)
	}
	if strings.Trim(name, "0 ") == "" {
		if m := strings.TrimSpace(memo); m != "" {
			return m
		}
	}
	return name
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
