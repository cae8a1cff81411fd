package ofxparse

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// DecodeText turns a statement file into UTF-8 text. A byte-order mark
// says UTF-16 or UTF-8; valid UTF-8 is taken as UTF-8 whatever the file
// declares (banks often declare CHARSET:1252 and send UTF-8); anything
// else is read in the code page the file declares (an OFX CHARSET header,
// an XML encoding declaration: declaredCharset), else in the one
// DetectCharset finds, Windows-1252 when it has too little to go on. The
// file import readers decode every format (OFX, QIF, CSV) with it. It
// returns an *Error (CodeMalformed) when the text cannot be decoded.
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
	cm := declaredCharset(data)
	if cm == nil {
		cm = DetectCharset(data)
	}
	b, err := cm.NewDecoder().Bytes(data)
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
