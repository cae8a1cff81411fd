package ofx

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/aclindsa/ofxgo"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ofxparse"
)

// Statement answers are read with the linear OFX scanner of ofxparse:
// ofxgo's decoder spends most of its time lower-casing every token, which
// made it the ceiling of ingest. The values are then read the way ofxgo
// read them (dates, amounts, codes, currencies), so that statements come
// out as they did; a value ofxgo could not read still makes the answer
// "not valid OFX".

// invalidValue is a value ofxgo would have refused to decode.
type invalidValue struct{ err error }

func (e *invalidValue) Error() string { return e.err.Error() }
func (e *invalidValue) Unwrap() error { return e.err }

func invalid(format string, args ...any) error {
	return &invalidValue{fmt.Errorf(format, args...)}
}

// skipped is a transaction left out of the statement, with why: an amount
// beyond ±centavo.MaxTransactionCents (or beyond int64), an id too long to
// store. The rest of the statement is kept.
type skipped struct{ err error }

func (e *skipped) Error() string { return e.err.Error() }

// Reread reads a statement answer that Fetch archived (connector.Rereader).
func (c *Client) Reread(raw []byte, _ centavo.Institution) (connector.Statement, error) {
	return readStatement(raw, "the archive")
}

// readStatement reads the first bank statement of a statement download
// answer, else its first card statement, checking the sign-on and the
// statement statuses.
func readStatement(raw []byte, host string) (connector.Statement, error) {
	resp, err := ofxparse.ReadResponse(raw)
	if err != nil {
		return connector.Statement{}, notOFX(host, err)
	}
	switch {
	case !resp.Complete:
		return connector.Statement{}, notOFX(host, errors.New("the answer is cut short (no </OFX>)"))
	case resp.Signon == nil:
		return connector.Statement{}, notOFX(host, errors.New("the answer has no sign-on response (SONRS)"))
	}
	if err := checkStatus(*resp.Signon, "sign-on", host); err != nil {
		return connector.Statement{}, err
	}
	sr := firstStatement(resp.Statements)
	if sr == nil {
		return connector.Statement{}, connector.Errorf(connector.KindMalformed, nil, "the institution's answer holds no statement")
	}
	if sr.Status != nil {
		if err := checkStatus(*sr.Status, "statement", host); err != nil {
			return connector.Statement{}, err
		}
	}
	var st connector.Statement
	if sr.Statement != nil && sr.Statement.Currency != "" {
		cur, err := ofxgo.NewCurrSymbol(sr.Statement.Currency)
		if err != nil {
			return connector.Statement{}, notOFX(host, fmt.Errorf("CURDEF %q: %w", connector.Clip(sr.Statement.Currency, 20), err))
		}
		st.Currency = cur.String()
	}
	if st.Currency == "" || st.Currency == "XXX" {
		st.Currency = "USD"
	}
	if sr.Statement != nil {
		st.Balance = readBalance(sr.Statement.Ledger, sr.Statement.Available, &st.Skipped)
	}
	if sr.Statement == nil || len(sr.Statement.Transactions) == 0 {
		return st, nil
	}
	st.Transactions = make([]connector.Transaction, 0, len(sr.Statement.Transactions))
	for i, t := range sr.Statement.Transactions {
		tx, err := convert(t, st.Currency)
		var iv *invalidValue
		var skip *skipped
		switch {
		case errors.As(err, &skip):
			st.Skipped = append(st.Skipped, fmt.Sprintf("transaction %d: %v", i+1, skip.err))
			continue
		case errors.As(err, &iv):
			return connector.Statement{}, notOFX(host, fmt.Errorf("transaction %d: %w", i+1, err))
		case err != nil:
			return connector.Statement{}, connector.Errorf(connector.KindMalformed, err, "transaction %d of the statement is unreadable: %v", i+1, err)
		}
		st.Transactions = append(st.Transactions, tx)
	}
	return st, nil
}

// firstStatement is the first bank statement response, else the first
// card one.
func firstStatement(list []ofxparse.StatementResponse) *ofxparse.StatementResponse {
	var card *ofxparse.StatementResponse
	for i := range list {
		switch {
		case !list[i].CreditCard:
			return &list[i]
		case card == nil:
			card = &list[i]
		}
	}
	return card
}

// checkStatus classifies a non-zero status with statusError.
func checkStatus(s ofxparse.Status, what, host string) error {
	code := int64(0)
	if s.Code != "" {
		var err error
		if code, err = strconv.ParseInt(s.Code, 10, 64); err != nil {
			return notOFX(host, fmt.Errorf("%s status code %q is not a number", what, connector.Clip(s.Code, 20)))
		}
	}
	return statusError(ofxgo.Status{Code: ofxgo.Int(code), Severity: ofxgo.String(s.Severity), Message: ofxgo.String(s.Message)}, what)
}

