package file

import (
	"strings"

	"github.com/centavo/centavo"
)

// appCategories maps the standard categories of Mint (its top-level ones
// and their subcategories) and YNAB (the groups and categories new budgets
// start with, nYNAB and YNAB 4) to Centavo's, by lower-cased name. A name
// not listed, or one whose money could be anything (Mint's "Cash & ATM",
// "Check", "Uncategorized"; YNAB's "Stuff I Forgot to Budget For"), is
// left to the categorizer.
var appCategories = map[string]string{
	// Mint: Auto & Transport
	"auto & transport": centavo.CatTransport, "auto insurance": centavo.CatInsurance, "auto payment": centavo.CatTransport,
	"gas & fuel": centavo.CatGas, "parking": centavo.CatTransport, "public transportation": centavo.CatTransport,
	"service & parts": centavo.CatTransport, "ride share": centavo.CatTransport, "tolls": centavo.CatTransport,
	// Bills & Utilities
	"bills & utilities": centavo.CatUtilities, "home phone": centavo.CatUtilities, "internet": centavo.CatUtilities,
	"mobile phone": centavo.CatUtilities, "television": centavo.CatUtilities, "utilities": centavo.CatUtilities,
	// Business Services
	"business services": centavo.CatShopping, "office supplies": centavo.CatShopping, "shipping": centavo.CatShopping,
	"printing": centavo.CatShopping, "advertising": centavo.CatShopping,
	// Education
	"education": centavo.CatEducation, "books & supplies": centavo.CatEducation, "student loan": centavo.CatEducation,
	"tuition": centavo.CatEducation,
	// Entertainment
	"entertainment": centavo.CatEntertainment, "amusement": centavo.CatEntertainment, "arts": centavo.CatEntertainment,
	"movies & dvds": centavo.CatEntertainment, "music": centavo.CatEntertainment, "newspapers & magazines": centavo.CatEntertainment,
	// Fees & Charges
	"fees & charges": centavo.CatFees, "atm fee": centavo.CatFees, "bank fee": centavo.CatFees, "finance charge": centavo.CatFees,
	"late fee": centavo.CatFees, "service fee": centavo.CatFees, "trade commissions": centavo.CatFees,
	"loan fees and charges": centavo.CatFees, "loan interest": centavo.CatFees,
	// Food & Dining
	"food & dining": centavo.CatRestaurants, "alcohol & bars": centavo.CatRestaurants, "coffee shops": centavo.CatRestaurants,
	"fast food": centavo.CatRestaurants, "restaurants": centavo.CatRestaurants, "food delivery": centavo.CatRestaurants,
	"groceries": centavo.CatFood,
	// Gifts & Donations
	"gifts & donations": centavo.CatGiftsDonations, "charity": centavo.CatGiftsDonations, "gift": centavo.CatGiftsDonations,
	// Health & Fitness
	"health & fitness": centavo.CatHealth, "dentist": centavo.CatHealth, "doctor": centavo.CatHealth, "eyecare": centavo.CatHealth,
	"gym": centavo.CatHealth, "pharmacy": centavo.CatHealth, "sports": centavo.CatHealth, "health insurance": centavo.CatInsurance,
	// Home
	"home": centavo.CatHousing, "furnishings": centavo.CatHousing, "home improvement": centavo.CatHousing,
	"home insurance": centavo.CatInsurance, "home services": centavo.CatHousing, "home supplies": centavo.CatHousing,
	"lawn & garden": centavo.CatHousing, "mortgage & rent": centavo.CatHousing,
	// Income
	"income": centavo.CatIncome, "bonus": centavo.CatIncome, "interest income": centavo.CatIncome, "paycheck": centavo.CatIncome,
	"reimbursement": centavo.CatIncome, "rental income": centavo.CatIncome, "dividend & cap gains": centavo.CatIncome,
	// Kids
	"kids": centavo.CatKids, "allowance": centavo.CatKids, "baby supplies": centavo.CatKids, "babysitter & daycare": centavo.CatKids,
	"child support": centavo.CatKids, "kids activities": centavo.CatKids, "toys": centavo.CatKids,
	// Insurance, loans, investments: moves of one's own money are transfers
	"insurance": centavo.CatInsurance, "life insurance": centavo.CatInsurance, "loan insurance": centavo.CatInsurance,
	"loans": centavo.CatTransfer, "loan payment": centavo.CatTransfer, "loan principal": centavo.CatTransfer,
	"investments": centavo.CatTransfer, "buy": centavo.CatTransfer, "sell": centavo.CatTransfer, "deposit": centavo.CatTransfer,
	"withdrawal": centavo.CatTransfer,
	// Personal Care
	"personal care": centavo.CatPersonalCare, "hair": centavo.CatPersonalCare, "laundry": centavo.CatPersonalCare,
	"spa & massage": centavo.CatPersonalCare,
	// Pets
	"pets": centavo.CatPets, "pet food & supplies": centavo.CatPets, "pet grooming": centavo.CatPets, "veterinary": centavo.CatPets,
	// Shopping
	"shopping": centavo.CatShopping, "books": centavo.CatEntertainment, "clothing": centavo.CatShopping,
	"electronics & software": centavo.CatShopping, "hobbies": centavo.CatShopping, "sporting goods": centavo.CatShopping,
	// Taxes
	"taxes": centavo.CatTaxes, "federal tax": centavo.CatTaxes, "local tax": centavo.CatTaxes, "property tax": centavo.CatTaxes,
	"sales tax": centavo.CatTaxes, "state tax": centavo.CatTaxes,
	// Transfer
	"transfer": centavo.CatTransfer, "credit card payment": centavo.CatTransfer, "transfer for cash spending": centavo.CatTransfer,
	// Travel
	"travel": centavo.CatTravel, "air travel": centavo.CatTravel, "hotel": centavo.CatTravel, "rental car & taxi": centavo.CatTravel,
	"vacation": centavo.CatTravel,

	// YNAB (nYNAB's starting categories and YNAB 4's)
	"rent/mortgage": centavo.CatHousing, "rent": centavo.CatHousing, "mortgage": centavo.CatHousing,
	"electric": centavo.CatUtilities, "electricity": centavo.CatUtilities, "water": centavo.CatUtilities,
	"cellphone": centavo.CatUtilities, "phone": centavo.CatUtilities, "cable tv": centavo.CatUtilities,
	"transportation": centavo.CatTransport, "auto maintenance": centavo.CatTransport, "car repairs": centavo.CatTransport,
	"car insurance": centavo.CatInsurance, "renter's/home insurance": centavo.CatInsurance, "medical": centavo.CatHealth,
	"fuel": centavo.CatGas, "dining out": centavo.CatRestaurants, "gifts": centavo.CatGiftsDonations,
	"giving": centavo.CatGiftsDonations, "charitable": centavo.CatGiftsDonations, "tithing": centavo.CatGiftsDonations,
	"birthdays": centavo.CatGiftsDonations, "christmas": centavo.CatGiftsDonations,
	"computer replacement": centavo.CatShopping, "software subscriptions": centavo.CatEntertainment,
	"fun money": centavo.CatEntertainment, "home maintenance": centavo.CatHousing,
	"inflow: ready to assign": centavo.CatIncome, "inflow: to be budgeted": centavo.CatIncome, "to be budgeted": centavo.CatIncome,
	"ready to assign": centavo.CatIncome,
}

// appCategory maps an app's category name to Centavo's, "" when unknown.
// Centavo's own ids and names ("restaurants", "Gas & fuel") are known too.
func appCategory(name string) string {
	n := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if n == "" {
		return ""
	}
	if c, ok := appCategories[n]; ok {
		return c
	}
	for _, c := range centavo.Categories() {
		if c.ID == n || strings.ToLower(c.Name) == n {
			if c.ID == centavo.CatUncategorized {
				return ""
			}
			return c.ID
		}
	}
	return ""
}
