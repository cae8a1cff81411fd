package file

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
)

// investOFX wraps INVTRANLIST rows and INVPOSLIST positions in an SGML
// investment statement with a security list naming VTI and VBMFX.
func investOFX(rows, positions string) string {
	return sgmlHeader + "<OFX>" + signonOK + "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\n" +
		"<INVSTMTRS><DTASOF>20240301120000[-5:EST]<CURDEF>USD<INVACCTFROM><BROKERID>broker.example<ACCTID>99</INVACCTFROM>\n" +
		"<INVTRANLIST><DTSTART>20240101<DTEND>20240301\n" + rows + "</INVTRANLIST>\n" + positions +
		"</INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>\n" +
		"<SECLISTMSGSRSV1><SECLIST><STOCKINFO><SECINFO><SECID><UNIQUEID>922908769<UNIQUEIDTYPE>CUSIP</SECID>" +
		"<SECNAME>VANGUARD TOTAL STOCK<TICKER>VTI</SECINFO></STOCKINFO>" +
		"<MFINFO><SECINFO><SECID><UNIQUEID>921937108<UNIQUEIDTYPE>CUSIP</SECID><SECNAME>Vanguard Total Bond<TICKER>921937108</SECINFO></MFINFO>" +
		"</SECLIST></SECLISTMSGSRSV1></OFX>\n"
}

const vti = "<SECID><UNIQUEID>922908769<UNIQUEIDTYPE>CUSIP</SECID>"
const bond = "<SECID><UNIQUEID>921937108<UNIQUEIDTYPE>CUSIP</SECID>"

func TestInvestmentCash(t *testing.T) {
	t.Parallel()
	rows := "<BUYSTOCK><INVBUY><INVTRAN><FITID>B1<DTTRADE>20240102<DTSETTLE>20240104</INVTRAN>" + vti +
		"<UNITS>2.5<UNITPRICE>200<COMMISSION>1<TOTAL>-501<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVBUY><BUYTYPE>BUY</BUYSTOCK>\n" +
		"<SELLMF><INVSELL><INVTRAN><FITID>S1<DTTRADE>20240110</INVTRAN>" + bond +
		"<UNITS>-10<UNITPRICE>10.5<FEES>0.25<TOTAL>104.75<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVSELL><SELLTYPE>SELL</SELLMF>\n" +
		"<INCOME><INVTRAN><FITID>D1<DTTRADE>20240201</INVTRAN>" + vti + "<INCOMETYPE>DIV<TOTAL>3.21<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INCOME>\n" +
		"<INCOME><INVTRAN><FITID>I1<DTTRADE>20240202</INVTRAN><SECID><UNIQUEID>UNKNOWN1<UNIQUEIDTYPE>CUSIP</SECID><INCOMETYPE>INTEREST<TOTAL>0.50</INCOME>\n" +
		"<INCOME><INVTRAN><FITID>G1<DTTRADE>20240203</INVTRAN>" + bond + "<INCOMETYPE>CGLONG<TOTAL>7<CURRENCY><CURRATE>1<CURSYM>CAD</CURRENCY></INCOME>\n" +
		"<REINVEST><INVTRAN><FITID>R1<DTTRADE>20240204</INVTRAN>" + vti + "<INCOMETYPE>DIV<TOTAL>-6.97<UNITS>0.037<UNITPRICE>187.9894</REINVEST>\n" +
		"<INVEXPENSE><INVTRAN><FITID>E1<DTTRADE>20240205</INVTRAN>" + vti + "<TOTAL>-2.00</INVEXPENSE>\n" +
		"<MARGININTEREST><INVTRAN><FITID>M1<DTTRADE>20240206</INVTRAN><TOTAL>-1.10</MARGININTEREST>\n" +
		"<TRANSFER><INVTRAN><FITID>T1<DTTRADE>20240207</INVTRAN>" + vti + "<UNITS>5<TFERACTION>IN<POSTYPE>LONG</TRANSFER>\n" +
		"<INVBANKTRAN><STMTTRN><TRNTYPE>DEP<DTPOSTED>20240105<TRNAMT>1000<FITID>C1<NAME>DEPOSIT FROM CHECKING</STMTTRN><SUBACCTFUND>CASH</INVBANKTRAN>\n"
	res := readOK(t, investOFX(rows, ""), Options{})
	want := []connector.Transaction{
		{InstitutionID: "C1", PostedAt: middayUTC(2024, 1, 5), AmountCents: 100000, Currency: "USD", Descriptor: "DEPOSIT FROM CHECKING", TrnType: "DEP"},
		{InstitutionID: "B1", PostedAt: middayUTC(2024, 1, 4), AmountCents: -50100, Currency: "USD", Descriptor: "Buy — VANGUARD TOTAL STOCK", TrnType: "XFER"},
		{InstitutionID: "S1", PostedAt: middayUTC(2024, 1, 10), AmountCents: 10475, Currency: "USD", Descriptor: "Sell — Vanguard Total Bond", TrnType: "XFER"},
		{InstitutionID: "D1", PostedAt: middayUTC(2024, 2, 1), AmountCents: 321, Currency: "USD", Descriptor: "Dividend — VANGUARD TOTAL STOCK", TrnType: "DIV"},
		{InstitutionID: "I1", PostedAt: middayUTC(2024, 2, 2), AmountCents: 50, Currency: "USD", Descriptor: "Interest — UNKNOWN1", TrnType: "INT"},
		{InstitutionID: "G1", PostedAt: middayUTC(2024, 2, 3), AmountCents: 700, Currency: "CAD", Descriptor: "Long-term capital gain — Vanguard Total Bond", TrnType: "DIV"},
		{InstitutionID: "E1", PostedAt: middayUTC(2024, 2, 5), AmountCents: -200, Currency: "USD", Descriptor: "Fee — VANGUARD TOTAL STOCK", TrnType: "FEE"},
		{InstitutionID: "M1", PostedAt: middayUTC(2024, 2, 6), AmountCents: -110, Currency: "USD", Descriptor: "Margin interest", TrnType: "INT"},
	}
	checkTransactions(t, res.Transactions, want)
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "2 investment transaction(s) move no cash") {
		t.Errorf("skipped %+v, want the reinvestment and the transfer of shares counted", res.Skipped)
	}
	if res.Holdings != nil || res.Accounts != 1 || res.Currency != "USD" {
		t.Errorf("holdings %+v, accounts %d, currency %q", res.Holdings, res.Accounts, res.Currency)
	}
}

