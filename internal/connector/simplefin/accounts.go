package simplefin

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
)

// accountSet is the answer to GET /accounts. Decoding is lenient where a
// bridge's variations do not matter (numbers or strings, missing fields)
// and strict where they do (transaction ids, amounts, dates).
type accountSet struct {
	Errors   messages  `json:"errors"`
	ErrList  messages  `json:"errlist"` // newer bridges: [{"code","msg"}]
	Accounts []account `json:"accounts"`
}

type org struct {
	Domain  string `json:"domain"`
	SFINURL string `json:"sfin-url"`
	Name    string `json:"name"`
	ID      string `json:"id"`
}

type account struct {
	Org              org           `json:"org"`
	ID               string        `json:"id"`
	Name             string        `json:"name"`
	Currency         string        `json:"currency"`
	Balance          decimal       `json:"balance"`
	AvailableBalance decimal       `json:"available-balance"`
	BalanceDate      unixTime      `json:"balance-date"`
	Transactions     []transaction `json:"transactions"`
	// Holdings are an investment account's positions (holdings.go); nil
	// when the bridge sends none, empty when the account holds nothing.
	Holdings *[]holding `json:"holdings"`
}

type transaction struct {
	ID           string   `json:"id"`
	Posted       unixTime `json:"posted"`
	Amount       decimal  `json:"amount"`
	Description  string   `json:"description"`
	Payee        string   `json:"payee"`
	Memo         string   `json:"memo"`
	TransactedAt unixTime `json:"transacted_at"`
	Pending      bool     `json:"pending"`
}

// decimal is an amount as the bridge wrote it: a JSON string (the protocol)
// or a bare JSON number (some bridges). It is parsed exactly by parseCents.
type decimal string

func (d *decimal) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = decimal(s)
		return nil
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		*d = decimal(b)
		return nil
	}
	return errors.New("an amount is neither a string nor a number")
}

// unixTime is a time in unix seconds: a JSON integer, or a string holding
// one. 0 means absent.
type unixTime int64

func (u *unixTime) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s = strings.TrimSpace(s); s == "" {
			return nil
		}
	}
	// 1700000000.0 is an integer too.
	if i := strings.IndexByte(s, '.'); i >= 0 && strings.Trim(s[i+1:], "0") == "" {
		s = s[:i]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("time %q is not in unix seconds", connector.Clip(s, 24))
	}
	*u = unixTime(n)
	return nil
}

// maxUnix is 9999-12-31T23:59:59Z: later dates are nonsense.
const maxUnix = 253402300799

// messages is the bridge's list of messages for the user: strings, or
// objects with a "msg" or "message". Anything else is ignored rather than
// failing the whole answer.
type messages []string

func (m *messages) UnmarshalJSON(b []byte) error {
	var items []json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		var one string
		if json.Unmarshal(b, &one) == nil {
			items = []json.RawMessage{b}
		}
	}
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) != nil {
			var o struct {
				Msg     string `json:"msg"`
				Message string `json:"message"`
			}
			_ = json.Unmarshal(it, &o)
			s = o.Msg
			if s == "" {
				s = o.Message
			}
		}
		if s = userText(s); s != "" {
			*m = append(*m, s)
		}
	}
	return nil
}

// userText makes a bridge message fit to show: one line, no control
// characters, at most 300 bytes.
func userText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, s)
	return connector.Clip(strings.Join(strings.Fields(s), " "), 300)
}

func (s accountSet) firstError() string {
	if len(s.Errors) > 0 {
		return s.Errors[0]
	}
	if len(s.ErrList) > 0 {
		return s.ErrList[0]
	}
	return ""
}

// decodeAccounts reads an accounts answer.
func decodeAccounts(raw []byte) (accountSet, error) {
	var set accountSet
	if err := json.Unmarshal(raw, &set); err != nil {
		return accountSet{}, err
	}
	return set, nil
}