// convert turns an OFX transaction into ours. An *invalidValue error means
// a value cannot be read; another error, a transaction that lacks what we
// need.
func convert(t ofxparse.Transaction, currency string) (connector.Transaction, error) {
	trnType, err := ofxgo.NewTrnType(t.TrnType)
	if err != nil && t.TrnType != "" {
		return connector.Transaction{}, invalid("TRNTYPE %q is not an OFX transaction type", connector.Clip(t.TrnType, 20))
	}
	posted, err := ofxDate(t.Posted)
	if err != nil {
		return connector.Transaction{}, invalid("DTPOSTED: %w", err)
	}
	cents, err := amountCents(t.Amount)
	if err != nil {
		return connector.Transaction{}, err
	}
	var sic int64
	if t.SIC != "" {
		if sic, err = strconv.ParseInt(t.SIC, 10, 64); err != nil {
			return connector.Transaction{}, invalid("SIC %q is not a number", connector.Clip(t.SIC, 20))
		}
	}
	if t.CurSym != "" {
		cur, err := ofxgo.NewCurrSymbol(t.CurSym)
		if err != nil {
			return connector.Transaction{}, invalid("CURSYM %q: %w", connector.Clip(t.CurSym, 20), err)
		}
		if ok, _ := cur.Valid(); ok {
			currency = cur.String()
		}
	}
	if t.FITID == "" {
		return connector.Transaction{}, errors.New("no FITID")
	}
	if posted.IsZero() {
		return connector.Transaction{}, errors.New("no DTPOSTED")
	}
	if cents.overflow != nil {
		return connector.Transaction{}, &skipped{cents.overflow}
	}
	if err := connector.CheckAmount(cents.v); err != nil {
		return connector.Transaction{}, &skipped{fmt.Errorf("TRNAMT %q %w", connector.Clip(t.Amount, 40), err)}
	}
	if err := connector.CheckID(t.FITID); err != nil {
		return connector.Transaction{}, &skipped{err}
	}
	out := connector.Transaction{
		InstitutionID: t.FITID,
		PostedAt:      posted,
		AmountCents:   cents.v,
		Currency:      currency,
		Descriptor:    connector.Descriptor(ofxparse.Descriptor(t.Name, t.PayeeName, t.Memo)),
		TrnType:       trnType.String(),
	}
	if sic != 0 {
		out.MCC = fmt.Sprintf("%04d", sic)
	}
	return out, nil
}

// cents is an amount in minor units, or why it does not fit in an int64.
type cents struct {
	v        int64
	overflow error
}

// amountCents reads TRNAMT as ofxgo did (the first ',' taken as the
// decimal point, then anything big.Rat reads: "1e3", "1/3"…) and rounds it
// with Cents. Plain decimals, what banks send, take a shorter way to the
// same result. An absent amount is zero, as it was.
func amountCents(s string) (cents, error) {
	if s == "" {
		return cents{}, nil
	}
	s = strings.Replace(s, ",", ".", 1)
	if v, ok := decimalCents(s); ok {
		return cents{v: v}, nil
	}
	if len(s) > maxAmountLen {
		// big.Rat's parsing is quadratic in the digits: a bank (or a
		// server posing as one) could make one amount cost minutes.
		return cents{}, invalid("TRNAMT %q… is %d characters long, not an amount", connector.Clip(s, 20), len(s))
	}
	switch magnitude(s) {
	case tiny:
		return cents{}, nil // well under half a cent
	case huge:
		return cents{overflow: invalid("TRNAMT %q is out of range", connector.Clip(s, 40))}, nil
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return cents{}, invalid("TRNAMT %q is not a number", connector.Clip(s, 40))
	}
	v, err := Cents(r)
	return cents{v: v, overflow: err}, nil
}

// maxAmountLen bounds an amount's text: 64 characters hold any amount a
// statement can carry, in any notation.
const maxAmountLen = 64

const (
	tiny = -1 // |amount| < 1e-10
	huge = 1  // |amount| ≥ 1e30
)

