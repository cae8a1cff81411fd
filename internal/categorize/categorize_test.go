package categorize

import (
	"testing"

	"github.com/centavo/centavo"
)

// userRules is a user's merchant → category rules, for tests.
type userRules map[int64]map[string]string

func (u userRules) UserRule(userID int64, key string) (string, bool) {
	cat, ok := u[userID][key]
	return cat, ok
}

func TestCategorizePrecedence(t *testing.T) {
	t.Parallel()
	sellers, err := Seeded()
	if err != nil {
		t.Fatal(err)
	}
	crowd := NewCrowdIndex(3, 0.6)
	crowd.Set(0, "OAKWOOD APTS RENT", centavo.CatShopping, 3)
	c := &Categorizer{
		Sellers: sellers,
		Rules: userRules{7: {
			"STARBUCKS STORE":   centavo.CatFood,
			"ACME CORP PAYROLL": centavo.CatTransfer,
		}},
		Crowd: crowd,
	}
	for _, tc := range []struct {
		name     string
		in       Input
		category string
		source   string
		merchant string
	}{
		{"user rule beats the seller map", Input{UserID: 7, Descriptor: "STARBUCKS STORE 05873 SEATTLE WA"},
			centavo.CatFood, centavo.SourceRule, "Starbucks"},
		{"another user gets the seller map", Input{UserID: 8, Descriptor: "STARBUCKS STORE 05873 SEATTLE WA"},
			centavo.CatRestaurants, centavo.SourceSeed, "Starbucks"},
		{"user rule beats a strong keyword", Input{UserID: 7, Descriptor: "ACME CORP PAYROLL PPD ID: 9123456789"},
			centavo.CatTransfer, centavo.SourceRule, "Acme Corp Payroll"},
		{"strong keyword beats the seller map's prefix", Input{UserID: 8, Descriptor: "ACME CORP PAYROLL PPD ID: 9123456789"},
			centavo.CatIncome, centavo.SourceSeed, "Acme Corp Payroll"},
		{"strong keyword keeps the seller's name when they agree", Input{Descriptor: "CHASE CREDIT CRD AUTOPAY PPD ID: 4760039224"},
			centavo.CatTransfer, centavo.SourceSeed, "Chase Credit Card Payment"},
		{"seller map beats a weak keyword", Input{Descriptor: "ENTERPRISE RENT-A-CAR NASHVILLE TN"},
			centavo.CatTravel, centavo.SourceSeed, "Enterprise Rent-A-Car"},
		{"crowd beats a weak keyword", Input{Descriptor: "OAKWOOD APTS RENT WEB PMT 12345678"},
			centavo.CatShopping, centavo.SourceCrowd, "Oakwood Apts Rent"},
		{"weak keyword for an unknown merchant", Input{Descriptor: "MAPLE COURT RENT WEB PMT 12345678"},
			centavo.CatHousing, centavo.SourceSeed, "Maple Court Rent"},
		{"weak keyword beats the institution's code", Input{Descriptor: "MONTHLY SERVICE FEE", TrnType: "DEBIT"},
			centavo.CatFees, centavo.SourceSeed, "Monthly Service Fee"},
		{"institution's code last", Input{Descriptor: "SOME LOCAL SHOP", TrnType: "DIRECTDEP"},
			centavo.CatIncome, centavo.SourceMCC, "Some Local Shop"},
		{"interest is a fee when paid out", Input{Descriptor: "X", TrnType: "INT", AmountCents: -100},
			centavo.CatFees, centavo.SourceMCC, "X"},
		{"nothing known", Input{Descriptor: "SOME LOCAL SHOP"},
			centavo.CatUncategorized, centavo.SourceNone, "Some Local Shop"},
		{"no letters or digits", Input{Descriptor: "*** ###"},
			centavo.CatUncategorized, centavo.SourceNone, "Unknown"},
	} {
		r := c.Categorize(tc.in)
		if r.Category != tc.category || r.Source != tc.source || r.Merchant != tc.merchant {
			t.Errorf("%s: %q gave %s from %s (%q), want %s from %s (%q)",
				tc.name, tc.in.Descriptor, r.Category, r.Source, r.Merchant, tc.category, tc.source, tc.merchant)
		}
	}
}

