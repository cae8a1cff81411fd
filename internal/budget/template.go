package budget

import "github.com/centavo/centavo"

// The budget template: what share of monthly income each spending category
// gets, by income tier. Only a user's overrides are stored; every other
// budget is computed from this table and the user's income, so 10 M users
// need no 180 M stored budget lines. Lower incomes give a larger share to
// essentials (housing, groceries, utilities, transport); higher incomes
// leave more for discretionary spending and savings (what is not allocated).
// The table is documented in docs/budget-template.md; keep them in step.

// Tier is an income band, by monthly income in cents (upper bound exclusive).
type Tier struct {
	Name      string
	UpToCents int64 // 0 for the last tier
	// SharesBP is each category's share of income in basis points
	// (1/100 of a percent), so the arithmetic stays in integers.
	SharesBP map[string]int64
}

// Tiers is the template table, lowest income first.
var Tiers = []Tier{
	{"under $3,000", 300_000, map[string]int64{
		centavo.CatHousing: 3500, centavo.CatFood: 1300, centavo.CatRestaurants: 400, centavo.CatGas: 400,
		centavo.CatTransport: 400, centavo.CatShopping: 400, centavo.CatUtilities: 700, centavo.CatHealth: 400,
		centavo.CatEntertainment: 200, centavo.CatTravel: 100, centavo.CatPersonalCare: 150, centavo.CatEducation: 100,
		centavo.CatKids: 300, centavo.CatPets: 100, centavo.CatGiftsDonations: 100, centavo.CatFees: 50,
		centavo.CatTaxes: 100, centavo.CatInsurance: 500,
	}},
	{"$3,000–$6,000", 600_000, map[string]int64{
		centavo.CatHousing: 3000, centavo.CatFood: 1100, centavo.CatRestaurants: 500, centavo.CatGas: 350,
		centavo.CatTransport: 400, centavo.CatShopping: 500, centavo.CatUtilities: 550, centavo.CatHealth: 400,
		centavo.CatEntertainment: 300, centavo.CatTravel: 200, centavo.CatPersonalCare: 150, centavo.CatEducation: 150,
		centavo.CatKids: 300, centavo.CatPets: 100, centavo.CatGiftsDonations: 200, centavo.CatFees: 50,
		centavo.CatTaxes: 200, centavo.CatInsurance: 450,
	}},
	{"$6,000–$12,000", 1_200_000, map[string]int64{
		centavo.CatHousing: 2700, centavo.CatFood: 900, centavo.CatRestaurants: 600, centavo.CatGas: 300,
		centavo.CatTransport: 350, centavo.CatShopping: 600, centavo.CatUtilities: 400, centavo.CatHealth: 400,
		centavo.CatEntertainment: 350, centavo.CatTravel: 350, centavo.CatPersonalCare: 150, centavo.CatEducation: 200,
		centavo.CatKids: 300, centavo.CatPets: 100, centavo.CatGiftsDonations: 250, centavo.CatFees: 50,
		centavo.CatTaxes: 300, centavo.CatInsurance: 400,
	}},
	{"$12,000 and more", 0, map[string]int64{
		centavo.CatHousing: 2300, centavo.CatFood: 700, centavo.CatRestaurants: 600, centavo.CatGas: 200,
		centavo.CatTransport: 300, centavo.CatShopping: 700, centavo.CatUtilities: 300, centavo.CatHealth: 400,
		centavo.CatEntertainment: 400, centavo.CatTravel: 500, centavo.CatPersonalCare: 150, centavo.CatEducation: 200,
		centavo.CatKids: 300, centavo.CatPets: 100, centavo.CatGiftsDonations: 300, centavo.CatFees: 50,
		centavo.CatTaxes: 400, centavo.CatInsurance: 350,
	}},
}

// TierOf returns the tier of a monthly income.
func TierOf(incomeCents int64) Tier {
	for _, t := range Tiers {
		if t.UpToCents == 0 || incomeCents < t.UpToCents {
			return t
		}
	}
	return Tiers[len(Tiers)-1]
}

// Template returns the budget of every spending category for an income,
// rounded down to whole currency units.
func Template(incomeCents int64) map[string]int64 {
	t := TierOf(incomeCents)
	out := make(map[string]int64, len(t.SharesBP))
	for _, c := range centavo.SpendingCategories() {
		v := incomeCents * t.SharesBP[c] / 10_000
		out[c] = v - v%100
	}
	return out
}
