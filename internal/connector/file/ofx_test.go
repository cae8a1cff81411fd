package file

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/connector"
)

const sgmlHeader = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"

const signonOK = "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>"

// bankOFX wraps STMTTRN records in an SGML bank statement.
func bankOFX(currency, trns string) string {
	return sgmlHeader + "<OFX>" + signonOK + "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>" +
		"<STMTRS><CURDEF>" + currency + "<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>" +
		"<BANKTRANLIST><DTSTART>20240101<DTEND>20240201\n" + trns + "</BANKTRANLIST>" +
		"<LEDGERBAL><BALAMT>1<DTASOF>20240201</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
}

// readOK reads a document that must import.
func readOK(t *testing.T, doc string, opts Options) Result {
	t.Helper()
	res, err := Read([]byte(doc), opts)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	for _, tx := range res.Transactions {
		if tx.PostedAt.IsZero() || tx.PostedAt.Location() != time.UTC {
			t.Fatalf("transaction %+v: PostedAt not UTC", tx)
		}
	}
	return res
}

// readErr reads a document that must be refused with the code and a
// message containing want.
func readErr(t *testing.T, doc string, opts Options, code Code, want string) Result {
	t.Helper()
	res, err := Read([]byte(doc), opts)
	if err == nil {
		t.Fatalf("Read succeeded with %d transactions, want an error", len(res.Transactions))
	}
	if CodeOf(err) != code || !strings.Contains(err.Error(), want) {
		t.Fatalf("Read error %q (code %q), want code %q containing %q", err, CodeOf(err), code, want)
	}
	return res
}

