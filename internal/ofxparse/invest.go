package ofxparse

// Investment statements (INVSTMTRS) are kept raw, like bank statements:
// the transactions of their INVTRANLIST (trades, income, expenses,
// transfers and the bank-style INVBANKTRAN rows), the positions of their
// INVPOSLIST, and the securities of the document's SECLIST, which name
// the securities the other two refer to by id. The caller decides what a
// transaction does to the account's cash.

// InvStatement is an INVSTMTRS of a statement file.
type InvStatement struct {
	Currency string // CURDEF
	AsOf     string // DTASOF: when the positions were valued
	BrokerID string // INVACCTFROM/BROKERID
	AcctID   string // INVACCTFROM/ACCTID
	// Bank are the STMTTRN of its INVBANKTRAN rows: deposits, withdrawals,
	// checks, bill payments of the account's cash.
	Bank []Record
	// Transactions are the other rows of its INVTRANLIST, in order.
	Transactions []InvTransaction
	// HasPositions says the statement has an INVPOSLIST, even an empty
	// one (the account holds no securities).
	HasPositions bool
	Positions    []Position
}

// InvTransaction is one investment transaction (BUYSTOCK, SELLMF, INCOME,
// REINVEST, INVEXPENSE, TRANSFER…). Fields of its INVBUY or INVSELL are
// read as its own.
type InvTransaction struct {
	Line int    // 1-based line of its start tag
	Kind string // the aggregate's name, upper case: "BUYSTOCK", "INCOME"…
	// INVTRAN
	FITID, Trade, Settle, Memo string
	// SECID
	SecID, SecIDType          string
	Units, UnitPrice, Total   string
	Commission, Fees, Taxes   string
	IncomeType                string // INCOME, REINVEST: DIV, INTEREST, CGLONG, CGSHORT, MISC
	SubAcctFund, SubAcctSec   string
	BuyType, SellType, Action string // BUYTYPE, SELLTYPE, TFERACTION
	CurSym                    string // CURRENCY/CURSYM
}

// Position is one holding of an INVPOSLIST (POSSTOCK, POSMF, POSDEBT,
// POSOPT, POSOTHER), with its INVPOS read as its own.
type Position struct {
	Line                     int
	Kind                     string
	SecID, SecIDType         string
	HeldInAcct, PosType      string
	Units, UnitPrice, MktVal string
	PriceAsOf, Memo          string
	CurSym                   string
}

// Security is a SECINFO of the document's SECLIST.
type Security struct {
	SecID, SecIDType string
	Name, Ticker     string
	UnitPrice        string
	CurSym           string
}

// invTransactionKinds are the INVTRANLIST rows other than INVBANKTRAN.
var invTransactionKinds = map[string]bool{
	"BUYDEBT": true, "BUYMF": true, "BUYOPT": true, "BUYOTHER": true, "BUYSTOCK": true,
	"SELLDEBT": true, "SELLMF": true, "SELLOPT": true, "SELLOTHER": true, "SELLSTOCK": true,
	"INCOME": true, "REINVEST": true, "INVEXPENSE": true, "RETOFCAP": true, "MARGININTEREST": true,
	"SPLIT": true, "TRANSFER": true, "JRNLFUND": true, "JRNLSEC": true, "CLOSUREOPT": true,
}

// positionKinds are the INVPOSLIST rows.
var positionKinds = map[string]bool{"POSSTOCK": true, "POSMF": true, "POSDEBT": true, "POSOPT": true, "POSOTHER": true}

// investmentAggregates are the aggregates of investment statements and
// security lists, for files that never close them.
var investmentAggregates = []string{
	"INVACCTFROM", "INVTRANLIST", "INVBANKTRAN", "INVBUY", "INVSELL", "INVTRAN", "SECID",
	"INVPOSLIST", "INVPOS", "INVBAL", "BALLIST", "BAL", "SECLISTMSGSRSV1", "SECLIST",
	"STOCKINFO", "MFINFO", "DEBTINFO", "OPTINFO", "OTHERINFO", "SECINFO",
}

func init() {
	for _, name := range investmentAggregates {
		aggregates[name] = true
	}
	for name := range invTransactionKinds {
		aggregates[name] = true
	}
	for name := range positionKinds {
		aggregates[name] = true
	}
}

