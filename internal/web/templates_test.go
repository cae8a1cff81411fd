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