// TestCategorizeWithoutSellers: a categorizer with no seller map still
// normalizes and uses keywords.
func TestCategorizeWithoutSellers(t *testing.T) {
	t.Parallel()
	var c Categorizer
	r := c.Categorize(Input{Descriptor: "PAYMENT THANK YOU - WEB"})
	if r.Category != centavo.CatTransfer || r.Key != "PAYMENT THANK YOU" {
		t.Fatalf("got %+v", r)
	}
}

// TestCategorizeAllocations holds a known merchant to one allocation (its
// key string).
func TestCategorizeAllocations(t *testing.T) {
	sellers, err := Seeded()
	if err != nil {
		t.Fatal(err)
	}
	c := &Categorizer{Sellers: sellers}
	in := Input{Descriptor: "CHECKCARD 1104 TRADER JOE'S #552 OAKLAND CA 24692163308100012345678"}
	if n := testing.AllocsPerRun(200, func() { c.Categorize(in) }); n > 1 {
		t.Fatalf("%v allocations per categorization, want at most 1", n)
	}
}

// TestCategorizerAsksTheCrowd: the crowd files a merchant the seller map does
// not know, before weak keywords and the institution's code, and never
// overrides the seller map.
func TestCategorizerAsksTheCrowd(t *testing.T) {
	t.Parallel()
	sellers, err := Seeded()
	if err != nil {
		t.Fatal(err)
	}
	crowd := NewCrowdIndex(3, 0.6)
	cat := &Categorizer{Sellers: sellers, Crowd: crowd}
	crowd.Set(0, "LUIGIS PIZZA", centavo.CatRestaurants, 3)
	crowd.Set(0, "JOES RENT A CAR", centavo.CatTransport, 3)
	crowd.Set(1, "STARBUCKS STORE", centavo.CatFood, 3)
	for _, tc := range []struct {
		in             Input
		category, from string
	}{
		{Input{Descriptor: "CLOVER *LUIGIS PIZZA"}, centavo.CatRestaurants, centavo.SourceCrowd},
		{Input{Descriptor: "JOES RENT A CAR ORLANDO FL"}, centavo.CatTransport, centavo.SourceCrowd},
		{Input{Descriptor: "STARBUCKS STORE 05873 SEATTLE WA"}, centavo.CatRestaurants, centavo.SourceSeed},
		{Input{Descriptor: "MARIOS RENT A CAR ORLANDO FL"}, centavo.CatTravel, centavo.SourceSeed},
		{Input{Descriptor: "SOME LOCAL SHOP", TrnType: "XFER"}, centavo.CatTransfer, centavo.SourceMCC},
		{Input{Descriptor: "SOME LOCAL SHOP"}, centavo.CatUncategorized, centavo.SourceNone},
	} {
		r := cat.Categorize(tc.in)
		if r.Category != tc.category || r.Source != tc.from {
			t.Errorf("%q: got %s from %s, want %s from %s", tc.in.Descriptor, r.Category, r.Source, tc.category, tc.from)
		}
	}
}

