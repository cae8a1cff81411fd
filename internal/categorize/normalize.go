package categorize

import (
	"sync"
	"unicode"
	"unicode/utf8"
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

// Key returns the merchant key of a raw descriptor: upper-case ASCII/Unicode
// letters and digits in single-space separated tokens, never empty for a
// descriptor with at least one letter or digit. Key(Key(s)) == Key(s).
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

// clean upper-cases, drops apostrophes, turns & into AND and a + right after
// a letter or digit into PLUS (SP+, DISNEY+), turns every other
// non-alphanumeric rune into a separator, and splits into at most maxTokens
// tokens of at most maxTokenBytes bytes. It records for each token the
// whitespace-separated chunk it came from and whether a '.' joins it to the
// previous token (NETFLIX.COM), which the web-address rule reads.
func (n *normalizer) clean(s string) {
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	n.nall = 0
	c := cleaner{n: n, start: -1, space: true}
	for i := 0; i < len(s); {
		b := s[i]
		if asciiAlnum[b] != 0 {
			// The common case: a run of ASCII letters and digits.
			if c.start < 0 && !c.begin() {
				return
			}
			c.prevAlnum = true
			w, h, limit := c.w, c.hash, c.start+maxTokenBytes
			for ; i < len(s); i++ {
				u := asciiAlnum[s[i]]
				if u == 0 {
					break
				}
				if c.truncated || w >= limit {
					c.truncated = true
					continue
				}
				if u <= '9' {
					c.digits++
				} else {
					c.others++
				}
				n.buf[w] = u
				w++
				h = (h ^ uint32(u)) * fnvPrime
			}
			c.w, c.hash = w, h
			continue
		}
		if b < utf8.RuneSelf {
			i++
			switch {
			case b == '\'' || b == '`':
				// TRADER JOE'S → TRADER JOES
				continue
			case b == '&':
				if !c.word("AND") {
					return
				}
				continue
			case b == '+' && c.prevAlnum:
				if !c.word("PLUS") {
					return
				}
				continue
			default:
				c.separator(rune(b))
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '’':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			var enc [utf8.UTFMax]byte
			if !c.appendRune(enc[:utf8.EncodeRune(enc[:], unicode.ToUpper(foldAccent(r)))]) {
				return
			}
		default:
			c.separator(r)
		}
	}
	c.end()
}

// asciiAlnum maps ASCII letters and digits to their upper case, and every
// other byte to 0.
var asciiAlnum = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c], t[c+'a'-'A'] = byte(c), byte(c)
	}
	return t
}()

// cleaner is the state of clean between runes.
type cleaner struct {
	n                 *normalizer
	w                 int // bytes written to n.buf
	start             int // start of the current token, -1 between tokens
	truncated         bool
	digits, others    int
	hash              uint32
	chunk             int
	space, dot, slash bool // separators seen since the last token
	prevAlnum         bool
}

// begin starts a token, if there is room for one.
func (c *cleaner) begin() bool {
	n := c.n
	if n.nall == maxTokens {
		return false
	}
	if n.nall > 0 {
		n.buf[c.w] = ' '
		c.w++
		if c.space {
			c.chunk++
		}
	}
	c.start, c.truncated, c.digits, c.others, c.hash = c.w, false, 0, 0, fnvOffset
	return true
}

func (c *cleaner) appendByte(b byte) bool {
	c.prevAlnum = true
	if c.start < 0 && !c.begin() {
		return false
	}
	if c.truncated || c.w-c.start >= maxTokenBytes {
		c.truncated = true
		return true
	}
	if '0' <= b && b <= '9' {
		c.digits++
	} else {
		c.others++
	}
	c.n.buf[c.w] = b
	c.w++
	c.hash = (c.hash ^ uint32(b)) * fnvPrime
	return true
}

func (c *cleaner) appendRune(enc []byte) bool {
	c.prevAlnum = true
	if c.start < 0 && !c.begin() {
		return false
	}
	if c.truncated || c.w-c.start+len(enc) > maxTokenBytes {
		c.truncated = true
		return true
	}
	for _, b := range enc {
		c.n.buf[c.w] = b
		c.w++
		c.hash = (c.hash ^ uint32(b)) * fnvPrime
	}
	c.others += len(enc)
	return true
}

