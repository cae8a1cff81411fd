package categorize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzKey: normalization never panics, and normalizing a key again changes
// nothing; categorizing never panics and gives a clean key.
func FuzzKey(f *testing.F) {
	for _, s := range []string{
		"CHECKCARD 1104 TRADER JOE'S #552 OAKLAND CA", "SQ *BLUE BOTTLE COFFEE OAKLAND CA", "AMZN Mktp US*2K3AB12C0",
		"SHELL OIL 57442660", "PURCHASE AUTHORIZED ON 11/04 CHIPOTLE 1234", "POS POS POS", "#123", "CA", "", "   ",
		"Café Ñandú ÉLAN", "PAYPAL *NETFLIX.COM", "\xff\xfe", "7-ELEVEN 12345", strings.Repeat("A ", 300),
		"BT GROUP PLC 29Z06LXJH", "SP+ PARKING 2772 NEW ORLEANS LA", "GOOGLE *GOOGLE FI G.CO/PAYHELP#", "GOOGLE *FI 7XJ2",
		"RACETRAC44467 BELLEVUE WA", "MURPHY7048ATWAL", "76 - 14706 EMERYVILLE CA", "UNION 76 00729812",
		"AMAZON.COM*RT4KL9PZ2 AMZN.COM/BILLWA", "UBER *TRIP HELP.UBER.COM CA", "APPLE.COM/US 800-676-2775 CA",
		"CARD PAYMENT TO TESCO STORES 3041 ON 12 MAR", "LYFT *RIDE TUE 6PM", "DEBIT PURCHASE -VISA CHIPOTLE 2214 OAKLANDCA",
		"COMCAST DES:CABLE ID:012345678 INDN:JANE DOE CO ID:0000123456 WEB", "IN-N-OUT BURGER #123 IRVINE CA",
		"ORIG CO NAME:COMCAST ORIG ID:0000123456 DESC DATE:241104", "VENMO *JANE DOE XXXX1234", "1-800-FLOWERS.COM",
		"WWW.X.CO.UK/A/B", "A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R.S.T.U.V.W.X.Y.Z", "+&+&+", "X+ X+ X+",
	} {
		f.Add(s)
	}
	sellers, err := Seeded()
	if err != nil {
		f.Fatal(err)
	}
	c := &Categorizer{Sellers: sellers}
	clean := func(k string) bool {
		return utf8.ValidString(k) && !strings.Contains(k, "  ") && strings.TrimSpace(k) == k
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if again := Key(k); again != k {
			t.Fatalf("Key(%q) = %q, but Key(%q) = %q", s, k, k, again)
		}
		if !clean(k) {
			t.Fatalf("Key(%q) = %q is not clean", s, k)
		}
		r := c.Categorize(Input{Descriptor: s})
		if !clean(r.Key) || r.Category == "" {
			t.Fatalf("Categorize(%q) = %+v", s, r)
		}
		if again := c.Categorize(Input{Descriptor: r.Key}).Key; again != r.Key {
			t.Fatalf("Categorize(%q).Key = %q, but categorizing it gives %q", s, r.Key, again)
		}
	})
}