func TestOFX(t *testing.T) {
	t.Parallel()
	noon := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		doc      string
		want     []connector.Transaction
		accounts int
		skipped  int
	}{
		{
			name: "SGML without closing tags",
			doc: bankOFX("USD", "<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20240105\n<TRNAMT>-12.34\n<FITID>A1\n<NAME>SQ *CAFE\n<MEMO>card 1234\n<SIC>5814\n</STMTTRN>\n"+
				"<STMTTRN>\n<TRNTYPE>CREDIT\n<DTPOSTED>20240106120000.000[-5:EST]\n<TRNAMT>1000\n<FITID>A2\n<NAME>PAYROLL\n</STMTTRN>\n"),
			want: []connector.Transaction{
				{InstitutionID: "A1", PostedAt: noon(2024, 1, 5), AmountCents: -1234, Currency: "USD", Descriptor: "SQ *CAFE", TrnType: "DEBIT", MCC: "5814"},
				{InstitutionID: "A2", PostedAt: time.Date(2024, 1, 6, 17, 0, 0, 0, time.UTC), AmountCents: 100000, Currency: "USD", Descriptor: "PAYROLL", TrnType: "CREDIT"},
			},
			accounts: 1,
		},
		{
			name: "closing tags, mixed, on one line",
			doc: "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS></SONRS></SIGNONMSGSRSV1>" +
				"<BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR</CURDEF><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20160719<TRNAMT>-1.55</TRNAMT><FITID>X</FITID><NAME>FRAIS</NAME></STMTTRN>" +
				"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20160503</DTPOSTED><TRNAMT>-383.00<FITID>Y<NAME>PRELEVEMENT</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
			want: []connector.Transaction{
				{InstitutionID: "X", PostedAt: noon(2016, 7, 19), AmountCents: -155, Currency: "EUR", Descriptor: "FRAIS", TrnType: "DEBIT"},
				{InstitutionID: "Y", PostedAt: noon(2016, 5, 3), AmountCents: -38300, Currency: "EUR", Descriptor: "PRELEVEMENT", TrnType: "DEBIT"},
			},
			accounts: 1,
		},
		{
			name: "header without newlines",
			doc: "OFXHEADER:100DATA:OFXSGMLVERSION:102SECURITY:NONEENCODING:USASCIICHARSET:1252COMPRESSION:NONEOLDFILEUID:NONENEWFILEUID:NONE<OFX>" + signonOK +
				"<BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST><STMTTRN><TRNTYPE>DIRECTDEBIT<DTPOSTED>20201201120000.000[-8:PST]<TRNAMT>-12.34<FITID>202012011<NAME>AE Visa Card AE EPAY<MEMO> XXXXX1234</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
			want: []connector.Transaction{
				{InstitutionID: "202012011", PostedAt: time.Date(2020, 12, 1, 20, 0, 0, 0, time.UTC), AmountCents: -1234, Currency: "USD", Descriptor: "AE Visa Card AE EPAY", TrnType: "DIRECTDEBIT"},
			},
			accounts: 1,
		},
		{
			name: "blank line before the header, no blank line after it",
			doc:  "\r\n\r\n" + strings.ReplaceAll(strings.Replace(bankOFX("CAD", "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20181030000000.000[-5:EDT]<TRNAMT>2042.24<FITID>F<NAME>PAYMENT RECEIVED</STMTTRN>"), "\n\n", "\n", 1), "\n", "\r\n"),
			want: []connector.Transaction{
				{InstitutionID: "F", PostedAt: noon(2018, 10, 30), AmountCents: 204224, Currency: "CAD", Descriptor: "PAYMENT RECEIVED", TrnType: "CREDIT"},
			},
			accounts: 1,
		},
		{
			name: "no header at all, XML style",
			doc: "<OFX>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>CAD</CURDEF><BANKTRANLIST>\n<STMTTRN><TRNTYPE>OTHER</TRNTYPE><DTPOSTED>20110308020000</DTPOSTED><TRNAMT>120</TRNAMT><FITID>1</FITID><NAME>Foobar</NAME></STMTTRN>\n" +
				"</BANKTRANLIST><LEDGERBAL><BALAMT> </BALAMT><DTASOF></DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
			want: []connector.Transaction{
				{InstitutionID: "1", PostedAt: time.Date(2011, 3, 8, 2, 0, 0, 0, time.UTC), AmountCents: 12000, Currency: "CAD", Descriptor: "Foobar", TrnType: "OTHER"},
			},
			accounts: 1,
		},
		{
			name: "OFX 2 XML with processing instructions and CDATA",
			doc: `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n" + `<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE"?>` + "\n" +
				"<OFX><!-- a comment --><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>AUD</CURDEF><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20131215</DTPOSTED><TRNAMT>-16.85</TRNAMT><FITID>1</FITID>" +
				"<NAME><![CDATA[EFTPOS WDL HANDYWAY & ALDI  ]]></NAME><MEMO/></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
			want: []connector.Transaction{
				{InstitutionID: "1", PostedAt: noon(2013, 12, 15), AmountCents: -1685, Currency: "AUD", Descriptor: "EFTPOS WDL HANDYWAY & ALDI", TrnType: "DEBIT"},
			},
			accounts: 1,
		},
		{
			name: "raw ampersand and double-escaped entities",
			doc: bankOFX("USD", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1<FITID>1<NAME>K&L Wines</STMTTRN>"+
				"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1<FITID>2<NAME>TPAY &amp;lt;DEFTPYMT&amp;gt;</STMTTRN>"+
				"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1<FITID>3<NAME>AT&amp;amp;T &#233;t&#xE9; &bogus; & more</STMTTRN>"),
			want: []connector.Transaction{
				{InstitutionID: "1", PostedAt: noon(2024, 1, 5), AmountCents: -100, Currency: "USD", Descriptor: "K&L Wines", TrnType: "DEBIT"},
				{InstitutionID: "2", PostedAt: noon(2024, 1, 5), AmountCents: -100, Currency: "USD", Descriptor: "TPAY <DEFTPYMT>", TrnType: "DEBIT"},
				{InstitutionID: "3", PostedAt: noon(2024, 1, 5), AmountCents: -100, Currency: "USD", Descriptor: "AT&T été &bogus; & more", TrnType: "DEBIT"},
			},
			accounts: 1,
		},
		{
			name: "NAME empty, zeros, a date and a masked card, a generic word: MEMO; both when both say something; PAYEE aggregate; no FITID",
			doc: bankOFX("CAD", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20230509120000.000[-5:EST]<TRNAMT>-1.00<FITID>9<NAME>000000000000000<MEMO>PREAUTHORIZED DEBIT;B.C. HYDRO &amp; POWER AUTHORITY</STMTTRN>"+
				"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20230509<TRNAMT>-2.00<NAME><MEMO>CBA:Transfer</STMTTRN>"+
				"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20230509<TRNAMT>-3.00<FITID>11<PAYEE><NAME>ACME<ADDR1>1 Road<CITY>X<STATE>Y<POSTALCODE>1<PHONE>2</PAYEE><MEMO>Invoice 7</STMTTRN>"+
				"<STMTTRN><TRNTYPE>POS<DTPOSTED>20220713<TRNAMT>-4.00<FITID>12<NAME>130722 CB****6516<MEMO>CARREFOUR CITY PARIS</STMTTRN>"+
				"<STMTTRN><TRNTYPE>PAYMENT<DTPOSTED>20220713<TRNAMT>-5.00<FITID>13<NAME>PAYMENT<MEMO>Hydro One</STMTTRN>"+
				"<STMTTRN><TRNTYPE>POS<DTPOSTED>20220713<TRNAMT>-6.00<FITID>14<NAME>STARBUCKS<MEMO>STARBUCKS STORE 123</STMTTRN>"),
			want: []connector.Transaction{
				{InstitutionID: "9", PostedAt: time.Date(2023, 5, 9, 17, 0, 0, 0, time.UTC), AmountCents: -100, Currency: "CAD", Descriptor: "PREAUTHORIZED DEBIT;B.C. HYDRO & POWER AUTHORITY", TrnType: "DEBIT"},
				{InstitutionID: "", PostedAt: noon(2023, 5, 9), AmountCents: -200, Currency: "CAD", Descriptor: "CBA:Transfer", TrnType: "DEBIT"},
				{InstitutionID: "11", PostedAt: noon(2023, 5, 9), AmountCents: -300, Currency: "CAD", Descriptor: "ACME — Invoice 7", TrnType: "DEBIT"},
				{InstitutionID: "12", PostedAt: noon(2022, 7, 13), AmountCents: -400, Currency: "CAD", Descriptor: "CARREFOUR CITY PARIS", TrnType: "POS"},
				{InstitutionID: "13", PostedAt: noon(2022, 7, 13), AmountCents: -500, Currency: "CAD", Descriptor: "Hydro One", TrnType: "PAYMENT"},
				{InstitutionID: "14", PostedAt: noon(2022, 7, 13), AmountCents: -600, Currency: "CAD", Descriptor: "STARBUCKS STORE 123", TrnType: "POS"},
			},
			accounts: 1,
		},
		{
			name: "amounts: 3 and 5 decimals, decimal comma, -0, currency symbol; CURRENCY aggregate",
			doc: bankOFX("", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20190123<TRNAMT>-30.000<FITID>1<NAME>a</STMTTRN>"+
				"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20190123<TRNAMT>-3.77500<FITID>2<NAME>b</STMTTRN>"+
				"<STMTTRN><TRNTYPE>CHECK<DTPOSTED>20051004<TRNAMT>-200,00<FITID>3<NAME>c</STMTTRN>"+
				"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20161027<TRNAMT>-0<FITID>4<NAME>d</STMTTRN>"+
				"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20161027<TRNAMT>$120<FITID>5<NAME>e<CURRENCY><CURRATE>1.0<CURSYM>aud</CURRENCY></STMTTRN>"),
			want: []connector.Transaction{
				{InstitutionID: "1", PostedAt: noon(2019, 1, 23), AmountCents: -3000, Currency: "USD", Descriptor: "a", TrnType: "DEBIT"},
				{InstitutionID: "2", PostedAt: noon(2019, 1, 23), AmountCents: -378, Currency: "USD", Descriptor: "b", TrnType: "DEBIT"},
				{InstitutionID: "3", PostedAt: noon(2005, 10, 4), AmountCents: -20000, Currency: "USD", Descriptor: "c", TrnType: "CHECK"},
				{InstitutionID: "4", PostedAt: noon(2016, 10, 27), AmountCents: 0, Currency: "USD", Descriptor: "d", TrnType: "DEBIT"},
				{InstitutionID: "5", PostedAt: noon(2016, 10, 27), AmountCents: 12000, Currency: "AUD", Descriptor: "e", TrnType: "DEBIT"},
			},
			accounts: 1,
		},
		{
			name: "invalid records are skipped, the rest kept",
			doc: bankOFX("USD", "<STMTTRN><TRNTYPE>OTHER<TRNAMT>-80.00<FITID>1<NAME>no date</STMTTRN>"+
				"<STMTTRN><TRNTYPE>OTHER<DTPOSTED><TRNAMT>200.00<FITID>2<NAME>empty date</STMTTRN>"+
				"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>20120231<TRNAMT>200.00<FITID>3<NAME>Feb 31</STMTTRN>"+
				"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>201120000000<TRNAMT>1<FITID>4<NAME>month 20</STMTTRN>"+
				"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>20120201<TRNAMT>12abc<FITID>5<NAME>bad amount</STMTTRN>"+
				"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>20120201<FITID>6<NAME>no amount</STMTTRN>"+
				"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>20120201<TRNAMT>99999999999999999999<FITID>7<NAME>overflow</STMTTRN>"+
				"<STMTTRN><TRNTYPE>OTHER<DTUSER>20120202<TRNAMT>5<FITID>8<NAME>DTUSER only</STMTTRN>"),
			want: []connector.Transaction{
				{InstitutionID: "8", PostedAt: noon(2012, 2, 2), AmountCents: 500, Currency: "USD", Descriptor: "DTUSER only", TrnType: "OTHER"},
			},
			accounts: 1,
			skipped:  7,
		},
		{
			name: "bank and credit card statements in one file",
			doc: sgmlHeader + "<OFX>" + signonOK +
				"<BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>BRL<BANKTRANLIST><STMTTRN><TRNTYPE>DEP<DTPOSTED>20170301<TRNAMT>13318.36<FITID>a<MEMO>TED-CRÉDITO EM CONTA</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS>" +
				"<STMTTRNRS><STMTRS><CURDEF>BRL<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20170302<TRNAMT>-1<FITID>b<NAME>TARIFA</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1>" +
				"<CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111</CCACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20170303<TRNAMT>-9.99<FITID>c<NAME>NETFLIX</STMTTRN></BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>",
			want: []connector.Transaction{
				{InstitutionID: "a", PostedAt: noon(2017, 3, 1), AmountCents: 1331836, Currency: "BRL", Descriptor: "TED-CRÉDITO EM CONTA", TrnType: "DEP"},
				{InstitutionID: "b", PostedAt: noon(2017, 3, 2), AmountCents: -100, Currency: "BRL", Descriptor: "TARIFA", TrnType: "DEBIT"},
				{InstitutionID: "c", PostedAt: noon(2017, 3, 3), AmountCents: -999, Currency: "USD", Descriptor: "NETFLIX", TrnType: "DEBIT"},
			},
			accounts: 3,
		},
		{
			name: "bank statement beside an investment statement",
			doc: bankOFX("USD", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1<FITID>1<NAME>x</STMTTRN>") +
				"<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>USD<INVTRANLIST><INVBANKTRAN><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240106<TRNAMT>5<FITID>i</STMTTRN></INVBANKTRAN></INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>",
			want: []connector.Transaction{
				{InstitutionID: "1", PostedAt: noon(2024, 1, 5), AmountCents: -100, Currency: "USD", Descriptor: "x", TrnType: "DEBIT"},
				{InstitutionID: "i", PostedAt: noon(2024, 1, 6), AmountCents: 500, Currency: "USD", TrnType: "CREDIT"},
			},
			accounts: 2,
		},
		{
			name: "lower-case tags and indentation",
			doc: "<ofx>\n  <bankmsgsrsv1>\n    <stmttrnrs>\n      <stmtrs>\n        <curdef>gbp\n        <banktranlist>\n          <stmttrn>\n            <trntype>pos\n            <dtposted>20160823\n" +
				"            <trnamt>-100.00\n            <fitid>ABC\n            <name>VENDOR\n          </stmttrn>\n        </banktranlist>\n      </stmtrs>\n    </stmttrnrs>\n  </bankmsgsrsv1>\n</ofx>\n",
			want: []connector.Transaction{
				{InstitutionID: "ABC", PostedAt: noon(2016, 8, 23), AmountCents: -10000, Currency: "GBP", Descriptor: "VENDOR", TrnType: "POS"},
			},
			accounts: 1,
		},
		{
			name: "two identical transactions are both kept",
			doc: bankOFX("USD", "<STMTTRN><TRNTYPE>POS<DTPOSTED>20240105<TRNAMT>-4.50<NAME>COFFEE</STMTTRN>"+
				"<STMTTRN><TRNTYPE>POS<DTPOSTED>20240105<TRNAMT>-4.50<NAME>COFFEE</STMTTRN>"),
			want: []connector.Transaction{
				{PostedAt: noon(2024, 1, 5), AmountCents: -450, Currency: "USD", Descriptor: "COFFEE", TrnType: "POS"},
				{PostedAt: noon(2024, 1, 5), AmountCents: -450, Currency: "USD", Descriptor: "COFFEE", TrnType: "POS"},
			},
			accounts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := readOK(t, tt.doc, Options{})
			if res.Format != FormatOFX {
				t.Errorf("format %q", res.Format)
			}
			checkTransactions(t, res.Transactions, tt.want)
			if res.Accounts != tt.accounts {
				t.Errorf("accounts = %d, want %d", res.Accounts, tt.accounts)
			}
			if len(res.Skipped) != tt.skipped {
				t.Errorf("skipped = %+v, want %d", res.Skipped, tt.skipped)
			}
		})
	}
}

