package ofxparse

import (
	"testing"
	"time"
)

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

func TestParseDate(t *testing.T) {
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
		got, err := ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "   ", "20120231", "201120000000", "2012", "2012023", "20121301", "00000000",
		"20230509250000", "20230509126100", "20230509120000[-5:EST", "20180804093914:014", "2023-05-09", "20230509x"} {
		if got, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", bad, got)
		}
	}
}
