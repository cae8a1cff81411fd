package file

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func TestDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		doc  string
		want Format
		code Code // when refused
	}{
		{"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>", FormatOFX, ""},
		{"\n\n  ofxheader:100", FormatOFX, ""},
		{`<?xml version="1.0"?><?OFX OFXHEADER="200"?><OFX>`, FormatOFX, ""},
		{"<OFX><SIGNONMSGSRSV1>", FormatOFX, ""},
		{"\uFEFF!Type:Bank\nD1/1/2020\n", FormatQIF, ""},
		{"!Account\nNChecking\n^\n", FormatQIF, ""},
		{"!type:CCard\n", FormatQIF, ""},
		{"Date,Description,Amount\n", FormatCSV, ""},
		{"Datum;Betrag\n", FormatCSV, ""},
		{"", "", CodeEmpty},
		{" \r\n\t", "", CodeEmpty},
		{"%PDF-1.7\n", "", CodeUnknown},
		{"PK\x03\x04rest", "", CodeUnknown},
		{"<html><body>statement</body></html>", "", CodeUnknown},
		{"abc\x00def", "", CodeUnknown},
	}
	for _, tt := range tests {
		got, err := Detect([]byte(tt.doc))
		switch {
		case tt.code != "" && CodeOf(err) != tt.code:
			t.Errorf("Detect(%q) = %q, %v; want code %q", tt.doc, got, err, tt.code)
		case tt.code == "" && (err != nil || got != tt.want):
			t.Errorf("Detect(%q) = %q, %v; want %q", tt.doc, got, err, tt.want)
		}
	}
}

func TestReadLimits(t *testing.T) {
	t.Parallel()
	readErr(t, "Date,Description,Amount\n2024-01-05,a,1\n", Options{MaxBytes: 10}, CodeTooLarge, "files up to")
	big := make([]byte, DefaultMaxBytes+1)
	if _, err := Read(big, Options{}); CodeOf(err) != CodeTooLarge {
		t.Errorf("11 MiB file: %v", err)
	}
	readErr(t, "!Type:Bank\n"+strings.Repeat("D1/1/2020\nT1\n^\n", MaxRecords+1), Options{}, CodeTooLarge, "more than 200000")
	readErr(t, "<OFX><STMTRS><BANKTRANLIST>"+strings.Repeat("<STMTTRN><DTPOSTED>20200101<TRNAMT>1</STMTTRN>", MaxRecords+1), Options{}, CodeTooLarge, "more than 200000")
	readErr(t, "Date,Description,Amount\n"+strings.Repeat("2020-01-01,a,1\n", MaxRecords+1000), Options{}, CodeTooLarge, "more than 200000")
}

func TestReadOptions(t *testing.T) {
	t.Parallel()
	res := readOK(t, "!Type:Bank\nD1/2/2020\nT1\n^\n", Options{Currency: "eur"})
	if res.Currency != "EUR" || res.Transactions[0].Currency != "EUR" {
		t.Errorf("currency = %q / %q, want EUR", res.Currency, res.Transactions[0].Currency)
	}
	res = readOK(t, "!Type:Bank\nD1/2/2020\nT1\n^\n", Options{Currency: "not a code"})
	if res.Currency != "USD" {
		t.Errorf("currency = %q, want the USD default", res.Currency)
	}
	readErr(t, "x", Options{Format: "xls"}, CodeUnknown, `unknown file format "xls"`)
	// A forced format reads what it is told to.
	readErr(t, "!Type:Bank\nD1/2/2020\nT1\n^\n", Options{Format: FormatOFX}, CodeMalformed, "no <OFX> content")
}

func TestReadUTF16(t *testing.T) {
	t.Parallel()
	doc := "Date,Description,Amount\r\n2024-01-05,Café,-1.00\r\n"
	for _, bigEndian := range []bool{false, true} {
		var b []byte
		if bigEndian {
			b = append(b, 0xFE, 0xFF)
		} else {
			b = append(b, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(doc)) {
			if bigEndian {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		res, err := Read(b, Options{})
		if err != nil || len(res.Transactions) != 1 || res.Transactions[0].Descriptor != "Café" {
			t.Errorf("big endian %v: %+v, %v", bigEndian, res, err)
		}
	}
}

// TestHostileInputs checks that pathological input costs linear time: each
// 1 MiB document must be read (or refused) well within a second.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: reads 11 hostile 1 MiB documents in each of 3 formats")
	}
	t.Parallel()
	const n = 1 << 20
	docs := map[string]string{
		"ampersands":      "<OFX><NAME>" + strings.Repeat("&a", n/2),
		"less-than signs": "<OFX>" + strings.Repeat("<", n),
		"empty elements":  "<OFX>" + strings.Repeat("<A>", n/3),
		"end tags":        "<OFX>" + strings.Repeat("</A", n/3),
		"nested":          "<OFX>" + nested(n/10),
		"open comments":   "<OFX>" + strings.Repeat("<!--", n/4),
		"commas":          "Date,Amount\n" + strings.Repeat(",", n),
		"quotes":          strings.Repeat("\"", n),
		"line ends":       strings.Repeat("\r", n),
		"date lines":      "!Type:Bank\n" + strings.Repeat("D1/2/2020\n", n/10),
		"long dates":      "Date,Amount\n" + strings.Repeat("1/2/3/4/5/6/7/8,1\n", n/18),
	}
	for name, doc := range docs {
		for _, f := range []Format{FormatOFX, FormatQIF, FormatCSV} {
			start := time.Now()
			_, err := Read([]byte(doc), Options{Format: f})
			if CodeOf(err) == CodeInternal {
				t.Errorf("%s as %s: %v", name, f, err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s as %s took %v", name, f, d)
			}
		}
	}
}