// TestCrowdFollowsDirection: the crowd never files an outflow under income
// or transfer, nor anything under transfer; an inflow may be income or a
// refund. When the crowd may not decide, the next one asked does.
func TestCrowdFollowsDirection(t *testing.T) {
	t.Parallel()
	sellers, err := Seeded()
	if err != nil {
		t.Fatal(err)
	}
	crowd := NewCrowdIndex(3, 0.6)
	for _, c := range []struct{ descriptor, category string }{
		{"ZORBLAX WIDGET EMPORIUM", centavo.CatIncome},
		{"QUIMBY HOLDINGS", centavo.CatTransfer},
		{"OAKWOOD APTS RENT", centavo.CatIncome},
		{"LUIGIS PIZZA", centavo.CatRestaurants},
	} {
		crowd.Set(0, Key(c.descriptor), c.category, 10)
	}
	cat := &Categorizer{Sellers: sellers, Crowd: crowd}
	for _, tc := range []struct {
		name             string
		in               Input
		category, source string
	}{
		{"an outflow is not income", Input{Descriptor: "ZORBLAX WIDGET EMPORIUM", AmountCents: -25000},
			centavo.CatUncategorized, centavo.SourceNone},
		{"nor is a zero amount", Input{Descriptor: "ZORBLAX WIDGET EMPORIUM"},
			centavo.CatUncategorized, centavo.SourceNone},
		{"an inflow may be income", Input{Descriptor: "ZORBLAX WIDGET EMPORIUM", AmountCents: 25000},
			centavo.CatIncome, centavo.SourceCrowd},
		{"an outflow is not a transfer", Input{Descriptor: "QUIMBY HOLDINGS", AmountCents: -25000},
			centavo.CatUncategorized, centavo.SourceNone},
		{"nor is an inflow", Input{Descriptor: "QUIMBY HOLDINGS", AmountCents: 25000},
			centavo.CatUncategorized, centavo.SourceNone},
		{"the bank's code still says transfer", Input{Descriptor: "QUIMBY HOLDINGS", AmountCents: -25000, TrnType: "XFER"},
			centavo.CatTransfer, centavo.SourceMCC},
		{"a weak keyword decides the outflow the crowd may not", Input{Descriptor: "OAKWOOD APTS RENT WEB PMT 12345678", AmountCents: -150000},
			centavo.CatHousing, centavo.SourceSeed},
		{"a purchase", Input{Descriptor: "CLOVER *LUIGIS PIZZA", AmountCents: -1800},
			centavo.CatRestaurants, centavo.SourceCrowd},
		{"a refund", Input{Descriptor: "CLOVER *LUIGIS PIZZA", AmountCents: 1800},
			centavo.CatRestaurants, centavo.SourceCrowd},
	} {
		r := cat.Categorize(tc.in)
		if r.Category != tc.category || r.Source != tc.source {
			t.Errorf("%s: %q %d gave %s from %s, want %s from %s", tc.name, tc.in.Descriptor, tc.in.AmountCents, r.Category, r.Source, tc.category, tc.source)
		}
	}
}

// TestCrowdNeverOverridesSellers: however many vote, a merchant of the
// seeded map keeps the map's category, in either direction.
func TestCrowdNeverOverridesSellers(t *testing.T) {
	t.Parallel()
	sellers, err := Seeded()
	if err != nil {
		t.Fatal(err)
	}
	crowd := NewCrowdIndex(3, 0.6)
	for _, d := range []string{"STARBUCKS STORE 05873 SEATTLE WA", "CHECKCARD 1104 TRADER JOE'S #552 OAKLAND CA"} {
		crowd.Set(0, Key(d), centavo.CatIncome, 1000)
		crowd.Set(1, Key(d), centavo.CatIncome, 1000)
	}
	cat := &Categorizer{Sellers: sellers, Crowd: crowd}
	for _, tc := range []struct {
		in       Input
		category string
	}{
		{Input{Descriptor: "STARBUCKS STORE 05873 SEATTLE WA", AmountCents: -650}, centavo.CatRestaurants},
		{Input{Descriptor: "STARBUCKS STORE 05873 SEATTLE WA", AmountCents: 650}, centavo.CatRestaurants},
		{Input{Descriptor: "CHECKCARD 1104 TRADER JOE'S #552 OAKLAND CA", AmountCents: -4200}, centavo.CatFood},
	} {
		if _, ok := crowd.Consensus(Key(tc.in.Descriptor)); !ok {
			t.Fatalf("%q: no consensus to resist", tc.in.Descriptor)
		}
		r := cat.Categorize(tc.in)
		if r.Category != tc.category || r.Source != centavo.SourceSeed {
			t.Errorf("%q %d: %s from %s, want %s from the seller map", tc.in.Descriptor, tc.in.AmountCents, r.Category, r.Source, tc.category)
		}
	}
}