func (c *cleaner) separator(r rune) {
	c.end()
	c.prevAlnum = false
	switch {
	case r == '.':
		c.dot = true
	case r == '/':
		c.slash = true
	case r == ' ' || r == '\t' || r == '\n' || r == '\r' || unicode.IsSpace(r):
		c.space = true
	}
}

// word adds a token that stands for a symbol (& → AND, + → PLUS).
func (c *cleaner) word(s string) bool {
	c.end()
	if !c.begin() {
		return false
	}
	for i := 0; i < len(s); i++ {
		c.appendByte(s[i])
	}
	c.end()
	c.prevAlnum = false
	return true
}

// end finishes the current token, classifying it.
func (c *cleaner) end() {
	if c.start < 0 {
		return
	}
	n := c.n
	t := token{start: uint16(c.start), end: uint16(c.w), chunk: uint8(min(c.chunk, 255))}
	switch {
	case c.others == 0:
		t.class = clsDigits
	case c.digits > 0:
		t.class = clsMixed
	}
	if n.nall > 0 && !c.space {
		if c.dot {
			t.class |= clsDotted
		}
		if c.slash {
			t.class |= clsSlashed
		}
	}
	if c.others > 0 {
		t.word, t.class = classifyWord(n.buf[c.start:c.w], c.hash, t.class)
	}
	n.all[n.nall] = t
	n.nall++
	c.start = -1
	c.space, c.dot, c.slash = false, false, false
}

// classifyWord adds to class what the vocabulary says of a token that is not
// all digits (h is its hash), and whether it is a card mask (XXXX).
func classifyWord(b []byte, h uint32, class wordClass) (uint16, wordClass) {
	var word uint16
	if len(b) <= vocab.maxWord {
		word = vocab.lookup(b, h)
		class |= vocab.words[word].class
	}
	if b[0] == 'X' && len(b) >= 4 && shapeOf(b).masked {
		class |= clsMask
	}
	return word, class
}

// foldAccent maps common Latin accented letters to their base letter so that
// CAFÉ and CAFE are one merchant.
func foldAccent(r rune) rune {
	switch unicode.ToLower(r) {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return 'a'
	case 'ç':
		return 'c'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ñ':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	case 'ß':
		return 's'
	}
	return r
}

// dropMarked removes the tokens whose bit is set in drop, unless that would
// remove them all, and reports whether it removed any.
func (n *normalizer) dropMarked(drop uint32) bool {
	if drop == 0 {
		return false
	}
	t := n.toks
	if drop == 1<<len(t)-1 {
		return false
	}
	out := t[:0]
	for i, tk := range t {
		if drop&(1<<i) == 0 {
			out = append(out, tk)
		}
	}
	n.toks = out
	return true
}

// stripPrefixes removes one known prefix at the start, when something is
// left after it. A one-token processor mark stays when the next token is a
// corporate word (BT GROUP PLC, SP+ PARKING → SP PLUS PARKING): then the
// mark is the brand.
func stripPrefixes(n *normalizer) bool {
	t := n.toks
	if len(t) < 2 || t[0].class&clsPrefixStart == 0 {
		return false
	}
	for _, pi := range vocab.words[t[0].word].prefixes {
		p := &vocab.prefixes[pi]
		if len(p.words) >= len(t) || !matchAt(t, 0, p.words) {
			continue
		}
		if p.processor {
			if n.keepProcessor || t[1].class&clsCorporate != 0 {
				continue
			}
			n.proc, n.hasProc = t[0], true
		}
		n.toks = t[len(p.words):]
		n.bodyStart = n.toks[0].start
		return true
	}
	return false
}

// matchAt reports whether the phrase (word indexes; anyDigits stands for a
// token of digits) starts at toks[i].
func matchAt(toks []token, i int, phrase []uint16) bool {
	if i+len(phrase) > len(toks) {
		return false
	}
	for k, w := range phrase {
		t := toks[i+k]
		if w == anyDigits {
			if t.class&clsDigits == 0 {
				return false
			}
		} else if t.word != w {
			return false
		}
	}
	return true
}

// shape describes a token of ASCII letters and digits by its runs: up to
// three run lengths, the number of runs, and whether it starts with a digit.
type shape struct {
	runs       int
	lens       [3]int
	digitFirst bool
	masked     bool // a card mask: XXXX, or X's then digits (XX1234)
}

func shapeOf(b []byte) shape {
	var s shape
	if len(b) == 0 {
		return s
	}
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	s.digitFirst = isDigit(b[0])
	xs := 0
	for i, c := range b {
		if i == 0 || isDigit(c) != isDigit(b[i-1]) {
			s.runs++
		}
		if s.runs <= 3 {
			s.lens[s.runs-1]++
		}
		if c == 'X' && xs == i {
			xs++
		}
	}
	s.masked = s.runs == 1 && xs >= 4 && xs == len(b) || s.runs == 2 && !s.digitFirst && xs >= 2 && xs == s.lens[0] && s.lens[1] >= 2
	return s
}

// splitGlued splits a name glued to a store number: four or more letters
// then three or more digits (RACETRAC44467), three letters then five or more
// digits (AIR00106425271), or letters, three or more digits, letters
// (MURPHY7048ATWAL). Other mixes are references or names (PAY1040, TELE2,
// 1800PETMEDS).
func splitGlued(n *normalizer) bool {
	t := n.toks
	changed := false
	out := n.tmp[:0]
	for i, tk := range t {
		parts := 1
		var cut [2]int
		if tk.class&clsMixed != 0 {
			s := shapeOf(n.text(tk))
			switch {
			case s.masked || s.digitFirst:
			case s.runs == 2 && (s.lens[0] >= 4 && s.lens[1] >= 3 || s.lens[0] == 3 && s.lens[1] >= 5):
				parts, cut[0] = 2, s.lens[0]
			case s.runs == 3 && s.lens[0] >= 4 && s.lens[1] >= 3 && s.lens[2] >= 3:
				parts, cut[0], cut[1] = 3, s.lens[0], s.lens[0]+s.lens[1]
			}
		}
		if parts == 1 || len(out)+parts+len(t)-i-1 > maxTokens {
			out = append(out, tk)
			continue
		}
		changed = true
		from := int(tk.start)
		for p := range parts {
			to := int(tk.end)
			if p < parts-1 {
				to = int(tk.start) + cut[p]
			}
			part := token{start: uint16(from), end: uint16(to), chunk: tk.chunk}
			if p == 0 {
				part.class = tk.class & clsDotted
			}
			b := n.buf[from:to]
			if '0' <= b[0] && b[0] <= '9' {
				part.class |= clsDigits
			} else {
				part.word, part.class = classifyWord(b, hashBytes(b), part.class)
			}
			out = append(out, part)
			from = to
		}
	}
	if changed {
		n.toks = n.arr[:copy(n.arr[:], out)]
	}
	return changed
}

// dropNumbers removes tokens of digits — store numbers, dates, card and phone
// numbers — with the word CARD before a card number, dates written with a
// month (ON 12 MAR) and times (THU 5PM). It keeps a leading number of up to
// three digits that names the merchant (7 ELEVEN, 76 - 14706, 99 CENTS ONLY)
// unless it starts a date or a phone number (11 04, 1 800 FLOWERS), and a
// number that is part of a brand (UNION 76, MOTEL 6).
func dropNumbers(n *normalizer) bool {
	t := n.toks
	var drop uint32
	short := func(i int) bool { // a day or month number
		return i >= 0 && i < len(t) && t[i].class&clsDigits != 0 && t[i].end-t[i].start <= 2
	}
	for i, tk := range t {
		switch {
		case tk.class&clsDigits != 0:
			if i == 0 && tk.end-tk.start <= 3 && (len(t) == 1 || !short(1) && t[1].class&clsMonth == 0 && !n.tollFree(t)) {
				continue
			}
			if i > 0 && t[i-1].class&clsNumbered != 0 && numberedBrands[string(n.joined(t[i-1:i+1]))] {
				continue
			}
			drop |= 1 << i
			if i > 1 && t[i-1].class&clsCardWord != 0 {
				drop |= 1 << (i - 1)
			}
		case tk.class&clsMonth != 0 && (short(i-1) || short(i+1)):
			drop |= 1 << i
			if short(i - 1) {
				drop |= 1 << (i - 1)
				if i > 2 && t[i-2].word == wordON {
					drop |= 1 << (i - 2)
				}
			} else if i > 1 && t[i-1].word == wordON {
				drop |= 1 << (i - 1)
			}
		case tk.class&clsMixed != 0 && isTime(n.text(tk)):
			drop |= 1 << i
			if i > 1 && t[i-1].class&clsDay != 0 {
				drop |= 1 << (i - 1)
			}
		}
	}
	return n.dropMarked(drop)
}

