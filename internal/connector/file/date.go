package file

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A date without a time of day becomes 12:00 UTC of that day, so that it
// shows as the same calendar day in every time zone from UTC-11 to UTC+11.
func noonUTC(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
}

// validDate reports whether y-m-d is a real calendar day in a plausible
// range for a bank statement.
func validDate(y int, m time.Month, d int) bool {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Day() == d
}

// dateOrder is the order of day, month and year in a numeric date.
type dateOrder int

const (
	orderUnknown dateOrder = iota
	orderMDY               // 03/25/2001, US
	orderDMY               // 25/03/2001, 25.03.2001
	orderYMD               // 2001-03-25
)

func (o dateOrder) String() string {
	switch o {
	case orderMDY:
		return "month/day/year"
	case orderDMY:
		return "day/month/year"
	case orderYMD:
		return "year-month-day"
	}
	return "unknown"
}

// dateParts is a date split into its three fields.
type dateParts struct {
	a, b, c  int    // the numbers in written order; a month name is in month
	aLen     int    // digits in a (4 = year first)
	cLen     int    // digits in c
	month    int    // 1..12 when the month is written as a name
	sep      byte   // the first separator: '/', '.', '-', ' ' ...
	yearMark bool   // the year follows an apostrophe: 1/2'06 means 2006
	rest     string // what follows the date
}

// splitDate reads the date at the start of s: three numbers separated by
// '/', '.', '-', '\” or blanks (or ':' after a four-digit year:
// "2012:03:01"), a month name or abbreviation in any language of the CSV
// dictionary in place of one of the first two numbers ("23-Jan-15",
// "Jan 23, 2015", "1. März 2012", "1 de marzo de 2012", "5 марта 2012"),
// or eight digits YYYYMMDD. Whatever follows (a time, or junk as in QIF
// "D03/25/099Payee") is returned in rest.
func splitDate(s string) (dateParts, bool) {
	var p dateParts
	s = strings.TrimSpace(s)
	i := 0
	// Eight digits in a row: YYYYMMDD.
	n := 0
	for n < len(s) && isDigitByte(s[n]) {
		n++
	}
	if n == 8 && (n == len(s) || !isDigitByte(s[n])) {
		p.a, p.b, p.c = atoi(s[0:4]), atoi(s[4:6]), atoi(s[6:8])
		p.aLen, p.cLen, p.sep = 4, 2, 0
		p.rest = s[8:]
		return p, true
	}
	field := func() (num, digits, month int, ok bool) {
		start := i
		for i < len(s) && isDigitByte(s[i]) && i-start < 4 {
			num = num*10 + int(s[i]-'0')
			i++
		}
		if i > start {
			if i < len(s) && isDigitByte(s[i]) {
				return 0, 0, 0, false // more than four digits
			}
			return num, i - start, 0, true
		}
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
				break
			}
			i += size
		}
		if m, ok := monthWord(s[start:i]); ok {
			return 0, 0, m, true
		}
		return 0, 0, 0, false
	}
	sep := func() (byte, bool) {
		start := i
		seps := "/.-' ,"
		if p.aLen == 4 {
			seps += ":" // 2012:03:01, as cameras write dates
		}
		var c byte
		for i < len(s) && strings.IndexByte(seps, s[i]) >= 0 {
			if c == 0 || c == ' ' || c == ',' {
				c = s[i]
			}
			i++
		}
		ok := i > start && i-start <= 3
		// "1 de marzo de 2012", "1 de março de 2012".
		if ok && c == ' ' {
			for _, w := range []string{"de ", "del "} {
				if len(s)-i > len(w) && strings.EqualFold(s[i:i+len(w)], w) {
					i += len(w)
					for i < len(s) && s[i] == ' ' {
						i++
					}
					break
				}
			}
		}
		return c, ok
	}
	var ok bool
	var mon int
	if p.a, p.aLen, mon, ok = field(); !ok {
		return p, false
	}
	p.month = mon
	if p.sep, ok = sep(); !ok {
		return p, false
	}
	var b2 int
	if p.b, _, b2, ok = field(); !ok {
		return p, false
	}
	if b2 != 0 {
		if p.month != 0 {
			return p, false
		}
		p.month = b2
	}
	var sep2 byte
	if sep2, ok = sep(); !ok {
		return p, false
	}
	p.yearMark = sep2 == '\''
	var c2 int
	if p.c, p.cLen, c2, ok = field(); !ok || c2 != 0 || p.cLen == 0 {
		return p, false
	}
	p.rest = s[i:]
	return p, true
}

// monthWord reads a month name or abbreviation in any language of the
// CSV dictionary ("Mar", "März", "mars", "marzo", "марта"); words of
// fewer than three letters, or too long for a month, are none.
func monthWord(w string) (int, bool) {
	if len(w) > 40 || utf8.RuneCountInString(w) < 3 {
		return 0, false
	}
	return csvDict.month(w)
}

// numericOrder says which orders the parts allow, when the month is a
// number and the year is last: 25/03 can only be day-first, 03/25 only
// month-first, 03/04 either.
func (p dateParts) numericOrder() (dmy, mdy bool) {
	if p.month != 0 || p.aLen == 4 {
		return false, false
	}
	return p.a >= 1 && p.a <= 31 && p.b >= 1 && p.b <= 12, p.a >= 1 && p.a <= 12 && p.b >= 1 && p.b <= 31
}

