package file

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// csvDictionaryText is the CSV dictionary: one entry a line, "role
// <TAB> language <TAB> text". It is data, not code: a new bank's header
// or a new language is a line there.
//
//go:embed csvdictionary.tsv
var csvDictionaryText string

// role is what a column header, or a cell value, means.
type role string

// Header roles.
const (
	roleDate        role = "date"        // the posting date (best), a generic date, the transaction date, the value date
	roleAmount      role = "amount"      // a signed amount
	roleDebit       role = "debit"       // money out, as a positive number
	roleCredit      role = "credit"      // money in, as a positive number
	roleDirection   role = "direction"   // says whether an unsigned amount is money out or in
	rolePayee       role = "payee"       // the counterparty
	roleFrom        role = "from"        // a payment app's sender
	roleTo          role = "to"          // a payment app's recipient
	rolePurpose     role = "purpose"     // what the payment was for (Verwendungszweck, memo, note, reference)
	roleDescription role = "description" // the bank's own text for the row
	roleBooking     role = "booking"     // the kind of booking (Buchungstext, type codes)
	roleBalance     role = "balance"     // the running balance: never an amount
	roleStatus      role = "status"      // pending, declined…
	roleCurrency    role = "currency"    // the row's currency code
	roleAccount     role = "account"     // the account the row belongs to
)

// Value roles.
const (
	roleOut       role = "out"        // a direction cell meaning money out
	roleIn        role = "in"         // a direction cell meaning money in
	rolePending   role = "pending"    // a status meaning not posted yet
	roleDeclined  role = "declined"   // a status meaning it never happened
	roleTotal     role = "total"      // a cell starting so is a balance, turnover or total row
	roleTotalWord role = "total-word" // the same, only as the whole cell or before a number
	roleShares    role = "shares"     // a booking-type cell saying the row moves securities, not cash
)

var headerRoles = []role{roleDate, roleAmount, roleDebit, roleCredit, roleDirection, rolePayee, roleFrom, roleTo,
	rolePurpose, roleDescription, roleBooking, roleBalance, roleStatus, roleCurrency, roleAccount}

var valueRoles = []role{roleOut, roleIn, rolePending, roleDeclined, roleTotal, roleTotalWord, roleShares}

// dictionaryLanguages are the languages the dictionary must cover for
// every header role a statement needs (see TestCSVDictionaryCoverage).
var dictionaryLanguages = []string{"en", "de", "fr", "es", "it", "nl", "pt", "pl", "cs", "sv", "da", "no", "fi", "lt", "lv", "et", "ru", "uk", "hu", "tr"}

// rank is a header's role and its place among the role's headers: a lower
// rank wins when a file has columns for several.
type rank struct {
	role role
	n    int
}

// csvDictionary is the parsed dictionary. It is built once and never
// changed.
type csvDictionary struct {
	headers map[string][]rank            // folded header → its roles
	values  map[role]map[string]bool     // folded value → true
	byFirst map[role]map[string][]string // folded value phrases by their first word
	months  map[string]int               // folded month name or abbreviation → 1..12
	// monthPrefixes are the prefixes (three letters or more) of the
	// dictionary's month names that belong to one month only: "sept",
	// "janv", "märz".
	monthPrefixes map[string]int
	// totals are the total and total-word phrases by their first word.
	totals  map[string][]totalPhrase
	entries []dictEntry
}

type totalPhrase struct {
	text string // normalized
	word bool   // only as the whole cell or before a number
}

type dictEntry struct {
	role       role
	lang, text string
}

var csvDict = mustParseDictionary(csvDictionaryText)

func mustParseDictionary(text string) *csvDictionary {
	d, err := parseDictionary(text)
	if err != nil {
		panic("file: csvdictionary.tsv: " + err.Error())
	}
	return d
}

