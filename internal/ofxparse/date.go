package ofxparse

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ParseDate reads an OFX date: YYYYMMDD, optionally followed by HHMM,
// SS, .XXX and a time zone [offset:NAME] such as [-5:EST], [-03:EST] or
// [0:GMT]. A value with no time of day, or with exactly midnight (how banks
// write "a date" in a datetime field), is a calendar date and becomes noon
// UTC of that day, so that it shows as the same calendar day in every time
// zone from UTC-11 to UTC+11; other values are converted to UTC using the
// offset (GMT when there is none, as the OFX specification says).
func ParseDate(s string) (time.Time, error) {
	raw := s
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("invalid date %q", clip(raw))
	if s == "" {
		return time.Time{}, errors.New("empty date")
	}
	n := 0
	for n < len(s) && isDigitByte(s[n]) {
		n++
	}
	if n != 8 && n != 10 && n != 12 && n != 14 {
		return time.Time{}, bad
	}
	num := func(i, j int) int {
		v := 0
		for k := i; k < j && k < n; k++ {
			v = v*10 + int(s[k]-'0')
		}
		return v
	}
	y, m, d := num(0, 4), time.Month(num(4, 6)), num(6, 8)
	hh, mm, ss := num(8, 10), num(10, 12), num(12, 14)
	if !validDate(y, m, d) || hh > 23 || mm > 59 || ss > 60 {
		return time.Time{}, bad
	}
	rest := s[n:]
	nanos := 0
	if strings.HasPrefix(rest, ".") {
		k := 1
		for k < len(rest) && isDigitByte(rest[k]) {
			if k <= 9 {
				nanos = nanos*10 + int(rest[k]-'0')
			}
			k++
		}
		for i := min(k, 10); i < 10; i++ {
			nanos *= 10
		}
		rest = rest[k:]
	}
	offset := 0
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return time.Time{}, bad
		}
		offset = zoneOffset(rest[1:end])
		rest = strings.TrimSpace(rest[end+1:])
	}
	if rest != "" {
		return time.Time{}, bad
	}
	if hh == 0 && mm == 0 && ss == 0 && nanos == 0 {
		return time.Date(y, m, d, 12, 0, 0, 0, time.UTC), nil
	}
	if ss == 60 {
		ss = 59 // a leap second; keep the day right
	}
	return time.Date(y, m, d, hh, mm, ss, nanos, time.FixedZone("", offset)).UTC(), nil
}

// zoneOffset reads the inside of an OFX time zone, "-5:EST", "+5.30:IST",
// "-03:EST", "0:GMT" or "-:EST", into seconds east of UTC. The number wins
// over the name when both are there (files say "[-03:EST]" for Brazil);
// an unreadable zone counts as UTC.
func zoneOffset(tz string) int {
	num, name, _ := strings.Cut(tz, ":")
	num = strings.TrimSpace(num)
	sign := 1
	switch {
	case strings.HasPrefix(num, "-"):
		sign, num = -1, num[1:]
	case strings.HasPrefix(num, "+"):
		num = num[1:]
	}
	if num == "" {
		return zoneNames[strings.ToUpper(strings.TrimSpace(name))]
	}
	hours, frac, _ := strings.Cut(num, ".")
	if hours == "" || len(hours) > 2 || len(frac) > 2 {
		return 0
	}
	h := 0
	for i := 0; i < len(hours); i++ {
		if !isDigitByte(hours[i]) {
			return 0
		}
		h = h*10 + int(hours[i]-'0')
	}
	minutes := 0
	if frac != "" {
		// Decimal hours, as the OFX specification writes them: 5.5 is 5h30.
		f := 0
		for i := 0; i < len(frac); i++ {
			if !isDigitByte(frac[i]) {
				return 0
			}
			f = f*10 + int(frac[i]-'0')
		}
		switch {
		case frac == "30" || frac == "45":
			minutes = f // "+5.30" is written for 5h30, never 5.3 hours
		case len(frac) == 1:
			minutes = f * 6
		default:
			minutes = f * 60 / 100
		}
	}
	if h > 14 {
		return 0
	}
	return sign * (h*3600 + minutes*60)
}

// zoneNames are the zone abbreviations OFX files use without an offset.
var zoneNames = map[string]int{
	"GMT": 0, "UTC": 0, "Z": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
}

// validDate reports whether y-m-d is a real calendar day in a plausible
// range for a bank statement, the range the file import readers accept
// for every format.
func validDate(y int, m time.Month, d int) bool {
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && day.Day() == d
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }
