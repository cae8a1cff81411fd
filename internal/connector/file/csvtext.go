package file

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ofxparse"
)

// textPlan says which columns make a row's descriptor. Each list holds
// column groups, best first; the columns of a group ("VWZ1", "VWZ2"…)
// are joined.
type textPlan struct {
	payee    [][]int // the counterparty
	purpose  [][]int // what the payment was for
	main     [][]int // the bank's description, when there is no payee
	fallback [][]int // booking types, code columns and constant columns: the last resort
}

// textColumns sorts the header's text columns into a textPlan. A column
// whose values are all short codes ("MST", "ITR"), or a description
// column that is the same on three rows or more (UBS's "Description" is
// the account's name), says nothing about the row and goes to the
// fallback.
func (p *csvPlan) textColumns(h csvHeader, data []csvRow) *textPlan {
	used := map[int]bool{}
	for _, c := range []int{p.date, p.amount, p.debit, p.credit, p.direction, p.status, p.account, p.balance, p.currencyCol, p.id,
		h.best(roleFrom), h.best(roleTo)} {
		used[c] = true
	}
	groups := func(r role) [][]int {
		var out [][]int
		stemAt := map[string]int{}
		for _, c := range h.roles[r] {
			if used[c.col] {
				continue
			}
			used[c.col] = true
			if stem, ok := h.stems[c.col]; ok {
				if k, ok := stemAt[stem]; ok {
					out[k] = append(out[k], c.col)
					continue
				}
				stemAt[stem] = len(out)
			}
			out = append(out, []int{c.col})
		}
		return out
	}
	t := &textPlan{}
	var codes, constant [][]int
	sortOut := func(gs [][]int, dropConstant bool) [][]int {
		var keep [][]int
		for _, g := range gs {
			switch {
			case allColumns(g, func(c int) bool { return codeColumn(data, c) }):
				codes = append(codes, g)
			case dropConstant && len(data) >= 3 && allColumns(g, func(c int) bool { return constantColumn(data, c) }):
				constant = append(constant, g)
			default:
				keep = append(keep, g)
			}
		}
		return keep
	}
	// A payee may well be the same on every row (three months of rent);
	// a description that is, is the account's name.
	t.payee = sortOut(groups(rolePayee), false)
	t.purpose = sortOut(groups(rolePurpose), false)
	t.main = preferFuller(data, sortOut(groups(roleDescription), true))
	t.fallback = append(append(groups(roleBooking), codes...), constant...)
	return t
}

// preferFuller puts first the description column that holds the others:
// when on most rows where both say something one column's text is part of
// another's (Fidelity's "Description" is the fund's name, its "Action"
// says what happened to the fund), the fuller column is the description.
func preferFuller(data []csvRow, groups [][]int) [][]int {
	if len(groups) < 2 {
		return groups
	}
	for j := 1; j < len(groups); j++ {
		if partOf(data, groups[0], groups[j]) {
			out := append([][]int{groups[j]}, groups[:j]...)
			return append(out, groups[j+1:]...)
		}
	}
	return groups
}

// partOf reports whether, on more than half of the rows where both have
// text, a's text is part of b's and shorter.
func partOf(data []csvRow, a, b []int) bool {
	both, held := 0, 0
	for _, r := range data {
		ta, tb := foldText(groupText(r, a)), foldText(groupText(r, b))
		if ta == "" || tb == "" {
			continue
		}
		both++
		if len(ta) < len(tb) && strings.Contains(tb, ta) {
			held++
		}
	}
	return both > 0 && 2*held > both
}

func allColumns(cols []int, f func(int) bool) bool {
	for _, c := range cols {
		if !f(c) {
			return false
		}
	}
	return true
}

// codeColumn reports whether a column holds nothing but short codes:
// at most four characters, no blank, no lower-case letter ("MST", "DV").
func codeColumn(rows []csvRow, col int) bool {
	n := 0
	for _, r := range rows {
		v := cell(r, col)
		if v == "" {
			continue
		}
		if utf8.RuneCountInString(v) > 4 || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsLower(r) }) {
			return false
		}
		n++
	}
	return n > 0
}

// descriptor makes a row's descriptor. With a user's mapping, it is the
// first of the mapped alternatives that has text. Otherwise it is the
// payee (or, in a payment app's export, the side of From/To that is not
// the account holder) joined with the purpose as "payee — purpose" when
// both say something the other does not; the bank's description stands
// in for whichever of the two is missing. Booking types and codes are
// used only when nothing else has text.
func (p *csvPlan) descriptor(r csvRow, cents int64) string {
	if p.text == nil {
		for _, alt := range p.desc {
			if s := groupText(r, alt); s != "" {
				return connector.Descriptor(s)
			}
		}
		return ""
	}
	t := p.text
	payee := firstText(r, t.payee)
	if payee == "" && (p.from >= 0 || p.to >= 0) {
		payee = p.counterparty(r, cents)
	}
	desc, purpose := firstText(r, t.main), firstText(r, t.purpose)
	var s string
	switch {
	case payee == "":
		s = joinText(desc, purpose)
	case purpose == "":
		s = joinText(payee, desc) // the bank's text says what the payee got paid for
	default:
		s = joinText(payee, purpose)
	}
	if s == "" {
		s = firstText(r, t.fallback)
	}
	return connector.Descriptor(s)
}

