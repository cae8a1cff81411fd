package categorize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalization turns a raw bank descriptor such as
//
//	CHECKCARD 1104 TRADER JOE'S #552 OAKLAND CA
//
// into a merchant key ("TRADER JOES"): the same key for every statement line
// of one merchant, whatever the bank, the processor, the store or the city.
//
// It works on tokens. First the text is cleaned (upper case, apostrophes
// dropped, other punctuation turned to spaces, runs of spaces collapsed);
// then the rules below are applied, in order, until nothing changes. Each rule
// only removes whole tokens, so the result is itself clean, and normalizing a
// key again gives the same key.

// rule is one step of normalization, described for humans by name.
type rule struct {
	name  string
	apply func(toks []string) []string
}

// rules is the normalization table, in the order the rules run.
var rules = []rule{
	{"processor and channel prefixes (SQ *, TST*, PAYPAL *, POS DEBIT, CHECKCARD 1104, PURCHASE AUTHORIZED ON 11/04…)", stripPrefixes},
	{"long digit runs, card numbers, dates, store and reference numbers (#552, 57442660, 11/04)", dropNumbers},
	{"marketplace and reference codes (AMZN Mktp US*2K3AB12C0, 2K3AB12C0)", dropReferenceCodes},
	{"web addresses and phone-like tokens (NETFLIX.COM → NETFLIX, HELP UBER COM)", dropWebSuffixes},
	{"trailing location: state or province code, country, known city (OAKLAND CA, TORONTO ON, LONDON GB)", dropTrailingLocation},
	{"filler words banks add (PURCHASE, PAYMENT TO, DES, ID, WEB, PPD)", dropFiller},
}

// NormalizationRules returns the names of the normalization rules in order (for docs and
// the categorize command's help).
func NormalizationRules() []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.name
	}
	return out
}

// Bounds on hostile input (descriptors are short): the raw text read, and
// the tokens kept. A key is at most maxTokens tokens of maxTokenBytes, far
// below maxInput, so normalizing a key again reads all of it.
const (
	maxInput      = 4096
	maxTokens     = 24
	maxTokenBytes = 32
)

// Key returns the merchant key of a raw descriptor: upper-case ASCII/Unicode
// letters and digits in single-space separated tokens, never empty for a
// descriptor with at least one letter or digit. Key(Key(s)) == Key(s).
func Key(descriptor string) string {
	toks := clean(descriptor)
	if len(toks) == 0 {
		return ""
	}
	out := toks
	// Every round that changes something removes at least one token, so
	// len(toks)+1 rounds always reach the fixed point (usually 2–3 do).
	for range len(toks) + 1 {
		next := out
		for _, r := range rules {
			next = r.apply(next)
			if len(next) == 0 {
				break
			}
		}
		if len(next) == 0 {
			// Everything looked like noise: keep the cleaned text so that
			// identical noise still groups together.
			return strings.Join(toks, " ")
		}
		if equal(next, out) {
			break
		}
		out = next
	}
	return strings.Join(out, " ")
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// clean upper-cases, drops apostrophes, turns every other non-alphanumeric
// rune into a separator and splits into tokens. "*" and "#" also separate.
func clean(s string) []string {
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\'' || r == '’' || r == '`':
			// TRADER JOE'S → TRADER JOES
		case r == '&':
			b.WriteString(" AND ")
		case r < utf8.RuneSelf && ('A' <= r && r <= 'Z' || '0' <= r && r <= '9'):
			b.WriteRune(r)
		case r < utf8.RuneSelf && 'a' <= r && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToUpper(foldAccent(r)))
		default:
			b.WriteByte(' ')
		}
	}
	toks := strings.Fields(b.String())
	if len(toks) > maxTokens {
		toks = toks[:maxTokens]
	}
	for i, t := range toks {
		if len(t) > maxTokenBytes {
			cut := maxTokenBytes
			for cut > 0 && !utf8.RuneStart(t[cut]) {
				cut--
			}
			toks[i] = t[:cut]
		}
	}
	return toks
}

// foldAccent maps common Latin accented letters to their base letter so that
// CAFÉ and CAFE are one merchant.
func foldAccent(r rune) rune {
	switch unicode.ToLower(r) {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return 'a'
	case 'ç':
		return 'c'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ñ':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	case 'ß':
		return 's'
	}
	return r
}