// tollFree reports whether the tokens start with a North American phone
// number's 1 and area code (1 800 FLOWERS).
func (n *normalizer) tollFree(t []token) bool {
	return len(t) > 1 && string(n.text(t[0])) == "1" && t[1].class&clsDigits != 0 && t[1].end-t[1].start == 3
}

// isTime reports whether b is an hour such as 5PM or 11AM.
func isTime(b []byte) bool {
	if len(b) < 3 || len(b) > 4 {
		return false
	}
	d := len(b) - 2
	for _, c := range b[:d] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return (b[d] == 'A' || b[d] == 'P') && b[d+1] == 'M'
}

// dropReferenceCodes removes tokens that mix letters and digits and look like
// references (2K3AB12C0, F12345, S582309123456789, R102 after the name) and
// masked card numbers (XXXX1234), keeping short alphanumerics that are names
// (3M, A1, Q35) and names with a number (PAY1040, 1800PETMEDS).
func dropReferenceCodes(n *normalizer) bool {
	var drop uint32
	for i, tk := range n.toks {
		if tk.class&clsMask != 0 || tk.class&clsMixed != 0 && isReference(n.text(tk), i == 0) {
			drop |= 1 << i
		}
	}
	return n.dropMarked(drop)
}

// isReference reports whether a token of letters and digits is a reference
// code. After the name, a letter and three or more digits is a store code
// too (APPLE STORE #R102); first, it is a name (E470).
func isReference(b []byte, first bool) bool {
	s := shapeOf(b)
	if s.masked {
		return true
	}
	if !first && s.runs == 2 && !s.digitFirst && s.lens[0] == 1 && s.lens[1] >= 3 {
		return true
	}
	if len(b) < 5 || s.runs < 2 {
		return false
	}
	if s.runs == 2 {
		if s.digitFirst {
			// 1800PETMEDS, 1800FLOWERS
			return !(s.lens[0] <= 4 && s.lens[1] >= 4)
		}
		// PAY1040, BIG5
		return !(s.lens[0] >= 3 && s.lens[1] <= 4)
	}
	return true
}

// dropWeb removes web addresses. A chunk of the raw text holding a domain
// (a top-level domain joined by '.') is the merchant's own site when the
// name starts it (NETFLIX.COM, WWW.IKEA.COM, APPLE.COM/US): only the domain
// suffix goes. After the name it is a help or billing address
// (AMZN.COM/BILL, HELP.UBER.COM, G.CO/PAYHELP) and goes entirely. Without
// the dots (banks that strip punctuation) COM, NET, ORG, WWW and the
// HELP/BILL paths go.
func dropWeb(n *normalizer) bool {
	t := n.toks
	var plain, dotted uint32
	for i, tk := range t {
		switch {
		case tk.class&clsWebLead != 0:
			plain |= 1 << i
		case i > 0 && tk.class&(clsWebWord|clsWebPath) != 0:
			plain |= 1 << i
		}
	}
	first := t[0].chunk
	for i, tk := range t {
		if tk.class&(clsTLD|clsDotted) != clsTLD|clsDotted {
			continue
		}
		if tk.chunk == first || !n.serviceAddress(tk.chunk) {
			dotted |= 1 << i
			continue
		}
		for k, o := range t {
			if o.chunk == tk.chunk {
				dotted |= 1 << k
			}
		}
	}
	// When both would leave nothing, the dot-less part alone, so that a key
	// (which has no dots) normalizes the same way again.
	return n.dropMarked(plain|dotted) || n.dropMarked(plain)
}

// serviceAddress reports whether a chunk holding a domain after the name is
// a help or billing address rather than a name (CLEAR *CLEARME.COM): it has
// a path (AMZN.COM/BILL), a help word (HELP.UBER.COM), a short-link domain
// (G.CO, FB.ME) or repeats the name (NETFLIX.COM NETFLIX.COM).
func (n *normalizer) serviceAddress(chunk uint8) bool {
	t := n.toks
	seen := false
	for _, tk := range t {
		if tk.chunk != chunk {
			continue
		}
		if tk.class&(clsSlashed|clsWebPath) != 0 {
			return true
		}
		if !seen && (tk.end-tk.start <= 2 || n.same(tk, t[0])) {
			return true
		}
		seen = true
	}
	return false
}

