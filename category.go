package centavo

// Category kinds. Spending categories count towards monthly spending and
// budgets; income and transfers do not.
const (
	KindSpending = "spending"
	KindIncome   = "income"
	KindTransfer = "transfer"
	KindOther    = "other"
)

// Stable category identifiers. Clients and stored data rely on them: add new
// ones, never rename.
const (
	CatHousing        = "housing"
	CatFood           = "food"
	CatRestaurants    = "restaurants"
	CatGas            = "gas"
	CatTransport      = "transport"
	CatShopping       = "shopping"
	CatUtilities      = "utilities"
	CatHealth         = "health"
	CatEntertainment  = "entertainment"
	CatTravel         = "travel"
	CatPersonalCare   = "personal_care"
	CatEducation      = "education"
	CatKids           = "kids"
	CatPets           = "pets"
	CatGiftsDonations = "gifts_donations"
	CatFees           = "fees"
	CatTaxes          = "taxes"
	CatInsurance      = "insurance"
	CatIncome         = "income"
	CatTransfer       = "transfer"
	CatUncategorized  = "uncategorized"
)

// Category is one entry of the taxonomy.
type Category struct {
	ID          string
	Name        string
	Kind        string
	Description string
}

var categories = []Category{
	{CatHousing, "Housing", KindSpending, "Rent, mortgage, home improvement"},
	{CatFood, "Groceries", KindSpending, "Supermarkets and grocery stores"},
	{CatRestaurants, "Restaurants", KindSpending, "Dining out, coffee, fast food, food delivery"},
	{CatGas, "Gas & fuel", KindSpending, "Fuel and EV charging"},
	{CatTransport, "Transport", KindSpending, "Transit, ride hailing, parking, tolls, car service"},
	{CatShopping, "Shopping", KindSpending, "General retail, clothing, electronics, online marketplaces"},
	{CatUtilities, "Utilities", KindSpending, "Electricity, water, phone, internet"},
	{CatHealth, "Health & fitness", KindSpending, "Pharmacy, doctors, gym"},
	{CatEntertainment, "Entertainment", KindSpending, "Streaming, games, events, books"},
	{CatTravel, "Travel", KindSpending, "Airlines, hotels, rental cars"},
	{CatPersonalCare, "Personal care", KindSpending, "Hair, beauty, spa"},
	{CatEducation, "Education", KindSpending, "Tuition, courses, books for school"},
	{CatKids, "Kids", KindSpending, "Childcare, toys, kids' clothing"},
	{CatPets, "Pets", KindSpending, "Pet food, supplies, vets"},
	{CatGiftsDonations, "Gifts & donations", KindSpending, "Charities, gifts, flowers"},
	{CatFees, "Fees & charges", KindSpending, "Bank fees, ATM fees, interest charges"},
	{CatTaxes, "Taxes", KindSpending, "Income, property and other taxes"},
	{CatInsurance, "Insurance", KindSpending, "Auto, home, life, health insurance"},
	{CatIncome, "Income", KindIncome, "Salary, benefits, interest earned"},
	{CatTransfer, "Transfers", KindTransfer, "Moves between your own accounts, card payments"},
	{CatUncategorized, "Uncategorized", KindOther, "Not yet categorized"},
}

// Categories returns the taxonomy in display order.
func Categories() []Category {
	out := make([]Category, len(categories))
	copy(out, categories)
	return out
}

// LookupCategory returns the category with the given id.
func LookupCategory(id string) (Category, bool) {
	for _, c := range categories {
		if c.ID == id {
			return c, true
		}
	}
	return Category{}, false
}

// CountsAsSpending reports whether transactions of the category count
// towards spending totals: everything except income and transfers (and the
// own categories under income). Uncategorized money going out is still
// money spent.
func CountsAsSpending(id string) bool {
	id = ParentCategory(id)
	return id != CatIncome && id != CatTransfer
}

// SpendingCategories returns the ids of the categories of kind spending (the
// ones budgets are set for).
func SpendingCategories() []string {
	var out []string
	for _, c := range categories {
		if c.Kind == KindSpending {
			out = append(out, c.ID)
		}
	}
	return out
}
