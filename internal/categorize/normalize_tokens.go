package categorize

import (
	"unicode"
	"unicode/utf8"
)

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