// dropRepeats removes a platform's name doubled by its own processor mark
// (GOOGLE *GOOGLE ONE; but PIZZA PIZZA and BUY BUY BABY are names) and a
// trailing repetition of the first token when the name appears exactly
// twice (UBER TRIP HELP UBER COM → UBER TRIP).
func dropRepeats(n *normalizer) bool {
	t := n.toks
	if len(t) > 2 && t[0].class&clsPlatform != 0 && n.same(t[0], t[1]) {
		n.toks = t[1:]
		return true
	}
	if k := len(t); k > 2 && n.same(t[k-1], t[0]) {
		count := 0
		for _, tk := range t {
			if n.same(tk, t[0]) {
				count++
			}
		}
		if count == 2 {
			n.toks = t[:k-1]
			return true
		}
	}
	return false
}

// dropTrailingLocation removes a trailing region code (US state, Canadian
// province, country code) and the known city before it, also when the card
// network glued them (SAN FRANCISCOCA). A country code after a platform's
// name alone is the service, not a place (GOOGLE FI, APPLE US).
func dropTrailingLocation(n *normalizer) bool {
	t := n.toks
	k := len(t)
	if k < 2 {
		return false
	}
	last := t[k-1]
	if last.class&(clsRegion|clsCountry) == 0 {
		return n.dropGluedCity()
	}
	if k == 2 && t[0].class&clsPlatform != 0 && last.class&clsRegion == 0 {
		return false
	}
	t = t[:k-1]
	// Remove a known city of one, two or three tokens before the code, if a
	// name remains.
	if len(t) > 1 && t[len(t)-1].class&clsCityEnd != 0 {
		for size := 3; size >= 1; size-- {
			if len(t) > size && t[len(t)-size].class&clsCityStart != 0 && cities[string(n.joined(t[len(t)-size:]))] {
				t = t[:len(t)-size]
				break
			}
		}
	}
	n.toks = t
	return true
}

// dropGluedCity removes a known city whose last word is glued to a state or
// province code (OAKLANDCA, SAN FRANCISCOCA), if a name remains.
func (n *normalizer) dropGluedCity() bool {
	t := n.toks
	last := t[len(t)-1]
	text := n.text(last)
	if len(text) < 5 || last.class&(clsDigits|clsMixed) != 0 {
		return false
	}
	code := text[len(text)-2:]
	if vocab.words[vocab.lookup(code, hashBytes(code))].class&clsRegion == 0 {
		return false
	}
	last.end -= 2
	if w := vocab.lookup(n.text(last), hashBytes(n.text(last))); vocab.words[w].class&clsCityEnd == 0 {
		return false
	}
	for size := 3; size >= 1; size-- {
		if len(t) <= size || size > 1 && t[len(t)-size].class&clsCityStart == 0 {
			continue
		}
		city := n.join[:0]
		if size > 1 {
			city = append(city, n.joined(t[len(t)-size:len(t)-1])...)
			city = append(city, ' ')
		}
		city = append(city, n.text(last)...)
		if cities[string(city)] {
			n.toks = t[:len(t)-size]
			return true
		}
	}
	return false
}

// dropFiller cuts ACH descriptors at their first field after the payee
// (COMCAST DES:CABLE ID:123 INDN:JANE DOE → COMCAST; Chase's ORIG CO
// NAME:COMCAST ORIG ID:… → COMCAST) and removes trailing filler tokens.
func dropFiller(n *normalizer) bool {
	t := n.toks
	changed := false
	for i := 1; i < len(t); i++ {
		if t[i].class&clsACHField == 0 {
			continue
		}
		for _, pi := range vocab.words[t[i].word].fields {
			if matchAt(t, i, vocab.achFields[pi]) {
				t, changed = t[:i], true
				break
			}
		}
		if changed {
			break
		}
	}
	for len(t) > 1 && t[len(t)-1].class&clsFiller != 0 {
		t, changed = t[:len(t)-1], true
	}
	n.toks = t
	return changed
}
