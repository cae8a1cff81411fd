package ofxparse

import (
	"reflect"
	"testing"
)

// invOFX is an SGML investment statement (leaves left unclosed) with a
// bank-style row, a trade, an income, a position and its security.
const invOFX = sgmlHeader + "<OFX>" + signonOK + "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\n" +
	"<INVSTMTRS><DTASOF>20240301<CURDEF>USD<INVACCTFROM><BROKERID>broker.example<ACCTID>99</INVACCTFROM>\n" +
	"<INVTRANLIST><DTSTART>20240101<DTEND>20240301\n" +
	"<BUYSTOCK><INVBUY><INVTRAN><FITID>B1<DTTRADE>20240102<DTSETTLE>20240104<MEMO>BUY</INVTRAN>" +
	"<SECID><UNIQUEID>922908769<UNIQUEIDTYPE>CUSIP</SECID><UNITS>2.5<UNITPRICE>200<COMMISSION>1<TOTAL>-501<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVBUY><BUYTYPE>BUY</BUYSTOCK>\n" +
	"<INCOME><INVTRAN><FITID>D1<DTTRADE>20240201</INVTRAN><SECID><UNIQUEID>922908769<UNIQUEIDTYPE>CUSIP</SECID><INCOMETYPE>DIV<TOTAL>3.21" +
	"<CURRENCY><CURRATE>1<CURSYM>CAD</CURRENCY><SUBACCTSEC>CASH<SUBACCTFUND>CASH</INCOME>\n" +
	"<INVBANKTRAN><STMTTRN><TRNTYPE>DEP<DTPOSTED>20240105<TRNAMT>1000<FITID>C1<NAME>DEPOSIT</STMTTRN><SUBACCTFUND>CASH</INVBANKTRAN>\n" +
	"</INVTRANLIST>\n" +
	"<INVPOSLIST><POSSTOCK><INVPOS><SECID><UNIQUEID>922908769<UNIQUEIDTYPE>CUSIP</SECID><HELDINACCT>CASH<POSTYPE>LONG" +
	"<UNITS>2.5<UNITPRICE>210.5<MKTVAL>526.25<DTPRICEASOF>20240229</INVPOS></POSSTOCK></INVPOSLIST>\n" +
	"<INVBAL><AVAILCASH>499<MARGINBALANCE>0<SHORTBALANCE>0</INVBAL></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>\n" +
	"<SECLISTMSGSRSV1><SECLIST><STOCKINFO><SECINFO><SECID><UNIQUEID>922908769<UNIQUEIDTYPE>CUSIP</SECID>" +
	"<SECNAME>VANGUARD TOTAL STOCK<TICKER>VTI<UNITPRICE>210.5</SECINFO></STOCKINFO>" +
	"<OPTINFO><SECINFO><SECID><UNIQUEID>OPT1<UNIQUEIDTYPE>OTHER</SECID><SECNAME>CALL</SECINFO><OPTTYPE>CALL<SECID><UNIQUEID>UNDERLYING<UNIQUEIDTYPE>CUSIP</SECID></OPTINFO>" +
	"</SECLIST></SECLISTMSGSRSV1></OFX>\n"

func TestReadInvestments(t *testing.T) {
	t.Parallel()
	got, err := Read(invOFX)
	if err != nil {
		t.Fatal(err)
	}
	want := []InvStatement{{
		Currency: "USD", AsOf: "20240301", BrokerID: "broker.example", AcctID: "99",
		Bank: []Record{{Line: 16, Transaction: Transaction{TrnType: "DEP", Posted: "20240105", Amount: "1000", FITID: "C1", Name: "DEPOSIT"}}},
		Transactions: []InvTransaction{
			{Line: 14, Kind: "BUYSTOCK", FITID: "B1", Trade: "20240102", Settle: "20240104", Memo: "BUY", SecID: "922908769", SecIDType: "CUSIP",
				Units: "2.5", UnitPrice: "200", Commission: "1", Total: "-501", SubAcctSec: "CASH", SubAcctFund: "CASH", BuyType: "BUY"},
			{Line: 15, Kind: "INCOME", FITID: "D1", Trade: "20240201", SecID: "922908769", SecIDType: "CUSIP", IncomeType: "DIV", Total: "3.21",
				CurSym: "CAD", SubAcctSec: "CASH", SubAcctFund: "CASH"},
		},
		HasPositions: true,
		Positions: []Position{{Line: 18, Kind: "POSSTOCK", SecID: "922908769", SecIDType: "CUSIP", HeldInAcct: "CASH", PosType: "LONG",
			Units: "2.5", UnitPrice: "210.5", MktVal: "526.25", PriceAsOf: "20240229"}},
	}}
	if !reflect.DeepEqual(got.InvStatements, want) {
		t.Errorf("statements\n got  %+v\n want %+v", got.InvStatements, want)
	}
	secs := []Security{
		{SecID: "922908769", SecIDType: "CUSIP", Name: "VANGUARD TOTAL STOCK", Ticker: "VTI", UnitPrice: "210.5"},
		{SecID: "OPT1", SecIDType: "OTHER", Name: "CALL"}, // not the underlying's SECID
	}
	if !reflect.DeepEqual(got.Securities, secs) {
		t.Errorf("securities\n got  %+v\n want %+v", got.Securities, secs)
	}
	if got.Investments != 1 || len(got.Statements) != 0 {
		t.Errorf("investments %d, statements %d", got.Investments, len(got.Statements))
	}
}

func TestReadInvestmentsBounded(t *testing.T) {
	t.Parallel()
	// Rows outside their lists are not kept; nothing panics on stray tags.
	doc := "<OFX><INVSTMTRS><BUYSTOCK><INVBUY><TOTAL>1</INVBUY></BUYSTOCK><POSMF><INVPOS><UNITS>1</INVPOS></POSMF>" +
		"<INVTRANLIST><INVPOSLIST><POSMF></POSMF></INVPOSLIST></INVTRANLIST></INVSTMTRS><SECINFO><SECNAME>x</SECINFO></OFX>"
	got, err := Read(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.InvStatements) != 1 || len(got.InvStatements[0].Transactions) != 0 || len(got.Securities) != 0 {
		t.Errorf("got %+v", got)
	}
}
