package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/centavo/centavo"
)

// Search across time (docs/0033-search-and-export.md). Each transaction row
// carries a search text computed here, in Go, from what it describes: the
// words of its merchant, seller (the bank's descriptor), notes, its splits'
// notes and its tags — lowercased, accents stripped — then one key per tag
// ("#" and the hex of the lowercased tag) for the exact tag filter. The
// engines index it (SQLite FTS5, PostgreSQL GIN over a tsvector of its
// words) and match query words, normalized the same way, as prefixes.
// Every store method that writes one of those fields writes the search
// text with it; a NULL one (rows from before migration 00017) is filled
// when the store opens (BackfillSearchText).

// maxWordRunes bounds a word of the search text (and of a query): longer
// ones are cut, so a prefix of up to this many letters still finds them.
const maxWordRunes = 64

// SearchWords splits s into lowercase words of letters and digits, accents
// stripped ("Café Nero" → "cafe", "nero").
func SearchWords(s string) []string {
	var words []string
	var w []rune
	flush := func() {
		if len(w) > 0 {
			if len(w) > maxWordRunes {
				w = w[:maxWordRunes]
			}
			words = append(words, string(w))
			w = w[:0]
		}
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: dropped
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			w = append(w, unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

// TagKey is the search text's key of a tag: exact up to case.
func TagKey(tag string) string {
	b := []byte(strings.ToLower(strings.TrimSpace(tag)))
	if len(b) > 100 {
		sum := sha256.Sum256(b)
		b = append([]byte("sha256:"), sum[:]...)
	}
	return "#" + hex.EncodeToString(b)
}

// SearchText is the search text of t: its distinct words, then its tag keys,
// separated by single spaces.
func SearchText(t centavo.Transaction) string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		for _, w := range SearchWords(s) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	add(t.Merchant)
	add(t.Seller)
	add(t.Notes)
	for _, s := range t.Splits {
		add(s.Notes)
	}
	for _, tag := range t.Tags {
		add(tag)
	}
	for _, tag := range t.Tags {
		if k := TagKey(tag); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return strings.Join(out, " ")
}

// SearchFilter selects a user's transactions across time, newest first.
type SearchFilter struct {
	UserID int64
	// Words must each begin a word of the search text (SearchWords of the
	// query); none: no condition.
	Words []string
	// Tag is a tag the transactions carry (any case); "": no condition.
	Tag       string
	AccountID int64 // 0: all accounts
	Category  string
	// From and To bound posted_at: From ≤ posted_at < To; zero: open.
	From, To time.Time
	// MinCents and MaxCents bound the absolute amount, inclusive; nil: open.
	MinCents, MaxCents *int64
	Limit              int
	// After is the position of the last row of the previous page.
	After *Cursor
	// Totals asks for the count and the sum of everything matching.
	Totals bool
}

// SearchResult is a page of matching transactions and, if asked for, the
// count and the signed sum of the amounts of all of them (every page).
type SearchResult struct {
	Transactions []centavo.Transaction
	Count        int64
	TotalCents   int64
}
