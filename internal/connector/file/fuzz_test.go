package file

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/centavo/centavo/internal/connector"
)

// fuzzRead feeds bytes to Read with the format fixed: no panic (Read turns
// one into CodeInternal, which counts as a failure here), every error is
// an *Error with a message, and every transaction has a UTC, non-zero date.
func fuzzRead(t *testing.T, data []byte, opts Options) {
	res, err := Read(data, opts)
	if err != nil {
		if CodeOf(err) == "" || CodeOf(err) == CodeInternal || strings.TrimSpace(err.Error()) == "" {
			t.Fatalf("bad error: %v (code %q, cause %v)", err, CodeOf(err), errors.Unwrap(err))
		}
		return
	}
	if len(res.Transactions) == 0 && res.Holdings == nil {
		t.Fatal("no transactions and no error")
	}
	fuzzAccounts(t, res)
	checkHoldings(t, res.Holdings) // invest_fuzz_test.go
	for _, tx := range res.Transactions {
		if tx.PostedAt.IsZero() || tx.PostedAt.Location() != time.UTC {
			t.Fatalf("transaction %+v: PostedAt zero or not UTC", tx)
		}
		if connector.CheckAmount(tx.AmountCents) != nil || connector.CheckID(tx.InstitutionID) != nil ||
			len(tx.Descriptor) > connector.MaxDescriptorBytes || !utf8.ValidString(tx.Descriptor) {
			t.Fatalf("transaction out of bounds: amount %d, id of %d bytes, descriptor of %d bytes",
				tx.AmountCents, len(tx.InstitutionID), len(tx.Descriptor))
		}
		if len(tx.Raw) > connector.MaxRawBytes || !utf8.ValidString(tx.Raw) || opts.Format == FormatCSV && tx.Raw == "" {
			t.Fatalf("transaction %+v: raw text of %d bytes, missing or not UTF-8", tx, len(tx.Raw))
		}
	}
}

// Seeds at the bounds (connector.MaxDescriptorBytes, MaxIDBytes,
// centavo.MaxTransactionCents): a payee, memo or name far longer than a
// descriptor may be, multi-byte characters across the cut, amounts just
// inside and beyond ±10^12 cents and at the edges of int64.
var (
	longText = strings.Repeat("ZORBLAX WIDGET EMPORIUM ", 100) + strings.Repeat("é€", 200)
	longID   = strings.Repeat("F", 300)
)

