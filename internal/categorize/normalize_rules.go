package categorize

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