func TestInvestmentPositions(t *testing.T) {
	t.Parallel()
	positions := "<INVPOSLIST>" +
		"<POSSTOCK><INVPOS>" + vti + "<HELDINACCT>CASH<POSTYPE>LONG<UNITS>12.50000<UNITPRICE>210.555<MKTVAL>2631.94<DTPRICEASOF>20240229</INVPOS></POSSTOCK>" +
		"<POSMF><INVPOS>" + bond + "<HELDINACCT>CASH<POSTYPE>LONG<UNITS>0.0048<UNITPRICE>10<MKTVAL>0.05<CURRENCY><CURRATE>1<CURSYM>CAD</CURRENCY></INVPOS></POSMF>" +
		"<POSOTHER><INVPOS><SECID><UNIQUEID>X<UNIQUEIDTYPE>OTHER</SECID><UNITS>1e5<UNITPRICE>1<MKTVAL>1</INVPOS></POSOTHER>" +
		"</INVPOSLIST>"
	res := readOK(t, investOFX("", positions), Options{})
	if len(res.Transactions) != 0 || res.Holdings == nil {
		t.Fatalf("transactions %+v, holdings %+v", res.Transactions, res.Holdings)
	}
	// DTASOF 12:00 EST is 17:00 UTC.
	if want := time.Date(2024, 3, 1, 17, 0, 0, 0, time.UTC); !res.Holdings.AsOf.Equal(want) {
		t.Errorf("as of %v, want %v", res.Holdings.AsOf, want)
	}
	want := []centavo.Holding{
		{SecurityID: "922908769", SecurityName: "VANGUARD TOTAL STOCK", Ticker: "VTI", Units: "12.5", PriceCents: 21056, MarketValueCents: 263194, Currency: "USD"},
		{SecurityID: "921937108", SecurityName: "Vanguard Total Bond", Units: "0.0048", PriceCents: 1000, MarketValueCents: 5, Currency: "CAD"},
	}
	if !reflect.DeepEqual(res.Holdings.Positions, want) {
		t.Errorf("positions\n got  %+v\n want %+v", res.Holdings.Positions, want)
	}
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, `position "X": UNITS "1e5"`) {
		t.Errorf("skipped %+v", res.Skipped)
	}
}

