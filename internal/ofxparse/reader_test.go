package ofxparse

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const sgmlHeader = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"

const signonOK = "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>"

// bankOFX wraps STMTTRN records in an SGML bank statement.
func bankOFX(currency, trns string) string {
	return fmt.Sprintf(bankTemplate, currency, trns)
}

// bankTemplate is a bank statement with its currency and its STMTTRN
// records left out (%s).
const bankTemplate = sgmlHeader + "<OFX>" + signonOK + "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>" +
	"<STMTRS><CURDEF>%s<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>" +
	"<BANKTRANLIST><DTSTART>20240101<DTEND>20240201\n%s</BANKTRANLIST>" +
	"<LEDGERBAL><BALAMT>1<DTASOF>20240201</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"

// codeOf is the code of an *Error, "" for any other error.
func codeOf(err error) Code {
	if e, ok := err.(*Error); ok {
		return e.Code
	}
	return ""
}

func TestRead(t *testing.T) {
	t.Parallel()
	doc := "<OFX>\n<SIGNONMSGSRSV1><SONRS></SONRS></SIGNONMSGSRSV1>\n" +
		"<BANKMSGSRSV1><STMTTRNRS><STATUS><CODE>0</STATUS><STMTRS><CURDEF>usd<BANKTRANLIST>\n" +
		"<STMTTRN><DTPOSTED>20240105<TRNAMT>-1<NAME>AT&amp;amp;T\n" +
		"<STMTTRN><DTPOSTED>20240106<TRNAMT>2<FITID>B</STMTTRN>\n" +
		"</BANKTRANLIST></STMTRS><STMTRS><CURDEF>EUR<BANKTRANLIST>\n" +
		"<STMTTRN><TRNAMT>3</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS>\n" +
		"<STMTTRNRS><STATUS><CODE>2000<SEVERITY>ERROR</STATUS></STMTTRNRS><STMTTRNRS></STMTTRNRS></BANKMSGSRSV1>\n" +
		"<INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><INVBANKTRAN><STMTTRN><TRNAMT>4</STMTTRN></INVBANKTRAN></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>\n" +
		"<SIGNUPMSGSRSV1><ACCTINFOTRNRS><ACCTINFORS></ACCTINFORS></ACCTINFOTRNRS></SIGNUPMSGSRSV1><PROFMSGSRSV1><PROFTRNRS><PROFRS></PROFRS></PROFTRNRS></PROFMSGSRSV1>\n"
	got, err := Read(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := File{
		HasOFX: true,
		Statements: []FileStatement{
			{Currency: "usd", Records: []Record{
				{Line: 4, Transaction: Transaction{Posted: "20240105", Amount: "-1", Name: "AT&T"}},
				{Line: 5, Transaction: Transaction{Posted: "20240106", Amount: "2", FITID: "B"}},
			}},
			{Currency: "EUR", Records: []Record{{Line: 7, Transaction: Transaction{Amount: "3"}}}},
		},
		Missing: []Status{{Code: "2000", Severity: "ERROR"}},
		// Its STMTTRN is not in an INVTRANLIST: not a row of the statement.
		InvStatements: []InvStatement{{}},
		Investments:   1,
		AccountLists:  1,
		Profiles:      1,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}

	if got, err := Read(sgmlHeader); err != nil || got.HasOFX {
		t.Errorf("header only: %+v, %v; want no OFX", got, err)
	}
	var open, close strings.Builder
	for i := 0; i <= maxDepth; i++ {
		fmt.Fprintf(&open, "<A%d>", i)
		fmt.Fprintf(&close, "</A%d>", maxDepth-i)
	}
	got, err = Read("<OFX>" + open.String() + close.String() + "</OFX>")
	if codeOf(err) != CodeMalformed || !strings.Contains(err.Error(), "nested more than 64") {
		t.Errorf("nested too deep: %+v, %v", got, err)
	}
	_, err = Read("<OFX><STMTRS>" + strings.Repeat("<STMTTRN>", MaxTransactions+1))
	if codeOf(err) != CodeTooLarge || err.Error() != "the file holds more than 200000 transactions; split it into smaller files" {
		t.Errorf("too many transactions: %v", err)
	}
}

func TestDecodeText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"UTF-8 BOM", []byte("\uFEFFCafé"), "Café"},
		{"Windows-1252", []byte("Caf\xe9 \x80"), "Café €"},
		{"UTF-16LE", []byte{0xFF, 0xFE, 'O', 0, 'K', 0}, "OK"},
		{"UTF-16BE", []byte{0xFE, 0xFF, 0, 'O', 0, 'K'}, "OK"},
	} {
		got, err := DecodeText(tt.data)
		if err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}
