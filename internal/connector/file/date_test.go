package file

import (
	"testing"
	"time"
)

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

func TestParseDateOrders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		order dateOrder
		want  time.Time
	}{
		{"03/25/2001", orderMDY, utc(2001, 3, 25, 12, 0, 0)},
		{"25/03/2001", orderDMY, utc(2001, 3, 25, 12, 0, 0)},
		{"25.03.2001", orderDMY, utc(2001, 3, 25, 12, 0, 0)},
		{"2001-03-25", orderMDY, utc(2001, 3, 25, 12, 0, 0)}, // year first whatever the order
		{"2001-03-25 23:59:59", orderDMY, utc(2001, 3, 25, 12, 0, 0)},
		{"2020-01-01T13:00:00", orderDMY, utc(2020, 1, 1, 12, 0, 0)},
		{"2013-07-03-08.21.36.47192", orderDMY, utc(2013, 7, 3, 12, 0, 0)},
		{"20200213", orderDMY, utc(2020, 2, 13, 12, 0, 0)},
		{"6/12/15", orderMDY, utc(2015, 6, 12, 12, 0, 0)},
		{"23-Jan-15", orderUnknown, utc(2015, 1, 23, 12, 0, 0)},
		{"Jan 23, 2015", orderUnknown, utc(2015, 1, 23, 12, 0, 0)},
		{"23 January 2015", orderUnknown, utc(2015, 1, 23, 12, 0, 0)},
		{"1/2'06", orderMDY, utc(2006, 1, 2, 12, 0, 0)},
		{"03/25/099", orderMDY, utc(1999, 3, 25, 12, 0, 0)},
		{"12/19/18", orderMDY, utc(2018, 12, 19, 12, 0, 0)},
		{"12/19/85", orderMDY, utc(1985, 12, 19, 12, 0, 0)},
		{" 3/ 5/98", orderMDY, utc(1998, 3, 5, 12, 0, 0)},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, tt.order)
		if err != nil {
			t.Errorf("parseDate(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "31/02/2020", "02/31/2020x", "13/13/2020", "pending", "1/2", "12345/1/1", "2020-02-30", "0/0/0"} {
		if got, err := parseDate(bad, orderDMY); err == nil {
			t.Errorf("parseDate(%q) = %v, want an error", bad, got)
		}
	}
}

