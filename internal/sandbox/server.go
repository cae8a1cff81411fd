package sandbox

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aclindsa/ofxgo"
)

// Bank is the sandbox bank's OFX server.
type Bank struct {
	Now       func() time.Time
	SlowDelay time.Duration // how long slow-<n> takes to answer
	Logger    *slog.Logger

	mu    sync.Mutex
	flaky map[string]uint64 // requests seen per flaky login
}

// NewBank returns a bank on the given clock.
func NewBank(now func() time.Time, logger *slog.Logger) *Bank {
	return &Bank{Now: now, SlowDelay: 3 * time.Second, Logger: logger, flaky: map[string]uint64{}}
}

// Org and FID the sandbox reports (any are accepted).
const (
	Org = "CENTAVO-SANDBOX"
	FID = "9999"
)

// Handler serves the OFX endpoint at /ofx and a short description at /.
func (b *Bank) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /ofx", b.serveOFX)
	b.mountSimpleFIN(mux) // SimpleFIN Bridge under /simplefin/ (simplefin.go)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "Centavo sandbox bank.\n\nOFX Direct Connect: POST %s (Content-Type: application/x-ofx), ORG %s, FID %s.\n"+
			"Logins: demo-<n> / secret-<n>. Faults: slow-<n>, flaky-<n>, garbage-<n> (same password).\n",
			strings.TrimSuffix(r.URL.Path, "/")+"/ofx", Org, FID)
	})
	return mux
}

func (b *Bank) log() *slog.Logger {
	if b.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return b.Logger
}