// magnitude sorts out amounts in exponent form whose size alone decides
// them, so that big.Rat never expands a hostile "1e999999" (tens of
// milliseconds each). It returns 0 when the amount must be parsed.
func magnitude(s string) int {
	mant, exp, found := strings.Cut(strings.ToLower(s), "e")
	if !found {
		return 0
	}
	e, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || e > 1_000_000 || e < -1_000_000 {
		return 0 // big.Rat refuses it at once
	}
	if mant != "" && (mant[0] == '+' || mant[0] == '-') {
		mant = mant[1:]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart+frac == "" || strings.Trim(intPart+frac, "0123456789") != "" {
		return 0 // not plain decimal digits: big.Rat decides
	}
	intPart = strings.TrimLeft(intPart, "0")
	var mag int64 // the decimal position of the first significant digit, plus one
	if intPart != "" {
		mag = int64(len(intPart))
	} else {
		trimmed := strings.TrimLeft(frac, "0")
		if trimmed == "" {
			return 0 // zero
		}
		mag = -int64(len(frac) - len(trimmed))
	}
	switch mag += e; {
	case mag > 30:
		return huge
	case mag < -10:
		return tiny
	}
	return 0
}

// decimalCents reads [+-]digits[.digits] with at most 15 digits before
// the point, rounding half away from zero to cents like Cents.
func decimalCents(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	intPart, frac, dot := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 15 || (dot && frac == "") {
		return 0, false
	}
	var v int64
	for i := 0; i < len(intPart); i++ {
		c := intPart[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	for i := 0; i < len(frac); i++ {
		if c := frac[i]; c < '0' || c > '9' {
			return 0, false
		}
	}
	for i := 0; i < 2; i++ {
		v *= 10
		if i < len(frac) {
			v += int64(frac[i] - '0')
		}
	}
	// Past the cents, |rest| >= 0.5 cent exactly when its first digit is 5 or more.
	if len(frac) > 2 && frac[2] >= '5' {
		v++
	}
	if neg {
		v = -v
	}
	return v, true
}

// dateLayouts are ofxgo's date layouts, longest first, followed by a
// numeric zone, and by a numeric zone and a zone name.
var (
	dateLayouts     = [...]string{"20060102150405.000 -0700", "20060102150405 -0700", "200601021504 -0700", "2006010215 -0700", "20060102 -0700"}
	dateLayoutsName = [...]string{"20060102150405.000 -0700 MST", "20060102150405 -0700 MST", "200601021504 -0700 MST", "2006010215 -0700 MST", "20060102 -0700 MST"}
)

// ofxDate reads an OFX date as ofxgo does: YYYYMMDD[HH[MM[SS[.XXX]]]]
// with an optional [offset[.minutes][:NAME]] zone, GMT when none; a value
// with no time of day is midnight of that day, GMT. An absent date is the
// zero time.
func ofxDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	value, _, _ := strings.Cut(s, "]")
	value = strings.TrimSpace(value)
	zone, layouts := " +0000 GMT", &dateLayoutsName
	if v, z, ok := strings.Cut(value, "["); ok {
		value = v
		hours, fraction, name, ok := ofxZone(z)
		if !ok {
			return time.Time{}, fmt.Errorf("invalid time zone %q", connector.Clip(z, 20))
		}
		h, err := strconv.Atoi(hours)
		if err != nil {
			return time.Time{}, fmt.Errorf("invalid time zone %q", connector.Clip(z, 20))
		}
		m := 0
		if fraction != "" {
			m = (int(fraction[0]-'0')*10 + int(fraction[1]-'0')) * 60 / 100
		}
		// As fmt's " %+03d%02d" writes it.
		b := make([]byte, 0, 32)
		b = append(b, ' ', '+')
		abs := uint64(h)
		if h < 0 {
			b[1], abs = '-', -abs
		}
		if abs < 10 {
			b = append(b, '0')
		}
		b = strconv.AppendUint(b, abs, 10)
		if m < 10 {
			b = append(b, '0')
		}
		b = strconv.AppendInt(b, int64(m), 10)
		switch {
		case name != "":
			b = append(append(b, ' '), name...)
		case h == 0 && m == 0:
			b = append(b, " GMT"...)
		default:
			layouts = &dateLayouts
		}
		zone = string(b)
	}
	value += zone
	for _, layout := range layouts {
		if t, err := time.Parse(layout, value); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read the date %q", connector.Clip(s, 40))
}

// ofxZone splits the inside of a date's brackets as ofxgo's pattern
// ^([+-]?[0-9]+)(\.([0-9]{2}))?(:([A-Z]+))?$ does.
func ofxZone(z string) (hours, fraction, name string, ok bool) {
	i := 0
	if i < len(z) && (z[i] == '+' || z[i] == '-') {
		i++
	}
	j := i
	for j < len(z) && z[j] >= '0' && z[j] <= '9' {
		j++
	}
	if j == i {
		return "", "", "", false
	}
	hours, rest := z[:j], z[j:]
	if len(rest) >= 3 && rest[0] == '.' && isDigit(rest[1]) && isDigit(rest[2]) {
		fraction, rest = rest[1:3], rest[3:]
	}
	if strings.HasPrefix(rest, ":") {
		name, rest = rest[1:], ""
		if name == "" || strings.TrimLeft(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return "", "", "", false
		}
	}
	return hours, fraction, name, rest == ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
