package web

import "testing"

func TestParseDollars(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"0": 0, "12": 1200, "12.5": 1250, "12.05": 1205, "$1,234.56": 123456, " 80 ": 8000, ".5": 50} {
		if got, ok := parseDollars(in); !ok || got != want {
			t.Errorf("parseDollars(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-1", "1.234", "1.", "abc", "+5", "1e5", "1.-5", "99999999999999999999"} {
		if got, ok := parseDollars(in); ok {
			t.Errorf("parseDollars(%q) = %d, want an error", in, got)
		}
	}
}

func TestParseMoney(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, cur string
		want    int64
	}{
		{"250,000", "USD", 25_000_000}, {"-35.10", "USD", -3510}, {"¥30,000,000", "JPY", 30_000_000},
		{"1.500", "KWD", 1500}, {"-$5", "USD", -500}, {".5", "EUR", 50},
	} {
		if got, ok := parseMoney(c.in, c.cur); !ok || got != c.want {
			t.Errorf("parseMoney(%q, %s) = %d, %v; want %d", c.in, c.cur, got, ok, c.want)
		}
	}
	for _, c := range []struct{ in, cur string }{
		{"1200.5", "JPY"}, {"1.2345", "KWD"}, {"12.345", "USD"}, {"lots", "USD"}, {"--5", "USD"}, {"999999999999999999", "USD"},
	} {
		if got, ok := parseMoney(c.in, c.cur); ok {
			t.Errorf("parseMoney(%q, %s) = %d, want an error", c.in, c.cur, got)
		}
	}
}
