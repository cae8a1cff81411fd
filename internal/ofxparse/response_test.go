package ofxparse

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadResponse(t *testing.T) {
	t.Parallel()
	card := "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2<STATUS><CODE>2003<SEVERITY>ERROR<MESSAGE>Account not found</STATUS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>"
	doc := strings.Replace(bankOFX("eur", "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105[-5:EST]<DTUSER>20240104<TRNAMT>-1,5<FITID> A1 <NAME>AT&amp;amp;T"+
		"<PAYEE><NAME>Payee</PAYEE><MEMO>m<SIC>5812<CURRENCY><CURRATE>1<CURSYM>CAD</CURRENCY><ORIGCURRENCY><CURSYM>JPY</ORIGCURRENCY></STMTTRN>"+
		"<STMTTRN><FITID>A2</STMTTRN>"), "</BANKMSGSRSV1>", "</BANKMSGSRSV1>"+card, 1)
	got, err := ReadResponse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := Response{
		Complete: true,
		Signon:   &Status{Code: "0", Severity: "INFO"},
		Statements: []StatementResponse{
			{Status: &Status{Code: "0", Severity: "INFO"}, Statement: &Statement{Currency: "eur", Transactions: []Transaction{
				{TrnType: "DEBIT", Posted: "20240105[-5:EST]", User: "20240104", Amount: "-1,5", FITID: "A1", Name: "AT&amp;T",
					PayeeName: "Payee", Memo: "m", SIC: "5812", CurSym: "CAD"},
				{FITID: "A2"},
			}, Ledger: Balance{Amount: "1", AsOf: "20240201"}}},
			{CreditCard: true, Status: &Status{Code: "2003", Severity: "ERROR", Message: "Account not found"}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}

	for _, tt := range []struct {
		name, doc string
		want      Response
	}{
		{"cut short", "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0", Response{Signon: &Status{Code: "0"}}},
		{"no status", "<ofx><signonmsgsrsv1><sonrs></sonrs></signonmsgsrsv1></ofx>", Response{Complete: true, Signon: &Status{}}},
		{"no sign-on", "<OFX></OFX>", Response{Complete: true, Statements: []StatementResponse{}}},
	} {
		got, err := ReadResponse([]byte(tt.doc))
		if tt.want.Statements == nil {
			tt.want.Statements = []StatementResponse{}
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	if _, err := ReadResponse([]byte("<html>502 Bad Gateway</html>")); codeOf(err) != CodeMalformed {
		t.Errorf("HTML: %v", err)
	}
}
