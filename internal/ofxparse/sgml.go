package ofxparse

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokenKind int

const (
	tokStart tokenKind = iota + 1
	tokEnd
	tokText
)

type token struct {
	kind tokenKind
	name string // tag name, upper case
	text string // entity-decoded, trimmed text
	line int    // 1-based line where the token starts
}

// sgmlScanner splits OFX (SGML or XML) into start tags, end tags and
// non-blank text. Comments, processing instructions (<?xml?>, <?OFX?>) and
// declarations are skipped; CDATA is text; a '<' that does not start a tag
// is text. It never backtracks, so it is linear in the input.
type sgmlScanner struct {
	s        string
	i        int
	line     int
	peeked   token
	isPeeked bool            // peeked holds the next token
	closable map[string]bool // names that appear in an end tag somewhere
	// entityPasses is how many times text is entity-decoded at most; 0
	// means defaultEntityPasses.
	entityPasses int
}

func newSGMLScanner(s string) *sgmlScanner {
	sc := &sgmlScanner{s: s, line: 1, closable: map[string]bool{}}
	for i := 0; ; {
		j := strings.Index(s[i:], "</")
		if j < 0 {
			break
		}
		i += j + 2
		if name, n := tagName(s[i:]); n > 0 {
			sc.closable[name] = true
			i += n
		}
	}
	return sc
}

func (sc *sgmlScanner) peek() (token, bool) {
	if !sc.isPeeked {
		t, ok := sc.scan()
		if !ok {
			return token{}, false
		}
		sc.peeked, sc.isPeeked = t, true
	}
	return sc.peeked, true
}

func (sc *sgmlScanner) next() (token, bool) {
	if sc.isPeeked {
		sc.isPeeked = false
		return sc.peeked, true
	}
	return sc.scan()
}

// advance moves to position j, counting lines (LF, CRLF or lone CR).
// Segments never end between a CR and its LF: they end before '<' or
// after '>'.
func (sc *sgmlScanner) advance(j int) {
	seg := sc.s[sc.i:j]
	sc.line += strings.Count(seg, "\n") + strings.Count(seg, "\r") - strings.Count(seg, "\r\n")
	sc.i = j
}

// scan returns the next tag or the next run of non-blank text.
func (sc *sgmlScanner) scan() (token, bool) {
	var text textRun
	textLine := 0
	for sc.i < len(sc.s) {
		s, i := sc.s, sc.i
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			if textLine == 0 {
				textLine = sc.line
			}
			text.add(decodeEntities(s[i:i+j], sc.entityPasses))
			sc.advance(i + j)
			continue
		}
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			sc.skipPast("-->", 4)
			continue
		case strings.HasPrefix(rest, "<![CDATA["):
			end := strings.Index(rest[9:], "]]>")
			if end < 0 {
				end = len(rest) - 9
			}
			if textLine == 0 {
				textLine = sc.line
			}
			text.add(rest[9 : 9+end])
			sc.advance(min(len(s), i+9+end+3))
			continue
		case strings.HasPrefix(rest, "<?"):
			sc.skipPast("?>", 2)
			continue
		case strings.HasPrefix(rest, "<!"):
			sc.skipPast(">", 2)
			continue
		}
		end := rest[1:]
		isEnd := strings.HasPrefix(end, "/")
		if isEnd {
			end = end[1:]
		}
		name, n := tagName(end)
		if n == 0 {
			// Not a tag: a literal '<' in text.
			if textLine == 0 {
				textLine = sc.line
			}
			text.add("<")
			sc.advance(i + 1)
			continue
		}
		// A tag ends a run of text: return the text first.
		if t := strings.TrimSpace(text.String()); t != "" {
			return token{kind: tokText, text: t, line: textLine}, true
		}
		text = textRun{}
		textLine = 0
		close := strings.IndexByte(rest, '>')
		if close < 0 {
			sc.advance(len(s)) // a tag cut short: the file ends here
			return token{}, false
		}
		line := sc.line
		selfClosing := close > 0 && rest[close-1] == '/'
		sc.advance(i + close + 1)
		switch {
		case isEnd:
			return token{kind: tokEnd, name: name, line: line}, true
		case selfClosing:
			// <NAME/> is an empty element: a start tag whose end follows.
			sc.peeked, sc.isPeeked = token{kind: tokEnd, name: name, line: line}, true
			return token{kind: tokStart, name: name, line: line}, true
		}
		return token{kind: tokStart, name: name, line: line}, true
	}
	if t := strings.TrimSpace(text.String()); t != "" {
		return token{kind: tokText, text: t, line: textLine}, true
	}
	return token{}, false
}