func (b *Bank) serveOFX(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequest))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read request", http.StatusBadRequest)
		return
	}
	req, err := parseRequest(body)
	if err != nil {
		http.Error(w, "bad OFX request: "+err.Error(), http.StatusBadRequest)
		return
	}
	login := req.ofx.text("SIGNONMSGSRQV1/SONRQ/USERID")
	cust, known := ParseLogin(login)
	if known {
		switch cust.Fault {
		case FaultSlow:
			select {
			case <-time.After(b.SlowDelay):
			case <-r.Context().Done():
				return
			}
		case FaultFlaky:
			if b.nextFlaky(login)%2 == 1 {
				http.Error(w, "service temporarily unavailable", http.StatusServiceUnavailable)
				return
			}
		case FaultGarbage:
			w.Header().Set("Content-Type", "application/x-ofx")
			_, _ = io.WriteString(w, garbage)
			return
		}
	}
	resp, err := b.respond(req, cust, known)
	if err != nil {
		b.log().Error("sandbox: build response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	out, err := resp.Marshal()
	if err != nil {
		b.log().Error("sandbox: marshal response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/x-ofx")
	_, _ = w.Write(out.Bytes())
}

// garbage is what garbage-<n> answers: the start of an OFX response that
// breaks off into nonsense.
const garbage = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0" +
	"\x00\x01\xfe<<<</SONRS>>>>%%% 503 Bad Gateway <html><body>upstream error</body></html>"

func (b *Bank) nextFlaky(login string) uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.flaky[login]
	b.flaky[login] = n + 1
	return n
}

func status(code int64, severity, msg string) ofxgo.Status {
	return ofxgo.Status{Code: ofxgo.Int(code), Severity: ofxgo.String(severity), Message: ofxgo.String(msg)}
}

func uidOf(n *node) ofxgo.UID {
	u := ofxgo.UID(n.text("TRNUID"))
	if ok, _ := u.Valid(); ok {
		return u
	}
	if r, err := ofxgo.RandomUID(); err == nil {
		return *r
	}
	return "0"
}

func amountOf(cents int64) ofxgo.Amount {
	var a ofxgo.Amount
	a.SetFrac(big.NewInt(cents), big.NewInt(100))
	return a
}

// respond builds the response to a parsed request.
func (b *Bank) respond(req *request, cust Customer, known bool) (*ofxgo.Response, error) {
	version, err := ofxgo.NewOfxVersion(req.version)
	if err != nil {
		version = ofxgo.OfxVersion102
		if req.xml {
			version = ofxgo.OfxVersion220
		}
	}
	now := b.Now().UTC()
	sonrq := req.ofx.find("SIGNONMSGSRQV1/SONRQ")
	resp := &ofxgo.Response{Version: version, Signon: ofxgo.SignonResponse{
		Status:   status(0, "INFO", ""),
		DtServer: ofxgo.Date{Time: now},
		Language: "ENG",
		Org:      Org,
		Fid:      FID,
	}}
	if sonrq == nil {
		resp.Signon.Status = status(2000, "ERROR", "no sign-on request")
		return resp, nil
	}
	if org := sonrq.text("FI/ORG"); org != "" {
		resp.Signon.Org = ofxgo.String(org)
	}
	if fid := sonrq.text("FI/FID"); fid != "" {
		resp.Signon.Fid = ofxgo.String(fid)
	}
	if !known || sonrq.text("USERPASS") != cust.Password() {
		resp.Signon.Status = status(15500, "ERROR", "Signon invalid: wrong user id or password")
		return resp, nil
	}
	if set := req.ofx.find("SIGNUPMSGSRQV1"); set != nil {
		for _, rq := range set.all("ACCTINFOTRNRQ") {
			resp.Signup = append(resp.Signup, b.acctInfo(rq, cust, now))
		}
	}
	if set := req.ofx.find("BANKMSGSRQV1"); set != nil {
		for _, rq := range set.all("STMTTRNRQ") {
			resp.Bank = append(resp.Bank, b.bankStatement(rq, cust, now))
		}
	}
	if set := req.ofx.find("CREDITCARDMSGSRQV1"); set != nil {
		for _, rq := range set.all("CCSTMTTRNRQ") {
			resp.CreditCard = append(resp.CreditCard, b.cardStatement(rq, cust, now))
		}
	}
	return resp, nil
}

func (b *Bank) acctInfo(rq *node, cust Customer, now time.Time) *ofxgo.AcctInfoResponse {
	out := &ofxgo.AcctInfoResponse{TrnUID: uidOf(rq), Status: status(0, "INFO", ""), DtAcctUp: ofxgo.Date{Time: now}}
	for _, a := range cust.Accounts() {
		info := ofxgo.AcctInfo{Desc: ofxgo.String(a.Name)}
		if a.Type == "CREDITCARD" {
			info.CCAcctInfo = &ofxgo.CCAcctInfo{
				CCAcctFrom: ofxgo.CCAcct{AcctID: ofxgo.String(a.ID)},
				SupTxDl:    true, SvcStatus: ofxgo.SvcStatusActive,
			}
		} else {
			at, _ := ofxgo.NewAcctType(a.Type)
			info.BankAcctInfo = &ofxgo.BankAcctInfo{
				BankAcctFrom: ofxgo.BankAcct{BankID: BankID, AcctID: ofxgo.String(a.ID), AcctType: at},
				SupTxDl:      true, XferSrc: true, XferDest: true, SvcStatus: ofxgo.SvcStatusActive,
			}
		}
		out.AcctInfo = append(out.AcctInfo, info)
	}
	return out
}

// window reads INCTRAN: DTSTART (default: 90 days back) and DTEND (default: now).
func window(stmtrq *node, now time.Time) (from, to time.Time, include bool) {
	// By default: the last 90 days, through the end of today (the sandbox
	// posts each day's transactions at 12:00 UTC).
	from, to = now.AddDate(0, 0, -90), truncDay(now).Add(24*time.Hour-time.Nanosecond)
	inc := stmtrq.find("INCTRAN")
	if inc == nil {
		return from, to, false
	}
	if d, err := parseDate(inc.text("DTSTART")); err == nil {
		from = d
	}
	if d, err := parseDate(inc.text("DTEND")); err == nil {
		to = d
	}
	return from, to, strings.ToUpper(inc.text("INCLUDE")) != "N"
}

// parseDate reads an OFX date: YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]].
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty date")
	}
	zone := ""
	if i := strings.IndexByte(s, '['); i >= 0 {
		zone, s = strings.Trim(s[i:], "[]"), s[:i]
	}
	var t time.Time
	var err error
	switch {
	case len(s) >= 18 && s[14] == '.':
		t, err = time.Parse("20060102150405", s[:14])
	case len(s) == 14:
		t, err = time.Parse("20060102150405", s)
	case len(s) == 12:
		t, err = time.Parse("200601021504", s)
	case len(s) == 8:
		t, err = time.Parse("20060102", s)
	default:
		err = errors.New("unknown layout")
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("bad OFX date %q: %w", s, err)
	}
	if zone != "" {
		// [-5:EST], [+5.30:IST]: hours, optionally .minutes.
		off, _, _ := strings.Cut(zone, ":")
		hours, mins, _ := strings.Cut(off, ".")
		h, herr := strconv.Atoi(hours)
		m, merr := strconv.Atoi("0" + mins)
		if herr == nil && merr == nil && h > -13 && h < 15 && m < 60 {
			d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
			if strings.HasPrefix(hours, "-") {
				d = time.Duration(h)*time.Hour - time.Duration(m)*time.Minute
			}
			t = t.Add(-d)
		}
	}
	return t.UTC(), nil
}

