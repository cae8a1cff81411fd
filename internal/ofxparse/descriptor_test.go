package ofxparse

import "testing"

func TestDescriptor(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, payee, memo, want string
	}{
		{"SQ *CAFE", "", "", "SQ *CAFE"},
		{"", "", "CBA:Transfer", "CBA:Transfer"},
		{"000000000000000", "", "PREAUTHORIZED DEBIT;B.C. HYDRO", "PREAUTHORIZED DEBIT;B.C. HYDRO"},
		{"", "ACME", "", "ACME"},
		// NAME is a date and a masked card number: the merchant is in MEMO.
		{"130722 CB****6516", "", "CARREFOUR MARKET PARIS", "CARREFOUR MARKET PARIS"},
		{"XXXX1234 07/13", "", "NETFLIX.COM", "NETFLIX.COM"},
		{"POS", "", "WHOLE FOODS #123", "WHOLE FOODS #123"},
		{"PAYMENT", "", "Electricity June", "Electricity June"},
		{"CHECK 1042", "", "Rent", "Rent"},
		{"ACH DEBIT", "", "COMCAST CABLE", "COMCAST CABLE"},
		// MEMO says nothing: NAME alone.
		{"SQ *CAFE", "", "card 1234", "SQ *CAFE"},
		{"AE Visa Card AE EPAY", "", " XXXXX1234", "AE Visa Card AE EPAY"},
		{"COFFEE SHOP", "", "POS 0713", "COFFEE SHOP"},
		// Neither says anything: NAME, as before.
		{"POS", "", "12/07", "POS"},
		// Both say something: both, once.
		{"ACME", "", "Invoice 42 for May", "ACME — Invoice 42 for May"},
		{"AMAZON", "", "AMAZON MKTPLACE PMTS", "AMAZON MKTPLACE PMTS"},
		{"AMAZON MKTPLACE PM", "", "Amazon Mktplace pmts WA", "Amazon Mktplace pmts WA"},
		{"GROCERY STORE 12", "", "grocery store", "GROCERY STORE 12"},
		{"XXXLUTZ WIEN", "", "", "XXXLUTZ WIEN"},
		{"XXXLUTZ", "", "card 1234", "XXXLUTZ"},
		{"  ", "  Payee Inc ", " ref ABC ", "Payee Inc — ref ABC"},
	} {
		if got := Descriptor(c.name, c.payee, c.memo); got != c.want {
			t.Errorf("Descriptor(%q, %q, %q) = %q, want %q", c.name, c.payee, c.memo, got, c.want)
		}
	}
}
