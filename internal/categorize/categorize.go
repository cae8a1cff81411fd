// Package categorize files transactions under categories by seller: it
// normalizes the bank's raw descriptor to a merchant key, then asks, in order,
// the user's own rules, the seeded seller map (with a few generic keyword
// rules such as PAYROLL or PAYMENT THANK YOU), the crowd's consensus, and the
// institution's own code (MCC, SIC or OFX transaction type). What none of
// them knows is "uncategorized".
package categorize

import (
	"strings"

	"github.com/centavo/centavo"
)

// Input is what is known about a transaction when it is categorized.
type Input struct {
	UserID      int64
	Descriptor  string // raw, as the bank printed it
	AmountCents int64
	TrnType     string // OFX TRNTYPE (DEBIT, CREDIT, DIRECTDEP, XFER, FEE…), if any
	MCC         string // ISO 18245 merchant category code or SIC, if any
}

// Result is a categorization decision.
type Result struct {
	Key      string // merchant key
	Merchant string // display name
	Category string
	Source   string // centavo.Source*
}

// Rules gives a user's own merchant → category rules. Nil means none.
type Rules interface {
	UserRule(userID int64, merchantKey string) (category string, ok bool)
}

// Crowd gives the consensus category of a merchant, if there is one.
type Crowd interface {
	Consensus(merchantKey string) (category string, ok bool)
}

// Categorizer categorizes transactions. It is safe for concurrent use.
type Categorizer struct {
	Sellers *SellerMap
	Rules   Rules // optional
	Crowd   Crowd // optional
}

// Categorize decides one transaction's merchant and category.
func (c *Categorizer) Categorize(in Input) Result {
	toks := clean(in.Descriptor)
	key := Key(in.Descriptor)
	r := Result{Key: key, Merchant: displayName(key)}
	if name, _, ok := c.Sellers.Lookup(key); ok {
		r.Merchant = name
	}
	if c.Rules != nil && key != "" {
		if cat, ok := c.Rules.UserRule(in.UserID, key); ok {
			r.Category, r.Source = cat, centavo.SourceRule
			return r
		}
	}
	if cat, ok := keywordCategory(toks); ok {
		r.Category, r.Source = cat, centavo.SourceSeed
		return r
	}
	if _, cat, ok := c.Sellers.Lookup(key); ok {
		r.Category, r.Source = cat, centavo.SourceSeed
		return r
	}
	if c.Crowd != nil && key != "" {
		if cat, ok := c.Crowd.Consensus(key); ok {
			r.Category, r.Source = cat, centavo.SourceCrowd
			return r
		}
	}
	if cat, ok := institutionCategory(in); ok {
		r.Category, r.Source = cat, centavo.SourceMCC
		return r
	}
	r.Category, r.Source = centavo.CatUncategorized, centavo.SourceNone
	return r
}

// displayName turns a merchant key into a readable name: BLUE BOTTLE COFFEE →
// Blue Bottle Coffee.
func displayName(key string) string {
	if key == "" {
		return "Unknown"
	}
	b := []byte(strings.ToLower(key))
	up := true
	for i, ch := range b {
		if up && ch >= 'a' && ch <= 'z' {
			b[i] = ch - 'a' + 'A'
		}
		up = ch == ' '
	}
	return string(b)
}

// keywords are generic descriptor phrases that say what a transaction is
// whoever the counterparty: pay, card payments, transfers, bank fees, rent.
// They are matched as whole-token sequences anywhere in the descriptor.
var keywords = []struct {
	phrase   string
	category string
}{
	{"PAYROLL", centavo.CatIncome},
	{"DIRECT DEP", centavo.CatIncome},
	{"DIR DEP", centavo.CatIncome},
	{"DIRECT DEPOSIT", centavo.CatIncome},
	{"SALARY", centavo.CatIncome},
	{"INTEREST PAID", centavo.CatIncome},
	{"INTEREST EARNED", centavo.CatIncome},
	{"DIVIDEND", centavo.CatIncome},
	{"PAYMENT THANK YOU", centavo.CatTransfer},
	{"PAYMENT RECEIVED", centavo.CatTransfer},
	{"AUTOPAY PAYMENT THANK", centavo.CatTransfer},
	{"CRD AUTOPAY", centavo.CatTransfer},
	{"CARD AUTOPAY", centavo.CatTransfer},
	{"CREDIT CARD PAYMENT", centavo.CatTransfer},
	{"CREDIT CARD PMT", centavo.CatTransfer},
	{"CARD PAYMENT", centavo.CatTransfer},
	{"CARD PMT", centavo.CatTransfer},
	{"ONLINE TRANSFER", centavo.CatTransfer},
	{"TRANSFER TO", centavo.CatTransfer},
	{"TRANSFER FROM", centavo.CatTransfer},
	{"INTERNET TRANSFER", centavo.CatTransfer},
	{"MOBILE TRANSFER", centavo.CatTransfer},
	{"SERVICE FEE", centavo.CatFees},
	{"SERVICE CHARGE", centavo.CatFees},
	{"MAINTENANCE FEE", centavo.CatFees},
	{"OVERDRAFT", centavo.CatFees},
	{"NSF FEE", centavo.CatFees},
	{"LATE FEE", centavo.CatFees},
	{"ANNUAL FEE", centavo.CatFees},
	{"INTEREST CHARGE", centavo.CatFees},
	{"FINANCE CHARGE", centavo.CatFees},
	{"FOREIGN TRANSACTION FEE", centavo.CatFees},
	{"ATM FEE", centavo.CatFees},
	{"RENT", centavo.CatHousing},
	{"RENT PAYMENT", centavo.CatHousing},
	{"HOA DUES", centavo.CatHousing},
}

// keywordIndex maps a phrase's first token to the phrases starting with it.
var keywordIndex = func() map[string][]keywordPhrase {
	m := map[string][]keywordPhrase{}
	for _, k := range keywords {
		toks := strings.Fields(k.phrase)
		m[toks[0]] = append(m[toks[0]], keywordPhrase{toks, k.category})
	}
	return m
}()

type keywordPhrase struct {
	toks     []string
	category string
}

func keywordCategory(toks []string) (string, bool) {
	for i, t := range toks {
		for _, p := range keywordIndex[t] {
			if i+len(p.toks) <= len(toks) && equal(toks[i:i+len(p.toks)], p.toks) {
				return p.category, true
			}
		}
	}
	return "", false
}

// institutionCategory uses the bank's own classification: the OFX
// transaction type for the few types that say what a transaction is.
func institutionCategory(in Input) (string, bool) {
	switch strings.ToUpper(in.TrnType) {
	case "DIRECTDEP":
		return centavo.CatIncome, true
	case "XFER":
		return centavo.CatTransfer, true
	case "FEE", "SRVCHG":
		return centavo.CatFees, true
	case "INT", "DIV":
		if in.AmountCents > 0 {
			return centavo.CatIncome, true
		}
		return centavo.CatFees, true
	}
	return "", false
}