func (b *Bank) transactions(cust Customer, acct Account, from, to time.Time, now time.Time) *ofxgo.TransactionList {
	list := &ofxgo.TransactionList{DtStart: ofxgo.Date{Time: from.UTC()}, DtEnd: ofxgo.Date{Time: now}}
	for _, t := range cust.Transactions(acct.Type, from, to, now) {
		if t.Posted.Before(from) || t.Posted.After(to) {
			continue
		}
		tt, _ := ofxgo.NewTrnType(t.TrnType)
		list.Transactions = append(list.Transactions, ofxgo.Transaction{
			TrnType:  tt,
			DtPosted: ofxgo.Date{Time: t.Posted},
			TrnAmt:   amountOf(t.AmountCents),
			FiTID:    ofxgo.String(t.FITID),
			Name:     ofxgo.String(t.Name),
		})
	}
	return list
}

// balances are a statement's LEDGERBAL and AVAILBAL, both as of now (every
// transaction through the end of today is posted by then: see balance.go).
func balances(cust Customer, acct Account, now time.Time) (ledger ofxgo.Amount, avail *ofxgo.Amount, asOf *ofxgo.Date) {
	bal := cust.Balance(acct.Type, now)
	a := amountOf(cust.AvailableBalance(acct.Type, now))
	return amountOf(bal), &a, &ofxgo.Date{Time: now}
}

func (b *Bank) bankStatement(rq *node, cust Customer, now time.Time) *ofxgo.StatementResponse {
	stmtrq := rq.find("STMTRQ")
	out := &ofxgo.StatementResponse{TrnUID: uidOf(rq), Status: status(0, "INFO", ""), DtAsOf: ofxgo.Date{Time: now}}
	usd, _ := ofxgo.NewCurrSymbol("USD")
	out.CurDef = *usd
	out.BankAcctFrom = ofxgo.BankAcct{BankID: BankID, AcctID: "0", AcctType: ofxgo.AcctTypeChecking}
	if stmtrq == nil {
		out.Status = status(2000, "ERROR", "no STMTRQ")
		return out
	}
	acctID := stmtrq.text("BANKACCTFROM/ACCTID")
	if acctID != "" {
		out.BankAcctFrom.AcctID = ofxgo.String(acctID)
	}
	if id := stmtrq.text("BANKACCTFROM/BANKID"); id != "" {
		out.BankAcctFrom.BankID = ofxgo.String(id)
	}
	acct, ok := cust.Account(acctID)
	if !ok || acct.Type == "CREDITCARD" {
		out.Status = status(2003, "ERROR", "Account not found")
		return out
	}
	from, to, include := window(stmtrq, now)
	if include {
		out.BankTranList = b.transactions(cust, acct, from, to, now)
	}
	out.BalAmt, out.AvailBalAmt, out.AvailDtAsOf = balances(cust, acct, now)
	return out
}

func (b *Bank) cardStatement(rq *node, cust Customer, now time.Time) *ofxgo.CCStatementResponse {
	stmtrq := rq.find("CCSTMTRQ")
	out := &ofxgo.CCStatementResponse{TrnUID: uidOf(rq), Status: status(0, "INFO", ""), DtAsOf: ofxgo.Date{Time: now}}
	usd, _ := ofxgo.NewCurrSymbol("USD")
	out.CurDef = *usd
	out.CCAcctFrom = ofxgo.CCAcct{AcctID: "0"}
	if stmtrq == nil {
		out.Status = status(2000, "ERROR", "no CCSTMTRQ")
		return out
	}
	acctID := stmtrq.text("CCACCTFROM/ACCTID")
	if acctID != "" {
		out.CCAcctFrom.AcctID = ofxgo.String(acctID)
	}
	acct, ok := cust.Account(acctID)
	if !ok || acct.Type != "CREDITCARD" {
		out.Status = status(2003, "ERROR", "Account not found")
		return out
	}
	from, to, include := window(stmtrq, now)
	if include {
		out.BankTranList = b.transactions(cust, acct, from, to, now)
	}
	out.BalAmt, out.AvailBalAmt, out.AvailDtAsOf = balances(cust, acct, now)
	return out
}