func checkTransactions(t *testing.T, got, want []connector.Transaction) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d transactions, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		g := got[i]
		g.FileAccount = "" // the accounts are TestFileAccounts'
		if !reflect.DeepEqual(g, want[i]) {
			t.Errorf("transaction %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestOFXSkippedLines(t *testing.T) {
	t.Parallel()
	doc := "<OFX>\n<STMTRS>\n<CURDEF>USD\n<BANKTRANLIST>\n<STMTTRN>\n<DTPOSTED>20120231\n<TRNAMT>1\n</STMTTRN>\n<STMTTRN>\n<DTPOSTED>20120201\n<TRNAMT>1\n</STMTTRN>\n</BANKTRANLIST>\n</STMTRS>\n</OFX>\n"
	res := readOK(t, doc, Options{})
	if len(res.Skipped) != 1 || res.Skipped[0].Line != 5 || !strings.Contains(res.Skipped[0].Reason, `invalid date "20120231"`) {
		t.Errorf("skipped = %+v, want line 5, invalid date", res.Skipped)
	}
}

func TestOFXCharsets(t *testing.T) {
	t.Parallel()
	trn := func(name string) string {
		return bankOFX("CAD", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20221019<TRNAMT>-20.00<FITID>1<NAME>"+name+"</STMTTRN>")
	}
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"CP1252 bytes", trn("Caf\xe9 M\xe9tro \x80uro \x97"), "Café Métro €uro —"},
		{"8859-1 bytes", strings.Replace(trn("Carte pr\xe9pay\xe9e"), "CHARSET:1252", "CHARSET:8859-1", 1), "Carte prépayée"},
		{"declared 1252, really UTF-8", trn("SQ *ECCO UN POCO ¦ NATURA"), "SQ *ECCO UN POCO ¦ NATURA"},
		{"UTF-8 with CHARSET:NONE", strings.Replace(trn("Café €"), "CHARSET:1252", "CHARSET:NONE", 1), "Café €"},
		{"UTF-8 BOM", "\uFEFF" + trn("Café"), "Café"},
		{"CHARSET:1251", strings.Replace(trn("\xcc\xe8\xf0"), "CHARSET:1252", "CHARSET:1251", 1), "Мир"},
		{"CHARSET:1257", strings.Replace(trn("\xdbkis"), "CHARSET:1252", "CHARSET:1257", 1), "Ūkis"},
		{"CHARSET:NONE, Windows-1251 detected", strings.Replace(trn("\xce\xef\xeb\xe0\xf2\xe0 \xcc\xe0\xe3\xed\xe8\xf2"), "CHARSET:1252", "CHARSET:NONE", 1), "Оплата Магнит"},
	}
	for _, tt := range tests {
		res := readOK(t, tt.doc, Options{})
		if got := res.Transactions[0].Descriptor; got != tt.want {
			t.Errorf("%s: descriptor %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestOFXRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  string
		code Code
		want string
	}{
		{
			name: "sign-on error",
			doc: sgmlHeader + "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR<MESSAGE>Your password was incorrect</STATUS>" +
				"<DTSERVER>20130325211209.350[-7:MST]<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1></OFX>",
			code: CodeInstitution, want: "OFX code 15500: Your password was incorrect",
		},
		{
			name: "sign-on error without a message",
			doc:  `<?xml version="1.0"?><OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500</CODE><SEVERITY>ERROR</SEVERITY></STATUS></SONRS></SIGNONMSGSRSV1></OFX>`,
			code: CodeInstitution, want: "the user ID or password is wrong",
		},
		{
			name: "statement error",
			doc: `<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="211"?><OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS></SONRS></SIGNONMSGSRSV1>` +
				`<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>2000</CODE><SEVERITY>ERROR</SEVERITY><MESSAGE>General Server Error</MESSAGE></STATUS></STMTTRNRS></BANKMSGSRSV1></OFX>`,
			code: CodeInstitution, want: "OFX code 2000: General Server Error",
		},
		{
			name: "investment statement whose only trade has no total",
			doc: sgmlHeader + "<OFX>" + signonOK + "<INVSTMTMSGSRSV1><INVSTMTTRNRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><INVSTMTRS><DTASOF>20240101<CURDEF>USD" +
				"<INVTRANLIST><BUYSTOCK><INVBUY><INVTRAN><FITID>1<DTTRADE>20240101</INVTRAN></INVBUY></BUYSTOCK></INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>",
			code: CodeMalformed, want: `investment transaction "1" has no TOTAL`,
		},
		{
			name: "account listing",
			doc: sgmlHeader + "<OFX>" + signonOK + "<SIGNUPMSGSRSV1><ACCTINFOTRNRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><ACCTINFORS><DTACCTUP>20240101" +
				"<ACCTINFO><DESC>Checking<BANKACCTINFO><BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM></BANKACCTINFO></ACCTINFO></ACCTINFORS></ACCTINFOTRNRS></SIGNUPMSGSRSV1></OFX>",
			code: CodeUnsupported, want: "holds no statement or transactions",
		},
		{
			name: "statement without transactions",
			doc:  bankOFX("USD", ""),
			code: CodeEmpty, want: "no transactions",
		},
		{
			name: "empty OFX body",
			doc:  sgmlHeader + "<OFX></OFX>",
			code: CodeEmpty, want: "no bank or credit card statement",
		},
		{
			name: "header only",
			doc:  sgmlHeader,
			code: CodeMalformed, want: "no <OFX> content",
		},
		{
			name: "every transaction unreadable",
			doc:  bankOFX("USD", "<STMTTRN><DTPOSTED>20120231<TRNAMT>1</STMTTRN>"),
			code: CodeMalformed, want: `invalid date "20120231"`,
		},
		{
			name: "nested too deep",
			doc:  "<OFX>" + nested(100) + "</OFX>",
			code: CodeMalformed, want: "nested",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			readErr(t, tt.doc, Options{}, tt.code, tt.want)
		})
	}
}

func TestOFXUnclosedAggregates(t *testing.T) {
	t.Parallel()
	// Records that are never closed, and a CURRENCY written as a leaf.
	var b strings.Builder
	b.WriteString("<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST>")
	for i := 0; i < 100; i++ {
		b.WriteString("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1<CURRENCY>USD<NAME>shop\n")
	}
	res := readOK(t, b.String(), Options{})
	if len(res.Transactions) != 100 || res.Transactions[99].Descriptor != "shop" {
		t.Errorf("got %d transactions, last %+v", len(res.Transactions), res.Transactions[len(res.Transactions)-1])
	}
}

// nested opens and closes n distinct elements inside each other.
func nested(n int) string {
	var open, close strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&open, "<A%d>", i)
		fmt.Fprintf(&close, "</A%d>", n-1-i)
	}
	return open.String() + close.String()
}