func FuzzReadOFX(f *testing.F) {
	f.Add([]byte(bankOFX("USD", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-12.345<FITID>A1<NAME>SQ *CAFE</STMTTRN>")))
	f.Add([]byte("OFXHEADER:100DATA:OFXSGMLVERSION:102<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKTRANLIST><STMTTRN><DTPOSTED>20201201120000.000[-8:PST]<TRNAMT>-1,5<NAME>K&L &amp;amp;</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"))
	f.Add([]byte(`<?xml version="1.0"?><?OFX OFXHEADER="200"?><OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500</CODE><SEVERITY>ERROR</SEVERITY></STATUS></SONRS></SIGNONMSGSRSV1></OFX>`))
	f.Add([]byte("<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><BANKTRANLIST><STMTTRN><DTPOSTED>20120231<TRNAMT>$120<NAME><![CDATA[x]]></STMTTRN><STMTTRN><DTUSER>20120201000000[+5.30:IST]<TRNAMT>(1)<MEMO>m<PAYEE><NAME>p</PAYEE><CURRENCY><CURSYM>EUR</CURRENCY></STMTTRN>"))
	f.Add([]byte("<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><INVBANKTRAN><STMTTRN><DTPOSTED>20120201<TRNAMT>1</STMTTRN></INVBANKTRAN></INVSTMTRS>"))
	f.Add([]byte("<OFX><!-- <STMTTRN> --><?x?><!DOCTYPE x><A/><B></B></C><"))
	f.Add([]byte(bankOFX("USD", "<STMTTRN><DTPOSTED>20240105<TRNAMT>-92233720368547758.07<FITID>A1<NAME>X</STMTTRN>"+
		"<STMTTRN><DTPOSTED>20240105<TRNAMT>10000000000.00<FITID>A2<NAME>"+longText+"</STMTTRN>"+
		"<STMTTRN><DTPOSTED>20240105<TRNAMT>-10000000000.01<FITID>A3<NAME>0000<MEMO>"+longText+"</STMTTRN>"+
		"<STMTTRN><DTPOSTED>20240105<TRNAMT>1<FITID>"+longID+"<PAYEE><NAME>"+longText+"</PAYEE></STMTTRN>")))
	// Descriptor rules (a date and a masked card in NAME, a generic word,
	// a MEMO repeating NAME) and a declared code page.
	f.Add([]byte(strings.Replace(bankOFX("EUR", "<STMTTRN><DTPOSTED>20220713<TRNAMT>-4<FITID>1<NAME>130722 CB****6516<MEMO>CARREFOUR</STMTTRN>"+
		"<STMTTRN><DTPOSTED>20220713<TRNAMT>-4<FITID>1<NAME>POS<MEMO>POS 1234</STMTTRN>"+
		"<STMTTRN><DTPOSTED>20220713<TRNAMT>-5<FITID>0000<NAME>AMAZON<MEMO>amazon mktplace "+longText+"</STMTTRN>"+
		"<STMTTRN><DTPOSTED>20220714<TRNAMT>-6<FITID>0000<NAME>\xce\xef\xeb\xe0\xf2\xe0<MEMO>\xcc\xe0\xe3\xed\xe8\xf2</STMTTRN>"), "CHARSET:1252", "CHARSET:1251", 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, Options{Format: FormatOFX})
	})
}

func FuzzReadQIF(f *testing.F) {
	f.Add([]byte("!Type:Bank\nD03/25/099Point of Sale\nT-99.99\nPPayee\nMMemo\n^\nD1/2'06\nU1,000.00\n^\n"))
	f.Add([]byte("!Option:AutoSwitch\n!Account\nNA\nTBank\n^\n!Clear:AutoSwitch\n!Type:CCard\nD25/12/2020\nT-1,50\nSCat\nE\n$-1,50\n^\n"))
	f.Add([]byte("!Type:Invst\nD8/25/93\nNShrsIn\nT1,000.00\n^\n!Type:Cat\nNFood\n^\n"))
	f.Add([]byte("D2019-03-31\r\nT-10\r\nP\r\n^"))
	f.Add([]byte("!Type:Bank\nD01/02/2024\nT-92,233,720,368,547,758.07\nPX\n^\nD01/02/2024\nT-10,000,000,000.00\nP" + longText + "\n^\n" +
		"D01/02/2024\nU10000000000.01\nMMemo " + longText + "\n^\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, Options{Format: FormatQIF})
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("Date,Description,Amount\n2024-01-05,\"SQ \"\"CAFE\"\"\",-12.34\n2024-01-05,x,\"(1,000.00)\"\n"))
	f.Add([]byte("\uFEFFDatum;Omschrijving;Af Bij;Bedrag (EUR)\r\n01/02/2024;AH;Af;1.234,56\r\n25/02/2024;Salaris;Bij;2500\r\n"))
	f.Add([]byte("\r\r\rDate,Description,Original Description,Amount,Transaction Type\r6/12/15,a,b,\"1,000.00\",debit\r"))
	f.Add([]byte("Transaction Date,Posted Date,Card No.,Description,Category,Debit,Credit\n2015-12-31,2016-01-02,1,x,y,1000.00,\n"))
	f.Add([]byte("Umsatzanzeige;x\n\nBuchung;Auftraggeber/Empf\xe4nger;Betrag;W\xe4hrung\n28.12.2018;M\xfcller;-5,50;EUR\n"))
	f.Add([]byte("Date,Status,Description,Amount\n23-Jan-15,PENDING,a,$1\n\"Feb 2, 2015\",declined,b,2\n"))
	f.Add([]byte("Date,Description,Memo,Debit,Credit\n2024-01-05," + longText + "," + longText + ",10000000000.00,\n" +
		"2024-01-06,x,y,,92233720368547758.07\n2024-01-07,x,y,10000000000.00,10000000000.00\n2024-01-08,x,y,-10000000000.00,10000000000.00\n"))
	// Issue 18: the dictionary's languages, direction letters, total rows,
	// numbered purpose columns, From/To, localized and colon dates.
	f.Add([]byte("\"Sąskaitos Nr.\",\"\",\"Data\",\"Gavėjas\",\"Paaiškinimai\",\"Suma\",\"Valiuta\",\"D/K\"\n\"LT1\",\"10\",\"2024-03-01\",\"\",\"Likutis pradžiai\",\"1.00\",\"EUR\",\"K\"\n" +
		"\"LT1\",\"20\",\"2024-03-04\",\"X\",\"Y\",\"15.77\",\"EUR\",\"D\"\n\"LT1\",\"82\",\"2024-03-31\",\"\",\"Apyvarta\",\"1\",\"EUR\",\"K\"\n"))
	f.Add([]byte("Дата операции;Дата платежа;Статус;Сумма операции;Валюта операции;Сумма платежа;Валюта платежа;Описание\n12.03.2024 20:06:27;;OK;-10,00;USD;-920,50;RUB;Пятёрочка\n14.03.2024;14.03.2024;FAILED;-5;RUB;-5;RUB;x\nИтого;;;;;-925,50;;\n"))
	f.Add([]byte("Auftragskonto;Buchungstag;Buchungstext;Verwendungszweck;Beguenstigter/Zahlungspflichtiger;Betrag;Waehrung;Info\nDE1;30.12.23;DAUERAUFTRAG;Miete;Haus;-850,00;EUR;Umsatz vorgemerkt\nDE1;31.12.23;Anfangssaldo;;;0;EUR;\n"))
	f.Add([]byte("Transaction Date,Reference,Debit Amount,Credit Amount,Transaction Ref1,Transaction Ref2,Transaction Ref3\n08 May 2024,MST,4.50,,A,B,\n1. März 2012,ITR,,1,,,\n2012:03:01,X,1,,,,\n5 марта 2012,,,2,,,\n"))
	f.Add([]byte("Date,Note,From,To,Amount (total)\n2024-01-05T13:00:00,,Ann,Bob,- $12.00\n2024-01-06T13:00:00,pizza,Cy,Ann,+ $8.50\n"))
	f.Add([]byte("Datum;Popis;Částka;MD/D\n14.03.2024;a;100,00;MD\n15.03.2024;b;2000,00;D\n16.03.2024;c;1;X\n"))
	f.Add([]byte("İşlem Tarihi;Açıklama;Borç;Alacak;Bakiye\n14.03.2024;Kira;1.500,00;;10.000,00\nTOPLAM;;1.500,00;;\n"))
	f.Add([]byte("Kirjauspäivä;Määrä  EUROA;Saaja/Maksaja;Viesti;Omschrijving-1;Omschrijving-2\n1 de marzo de 2012;-1;a;b;c;d\n5 Şubat 2012;2;;;;\n"))
	// Code pages to detect: Windows-1251, 1257, 1250, KOI8-R.
	f.Add([]byte("Date,Description,Amount\n2012-03-01,\xce\xef\xeb\xe0\xf2\xe0 \xe2 \xec\xe0\xe3\xe0\xe7\xe8\xed\xe5,-150.00\n"))
	f.Add([]byte("Data;Suma;Paskirtis\n2012-03-01;-5,00;Mok\xebjimas u\xfe \xf0ildym\xe0\n"))
	f.Add([]byte("Data;Kwota;Opis\n2012-03-01;-5,00;Op\xb3ata za pr\xb9d\n"))
	f.Add([]byte("Date,Description,Amount\n2012-03-01,\xef\xd2\xcf\xd7\xc5\xd2\xcb\xc1,-1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, Options{Format: FormatCSV})
		// And with a mapping, which takes other paths.
		fuzzRead(t, data, Options{Format: FormatCSV, CSV: &CSVMapping{HasHeader: true, Date: "0", Description: "1+2", Debit: "2", Credit: "3", Direction: "1", Status: "1"}})
	})
}
