package ofxparse

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/text/encoding/charmap"
)

// Bounds of charset detection (DetectCharset).
const (
	// MinCharsetEvidence is how many non-ASCII bytes a text needs before
	// the statistical detector is asked: with fewer it has nothing to go
	// on, and only the plausibility of each reading decides, ties going to
	// Windows-1252, the fallback.
	MinCharsetEvidence = 8
	// MinCharsetConfidence is the detector's confidence (0–100) below
	// which its ranking does not break a tie between equally plausible
	// code pages: the fallback order (charsetOrder) does.
	MinCharsetConfidence = 20
	// charsetSample bounds the text the detector and the plausibility
	// score look at: the first lines holding non-ASCII bytes, up to 16 KiB
	// (a few hundred rows of statement text; reading it in every candidate
	// takes a few milliseconds).
	charsetSample = 16 << 10
)

// charsets are the single-byte code pages a file may be read in, by the
// names files declare them with, lower case without '-', '_' or spaces.
var charsets = map[string]*charmap.Charmap{
	"1250": charmap.Windows1250, "1251": charmap.Windows1251, "1252": charmap.Windows1252,
	"1253": charmap.Windows1253, "1254": charmap.Windows1254, "1255": charmap.Windows1255,
	"1256": charmap.Windows1256, "1257": charmap.Windows1257, "1258": charmap.Windows1258,
	"88591": charmap.Windows1252, // the same printable characters; C1 bytes as Windows does
	"88592": charmap.ISO8859_2, "88593": charmap.ISO8859_3, "88594": charmap.ISO8859_4,
	"88595": charmap.ISO8859_5, "88596": charmap.ISO8859_6, "88597": charmap.ISO8859_7,
	"88598": charmap.ISO8859_8, "88598i": charmap.ISO8859_8, "88599": charmap.ISO8859_9,
	"885910": charmap.ISO8859_10, "885913": charmap.ISO8859_13, "885914": charmap.ISO8859_14,
	"885915": charmap.ISO8859_15, "885916": charmap.ISO8859_16,
	"koi8r": charmap.KOI8R, "koi8u": charmap.KOI8U, "866": charmap.CodePage866, "437": charmap.CodePage437,
	"850": charmap.CodePage850, "latin1": charmap.Windows1252, "latin2": charmap.ISO8859_2,
	"latin9": charmap.ISO8859_15, "macintosh": charmap.Macintosh, "macroman": charmap.Macintosh,
}

// charsetByName finds a code page by a declared name: "1252", "CP1251",
// "windows-1257", "ISO-8859-2", "8859-1", "KOI8-R", "latin1". Unicode and
// unknown names give nil.
func charsetByName(name string) *charmap.Charmap {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.NewReplacer("-", "", "_", "", " ", "").Replace(n)
	for _, prefix := range []string{"windows", "cp", "ibm", "iso", "x"} {
		if rest, ok := strings.CutPrefix(n, prefix); ok && rest != "" && charsets[rest] != nil {
			return charsets[rest]
		}
	}
	return charsets[n]
}

// declaredCharset is the code page the text declares in its first 4 KiB:
// an OFX 1.x header's CHARSET (with ENCODING:USASCII, the code page of its
// SGML), or an XML declaration's encoding. NONE, Unicode and names we do
// not know give nil.
func declaredCharset(data []byte) *charmap.Charmap {
	head := data[:min(len(data), 4<<10)]
	upper := bytes.ToUpper(head)
	if i := bytes.Index(upper, []byte("CHARSET:")); i >= 0 && (i == 0 || head[i-1] == '\n' || head[i-1] == '\r' || head[i-1] == ' ') {
		v := head[i+len("CHARSET:"):]
		if j := bytes.IndexAny(v, "\r\n <"); j >= 0 {
			v = v[:j]
		}
		return charsetByName(string(v))
	}
	if i := bytes.Index(upper, []byte("<?XML")); i >= 0 {
		decl := upper[i:]
		if j := bytes.Index(decl, []byte("?>")); j >= 0 {
			decl = decl[:j]
		}
		if k := bytes.Index(decl, []byte("ENCODING")); k >= 0 {
			v := bytes.TrimLeft(decl[k+len("ENCODING"):], " \t\r\n=")
			if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
				if end := bytes.IndexByte(v[1:], v[0]); end >= 0 {
					return charsetByName(string(v[1 : 1+end]))
				}
			}
		}
	}
	return nil
}

// charsetOrder is the fallback order among equally plausible code pages:
// the most common first, Windows-1252 (the fallback) before all.
var charsetOrder = []*charmap.Charmap{
	charmap.Windows1252, charmap.Windows1250, charmap.Windows1251, charmap.Windows1257,
	charmap.KOI8R, charmap.ISO8859_2, charmap.ISO8859_5, charmap.ISO8859_13,
}

// detectorCharsets maps the charsets the detector names to ours. The
// detector's Czech, Hungarian, Polish and Romanian recognizers report
// ISO-8859-1/windows-1252 with their language (a slip of the port):
// centralEurope puts those right.
var detectorCharsets = map[string]*charmap.Charmap{
	"ISO-8859-1": charmap.Windows1252, "windows-1252": charmap.Windows1252,
	"ISO-8859-2": charmap.ISO8859_2, "windows-1250": charmap.Windows1250,
	"ISO-8859-5": charmap.ISO8859_5, "windows-1251": charmap.Windows1251, "KOI8-R": charmap.KOI8R,
	"ISO-8859-6": charmap.ISO8859_6, "windows-1256": charmap.Windows1256,
	"ISO-8859-7": charmap.ISO8859_7, "windows-1253": charmap.Windows1253,
	"ISO-8859-8": charmap.ISO8859_8, "ISO-8859-8-I": charmap.ISO8859_8, "windows-1255": charmap.Windows1255,
	"ISO-8859-9": charmap.ISO8859_9, "windows-1254": charmap.Windows1254,
}