func TestInvestmentEmptyPositions(t *testing.T) {
	t.Parallel()
	// Everything sold: an empty INVPOSLIST is a snapshot with no holdings,
	// and a file with it and nothing else still says something.
	res := readOK(t, investOFX("", "<INVPOSLIST></INVPOSLIST>"), Options{})
	if res.Holdings == nil || len(res.Holdings.Positions) != 0 || res.Holdings.AsOf.IsZero() {
		t.Errorf("holdings %+v", res.Holdings)
	}
	// Without INVPOSLIST and cash rows there is nothing to import.
	readErr(t, investOFX("", ""), Options{}, CodeEmpty, "no transactions")
	// A position without any date cannot be a snapshot.
	doc := strings.Replace(investOFX("", "<INVPOSLIST><POSSTOCK><INVPOS>"+vti+"<UNITS>1<UNITPRICE>1<MKTVAL>1</INVPOS></POSSTOCK></INVPOSLIST>"), "<DTASOF>20240301120000[-5:EST]", "", 1)
	readErr(t, doc, Options{}, CodeMalformed, "the positions were left out")
}

// middayUTC is how a date without a time of day is stored.
func middayUTC(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
}

func TestQIFInvestmentCash(t *testing.T) {
	t.Parallel()
	doc := "!Type:Invst\n" +
		"D01/02/2024\nNBuy\nYVanguard Total Stock\nI200\nQ2.5\nO1\nT501.00\n^\n" +
		"D01/10/2024\nNSell\nYVanguard Total Bond\nT104.75\n^\n" +
		"D02/01/2024\nNDiv\nYVanguard Total Stock\nT3.21\n^\n" +
		"D02/02/2024\nNIntInc\nT0.50\n^\n" +
		"D02/03/2024\nNMiscExp\nT2.00\n^\n" +
		"D02/04/2024\nNXIn\nPFrom checking\nT1,000.00\nL[Checking]\n$1,000.00\n^\n" +
		"D02/05/2024\nNCash\nPWire out\nT-20.00\n^\n" +
		"D02/06/2024\nNReinvDiv\nYVanguard Total Stock\nT6.97\n^\n" +
		"D02/07/2024\nNBuyX\nYVanguard Total Stock\nT100.00\nL[Checking]\n^\n" +
		"D02/08/2024\nNShrsIn\nYVanguard Total Stock\nQ5\n^\n" +
		"D02/09/2024\nNGift\nT1\n^\n"
	res := readOK(t, doc, Options{})
	want := []connector.Transaction{
		{PostedAt: middayUTC(2024, 1, 2), AmountCents: -50100, Currency: "USD", Descriptor: "Buy — Vanguard Total Stock", TrnType: "XFER"},
		{PostedAt: middayUTC(2024, 1, 10), AmountCents: 10475, Currency: "USD", Descriptor: "Sell — Vanguard Total Bond", TrnType: "XFER"},
		{PostedAt: middayUTC(2024, 2, 1), AmountCents: 321, Currency: "USD", Descriptor: "Dividend — Vanguard Total Stock", TrnType: "DIV"},
		{PostedAt: middayUTC(2024, 2, 2), AmountCents: 50, Currency: "USD", Descriptor: "Interest", TrnType: "INT"},
		{PostedAt: middayUTC(2024, 2, 3), AmountCents: -200, Currency: "USD", Descriptor: "Fee", TrnType: "FEE"},
		{PostedAt: middayUTC(2024, 2, 4), AmountCents: 100000, Currency: "USD", Descriptor: "Transfer in", TrnType: "XFER"},
		{PostedAt: middayUTC(2024, 2, 5), AmountCents: -2000, Currency: "USD", Descriptor: "Wire out"},
	}
	checkTransactions(t, res.Transactions, want)
	if len(res.Skipped) != 2 || !strings.Contains(res.Skipped[0].Reason, `unknown investment action "Gift"`) ||
		!strings.HasPrefix(res.Skipped[1].Reason, "3 investment transaction(s) move no cash") {
		t.Errorf("skipped %+v", res.Skipped)
	}
}
