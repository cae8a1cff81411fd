package centavo

import (
	"strconv"
	"strings"
)

// MaxAmountCents bounds the amounts a user sets (a budget, a monthly
// income): one billion in major units.
const MaxAmountCents = 1_000_000_000_00

// MaxTransactionCents bounds one transaction's amount, read from a file or
// downloaded: ±10^12 cents (ten billion in major units). A row beyond it is
// left out with a reason; it can only be a mistake or an attack, and it
// would take the month's totals out of range.
const MaxTransactionCents = 1_000_000_000_000

// MaxTotalCents bounds a month's aggregate in one category: ±10^15 cents, a
// thousand transactions at MaxTransactionCents. A change that would pass it
// is refused as a whole; below it, sums over every category and month of a
// user (a summary, a year's chart) stay far inside int64.
const MaxTotalCents = 1_000_000_000_000_000

var symbols = map[string]string{"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£", "JPY": "¥"}

// FormatMoney renders minor units for people: $1,234.56, -€3.50, CHF 12.00.
func FormatMoney(cents int64, currency string) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole, frac := cents/100, cents%100
	digits := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	amount := b.String() + "." + strconv.FormatInt(100+frac, 10)[1:]
	sign := ""
	if neg {
		sign = "-"
	}
	if sym, ok := symbols[currency]; ok {
		return sign + sym + amount
	}
	if currency == "" {
		return sign + amount
	}
	return sign + currency + " " + amount
}
