package centavo

import "testing"

func TestNormalizeUnits(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"12.5": "12.5", "+007.50": "7.5", "-0.000": "0", "3095.206230511463": "3095.206230511463",
		".037": "0.037", "5": "5", "5.": "5", "-1602.927207913195": "-1602.927207913195", " 1.0000 ": "1",
	}
	for in, want := range good {
		got, err := NormalizeUnits(in)
		if err != nil || got != want {
			t.Errorf("NormalizeUnits(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", ".", "-", "1e5", "1,000", "1.2.3", "abc", "--1", "12345678901234567890123456789012345678901"} {
		if got, err := NormalizeUnits(in); err == nil {
			t.Errorf("NormalizeUnits(%q) = %q, want an error", in, got)
		}
	}
}
