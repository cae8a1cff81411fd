package ofxparse

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// checkError fails on an error that is not an *Error with a code and a
// message, or that reports a bug.
func checkError(t *testing.T, what string, err error) {
	t.Helper()
	if codeOf(err) == "" || codeOf(err) == CodeInternal || strings.TrimSpace(err.Error()) == "" {
		t.Fatalf("%s: bad error: %v (code %q, cause %v)", what, err, codeOf(err), errors.Unwrap(err))
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(bankOFX("USD", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-12.345<FITID>A1<NAME>SQ *CAFE</STMTTRN>")))
	f.Add([]byte("OFXHEADER:100DATA:OFXSGMLVERSION:102<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST><STMTTRN><DTPOSTED>20201201120000.000[-8:PST]<TRNAMT>-1,5<NAME>K&L &amp;amp;</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"))
	f.Add([]byte(`<?xml version="1.0"?><?OFX OFXHEADER="200"?><OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500</CODE><SEVERITY>ERROR</SEVERITY></STATUS></SONRS></SIGNONMSGSRSV1></OFX>`))
	f.Add([]byte("<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><BANKTRANLIST><STMTTRN><DTPOSTED>20120231<TRNAMT>$120<NAME><![CDATA[x]]></STMTTRN><STMTTRN><DTUSER>20120201000000[+5.30:IST]<TRNAMT>(1)<MEMO>m<PAYEE><NAME>p</PAYEE><CURRENCY><CURSYM>EUR</CURRENCY></STMTTRN>"))
	f.Add([]byte("<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><INVBANKTRAN><STMTTRN><DTPOSTED>20120201<TRNAMT>1</STMTTRN></INVBANKTRAN></INVSTMTRS>"))
	f.Add([]byte("<OFX><!-- <STMTTRN> --><?x?><!DOCTYPE x><A/><B></B></C><"))
	f.Add([]byte(invOFX))
	f.Add([]byte("<OFX><INVSTMTRS><INVTRANLIST><BUYMF><INVBUY><INVTRAN><FITID>1</INVTRAN><SECID><UNIQUEID>X</SECID></INVBUY><BUYMF><INCOME><INVPOSLIST><POSMF><INVPOS><UNITS>1</INVPOS></POSMF></INVPOSLIST></INVTRANLIST><SECLIST><OPTINFO><SECINFO><SECID><UNIQUEID>O</SECID></SECINFO><SECID><UNIQUEID>U</SECID></OPTINFO>"))
	f.Add([]byte("OFXHEADER:100\nCHARSET:1251\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><DTPOSTED>20240105<TRNAMT>-1<FITID>1<NAME>130722 CB****6516<MEMO>\xce\xef\xeb\xe0\xf2\xe0</STMTTRN>"))
	f.Add([]byte("<?xml version='1.0' encoding='windows-1257'?><OFX><NAME>\xdbkis \xf0\xfe</NAME></OFX>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// As an OFX server's answer: no panic, every error an *Error.
		resp, err := ReadResponse(data)
		if err != nil {
			checkError(t, "ReadResponse", err)
		}
		for _, sr := range resp.Statements {
			if sr.Statement != nil && len(sr.Statement.Transactions) > MaxTransactions {
				t.Fatalf("ReadResponse: %d transactions", len(sr.Statement.Transactions))
			}
		}
		// As a statement file: the same, and every date read is UTC.
		text, err := DecodeText(data)
		if err != nil {
			checkError(t, "DecodeText", err)
			return
		}
		file, err := Read(text)
		if err != nil {
			checkError(t, "Read", err)
			return
		}
		for _, inv := range file.InvStatements {
			for _, it := range inv.Transactions {
				if it.Line < 1 || !invTransactionKinds[it.Kind] {
					t.Fatalf("Read: investment transaction %+v", it)
				}
			}
			for _, p := range inv.Positions {
				if p.Line < 1 || !positionKinds[p.Kind] {
					t.Fatalf("Read: position %+v", p)
				}
			}
		}
		for _, st := range file.Statements {
			for _, rec := range st.Records {
				if rec.Line < 1 {
					t.Fatalf("Read: record %+v has no line", rec)
				}
				if at, err := ParseDate(rec.Posted); err == nil && (at.IsZero() || at.Location() != time.UTC) {
					t.Fatalf("ParseDate(%q) = %v: zero or not UTC", rec.Posted, at)
				}
			}
		}
	})
}

// FuzzDecodeText: any bytes decode to valid UTF-8 or a coded error; valid
// UTF-8 comes back as it is (less a byte-order mark); every text has a
// code page.
func FuzzDecodeText(f *testing.F) {
	for _, c := range statementTexts {
		raw, err := c.cm.NewEncoder().Bytes([]byte(c.text))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("OFXHEADER:100\r\nCHARSET:1257\r\n\r\n<OFX>\xdbkis"))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"KOI8-R\"?><OFX>\xed\xc9\xd2"))
	f.Add([]byte("\xff\xfeD\x00a\x00"))
	f.Add([]byte("\xef\xbb\xbfCaf\xc3\xa9"))
	f.Add([]byte("CHARSET:\nCHARSET:cp\n<?xml encoding='\xe9'?>\x80\x81\x8d\x8f\x90\x9d"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := DecodeText(data)
		if err != nil {
			checkError(t, "DecodeText", err)
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("DecodeText gave invalid UTF-8: %q", text)
		}
		if utf8.Valid(data) && len(data) > 0 && data[0] != 0xFF && data[0] != 0xFE && text != strings.TrimPrefix(string(data), "\uFEFF") {
			t.Fatalf("valid UTF-8 %q came back as %q", data, text)
		}
		if cm := DetectCharset(data); cm == nil {
			t.Fatal("DetectCharset gave no code page")
		}
	})
}