// year expands a written year: four digits as they are; three digits are
// the Y2K bug of old Quicken exports (099 is 1999); after an apostrophe
// (1/2'06) it is 2000+; two digits pivot at 80 (79 is 2079, 80 is 1980).
func year(v, digits int, apostrophe bool) int {
	switch {
	case digits == 4:
		return v
	case digits == 3:
		return 1900 + v
	case apostrophe:
		return 2000 + v
	case v < 80:
		return 2000 + v
	}
	return 1900 + v
}

// civil turns the parts into a date, using order when the month is a
// number and the year is not first.
func (p dateParts) civil(order dateOrder) (y int, m time.Month, d int, ok bool) {
	switch {
	case p.aLen == 4: // 2001-03-25
		y, m, d = p.a, time.Month(p.b), p.c
	case p.month != 0 && p.a != 0 && p.aLen > 0: // 25-Mar-01
		y, m, d = year(p.c, p.cLen, p.yearMark), time.Month(p.month), p.a
	case p.month != 0: // Mar 25, 2001
		y, m, d = year(p.c, p.cLen, p.yearMark), time.Month(p.month), p.b
	case order == orderDMY:
		y, m, d = year(p.c, p.cLen, p.yearMark), time.Month(p.b), p.a
	case order == orderMDY:
		y, m, d = year(p.c, p.cLen, p.yearMark), time.Month(p.a), p.b
	default:
		return 0, 0, 0, false
	}
	return y, m, d, validDate(y, m, d)
}

// detectOrder decides day-first or month-first from every date value of a
// file: one day above 12 settles it. fallback is used when no value
// settles it (orderUnknown: the caller must refuse). Dates written with
// dots are day-first by convention everywhere they are used.
func detectOrder(values []string, fallback dateOrder) (dateOrder, error) {
	var dmy, mdy, dots, ambiguous int
	for _, v := range values {
		p, ok := splitDate(v)
		if !ok {
			continue
		}
		canDMY, canMDY := p.numericOrder()
		switch {
		case canDMY && !canMDY:
			dmy++
		case canMDY && !canDMY:
			mdy++
		case canDMY && canMDY:
			ambiguous++
			if p.sep == '.' {
				dots++
			}
		}
	}
	switch {
	case dmy > 0 && mdy > 0:
		return orderUnknown, errors.New("some dates are day-first and others month-first")
	case dmy > 0:
		return orderDMY, nil
	case mdy > 0:
		return orderMDY, nil
	case ambiguous > 0 && dots == ambiguous:
		return orderDMY, nil
	case ambiguous > 0:
		return fallback, nil
	}
	return orderYMD, nil // no numeric day/month dates to decide (ISO or month names)
}

// parseDate reads a date in the given order into noon UTC.
func parseDate(s string, order dateOrder) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, errors.New("no date")
	}
	p, ok := splitDate(s)
	if !ok || !plausibleRest(p.rest) {
		return time.Time{}, fmt.Errorf("invalid date %q", clip(s))
	}
	y, m, d, ok := p.civil(order)
	if !ok {
		return time.Time{}, fmt.Errorf("invalid date %q", clip(s))
	}
	return noonUTC(y, m, d), nil
}

// plausibleRest accepts what may follow a date in a CSV cell: nothing, or
// a time ("2021-09-05 11:32:41", "2020-01-01T13:00:00", "...-08.21.36").
func plausibleRest(rest string) bool {
	return rest == "" || !isDigitByte(rest[0])
}

// layoutFromUser turns a user's date format into a Go layout. Go layouts
// ("02/01/2006") pass through; the common spellings YYYY, YY, MM, DD (and
// M, D) are translated.
func layoutFromUser(f string) string {
	if strings.Contains(f, "2006") || strings.Contains(f, "06") && strings.Contains(f, "01") {
		return f
	}
	r := strings.NewReplacer("YYYY", "2006", "yyyy", "2006", "YY", "06", "yy", "06",
		"MMM", "Jan", "MM", "01", "mm", "01", "DD", "02", "dd", "02", "M", "1", "D", "2", "d", "2")
	return r.Replace(f)
}

// parseLayout reads a date with a Go layout. Zero padding is optional
// ("3/7/2024" matches "01/02/2006"), and a time after the date is ignored.
func parseLayout(s, layout string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("no date")
	}
	relaxed := strings.NewReplacer("01", "1", "02", "2").Replace(layout)
	candidates := []string{s}
	if i := strings.IndexAny(s, " T"); i > 0 {
		candidates = append(candidates, s[:i])
	}
	for _, c := range candidates {
		for _, l := range []string{layout, relaxed} {
			if t, err := time.Parse(l, c); err == nil {
				y, m, d := t.Date()
				if !validDate(y, m, d) {
					return time.Time{}, fmt.Errorf("date %q is out of range", clip(s))
				}
				return noonUTC(y, m, d), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("date %q does not match the format %q", clip(s), layout)
}

func atoi(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}
