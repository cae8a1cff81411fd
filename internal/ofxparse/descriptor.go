package ofxparse

import (
	"strings"
	"unicode"
)

// DescriptorSeparator joins NAME and MEMO when both say something.
const DescriptorSeparator = " — "

// genericWords are words that name a kind of transaction, not a payee: a
// NAME made only of them (and of numbers, dates, masked card numbers) says
// nothing the TRNTYPE does not, and gives way to MEMO. Kept small: a word
// here is dropped from a NAME wherever a bank uses it alone.
var genericWords = map[string]bool{
	"ACH": true, "ATM": true, "CARD": true, "CHECK": true, "CHEQUE": true, "CREDIT": true,
	"DEBIT": true, "DEP": true, "DEPOSIT": true, "DIRECTDEBIT": true, "DIRECTDEP": true,
	"EFT": true, "OTHER": true, "PAYMENT": true, "POS": true, "PURCHASE": true,
	"TRANSFER": true, "WITHDRAWAL": true, "XFER": true,
}

// Descriptor is what a transaction's text says, for the import readers and
// the OFX Direct Connect connector alike: NAME (or, without one, the
// PAYEE's name), or MEMO when NAME says nothing — it is empty, all zeros,
// only dates, numbers and masked card numbers ("130722 CB****6516"), or
// only generic words ("POS", "PAYMENT", see genericWords, with numbers).
// When both say something, both are kept, joined by DescriptorSeparator,
// unless one already holds the other ("AMAZON" and "AMAZON MKTPLACE
// PMTS": the longer one), so a MEMO that repeats NAME is not doubled. The
// result is trimmed, not bounded: callers bound it (connector.Descriptor).
func Descriptor(name, payee, memo string) string {
	n := strings.TrimSpace(name)
	if n == "" {
		n = strings.TrimSpace(payee)
	}
	m := strings.TrimSpace(memo)
	switch {
	case m == "":
		return n
	case n == "" || strings.Trim(n, "0 ") == "":
		return m
	case !saysSomething(n):
		if saysSomething(m) {
			return m
		}
		return n
	case !saysSomething(m):
		return n
	}
	kn, km := comparable(n), comparable(m)
	switch {
	case strings.Contains(kn, km):
		return n
	case strings.Contains(km, kn):
		return m
	}
	return n + DescriptorSeparator + m
}

// saysSomething reports whether s has a word that is not a number, a date,
// a masked card number or a generic word.
func saysSomething(s string) bool {
	for _, w := range strings.FieldsFunc(s, isWordSeparator) {
		if !noiseWord(w) {
			return true
		}
	}
	return false
}

func isWordSeparator(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(",;:/-.#()[]", r)
}

// noiseWord reports whether a word says nothing about the payee: no
// letter ("130722", "12/07"), a masked number ("CB****6516", "XXXX1234",
// "XXXXX"; not "XXXLUTZ"), or a generic word.
func noiseWord(w string) bool {
	if strings.Contains(w, "**") {
		return true
	}
	letters, digits, xs := 0, 0, 0
	for _, r := range w {
		switch {
		case r == 'X' || r == 'x':
			xs++
			letters++
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	masked := xs >= 3 && (digits > 0 || xs == letters) && strings.Contains(strings.ToUpper(w), "XXX")
	return letters == 0 || masked || genericWords[strings.ToUpper(w)]
}

// comparable is s upper-cased with only its letters and digits, each word
// separated by one space: how NAME and MEMO are compared.
func comparable(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToUpper(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		default:
			space = true
		}
	}
	return b.String()
}