// TestParseDateForms covers the forms of issue 18: year-first dates with
// colons, month abbreviations and month names in the dictionary's
// languages (full, genitive and abbreviated), with any case and accents.
func TestParseDateForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2012:03:01", utc(2012, 3, 1, 12, 0, 0)},
		{"2012:03:01 10:11:12", utc(2012, 3, 1, 12, 0, 0)},
		{"01-Mar-2012", utc(2012, 3, 1, 12, 0, 0)},
		{"01-MAR-12", utc(2012, 3, 1, 12, 0, 0)},
		{"1. März 2012", utc(2012, 3, 1, 12, 0, 0)}, // German
		{"01.Mrz.2012", utc(2012, 3, 1, 12, 0, 0)},  // German abbreviation
		{"15. Dezember 2012", utc(2012, 12, 15, 12, 0, 0)},
		{"3 Jänner 2012", utc(2012, 1, 3, 12, 0, 0)}, // Austrian
		{"1 févr. 2012", utc(2012, 2, 1, 12, 0, 0)},  // French
		{"14 juillet 2012", utc(2012, 7, 14, 12, 0, 0)},
		{"25 août 2012", utc(2012, 8, 25, 12, 0, 0)},
		{"1 AOUT 2012", utc(2012, 8, 1, 12, 0, 0)},        // without the accent
		{"1 de marzo de 2012", utc(2012, 3, 1, 12, 0, 0)}, // Spanish
		{"07-ene-2012", utc(2012, 1, 7, 12, 0, 0)},
		{"7 dic 2012", utc(2012, 12, 7, 12, 0, 0)},     // Spanish and Italian
		{"12 maggio 2012", utc(2012, 5, 12, 12, 0, 0)}, // Italian
		{"12-giu-2012", utc(2012, 6, 12, 12, 0, 0)},
		{"4 mrt 2012", utc(2012, 3, 4, 12, 0, 0)}, // Dutch
		{"4 mei 2012", utc(2012, 5, 4, 12, 0, 0)},
		{"5 de março de 2012", utc(2012, 3, 5, 12, 0, 0)}, // Portuguese
		{"5 out 2012", utc(2012, 10, 5, 12, 0, 0)},
		{"5 października 2012", utc(2012, 10, 5, 12, 0, 0)}, // Polish genitive
		{"5 paź 2012", utc(2012, 10, 5, 12, 0, 0)},
		{"5 března 2012", utc(2012, 3, 5, 12, 0, 0)}, // Czech
		{"5 марта 2012", utc(2012, 3, 5, 12, 0, 0)},  // Russian genitive
		{"5 сент. 2012", utc(2012, 9, 5, 12, 0, 0)},
		{"5 Декабрь 2012", utc(2012, 12, 5, 12, 0, 0)},
		{"5 листопада 2012", utc(2012, 11, 5, 12, 0, 0)},  // Ukrainian
		{"5 maaliskuuta 2012", utc(2012, 3, 5, 12, 0, 0)}, // Finnish
		{"5 okt 2012", utc(2012, 10, 5, 12, 0, 0)},        // Swedish, Danish, Norwegian
		{"5 balandžio 2012", utc(2012, 4, 5, 12, 0, 0)},   // Lithuanian
		{"5 Şubat 2012", utc(2012, 2, 5, 12, 0, 0)},       // Turkish
		{"5 SUBAT 2012", utc(2012, 2, 5, 12, 0, 0)},
		{"Sept 5, 2012", utc(2012, 9, 5, 12, 0, 0)},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, orderUnknown)
		if err != nil {
			t.Errorf("parseDate(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// Not dates: a word that is no month, a prefix two months share
	// (Czech "červ…" is June and July), a colon where the year is last.
	for _, bad := range []string{"5 Foo 2012", "5 červ 2012", "01:03:2012", "5 ma 2012", "2012:03"} {
		if got, err := parseDate(bad, orderDMY); err == nil {
			t.Errorf("parseDate(%q) = %v, want an error", bad, got)
		}
	}
}

func TestDetectOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		values   []string
		fallback dateOrder
		want     dateOrder
		wantErr  bool
	}{
		{"day above 12 first", []string{"01/02/2020", "24/03/2022"}, orderUnknown, orderDMY, false},
		{"day above 12 second", []string{"01/02/2020", "03/24/2022"}, orderUnknown, orderMDY, false},
		{"ambiguous refused", []string{"01/02/2020", "05/03/2021"}, orderUnknown, orderUnknown, false},
		{"ambiguous with fallback", []string{"01/02/2020"}, orderMDY, orderMDY, false},
		{"dots are day first", []string{"01.02.2020", "05.03.2021"}, orderUnknown, orderDMY, false},
		{"iso", []string{"2020-01-02", "2021-03-05"}, orderUnknown, orderYMD, false},
		{"mixed", []string{"13/01/2020", "01/13/2020"}, orderUnknown, orderUnknown, true},
		{"junk ignored", []string{"pending", "13/01/2020", ""}, orderUnknown, orderDMY, false},
	}
	for _, tt := range tests {
		got, err := detectOrder(tt.values, tt.fallback)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s: detectOrder = %v, %v; want %v (error %v)", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseLayout(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, format string }{
		{"25.03.2001", "02.01.2006"},
		{"25.03.2001", "DD.MM.YYYY"},
		{"3/25/2001", "01/02/2006"},
		{"03/25/2001", "MM/DD/YYYY"},
		{"25/3/2001", "DD/MM/YYYY"},
		{"2001-03-25 10:00", "2006-01-02"},
		{"2001-03-25", "YYYY-MM-DD"},
		{"25/03/01", "DD/MM/YY"},
	}
	for _, tt := range tests {
		got, err := parseLayout(tt.in, layoutFromUser(tt.format))
		if err != nil {
			t.Errorf("parseLayout(%q, %q): %v", tt.in, tt.format, err)
			continue
		}
		if want := utc(2001, 3, 25, 12, 0, 0); !got.Equal(want) {
			t.Errorf("parseLayout(%q, %q) = %v, want %v", tt.in, tt.format, got, want)
		}
	}
	if _, err := parseLayout("31.02.2001", "02.01.2006"); err == nil {
		t.Error("Feb 31 accepted")
	}
	if _, err := parseLayout("03/25/2001", "02/01/2006"); err == nil {
		t.Error("month 25 accepted")
	}
}