var centralEurope = map[string]bool{"cs": true, "hu": true, "pl": true, "ro": true}

// DetectCharset says which single-byte code page a text that is not UTF-8
// is in. Every candidate — the common code pages (charsetOrder) and those
// the statistical detector (github.com/saintfish/chardet, ICU's n-gram
// models; asked from MinCharsetEvidence non-ASCII bytes on) names —
// decodes a sample, and the one whose
// reading is most plausible wins (implausible: a symbol inside a word, a
// word switching to upper case in its middle, a word mixing Latin and
// another script, a Latin word made mostly of accented letters). Ties go
// to the detector's ranking when it is at least MinCharsetConfidence sure,
// else to charsetOrder. The detector knows no Baltic code page: a
// Windows-1252 reading with Icelandic letters (ð, þ: š, ž in Windows-1257)
// whose Windows-1257 reading has Lithuanian or Latvian letters is
// Windows-1257.
func DetectCharset(data []byte) *charmap.Charmap {
	sample, high := charsetEvidence(data)
	var ranked []*charmap.Charmap
	if high >= MinCharsetEvidence {
		ranked = detectorRanking(sample)
	}
	candidates := append(append([]*charmap.Charmap{}, ranked...), charsetOrder...)
	var best *charmap.Charmap
	bestScore := -1
	seen := map[*charmap.Charmap]bool{}
	for _, cm := range candidates {
		if seen[cm] {
			continue
		}
		seen[cm] = true
		if s := implausibility(cm, sample); bestScore < 0 || s < bestScore {
			best, bestScore = cm, s
		}
	}
	if best == charmap.Windows1252 && looksBaltic(sample) {
		return charmap.Windows1257
	}
	return best
}

// charsetEvidence returns the first lines holding non-ASCII bytes, up to
// charsetSample bytes, and how many non-ASCII bytes they hold.
func charsetEvidence(data []byte) (sample []byte, high int) {
	for len(data) > 0 && len(sample) < charsetSample {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		n := 0
		for _, c := range line {
			if c >= 0x80 {
				n++
			}
		}
		if n > 0 {
			line = line[:min(len(line), charsetSample-len(sample))]
			sample = append(sample, line...)
			high += n
		}
	}
	return sample, high
}

// detectorRanking is the detector's answers for the sample that are at
// least MinCharsetConfidence sure, as our code pages, best first.
func detectorRanking(sample []byte) []*charmap.Charmap {
	results, err := chardet.NewTextDetector().DetectAll(sample)
	if err != nil {
		return nil
	}
	var out []*charmap.Charmap
	for _, r := range results {
		if r.Confidence < MinCharsetConfidence {
			break
		}
		cm := detectorCharsets[r.Charset]
		if cm == charmap.Windows1252 && centralEurope[r.Language] {
			cm = charmap.Windows1250
		}
		if cm != nil {
			out = append(out, cm)
		}
	}
	return out
}

// implausibility counts what in the sample, read in cm, real text does not
// do: a non-ASCII symbol or control character next to a letter, a word
// turning to upper case after a lower-case letter, a word mixing Latin
// letters with another script, a Latin word of four letters or more most
// of which are accented. ASCII is the same in every candidate, so only
// words holding non-ASCII bytes are looked at.
func implausibility(cm *charmap.Charmap, sample []byte) int {
	text, err := cm.NewDecoder().Bytes(sample)
	if err != nil {
		return 1 << 30
	}
	bad := 0
	for _, w := range strings.FieldsFunc(string(text), wordBreak) {
		if !hasNonASCII(w) {
			continue
		}
		bad += wordImplausibility(w)
	}
	return bad
}

func wordBreak(r rune) bool {
	if r >= utf8.RuneSelf {
		return unicode.IsSpace(r)
	}
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

func wordImplausibility(w string) int {
	bad := 0
	letters, accented, latin, other := 0, 0, 0, 0
	prevLower := false
	for _, r := range w {
		if !unicode.IsLetter(r) {
			if len(w) > utf8.RuneLen(r) {
				bad++ // a symbol glued to letters
			}
			prevLower = false
			continue
		}
		letters++
		if r >= utf8.RuneSelf {
			accented++
		}
		if unicode.Is(unicode.Latin, r) {
			latin++
		} else {
			other++
		}
		if unicode.IsUpper(r) && prevLower {
			bad++
		}
		prevLower = unicode.IsLower(r)
	}
	if latin > 0 && other > 0 {
		bad++
	}
	if other == 0 && letters >= 4 && accented*2 > letters {
		bad++
	}
	return bad
}

// looksBaltic reports whether a sample that reads as plausible Windows-1252
// is Windows-1257: its Windows-1252 reading has Icelandic letters (ð, þ,
// which are š, ž in Windows-1257) and its Windows-1257 reading has a
// Lithuanian or Latvian letter that Icelandic text would not bring (ą ā ē č
// ė ģ ī ļ ņ ų ū: à â ç è ë ì î ï ò ø û in Windows-1252).
func looksBaltic(sample []byte) bool {
	icelandic, baltic := false, false
	for _, c := range sample {
		switch c {
		case 0xF0, 0xFE, 0xD0, 0xDE:
			icelandic = true
		case 0xE0, 0xE2, 0xE7, 0xE8, 0xEB, 0xEC, 0xEE, 0xEF, 0xF2, 0xF8, 0xFB,
			0xC0, 0xC2, 0xC7, 0xC8, 0xCB, 0xCC, 0xCE, 0xCF, 0xD2, 0xD8, 0xDB:
			baltic = true
		}
	}
	return icelandic && baltic
}