// textRun gathers the pieces of a run of text. A run of one piece, the
// usual case, is not copied.
type textRun struct {
	one  string
	many *strings.Builder
}

func (r *textRun) add(piece string) {
	switch {
	case r.many != nil:
		r.many.WriteString(piece)
	case r.one == "":
		r.one = piece
	default:
		r.many = &strings.Builder{}
		r.many.WriteString(r.one)
		r.many.WriteString(piece)
	}
}

func (r *textRun) String() string {
	if r.many != nil {
		return r.many.String()
	}
	return r.one
}

func (sc *sgmlScanner) skipPast(marker string, from int) {
	j := strings.Index(sc.s[sc.i+from:], marker)
	if j < 0 {
		sc.advance(len(sc.s))
		return
	}
	sc.advance(sc.i + from + j + len(marker))
}

// tagName reads a tag name (letters, digits, '.', '_', '-', ':') at the
// start of s, upper-cased, and how many bytes it takes. It must start with
// a letter and end at '>', '/' or a blank.
func tagName(s string) (string, int) {
	n := 0
	for n < len(s) {
		c := s[n]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || n > 0 && (c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == ':') {
			n++
			continue
		}
		break
	}
	if n == 0 || n > 64 {
		return "", 0
	}
	if n < len(s) {
		switch s[n] {
		case '>', '/', ' ', '\t', '\r', '\n':
		default:
			return "", 0
		}
	}
	return strings.ToUpper(s[:n]), n
}

// defaultEntityPasses undoes double escaping: some banks escape twice
// ("&amp;amp;", "&amp;lt;").
const defaultEntityPasses = 3

// decodeEntities replaces character references, up to passes times (0:
// defaultEntityPasses); a raw '&' that starts no reference stays as it is
// (SGML files send "K&L").
func decodeEntities(s string, passes int) string {
	if passes <= 0 {
		passes = defaultEntityPasses
	}
	for pass := 0; pass < passes && strings.IndexByte(s, '&') >= 0; pass++ {
		d := decodeEntitiesOnce(s)
		if d == s {
			break
		}
		s = d
	}
	return s
}

var namedEntities = map[string]string{
	"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'", "nbsp": "\u00a0",
}

func decodeEntitiesOnce(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		// A reference is short: look for its ';' nearby only, so that text
		// full of '&' stays linear.
		end := strings.IndexByte(s[:min(len(s), 12)], ';')
		if end < 2 {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		ref := s[1:end]
		if v, ok := namedEntities[strings.ToLower(ref)]; ok {
			b.WriteString(v)
			s = s[end+1:]
			continue
		}
		if r, ok := numericEntity(ref); ok {
			b.WriteRune(r)
			s = s[end+1:]
			continue
		}
		b.WriteByte('&')
		s = s[1:]
	}
}

func numericEntity(ref string) (rune, bool) {
	if !strings.HasPrefix(ref, "#") || len(ref) < 2 {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	v, err := strconv.ParseUint(digits, base, 32)
	if err != nil || v == 0 || !utf8.ValidRune(rune(v)) {
		return 0, false
	}
	return rune(v), true
}
