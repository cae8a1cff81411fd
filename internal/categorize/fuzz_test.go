package categorize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzKey: normalization never panics, and normalizing a key again changes
// nothing.
func FuzzKey(f *testing.F) {
	for _, s := range []string{
		"CHECKCARD 1104 TRADER JOE'S #552 OAKLAND CA", "SQ *BLUE BOTTLE COFFEE OAKLAND CA", "AMZN Mktp US*2K3AB12C0",
		"SHELL OIL 57442660", "PURCHASE AUTHORIZED ON 11/04 CHIPOTLE 1234", "POS POS POS", "#123", "CA", "", "   ",
		"Café Ñandú ÉLAN", "PAYPAL *NETFLIX.COM", "\xff\xfe", "7-ELEVEN 12345", strings.Repeat("A ", 300),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if again := Key(k); again != k {
			t.Fatalf("Key(%q) = %q, but Key(%q) = %q", s, k, k, again)
		}
		if !utf8.ValidString(k) || strings.Contains(k, "  ") || strings.TrimSpace(k) != k {
			t.Fatalf("Key(%q) = %q is not clean", s, k)
		}
	})
}