// discoveries lists the accounts of an answer as accounts to link, each
// with inst's settings and its own identifiers. baseURL is the access URL
// without credentials.
func discoveries(set accountSet, inst centavo.Institution, baseURL string) []connector.Discovered {
	var out []connector.Discovered
	seen := map[string]bool{}
	for _, a := range set.Accounts {
		id := strings.TrimSpace(a.ID)
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		orgName := userText(a.Org.Name)
		if orgName == "" {
			orgName = userText(a.Org.Domain)
		}
		if orgName == "" {
			orgName = "SimpleFIN"
		}
		name := userText(a.Name)
		if name == "" {
			name = orgName + " " + mask(id)
		}
		d := connector.Discovered{
			Name:        connector.Clip(name, 100),
			Type:        accountTypeOf(a),
			Currency:    currencyOf(a.Currency),
			Institution: inst,
		}
		d.Institution.URL = baseURL
		d.Institution.Org = connector.Clip(orgName, 64)
		d.Institution.FID = ""
		d.Institution.BankID = ""
		d.Institution.AccountID = id
		d.Institution.AccountType = AccountType
		out = append(out, d)
	}
	return out
}

// mask shows only the last four characters of an account id.
func mask(id string) string {
	r := []rune(id)
	if len(r) <= 4 {
		return "…" + id
	}
	return "…" + string(r[len(r)-4:])
}

// accountTypeOf guesses the account's type, which SimpleFIN does not say:
//   - credit_card when the account's name says CARD, CREDIT (but not
//     "credit union") or AMEX, or when the balance is negative and the
//     organization looks like a card issuer (its name or domain says card,
//     amex or american express);
//   - savings when the name says SAVING;
//   - checking otherwise.
func accountTypeOf(a account) string {
	name := strings.ToUpper(a.Name)
	if strings.Contains(name, "CARD") || strings.Contains(name, "AMEX") ||
		strings.Contains(strings.ReplaceAll(name, "CREDIT UNION", ""), "CREDIT") {
		return "credit_card"
	}
	if bal, err := parseCents(string(a.Balance)); err == nil && bal < 0 {
		o := strings.ToLower(a.Org.Name + " " + a.Org.Domain)
		if strings.Contains(o, "card") || strings.Contains(o, "amex") || strings.Contains(o, "american express") {
			return "credit_card"
		}
	}
	if strings.Contains(name, "SAVING") {
		return "savings"
	}
	return "checking"
}

// currencyOf keeps an ISO 4217 code; a custom currency (SimpleFIN allows a
// URL) becomes "XXX", ISO's "no currency". An empty one is taken as USD,
// as SimpleFIN bridges are American.
func currencyOf(c string) string {
	c = strings.TrimSpace(c)
	if c == "" {
		return "USD"
	}
	if len(c) != 3 {
		return "XXX"
	}
	for _, r := range c {
		if (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') {
			return "XXX"
		}
	}
	return strings.ToUpper(c)
}

// statementFor makes the statement of the account with the given id.
// Reread reads an accounts answer that Fetch archived (connector.Rereader):
// the statement of the account inst names.
func (c *Client) Reread(raw []byte, inst centavo.Institution) (connector.Statement, error) {
	set, err := decodeAccounts(raw)
	if err != nil {
		return connector.Statement{}, connector.Errorf(connector.KindMalformed, err, "the archived answer is not valid SimpleFIN JSON: %s", connector.Clip(err.Error(), 200))
	}
	return statementFor(set, strings.TrimSpace(inst.AccountID))
}

func statementFor(set accountSet, id string) (connector.Statement, error) {
	for _, a := range set.Accounts {
		if strings.TrimSpace(a.ID) != id {
			continue
		}
		st := connector.Statement{Currency: currencyOf(a.Currency)}
		for i, t := range a.Transactions {
			tx, ok, err := convert(t, st.Currency)
			var skip *skipped
			if errors.As(err, &skip) {
				st.Skipped = append(st.Skipped, fmt.Sprintf("transaction %d: %v", i+1, skip.err))
				continue
			}
			if err != nil {
				return connector.Statement{}, connector.Errorf(connector.KindMalformed, err, "transaction %d of the account is unreadable: %v", i+1, err)
			}
			if ok {
				st.Transactions = append(st.Transactions, tx)
			}
		}
		st.Holdings, st.Skipped = holdingsOf(a, st.Currency, st.Skipped)
		st.Balance = balanceOf(a)
		return st, nil
	}
	if msg := set.firstError(); msg != "" {
		return connector.Statement{}, connector.Errorf(connector.KindRejected, nil, "the SimpleFIN bridge says: %s", msg)
	}
	return connector.Statement{}, connector.Errorf(connector.KindRejected, nil, "the account is no longer available from the bridge")
}

