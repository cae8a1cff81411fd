// Package rates holds the euro reference rates of the European Central Bank
// (an embedded history snapshot plus what `centavo rates import` and the
// daily fetch store) and converts money between currencies with them:
// through the euro, in integer minor units, at the latest rate published on
// or before the day, rounding half away from zero. No float touches money.
package rates

import (
	"strings"

	"github.com/centavo/centavo"
)

// Exponent is the number of decimals of a currency's minor unit (JPY 0,
// KWD 3, most 2): centavo.MinorDigits.
func Exponent(currency string) int { return centavo.MinorDigits(currency) }

// iso4217 is the list of active ISO 4217 codes (funds and metals included).
const iso4217 = `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP
BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO
NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD
SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST
XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL`

var known = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(iso4217) {
		m[c] = true
	}
	return m
}()

// IsISO4217 says whether code is an active ISO 4217 currency code.
func IsISO4217(code string) bool { return known[code] }

// codeShaped says whether s looks like a currency code: three letters A–Z.
// The ECB files name currencies retired since (CYP, ROL, …): the importer
// takes any such code.
func codeShaped(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
