package centavo

import (
	"errors"
	"strings"
	"time"
)

// Holding is one position of an investment account at a moment: how many
// units of a security it holds and what they are worth. An account's
// holdings are a snapshot, replaced as a whole by the next one.
type Holding struct {
	UserID    int64
	AccountID int64
	AsOf      time.Time // UTC: when the institution valued the positions
	// SecurityID is the institution's id of the security (a CUSIP, an
	// ISIN, a ticker or its own id); SecurityName and Ticker may be "".
	SecurityID   string
	SecurityName string
	Ticker       string
	// Units is an exact decimal ("12.5", "-3", "0.0048"), as NormalizeUnits
	// writes it: units are not money and are often fractional beyond any
	// fixed scale, so they are never a float.
	Units            string
	PriceCents       int64 // one unit's price, in minor units
	MarketValueCents int64
	Currency         string
}

// MaxUnitsDigits bounds the digits of a holding's units.
const MaxUnitsDigits = 40

// NormalizeUnits checks a decimal number of units and writes it in one
// canonical form: an optional '-', the integer digits without leading
// zeros, and the fraction without trailing zeros ("+007.50" → "7.5",
// "-0.000" → "0"). It accepts no exponent, grouping or other characters.
func NormalizeUnits(s string) (string, error) {
	s = strings.TrimSpace(s)
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(whole)+len(frac) > MaxUnitsDigits || !allDigits(whole) || !allDigits(frac) {
		return "", errors.New("units must be a decimal number such as 12.5")
	}
	whole = strings.TrimLeft(whole, "0")
	frac = strings.TrimRight(frac, "0")
	if whole == "" {
		whole = "0"
	}
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