// convert turns a SimpleFIN transaction into ours. ok is false for a
// transaction with no date at all (pending at some bridges): it cannot be
// filed under a month, and it comes back dated once it posts.
func convert(t transaction, currency string) (tx connector.Transaction, ok bool, err error) {
	id := strings.TrimSpace(t.ID)
	if id == "" {
		return connector.Transaction{}, false, errors.New("no id")
	}
	if err := connector.CheckID(id); err != nil {
		return connector.Transaction{}, false, &skipped{err}
	}
	cents, err := parseCents(string(t.Amount))
	if errors.Is(err, errAmountRange) {
		return connector.Transaction{}, false, &skipped{err}
	}
	if err != nil {
		return connector.Transaction{}, false, err
	}
	if err := connector.CheckAmount(cents); err != nil {
		return connector.Transaction{}, false, &skipped{fmt.Errorf("amount %q %w", connector.Clip(string(t.Amount), 40), err)}
	}
	at, pending := t.Posted, t.Pending
	if at == 0 {
		at, pending = t.TransactedAt, true
	}
	if at == 0 {
		return connector.Transaction{}, false, nil
	}
	if at < 0 || at > maxUnix {
		return connector.Transaction{}, false, fmt.Errorf("date %d is out of range", at)
	}
	desc := strings.TrimSpace(t.Description)
	if desc == "" {
		desc = strings.TrimSpace(t.Payee)
	}
	if desc == "" {
		desc = strings.TrimSpace(t.Memo)
	}
	return connector.Transaction{
		InstitutionID: id,
		PostedAt:      time.Unix(int64(at), 0).UTC(),
		AmountCents:   cents,
		Currency:      currency,
		Descriptor:    connector.Descriptor(desc),
		Pending:       pending,
	}, true, nil
}

// skipped is a transaction left out of the statement, with why (an amount
// beyond ±centavo.MaxTransactionCents, an id too long to store); the rest
// of the statement is kept.
type skipped struct{ err error }

func (e *skipped) Error() string { return e.err.Error() }

// errAmountRange is an amount beyond int64 cents: out of range like one
// beyond centavo.MaxTransactionCents.
var errAmountRange = errors.New("is out of range")

// parseCents reads a decimal amount ("-12.34", "+5", ".5", "1234.5678")
// exactly into minor units, rounding half away from zero past two decimals.
// No exponents, no thousands separators.
func parseCents(s string) (int64, error) {
	s = strings.TrimSpace(s)
	orig := s
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if (whole == "" && frac == "") || !allDigits(whole) || !allDigits(frac) {
		return 0, fmt.Errorf("amount %q is not a decimal number", connector.Clip(orig, 40))
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 17 { // 10^17 units is more than math.MaxInt64 cents
		return 0, fmt.Errorf("amount %q %w", connector.Clip(orig, 40), errAmountRange)
	}
	units := int64(0)
	if whole != "" {
		units, _ = strconv.ParseInt(whole, 10, 64) // ≤ 17 digits: cannot fail
	}
	frac += "000"
	cents := int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	if units > (math.MaxInt64-cents)/100 {
		return 0, fmt.Errorf("amount %q %w", connector.Clip(orig, 40), errAmountRange)
	}
	cents += units * 100
	// The third decimal decides: what follows it can only add to it.
	if frac[2] >= '5' {
		if cents == math.MaxInt64 {
			return 0, fmt.Errorf("amount %q %w", connector.Clip(orig, 40), errAmountRange)
		}
		cents++
	}
	if neg {
		cents = -cents
	}
	return cents, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// balanceOf is the account's balance, available balance and balance date
// (nil when the bridge gave no readable balance). SimpleFIN balances are
// in the sign of the account's transactions: a card's is negative when
// owing.
func balanceOf(a account) *connector.Balance {
	if strings.TrimSpace(string(a.Balance)) == "" {
		return nil
	}
	v, err := parseCents(string(a.Balance))
	if err != nil || connector.CheckAmount(v) != nil {
		return nil
	}
	b := &connector.Balance{LedgerCents: v}
	if av, err := parseCents(string(a.AvailableBalance)); err == nil && a.AvailableBalance != "" && connector.CheckAmount(av) == nil {
		b.AvailableCents = &av
	}
	if a.BalanceDate > 0 && a.BalanceDate <= maxUnix {
		b.AsOf = time.Unix(int64(a.BalanceDate), 0).UTC()
	}
	return b
}