// prefixes are token sequences that processors and banks put in front of the
// merchant. "#" stands for a token of digits (a date like 1104 or 11 04).
var prefixes = [][]string{
	{"PURCHASE", "AUTHORIZED", "ON", "#", "#"},
	{"PURCHASE", "AUTHORIZED", "ON", "#"},
	{"RECURRING", "PAYMENT", "AUTHORIZED", "ON", "#", "#"},
	{"RECURRING", "PAYMENT", "AUTHORIZED", "ON", "#"},
	{"CHECKCARD", "#"},
	{"CHECK", "CARD", "#"},
	{"DEBIT", "CARD", "PURCHASE"},
	{"DEBIT", "PURCHASE"},
	{"DBT", "CRD", "#"},
	{"DBT", "CRD"},
	{"POS", "DEBIT"},
	{"POS", "PURCHASE"},
	{"POS", "WITHDRAWAL"},
	{"POS"},
	{"VISA", "PURCHASE"},
	{"VISA", "DDA", "PUR"},
	{"MC", "PURCHASE"},
	{"CARD", "PURCHASE"},
	{"PREAUTHORIZED", "DEBIT"},
	{"ACH", "DEBIT"},
	{"ACH", "WITHDRAWAL"},
	{"ELECTRONIC", "WITHDRAWAL"},
	{"EXTERNAL", "WITHDRAWAL"},
	{"SQ"}, {"SQU"}, {"TST"}, {"SP"}, {"PP"}, {"PAYPAL"}, {"IN"}, {"DD"}, {"BT"}, {"LSP"}, {"PY"},
	{"SUMUP"}, {"ZTL"}, {"CLOVER"}, {"TOAST"}, {"FS"}, {"PAR"},
}

// stripPrefixes removes one known prefix at the start, when something is
// left after it.
func stripPrefixes(toks []string) []string {
	for _, p := range prefixes {
		if len(p) < len(toks) && hasPrefix(toks, p) {
			return toks[len(p):]
		}
	}
	return toks
}

func hasPrefix(toks, p []string) bool {
	for i, w := range p {
		if w == "#" {
			if !isDigits(toks[i]) {
				return false
			}
			continue
		}
		if toks[i] != w {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// dropNumbers removes tokens made only of digits (store numbers, dates, card
// and phone numbers), except a leading one that names the merchant (7 ELEVEN,
// 24 HOUR FITNESS, 99 CENTS ONLY) when more follows.
func dropNumbers(toks []string) []string {
	out := toks[:0:0]
	for i, t := range toks {
		if isDigits(t) && !(i == 0 && len(t) <= 3 && len(toks) > 1 && !isDigits(toks[1])) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// dropReferenceCodes removes tokens that mix letters and digits and look like
// references (2K3AB12C0, US 2K3AB12C0 after AMZN MKTP), keeping short
// alphanumerics that are names (3M, A1, 76).
func dropReferenceCodes(toks []string) []string {
	out := toks[:0:0]
	for _, t := range toks {
		if isReference(t) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func isReference(t string) bool {
	if len(t) < 5 {
		return false
	}
	digits, letters := 0, 0
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'A' && c <= 'Z':
			letters++
		}
	}
	if letters == 0 {
		return false
	}
	// A few digits in a long word (CHASE1) or many digits among letters.
	return digits >= 2 || (digits >= 1 && len(t) >= 7)
}

var webSuffixes = map[string]bool{"COM": true, "NET": true, "ORG": true, "CO": true, "IO": true, "WWW": true, "HTTP": true, "HTTPS": true, "HELP": true, "BILL": true, "HELPPAY": true}

// dropWebSuffixes removes the parts of web addresses around the name:
// WWW NETFLIX COM → NETFLIX, UBER TRIP HELP UBER COM → UBER TRIP UBER.
func dropWebSuffixes(toks []string) []string {
	out := toks[:0:0]
	for i, t := range toks {
		if webSuffixes[t] && (i > 0 || t == "WWW" || t == "HTTP" || t == "HTTPS") {
			continue
		}
		out = append(out, t)
	}
	// A trailing repetition of the first token (UBER TRIP UBER) is noise,
	// when the name appears exactly twice.
	if n := len(out); n > 2 && out[n-1] == out[0] && count(out, out[0]) == 2 {
		out = out[:n-1]
	}
	return out
}

// dropTrailingLocation removes a trailing region code (US state, Canadian
// province, country code) and the known city before it.
func dropTrailingLocation(toks []string) []string {
	n := len(toks)
	if n < 2 {
		return toks
	}
	last := toks[n-1]
	if !regions[last] && !countries[last] {
		return toks
	}
	toks = toks[:n-1]
	// Remove a known city of one, two or three tokens before the code, if a
	// name remains.
	for size := 3; size >= 1; size-- {
		if len(toks) > size && cities[strings.Join(toks[len(toks)-size:], " ")] {
			return toks[:len(toks)-size]
		}
	}
	return toks
}

// filler words that carry no merchant identity.
var filler = map[string]bool{
	"DES": true, "INDN": true, "CO": true, "ID": true, "PPD": true, "CCD": true, "WEB": true, "TEL": true,
	"PMT": true, "PYMT": true, "ARC": true, "POSTED": true, "PENDING": true,
}

// dropFiller removes trailing filler tokens and the ACH "DES ID INDN" tails.
func dropFiller(toks []string) []string {
	// Everything after DES (ACH descriptor: "IRS DES USATAXPYMT ID 123") is
	// the payment's description, not the payee.
	for i, t := range toks {
		if t == "DES" && i > 0 {
			toks = toks[:i]
			break
		}
	}
	for len(toks) > 1 && filler[toks[len(toks)-1]] {
		toks = toks[:len(toks)-1]
	}
	return toks
}

func count(toks []string, t string) int {
	n := 0
	for _, x := range toks {
		if x == t {
			n++
		}
	}
	return n
}