// firstText returns the text of the first group that says something.
func firstText(r csvRow, groups [][]int) string {
	for _, g := range groups {
		if s := groupText(r, g); s != "" {
			return s
		}
	}
	return ""
}

// groupText joins a group's cells; cells without a letter or a digit
// ("-", "/") say nothing.
func groupText(r csvRow, cols []int) string {
	var parts []string
	for _, c := range cols {
		if v := cell(r, c); strings.ContainsFunc(v, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			parts = append(parts, strings.Join(strings.Fields(v), " "))
		}
	}
	return strings.Join(parts, " ")
}

// joinText joins a payee and a purpose, keeping one when it holds the
// other ("Shell" and "Shell purchase 0123" give "Shell purchase 0123").
func joinText(payee, purpose string) string {
	switch fa, fb := foldText(payee), foldText(purpose); {
	case fa == "":
		return purpose
	case fb == "", strings.Contains(fa, fb):
		return payee
	case strings.Contains(fb, fa):
		return purpose
	}
	return payee + ofxparse.DescriptorSeparator + purpose
}

// counterparty is the side of a payment app's From and To that is not
// the account holder; when the holder is not known, To for money out and
// From for money in.
func (p *csvPlan) counterparty(r csvRow, cents int64) string {
	from, to := cell(r, p.from), cell(r, p.to)
	switch {
	case p.holder != "" && foldText(from) == p.holder:
		return to
	case p.holder != "" && foldText(to) == p.holder:
		return from
	case cents < 0 && to != "" || from == "":
		return to
	}
	return from
}

// accountHolder is the name in From or To on more than half of the rows
// that have both: the export's own account.
func accountHolder(rows []csvRow, from, to int) string {
	count := map[string]int{}
	n := 0
	for _, r := range rows {
		f, t := foldText(cell(r, from)), foldText(cell(r, to))
		if f == "" || t == "" {
			continue
		}
		n++
		count[f]++
		if t != f {
			count[t]++
		}
	}
	for name, c := range count {
		if 2*c > n {
			return name
		}
	}
	return ""
}

// totalRow reports whether a row is a balance, turnover or total row
// ("Opening balance", "Anfangssaldo", "Apyvarta", "Итого"), and quotes the
// cell that says so. Amount, balance, status and currency columns are not
// looked at; the date column is, as totals often put their label there.
func (p *csvPlan) totalRow(r csvRow) (string, bool) {
	for i, c := range r.cells {
		switch i {
		case p.amount, p.debit, p.credit, p.balance, p.status, p.currencyCol:
			continue
		}
		if isTotal(c) {
			return strings.TrimSpace(c), true
		}
	}
	return "", false
}

// isTotal reports whether a cell starts with a total phrase of the
// dictionary ("Saldo" only as the whole cell or before a number).
func isTotal(c string) bool {
	if len(c) > 80 {
		return false
	}
	// Most cells are not totals: look at the first word before folding
	// the whole cell.
	c = strings.TrimSpace(c)
	end := strings.IndexFunc(c, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) })
	if end < 0 {
		end = len(c)
	}
	if _, ok := csvDict.totals[foldText(c[:end])]; !ok || end == 0 {
		return false
	}
	// A word glued to an identifier is an id, not a label: Wise's
	// "BALANCE-3817426642", "Saldo_2" name transactions.
	if end < len(c) && (strings.IndexByte("-_/#.", c[end]) >= 0 || isDigitByte(c[end])) {
		return false
	}
	n := normalizeHeader(c)
	first, _, _ := strings.Cut(n, " ")
	for _, t := range csvDict.totals[first] {
		rest, ok := strings.CutPrefix(n, t.text)
		switch {
		case !ok:
		case rest == "":
			return true
		case rest[0] != ' ':
		case !t.word || isDigitByte(rest[1]):
			return true
		}
	}
	return false
}

// statusOf reads a status cell: pending, or declined (the row never
// happened), or neither (posted).
func statusOf(v string) (pending bool, skip string) {
	if _, ok := csvDict.mentions(roleDeclined, v); ok {
		return false, fmt.Sprintf("the transaction was declined or cancelled (status %q)", clip(v))
	}
	_, pending = csvDict.mentions(rolePending, v)
	return pending, ""
}

// directionOf reads a debit/credit cell; out is true for money out. In a
// Czech MD/D column, "D" is "dal": money in.
func (p *csvPlan) directionOf(v string) (out, ok bool) {
	if p.dalIn && normalizeHeader(v) == "d" {
		return false, true
	}
	return direction(v)
}

// direction reads a debit/credit word of the dictionary ("D", "K",
// "Soll", "Haben", "Af", "Bij", "Приход"…); out is true for money out.
func direction(v string) (out, ok bool) {
	v = strings.TrimSpace(v)
	switch {
	case v == "-":
		return true, true
	case v == "+":
		return false, true
	case csvDict.is(roleOut, v):
		return true, true
	case csvDict.is(roleIn, v):
		return false, true
	}
	return false, false
}

// columnHas reports whether any cell of the column normalizes to v.
func columnHas(rows []csvRow, col int, v string) bool {
	for _, r := range rows {
		if normalizeHeader(cell(r, col)) == v {
			return true
		}
	}
	return false
}
