package sandbox

import (
	"fmt"
	"time"

	"github.com/centavo/centavo"
)

// Besides the chains of the catalogue, people spend at small independent
// businesses near them, which no seeded seller map knows: that is what the
// crowd's consensus is for. Customers live in five neighborhoods (n mod 5);
// each neighborhood has three local businesses in its town, visited on about
// one day in twelve. These businesses are invented.
var neighborhoods = [5][3]Merchant{
	{
		{Category: centavo.CatRestaurants, Name: "Luigi's Trattoria", Descriptors: []string{"SQ *LUIGI'S TRATTORIA OAKLAND CA"}, MinCents: 1800, MaxCents: 9000},
		{Category: centavo.CatFood, Name: "Elm Street Grocery", Descriptors: []string{"ELM STREET GROCERY OAKLAND CA"}, MinCents: 900, MaxCents: 6000},
		{Category: centavo.CatPersonalCare, Name: "Main St Barber Shop", Descriptors: []string{"MAIN ST BARBER SHOP"}, MinCents: 2500, MaxCents: 4500},
	},
	{
		{Category: centavo.CatRestaurants, Name: "Harbor Noodle House", Descriptors: []string{"TST* HARBOR NOODLE HOUSE SEATTLE WA"}, MinCents: 1400, MaxCents: 5500},
		{Category: centavo.CatFood, Name: "Green Valley Farm Market", Descriptors: []string{"GREEN VALLEY FARM MARKET"}, MinCents: 1200, MaxCents: 7000},
		{Category: centavo.CatPets, Name: "Paws & Claws Pet Supply", Descriptors: []string{"PAWS & CLAWS PET SUPPLY SEATTLE WA"}, MinCents: 1500, MaxCents: 8000},
	},
	{
		{Category: centavo.CatRestaurants, Name: "Sunrise Bakery Cafe", Descriptors: []string{"SQ *SUNRISE BAKERY CAFE AUSTIN TX"}, MinCents: 450, MaxCents: 2500},
		{Category: centavo.CatHousing, Name: "Oak Hill Hardware", Descriptors: []string{"OAK HILL HARDWARE #{store}"}, MinCents: 800, MaxCents: 15000},
		{Category: centavo.CatGiftsDonations, Name: "Bloom Florist Studio", Descriptors: []string{"BLOOM FLORIST STUDIO"}, MinCents: 3000, MaxCents: 12000},
	},
	{
		{Category: centavo.CatRestaurants, Name: "El Ranchito Taqueria", Descriptors: []string{"EL RANCHITO TAQUERIA CHICAGO IL"}, MinCents: 900, MaxCents: 4000},
		{Category: centavo.CatPersonalCare, Name: "Northside Dry Cleaners", Descriptors: []string{"NORTHSIDE DRY CLEANERS"}, MinCents: 1200, MaxCents: 6000},
		{Category: centavo.CatEntertainment, Name: "Page Turner Books", Descriptors: []string{"PAGE TURNER BOOKS CHICAGO IL"}, MinCents: 1200, MaxCents: 6000},
	},
	{
		{Category: centavo.CatRestaurants, Name: "Blue Door Coffee Roasters", Descriptors: []string{"SQ *BLUE DOOR COFFEE ROASTE"}, MinCents: 400, MaxCents: 1800},
		{Category: centavo.CatHealth, Name: "Cityside Fitness Club", Descriptors: []string{"CITYSIDE FITNESS CLUB"}, MinCents: 2500, MaxCents: 6500},
		{Category: centavo.CatKids, Name: "Little Sprouts Toy Shop", Descriptors: []string{"LITTLE SPROUTS TOY SHOP BROOKLYN NY"}, MinCents: 1500, MaxCents: 9000},
	},
}

// LocalMerchants returns the local businesses of customer n's neighborhood.
func LocalMerchants(n uint64) []Merchant { return neighborhoods[n%5][:] }

// localPurchase is the day's purchase at a local business, if any. It draws
// from its own random stream, so the rest of a day stays as it was.
func (c Customer) localPurchase(day time.Time) (purchase, bool) {
	r := seed(c.N, "local", dayKey(day))
	if r.IntN(12) != 0 {
		return purchase{}, false
	}
	m := LocalMerchants(c.N)[r.IntN(3)]
	return purchase{account: onCard, txn: Txn{
		FITID:       fmt.Sprintf("%sL", dayKey(day)),
		Posted:      day.Add(12 * time.Hour),
		AmountCents: -amount(r, m.MinCents, m.MaxCents),
		Name:        fill(r, m.Descriptors[0], day),
		TrnType:     "DEBIT",
		Category:    m.Category,
		Merchant:    m.Name,
	}}, true
}