// invStatement is an INVSTMTRS being read.
type invStatement struct {
	InvStatement
	bank []*Record
}

// set files a leaf of the statement itself; within is the sub-aggregate it
// is in ("" for the statement).
func (s *InvStatement) set(within, name, value string) {
	switch {
	case within == "" && name == "CURDEF":
		setFirst(&s.Currency, value)
	case within == "" && name == "DTASOF":
		setFirst(&s.AsOf, value)
	case within == "INVACCTFROM" && name == "BROKERID":
		setFirst(&s.BrokerID, value)
	case within == "INVACCTFROM" && name == "ACCTID":
		setFirst(&s.AcctID, value)
	}
}

// set files a leaf of the transaction.
func (t *InvTransaction) set(within, name, value string) {
	switch within {
	case "SECID":
		switch name {
		case "UNIQUEID":
			setFirst(&t.SecID, value)
		case "UNIQUEIDTYPE":
			setFirst(&t.SecIDType, value)
		}
		return
	case "CURRENCY":
		if name == "CURSYM" {
			setFirst(&t.CurSym, value)
		}
		return
	case "", "INVTRAN":
	default:
		return // ORIGCURRENCY and the like
	}
	fields := map[string]*string{
		"FITID": &t.FITID, "DTTRADE": &t.Trade, "DTSETTLE": &t.Settle, "MEMO": &t.Memo,
		"UNITS": &t.Units, "UNITPRICE": &t.UnitPrice, "TOTAL": &t.Total,
		"COMMISSION": &t.Commission, "FEES": &t.Fees, "TAXES": &t.Taxes, "INCOMETYPE": &t.IncomeType,
		"SUBACCTFUND": &t.SubAcctFund, "SUBACCTSEC": &t.SubAcctSec,
		"BUYTYPE": &t.BuyType, "SELLTYPE": &t.SellType, "TFERACTION": &t.Action,
	}
	if dst, ok := fields[name]; ok {
		setFirst(dst, value)
	}
}

// set files a leaf of the position.
func (p *Position) set(within, name, value string) {
	switch within {
	case "SECID":
		switch name {
		case "UNIQUEID":
			setFirst(&p.SecID, value)
		case "UNIQUEIDTYPE":
			setFirst(&p.SecIDType, value)
		}
		return
	case "CURRENCY":
		if name == "CURSYM" {
			setFirst(&p.CurSym, value)
		}
		return
	case "", "INVPOS":
	default:
		return
	}
	switch name {
	case "HELDINACCT":
		setFirst(&p.HeldInAcct, value)
	case "POSTYPE":
		setFirst(&p.PosType, value)
	case "UNITS":
		setFirst(&p.Units, value)
	case "UNITPRICE":
		setFirst(&p.UnitPrice, value)
	case "MKTVAL":
		setFirst(&p.MktVal, value)
	case "DTPRICEASOF":
		setFirst(&p.PriceAsOf, value)
	case "MEMO":
		setFirst(&p.Memo, value)
	}
}

// set files a leaf of the security's SECINFO.
func (s *Security) set(within, name, value string) {
	switch {
	case within == "SECID" && name == "UNIQUEID":
		setFirst(&s.SecID, value)
	case within == "SECID" && name == "UNIQUEIDTYPE":
		setFirst(&s.SecIDType, value)
	case within == "CURRENCY" && name == "CURSYM":
		setFirst(&s.CurSym, value)
	case within != "":
	case name == "SECNAME":
		setFirst(&s.Name, value)
	case name == "TICKER":
		setFirst(&s.Ticker, value)
	case name == "UNITPRICE":
		setFirst(&s.UnitPrice, value)
	}
}

