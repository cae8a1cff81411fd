package centavo

import "testing"

func TestFormatMoney(t *testing.T) {
	for _, c := range []struct {
		cents int64
		cur   string
		want  string
	}{
		{0, "USD", "$0.00"}, {5, "USD", "$0.05"}, {123456, "USD", "$1,234.56"}, {-350, "EUR", "-€3.50"},
		{100000000, "GBP", "£1,000,000.00"}, {1200, "CHF", "CHF 12.00"}, {99, "", "0.99"},
		{123456, "JPY", "¥123,456"}, {-5, "JPY", "-¥5"}, {1500, "KWD", "KWD 1.500"}, {7, "BHD", "BHD 0.007"},
	} {
		if got := FormatMoney(c.cents, c.cur); got != c.want {
			t.Errorf("FormatMoney(%d, %q) = %q, want %q", c.cents, c.cur, got, c.want)
		}
	}
}
