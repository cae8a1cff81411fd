package categorize

import (
	"strings"
	"sync"
)

// rule is one step of normalization, described for humans by name. apply
// edits the normalizer's current tokens and reports whether it changed
// anything. A rule only removes or splits tokens, and never removes the last
// one.
type rule struct {
	name  string
	apply func(n *normalizer) bool
}

// rules is the normalization table, in the order the rules run. Key applies
// them all, round after round, until a round changes nothing.
var rules = []rule{
	{"processor and channel prefixes (SQ *, TST*, PAYPAL *, POS DEBIT, CHECKCARD 1104, PURCHASE AUTHORIZED ON 11/04, CARD PAYMENT TO…), " +
		"but not a processor mark that is part of the brand (BT GROUP PLC, SP+ PARKING)", stripPrefixes},
	{"store numbers glued to the name (RACETRAC44467 → RACETRAC 44467, MURPHY7048ATWAL → MURPHY 7048 ATWAL)", splitGlued},
	{"numbers: store, card, phone and reference numbers, dates and times (#552, 57442660, 11/04, CARD 1234, ON 12 MAR, THU 5PM), " +
		"but not a number that is the name (7 ELEVEN, 76, UNION 76)", dropNumbers},
	{"reference codes that mix letters and digits, and masked card numbers (2K3AB12C0, S582309123456789, XXXX1234)", dropReferenceCodes},
	{"web addresses: the merchant's own domain keeps its name (NETFLIX.COM → NETFLIX), a help or billing address after the name goes " +
		"(AMZN.COM/BILL, HELP.UBER.COM, G.CO/PAYHELP)", dropWeb},
	{"a name the processor repeats (GOOGLE *GOOGLE ONE → GOOGLE ONE, UBER TRIP UBER → UBER TRIP)", dropRepeats},
	{"trailing location: state, province or country code and the known city before it (OAKLAND CA, TORONTO ON, LONDON GB), " +
		"but not a code that names a platform's service (GOOGLE *FI, APPLE.COM/US)", dropTrailingLocation},
	{"ACH fields and bank filler (DES:… ID:… INDN:…, ORIG ID:…, trailing PPD, WEB, PMT, CO)", dropFiller},
}

// NormalizationRules returns the names of the normalization rules in order (for docs and
// the categorize command's help).
func NormalizationRules() []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.name
	}
	return out
}

// Bounds on hostile input (descriptors are short): the raw text read, and
// the tokens kept. A key is at most maxTokens tokens of maxTokenBytes, far
// below maxInput, so normalizing a key again reads all of it.
const (
	maxInput      = 4096
	maxTokens     = 24
	maxTokenBytes = 32
	maxKeyBytes   = maxTokens * (maxTokenBytes + 1)
	// maxRounds bounds the fixed-point loop: a round that changes something
	// removes a token or splits one into parts that never split again.
	maxRounds = 3*maxTokens + 1
)

// token is one word of the cleaned descriptor, n.buf[start:end].
type token struct {
	start, end uint16
	word       uint16    // index in the vocabulary; 0 if not a known word
	class      wordClass // the word's classes and the token's shape
	chunk      uint8     // which whitespace-separated chunk of the raw text it came from
}

// normalizer is the scratch space of one normalization. It is reused through
// a pool, so that normalizing allocates nothing.
type normalizer struct {
	buf  [maxKeyBytes]byte // cleaned text, tokens separated by one space
	all  [maxTokens]token  // tokens as cleaned (for the keyword scan)
	nall int
	arr  [maxTokens]token // backing array of toks
	toks []token          // current tokens
	tmp  [maxTokens]token // for splitting

	// proc is the last one-token processor mark stripped (SQ, TST, IN…),
	// when hasProc: the seller map is asked for the key with it first.
	proc    token
	hasProc bool
	// bodyStart is where the text after the stripped prefixes starts in buf.
	bodyStart uint16
	// keepProcessor leaves processor marks on (used for seller names and
	// aliases, which name brands and never carry a processor's mark).
	keepProcessor bool

	key  [maxKeyBytes]byte // the joined key
	nkey int
	alt  [maxTokenBytes + 1 + maxKeyBytes]byte // processor mark + key
	nalt int
	join [maxKeyBytes]byte // scratch for multi-token lookups
}

// normalizers holds scratch space between calls; it is a cache, not state.
var normalizers = sync.Pool{New: func() any { return new(normalizer) }}

// PartSeparator is how the statement readers join two texts of one row
// when both say something: "payee — purpose" (CSV), "NAME — MEMO" (OFX),
// "Dividend — FUND" (investments). The merchant is the first part.
const PartSeparator = " — "

// Key returns the merchant key of a raw descriptor: upper-case ASCII/Unicode
// letters and digits in single-space separated tokens, never empty for a
// descriptor with at least one letter or digit. Key(Key(s)) == Key(s).
// Only the part before PartSeparator counts: the purpose or memo after it
// changes from row to row (each month's rent says its month), the merchant
// does not, and the key must not (it feeds rules, votes and fingerprints).
func Key(descriptor string) string {
	n := normalizers.Get().(*normalizer)
	n.keepProcessor = false
	n.normalize(descriptor)
	k := string(n.key[:n.nkey])
	normalizers.Put(n)
	return k
}

// normalize computes the key of s into n.key.
func (n *normalizer) normalize(s string) {
	if i := strings.Index(s, PartSeparator); i > 0 && strings.TrimSpace(s[:i]) != "" {
		s = s[:i]
	}
	n.clean(s)
	n.hasProc = false
	n.bodyStart = 0
	n.toks = n.arr[:copy(n.arr[:], n.all[:n.nall])]
	if len(n.toks) > 0 {
		for range maxRounds {
			changed := false
			for _, r := range rules {
				if r.apply(n) {
					changed = true
				}
			}
			if !changed {
				break
			}
		}
	}
	n.nkey = n.joinTokens(n.key[:0], n.toks)
}

// joinTokens appends the tokens' text, separated by single spaces, to dst
// and returns the length.
func (n *normalizer) joinTokens(dst []byte, toks []token) int {
	for i, t := range toks {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, n.buf[t.start:t.end]...)
	}
	return len(dst)
}

// withProcessor builds the key preceded by the stripped processor mark into
// n.alt and returns it.
func (n *normalizer) withProcessor() []byte {
	b := append(n.alt[:0], n.buf[n.proc.start:n.proc.end]...)
	b = append(b, ' ')
	b = append(b, n.key[:n.nkey]...)
	n.nalt = len(b)
	return b
}

func (n *normalizer) text(t token) []byte { return n.buf[t.start:t.end] }

func (n *normalizer) same(a, b token) bool { return string(n.text(a)) == string(n.text(b)) }

// joined returns the text of toks separated by spaces, without copying when
// they are still adjacent in buf.
func (n *normalizer) joined(toks []token) []byte {
	adjacent := true
	for i := 1; i < len(toks); i++ {
		if toks[i].start != toks[i-1].end+1 {
			adjacent = false
			break
		}
	}
	if adjacent {
		return n.buf[toks[0].start:toks[len(toks)-1].end]
	}
	return n.join[:n.joinTokens(n.join[:0], toks)]
}