// openInvestment opens the aggregates of investment statements and
// security lists that it keeps; others are left as they are.
func (r *reader) openInvestment(f *frame, line int) error {
	name := f.name
	switch {
	case name == "INVSTMTRS":
		r.investments++
		f.inv = &invStatement{}
		r.invStatements = append(r.invStatements, f.inv)
	case invTransactionKinds[name]:
		inv := r.innerInvestment("INVTRANLIST")
		if inv == nil {
			return nil
		}
		if err := r.count(); err != nil {
			return err
		}
		inv.Transactions = append(inv.Transactions, InvTransaction{Line: line, Kind: name})
		f.invOwner, f.index = inv, len(inv.Transactions)-1
	case positionKinds[name]:
		inv := r.innerInvestment("INVPOSLIST")
		if inv == nil {
			return nil
		}
		if err := r.count(); err != nil {
			return err
		}
		inv.Positions = append(inv.Positions, Position{Line: line, Kind: name})
		f.invOwner, f.index, f.isPos = inv, len(inv.Positions)-1, true
	case name == "INVPOSLIST":
		for i := len(r.stack) - 1; i >= 0; i-- {
			if inv := r.stack[i].inv; inv != nil {
				inv.HasPositions = true
				break
			}
		}
	case name == "SECINFO":
		if !r.within("SECLIST") {
			return nil
		}
		if err := r.count(); err != nil {
			return err
		}
		r.securities = append(r.securities, &Security{})
		f.sec = r.securities[len(r.securities)-1]
	}
	return nil
}

// count counts a row against MaxTransactions.
func (r *reader) count() error {
	r.records++
	if r.records > MaxTransactions {
		return refuse(CodeTooLarge, "the file holds more than %d transactions; split it into smaller files", MaxTransactions)
	}
	return nil
}

// innerInvestment is the investment statement whose list (INVTRANLIST or
// INVPOSLIST) the innermost open aggregates are in; nil when there is none.
func (r *reader) innerInvestment(list string) *invStatement {
	inList := false
	for i := len(r.stack) - 1; i >= 0; i-- {
		f := &r.stack[i]
		switch {
		case f.name == list:
			inList = true
		case f.inv != nil:
			if inList {
				return f.inv
			}
			return nil
		case f.stmt != nil || f.rec != nil || f.invOwner != nil:
			return nil
		}
	}
	return nil
}

// within reports whether an aggregate of that name is open.
func (r *reader) within(name string) bool {
	for i := range r.stack {
		if r.stack[i].name == name {
			return true
		}
	}
	return false
}

// investmentRecord is the record an INVBANKTRAN's STMTTRN starts, or nil
// when the STMTTRN is not in one.
func (r *reader) investmentRecord(line int) (*Record, error) {
	if len(r.stack) == 0 || r.stack[len(r.stack)-1].name != "INVBANKTRAN" {
		return nil, nil
	}
	inv := r.innerInvestment("INVTRANLIST")
	if inv == nil {
		return nil, nil
	}
	if err := r.count(); err != nil {
		return nil, err
	}
	rec := &Record{Line: line}
	inv.bank = append(inv.bank, rec)
	return rec, nil
}

// investmentWithin is the sub-aggregate a leaf is in whose owner (an
// investment statement, transaction, position or security) is the open
// aggregate at index owner: the innermost open aggregate, "" when that is
// the owner itself or its INVBUY or INVSELL, which are read as the
// transaction's own.
func (r *reader) investmentWithin(owner int) string {
	top := len(r.stack) - 1
	if top == owner {
		return ""
	}
	switch name := r.stack[top].name; name {
	case "INVBUY", "INVSELL":
		if top == owner+1 {
			return ""
		}
		return name
	default:
		return name
	}
}

// investmentLeaf files a leaf under the investment transaction, position,
// security or statement of frame f, within the sub-aggregate within
// ("" when none); it reports whether f was one of those.
func investmentLeaf(f *frame, within, name, value string) bool {
	switch {
	case f.invOwner != nil && f.isPos:
		f.invOwner.Positions[f.index].set(within, name, value)
	case f.invOwner != nil:
		f.invOwner.Transactions[f.index].set(within, name, value)
	case f.sec != nil:
		f.sec.set(within, name, value)
	case f.inv != nil:
		f.inv.set(within, name, value)
	default:
		return false
	}
	return true
}

// investmentFile copies what the reader kept of investments into f.
func (r *reader) investmentFile(f *File) {
	for _, inv := range r.invStatements {
		s := inv.InvStatement
		for _, rec := range inv.bank {
			s.Bank = append(s.Bank, *rec)
		}
		f.InvStatements = append(f.InvStatements, s)
	}
	for _, sec := range r.securities {
		f.Securities = append(f.Securities, *sec)
	}
}
