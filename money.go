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

// minorDigits lists the ISO 4217 minor-unit exponents other than 2.
var minorDigits = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// MinorDigits is the number of decimals of a currency's minor unit: an
// amount in "cents" of JPY is in yen (0), of KWD in fils (3), of most
// currencies in hundredths (2, also for an unknown or empty code).
func MinorDigits(currency string) int {
	if e, ok := minorDigits[currency]; ok {
		return e
	}
	return 2
}

var symbols = map[string]string{"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£", "JPY": "¥"}

// FormatMoney renders minor units for people with the currency's decimals:
// $1,234.56, -€3.50, CHF 12.00, ¥1,235, KWD 1.500.
func FormatMoney(cents int64, currency string) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	unit := int64(1)
	places := MinorDigits(currency)
	for range places {
		unit *= 10
	}
	whole, frac := cents/unit, cents%unit
	digits := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	amount := b.String()
	if places > 0 {
		amount += "." + strconv.FormatInt(unit+frac, 10)[1:]
	}
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
