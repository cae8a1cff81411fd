package file

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/centavo/centavo/internal/connector"
)

// decimalStyle says which character separates the cents.
type decimalStyle int

const (
	decimalPoint decimalStyle = iota // 1,234.56
	decimalComma                     // 1.234,56
	// decimalOFX decides per value: the last of '.' and ',' is the decimal
	// separator, and a lone ',' is one too (OFX allows "12,50").
	decimalOFX
	// decimalQIF is decimalOFX, except that a lone ',' followed by exactly
	// three digits groups thousands ("T-1,000").
	decimalQIF
)

var errNoAmount = errors.New("no amount")

// parseAmount reads a decimal amount exactly, with no floating point, and
// returns it in cents, rounding half away from zero past two decimals. It
// accepts signs on either side, accounting parentheses, currency symbols or
// a currency code, and grouping separators (',', '.', '\”, spaces) placed
// every three digits.
func parseAmount(s string, style decimalStyle) (int64, error) {
	raw := s
	s = strings.TrimFunc(s, isBlank)
	if s == "" {
		return 0, errNoAmount
	}
	neg, signs := false, 0
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, signs = true, 1
		s = strings.TrimFunc(s[1:len(s)-1], isBlank)
	}
	// The number is the run from the first digit (or a separator right
	// before one, as in ".50") to the last digit.
	start := strings.IndexFunc(s, isDigit)
	end := strings.LastIndexFunc(s, isDigit)
	if start < 0 {
		return 0, fmt.Errorf("amount %q is not a number", clip(raw))
	}
	end++
	if start > 0 && (s[start-1] == '.' || s[start-1] == ',') {
		start--
	}
	for _, affix := range []string{s[:start], s[end:]} {
		n, minus, ok := amountAffix(affix)
		if !ok {
			return 0, fmt.Errorf("amount %q is not a number", clip(raw))
		}
		signs += n
		if minus {
			neg = !neg
		}
	}
	if signs > 1 {
		return 0, fmt.Errorf("amount %q has more than one sign", clip(raw))
	}
	cents, err := parseMagnitude(s[start:end], style)
	if err != nil {
		return 0, fmt.Errorf("amount %q %w", clip(raw), err)
	}
	if neg {
		cents = -cents
	}
	if err := connector.CheckAmount(cents); err != nil {
		return 0, fmt.Errorf("amount %q %w", clip(raw), err)
	}
	return cents, nil
}

// amountAffix checks what may stand around a number: blanks, one sign
// (+, -, or the ledger's DR and CR), currency symbols and a currency code
// ("USD", "R$", "kr"). It returns the number of signs and whether the sign
// is a minus; "-5 DR" has two signs, and is refused by the caller.
func amountAffix(s string) (signs int, minus, ok bool) {
	var letters []rune
	symbol := false
	for _, r := range s {
		switch {
		case r == '-' || r == '\u2212':
			signs++
			minus = true
		case r == '+':
			signs++
		case unicode.Is(unicode.Sc, r):
			symbol = true
		case isBlank(r):
		case r < utf8.RuneSelf && unicode.IsLetter(r):
			letters = append(letters, r)
		default:
			return 0, false, false
		}
	}
	word := string(letters)
	switch {
	case strings.EqualFold(word, "DR"):
		// Debit and credit written after (or before) the number, as
		// ledgers do: "0.80Dr" is money out of the account, "15.00 CR"
		// money in, for a bank account and a card alike.
		return signs + 1, !minus, true
	case strings.EqualFold(word, "CR"):
		return signs + 1, minus, true
	case word == "", word == "kr", word == "Kr":
	case len(word) == 3 && strings.ToUpper(word) == word:
	case symbol && len(word) <= 2: // R$, C$, US$
	default:
		return 0, false, false
	}
	return signs, minus, true
}

// parseMagnitude reads digits and separators into cents.
func parseMagnitude(s string, style decimalStyle) (int64, error) {
	dot, comma := strings.Count(s, "."), strings.Count(s, ",")
	var dec byte // the decimal separator, 0 if none
	switch style {
	case decimalPoint:
		dec = '.'
	case decimalComma:
		dec = ','
	default:
		lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
		switch {
		case dot > 0 && comma > 0:
			dec = '.'
			if lastComma > lastDot {
				dec = ','
			}
		case comma == 1:
			dec = ','
			if style == decimalQIF && len(s)-lastComma-1 == 3 {
				dec = 0 // "1,000"
			}
		case comma > 1:
			dec = 0
		case dot == 1:
			dec = '.'
		case dot > 1:
			dec = 0 // "1.234.567"
		}
	}
	intPart, frac := s, ""
	if dec != 0 {
		if i := strings.LastIndexByte(s, dec); i >= 0 {
			intPart, frac = s[:i], s[i+1:]
		}
	}
	for i := 0; i < len(frac); i++ {
		if !isDigitByte(frac[i]) {
			if style == decimalPoint && strings.Count(s, ",") == 1 && dot == 0 {
				return 0, errors.New("uses a decimal comma; set the decimal comma option")
			}
			return 0, errors.New("has misplaced separators")
		}
	}
	digits, err := groupedDigits(intPart)
	if err != nil {
		if style == decimalPoint && comma == 1 && dot == 0 {
			return 0, errors.New("uses a decimal comma; set the decimal comma option")
		}
		return 0, err
	}
	if digits == "" && frac == "" {
		return 0, errors.New("is not a number")
	}
	var cents int64
	for i := 0; i < len(digits); i++ {
		d := int64(digits[i] - '0')
		if cents > (math.MaxInt64-d)/10 {
			return 0, errors.New("is too large")
		}
		cents = cents*10 + d
	}
	var fracCents int64
	for i := 0; i < 2 && i < len(frac); i++ {
		fracCents += int64(frac[i]-'0') * int64(10-9*i)
	}
	if len(frac) > 2 && frac[2] >= '5' {
		fracCents++ // half away from zero on the magnitude; the sign comes later
	}
	if cents > (math.MaxInt64-fracCents)/100 {
		return 0, errors.New("is too large")
	}
	cents = cents*100 + fracCents
	return cents, nil
}

// groupedDigits strips grouping separators from an integer part, checking
// that groups after the first have exactly three digits.
func groupedDigits(s string) (string, error) {
	var b strings.Builder
	group, groups := 0, 0
	for _, r := range s {
		switch {
		case isDigit(r):
			b.WriteRune(r)
			group++
		case r == ',' || r == '.' || r == '\'' || r == '\u2019' || isBlank(r):
			if group == 0 || (groups > 0 && group != 3) || (groups == 0 && group > 3) {
				return "", errors.New("has misplaced separators")
			}
			groups++
			group = 0
		default:
			return "", errors.New("is not a number")
		}
	}
	if groups > 0 && group != 3 {
		return "", errors.New("has misplaced separators")
	}
	return b.String(), nil
}

func isDigit(r rune) bool     { return '0' <= r && r <= '9' }
func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }
func isBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}
