package file

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadOFXResponse(t *testing.T) {
	t.Parallel()
	card := "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2<STATUS><CODE>2003<SEVERITY>ERROR<MESSAGE>Account not found</STATUS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>"
	doc := strings.Replace(bankOFX("eur", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105[-5:EST]<DTUSER>20240104<TRNAMT>-1,5<FITID> A1 <NAME>AT&amp;amp;T"+
		"<PAYEE><NAME>Payee</PAYEE><MEMO>m<SIC>5812<CURRENCY><CURRATE>1<CURSYM>CAD</CURRENCY><ORIGCURRENCY><CURSYM>JPY</ORIGCURRENCY></STMTTRN>"+
		"<STMTTRN><FITID>A2</STMTTRN>"), "</BANKMSGSRSV1>", "</BANKMSGSRSV1>"+card, 1)
	got, err := ReadOFXResponse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := OFXResponse{
		Complete: true,
		Signon:   &OFXStatus{Code: "0", Severity: "INFO"},
		Statements: []OFXStatementResponse{
			{Status: &OFXStatus{Code: "0", Severity: "INFO"}, Statement: &OFXStatement{Currency: "eur", Transactions: []OFXTransaction{
				{TrnType: "DEBIT", Posted: "20240105[-5:EST]", User: "20240104", Amount: "-1,5", FITID: "A1", Name: "AT&amp;T",
					PayeeName: "Payee", Memo: "m", SIC: "5812", CurSym: "CAD"},
				{FITID: "A2"},
			}}},
			{CreditCard: true, Status: &OFXStatus{Code: "2003", Severity: "ERROR", Message: "Account not found"}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}

	for _, tt := range []struct {
		name, doc string
		want      OFXResponse
	}{
		{"cut short", "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0", OFXResponse{Signon: &OFXStatus{Code: "0"}}},
		{"no status", "<ofx><signonmsgsrsv1><sonrs></sonrs></signonmsgsrsv1></ofx>", OFXResponse{Complete: true, Signon: &OFXStatus{}}},
		{"no sign-on", "<OFX></OFX>", OFXResponse{Complete: true, Statements: []OFXStatementResponse{}}},
	} {
		got, err := ReadOFXResponse([]byte(tt.doc))
		if tt.want.Statements == nil {
			tt.want.Statements = []OFXStatementResponse{}
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	if _, err := ReadOFXResponse([]byte("<html>502 Bad Gateway</html>")); CodeOf(err) != CodeMalformed {
		t.Errorf("HTML: %v", err)
	}
}
