package file

import (
	"testing"
	"time"
)

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

func TestParseOFXDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
	}{
		{"20230509", utc(2023, 5, 9, 12, 0, 0)},                          // date only: noon UTC
		{"20230509000000", utc(2023, 5, 9, 12, 0, 0)},                    // midnight is a date
		{"20181030000000.000[-5:EDT]", utc(2018, 10, 30, 12, 0, 0)},      // midnight in any zone is a date
		{"20230509120000.000[-5:EST]", utc(2023, 5, 9, 17, 0, 0)},        // real time: converted
		{"20190918100000[-03:EST]", utc(2019, 9, 18, 13, 0, 0)},          // the number wins over the name
		{"20201201120000.000[-8:PST]", utc(2020, 12, 1, 20, 0, 0)},       //
		{"20200101120000[0:GMT]", utc(2020, 1, 1, 12, 0, 0)},             //
		{"20110308020000", utc(2011, 3, 8, 2, 0, 0)},                     // no zone: GMT
		{"200510291120", utc(2005, 10, 29, 11, 20, 0)},                   // HHMM only
		{"20231231230000[+5.30:IST]", utc(2023, 12, 31, 17, 30, 0)},      //
		{"20231231230000[+5.5:IST]", utc(2023, 12, 31, 17, 30, 0)},       // decimal hours
		{"20231231230000[-:EST]", utc(2024, 1, 1, 4, 0, 0)},              // name only
		{" 20230509120000.123 ", utc(2023, 5, 9, 12, 0, 0).Add(123e6)},   // blanks, milliseconds
		{"20230509120000.5[-5]", utc(2023, 5, 9, 17, 0, 0).Add(500e6)},   // zone without a name
		{"20240229", utc(2024, 2, 29, 12, 0, 0)},                         // leap day
		{"20231231235960", utc(2023, 12, 31, 23, 59, 59)},                // leap second kept in its day
		{"20230509120000[garbage:XYZ]", utc(2023, 5, 9, 12, 0, 0)},       // unreadable zone: UTC
		{"20230509120000[+99:XYZ]", utc(2023, 5, 9, 12, 0, 0)},           // impossible offset: UTC
		{"20230509120000.000000000001", utc(2023, 5, 9, 12, 0, 0)},       // sub-nanosecond digits dropped
		{"20230509120000.000[-5:EST]  ", utc(2023, 5, 9, 17, 0, 0)},      //
		{"20230509120000.000 [-5:EST]", utc(2023, 5, 9, 17, 0, 0)},       //
		{"20230509120000.000[-05:EST]", utc(2023, 5, 9, 17, 0, 0)},       //
		{"20230509120000.000[+0:UTC]", utc(2023, 5, 9, 12, 0, 0)},        //
		{"20230509120000.000[-12:XX]", utc(2023, 5, 10, 0, 0, 0)},        //
		{"20230509120000.000[+14:LINT]", utc(2023, 5, 8, 22, 0, 0)},      //
		{"20230509120000.000[-3.30:NST]", utc(2023, 5, 9, 15, 30, 0)},    //
		{"20230509120000.000[-3.5:NST]", utc(2023, 5, 9, 15, 30, 0)},     //
		{"20230509120000.000[+5.45:NPT]", utc(2023, 5, 9, 6, 15, 0)},     //
		{"20230509120000.000[+9.75:ACWST]", utc(2023, 5, 9, 2, 15, 0)},   //
		{"20230509120000.000[+5.25:XX]", utc(2023, 5, 9, 6, 45, 0)},      //
		{"20230509120000.000[-0.5:XX]", utc(2023, 5, 9, 12, 30, 0)},      //
		{"20230509120000.000[+12.75:CHAST]", utc(2023, 5, 8, 23, 15, 0)}, //
	}
	for _, tt := range tests {
		got, err := parseOFXDate(tt.in)
		if err != nil {
			t.Errorf("parseOFXDate(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("parseOFXDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "   ", "20120231", "201120000000", "2012", "2012023", "20121301", "00000000",
		"20230509250000", "20230509126100", "20230509120000[-5:EST", "20180804093914:014", "2023-05-09", "20230509x"} {
		if got, err := parseOFXDate(bad); err == nil {
			t.Errorf("parseOFXDate(%q) = %v, want an error", bad, got)
		}
	}
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
