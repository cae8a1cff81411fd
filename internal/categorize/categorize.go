package categorize

import (
	"bytes"
	"strings"
	"unicode/utf8"

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

// Consensus gives the crowd's category of a merchant, if there is one
// (*Crowd is the in-memory implementation).
type Consensus interface {
	Consensus(merchantKey string) (category string, ok bool)
}

// Categorizer categorizes transactions. It is safe for concurrent use.
type Categorizer struct {
	Sellers *SellerMap
	Rules   Rules     // optional
	Crowd   Consensus // optional
}

// Categorize decides one transaction's merchant and category, asking in
// order: the user's rules, the strong keywords, the seller map, the crowd,
// the weak keywords and the institution's code (see the package comment).
// The crowd never decides against the transaction's direction (an outflow
// into income or transfer, see crowdMayFile): then the next one asked does.
func (c *Categorizer) Categorize(in Input) Result {
	n := normalizers.Get().(*normalizer)
	defer normalizers.Put(n)
	n.keepProcessor = false
	n.normalize(in.Descriptor)
	key := n.key[:n.nkey]

	var (
		id      uint32
		matched string // the seller map's copy of the key or of its prefix
		known   bool
	)
	if c.Sellers != nil && len(key) > 0 {
		if n.hasProc {
			// The processor's mark may be the start of the brand
			// (IN-N-OUT BURGER): ask for the key with it first, and keep it
			// in the key unless the key without it names the same seller.
			alt := n.withProcessor()
			if id, matched, known = find(c.Sellers, alt, int(n.proc.end-n.proc.start)+1); known {
				if plain, plainMatched, ok := find(c.Sellers, key, 0); ok && plain == id {
					matched = plainMatched
				} else {
					key = alt
				}
			}
		}
		if !known {
			id, matched, known = find(c.Sellers, key, 0)
		}
	}

	// A strong keyword that disagrees with the seller found (ACME CORP
	// PAYROLL, whose prefix ACME names a grocer) says the seller is not the
	// payee.
	strongCat, strong := n.keyword(true)
	if known && strong && categoryIDs[c.Sellers.sellers[id].category] != strongCat {
		known = false
	}

	var r Result
	if len(matched) == len(key) {
		r.Key = matched // the map's copy: no allocation
	} else {
		r.Key = string(key)
	}
	if known {
		r.Merchant = c.Sellers.name(id)
	} else {
		r.Merchant = displayName(key)
	}
	if c.Rules != nil && r.Key != "" {
		if cat, ok := c.Rules.UserRule(in.UserID, r.Key); ok {
			r.Category, r.Source = cat, centavo.SourceRule
			return r
		}
	}
	if strong {
		r.Category, r.Source = strongCat, centavo.SourceSeed
		return r
	}
	if known {
		r.Category, r.Source = categoryIDs[c.Sellers.sellers[id].category], centavo.SourceSeed
		return r
	}
	if c.Crowd != nil && r.Key != "" {
		if cat, ok := c.Crowd.Consensus(r.Key); ok && crowdMayFile(cat, in.AmountCents) {
			r.Category, r.Source = cat, centavo.SourceCrowd
			return r
		}
	}
	if cat, ok := n.keyword(false); ok {
		r.Category, r.Source = cat, centavo.SourceSeed
		return r
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
func displayName(key []byte) string {
	if len(key) == 0 {
		return "Unknown"
	}
	var b []byte
	if ascii(key) {
		b = bytes.ToLower(key)
	} else {
		b = []byte(strings.ToLower(string(key)))
	}
	up := true
	for i, ch := range b {
		if up && ch >= 'a' && ch <= 'z' {
			b[i] = ch - 'a' + 'A'
		}
		up = ch == ' '
	}
	return string(b)
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// keyword returns the category of the first strong (or weak) keyword phrase
// in the descriptor after its prefixes (see keywordList).
func (n *normalizer) keyword(strong bool) (string, bool) {
	all := n.all[:n.nall]
	for i, t := range all {
		if t.class&clsKeyword == 0 || t.start < n.bodyStart {
			continue
		}
		for _, ki := range vocab.words[t.word].keywords {
			k := &vocab.keywords[ki]
			if k.strong == strong && matchAt(all, i, k.words) {
				return k.category, true
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
