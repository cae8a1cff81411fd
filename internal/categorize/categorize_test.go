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
