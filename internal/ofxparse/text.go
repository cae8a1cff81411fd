package ofxparse

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// DecodeText turns a statement file into UTF-8 text. A UTF-16 byte-order
// mark means UTF-16; valid UTF-8 is taken as UTF-8 whatever the file
// declares (banks often declare CHARSET:1252 and send UTF-8); anything
// else is decoded as Windows-1252, which agrees with ISO-8859-1 on every
// printable character, so both declarations read right. The file import
// readers decode every format (OFX, QIF, CSV) with it. It returns an
// *Error (CodeMalformed) when the text cannot be decoded.
func DecodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", refuse(CodeMalformed, "the file says it is UTF-16 but is not valid UTF-16")
		}
		return strings.TrimPrefix(string(b), "\uFEFF"), nil
	case utf8.Valid(data):
		return strings.TrimPrefix(string(data), "\uFEFF"), nil
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", refuse(CodeMalformed, "the file's text encoding could not be read")
	}
	return string(b), nil
}

// clip shortens a value quoted in a message to 40 characters.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