func parseDictionary(text string) (*csvDictionary, error) {
	d := &csvDictionary{headers: map[string][]rank{}, values: map[role]map[string]bool{}, byFirst: map[role]map[string][]string{}, months: map[string]int{},
		monthPrefixes: map[string]int{}, totals: map[string][]totalPhrase{}}
	known := map[role]bool{}
	for _, r := range headerRoles {
		known[r] = true
	}
	for _, r := range valueRoles {
		known[r] = true
		d.values[r] = map[string]bool{}
		d.byFirst[r] = map[string][]string{}
	}
	n := 0
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[2] == "" {
			return nil, fmt.Errorf("line %d: want role, language and text separated by tabs", i+1)
		}
		e := dictEntry{role: role(f[0]), lang: f[1], text: f[2]}
		d.entries = append(d.entries, e)
		if m, ok := strings.CutPrefix(f[0], "month-"); ok {
			month, err := strconv.Atoi(m)
			if err != nil || month < 1 || month > 12 {
				return nil, fmt.Errorf("line %d: unknown role %q", i+1, f[0])
			}
			d.addMonth(foldText(e.text), month)
			continue
		}
		switch {
		case !known[e.role]:
			return nil, fmt.Errorf("line %d: unknown role %q", i+1, f[0])
		case d.values[e.role] != nil:
			v := normalizeHeader(e.text)
			if v == "" {
				return nil, fmt.Errorf("line %d: %q has no letter or digit", i+1, e.text)
			}
			d.values[e.role][v] = true
			first, _, _ := strings.Cut(v, " ")
			d.byFirst[e.role][first] = append(d.byFirst[e.role][first], v)
			if e.role == roleTotal || e.role == roleTotalWord {
				d.totals[first] = append(d.totals[first], totalPhrase{v, e.role == roleTotalWord})
			}
		default:
			h := normalizeHeader(e.text)
			if h == "" {
				return nil, fmt.Errorf("line %d: %q is no header", i+1, e.text)
			}
			d.headers[h] = append(d.headers[h], rank{e.role, n})
			n++
		}
	}
	return d, nil
}

// addMonth records a month name and its unambiguous prefixes.
func (d *csvDictionary) addMonth(name string, month int) {
	if prev, ok := d.months[name]; ok && prev != month {
		d.months[name] = -1 // a word two months share is neither
	} else if !ok {
		d.months[name] = month
	}
	r := []rune(name)
	for n := 3; n < len(r); n++ {
		p := string(r[:n])
		if prev, ok := d.monthPrefixes[p]; ok && prev != month {
			d.monthPrefixes[p] = -1
		} else if !ok {
			d.monthPrefixes[p] = month
		}
	}
}

// month returns the month a word names: a name or abbreviation in the
// dictionary, or a prefix of three letters or more of one month's names
// only.
func (d *csvDictionary) month(word string) (int, bool) {
	w := foldText(word)
	if m, ok := d.months[w]; ok {
		return m, m > 0
	}
	if m, ok := d.monthPrefixes[w]; ok {
		return m, m > 0
	}
	return 0, false
}

// is reports whether a cell value has the value role r.
func (d *csvDictionary) is(r role, value string) bool {
	return d.values[r][normalizeHeader(value)]
}

// mentions reports whether a cell value holds one of the role's phrases as
// whole words: "Umsatz vorgemerkt" mentions "vorgemerkt".
func (d *csvDictionary) mentions(r role, value string) (string, bool) {
	words := strings.Fields(normalizeHeader(value))
	for i, w := range words {
		for _, phrase := range d.byFirst[r][w] {
			n := strings.Count(phrase, " ") + 1
			if i+n <= len(words) && strings.Join(words[i:i+n], " ") == phrase {
				return phrase, true
			}
		}
	}
	return "", false
}

// foldText makes text comparable without regard to case and accents:
// "Währung" and "WAHRUNG" fold alike, as do "Açıklama" and "ACIKLAMA".
// Letters that do not decompose are spelled out (ß, ø, æ, ł).
func foldText(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r = unicode.ToLower(r); r {
		case 'ß':
			b.WriteString("ss")
		case 'æ':
			b.WriteString("ae")
		case 'œ':
			b.WriteString("oe")
		case 'ø':
			b.WriteByte('o')
		case 'ł':
			b.WriteByte('l')
		case 'ı':
			b.WriteByte('i')
		case 'đ':
			b.WriteByte('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
