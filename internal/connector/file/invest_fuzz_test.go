package file

import (
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
)

// checkHoldings fails on a snapshot out of bounds: no date or not UTC,
// units not in canonical form, values beyond ±centavo.MaxTransactionCents,
// an id too long or missing.
func checkHoldings(t *testing.T, h *connector.Holdings) {
	t.Helper()
	if h == nil {
		return
	}
	if h.AsOf.IsZero() || h.AsOf.Location() != time.UTC {
		t.Fatalf("holdings as of %v: zero or not UTC", h.AsOf)
	}
	for _, p := range h.Positions {
		if u, err := centavo.NormalizeUnits(p.Units); err != nil || u != p.Units {
			t.Fatalf("position %+v: units %q not canonical (%q, %v)", p, p.Units, u, err)
		}
		if connector.CheckAmount(p.PriceCents) != nil || connector.CheckAmount(p.MarketValueCents) != nil ||
			p.SecurityID == "" || connector.CheckID(p.SecurityID) != nil || len(p.SecurityName) > connector.MaxDescriptorBytes {
			t.Fatalf("position out of bounds: %+v", p)
		}
		if _, ok := currencyCode(p.Currency); !ok {
			t.Fatalf("position %+v: currency %q", p, p.Currency)
		}
	}
}

// FuzzReadInvestment reads investment statements (OFX INVSTMTRS and QIF
// !Type:Invst): no panic, every error an *Error, every cash transaction
// and holding within bounds.
func FuzzReadInvestment(f *testing.F) {
	f.Add([]byte(investOFX("<BUYSTOCK><INVBUY><INVTRAN><FITID>B1<DTTRADE>20240102<DTSETTLE>20240104</INVTRAN>"+vti+
		"<UNITS>2.5<UNITPRICE>200<TOTAL>-501</INVBUY><BUYTYPE>BUY</BUYSTOCK><INCOME><INVTRAN><FITID>D1<DTTRADE>20240201</INVTRAN>"+vti+
		"<INCOMETYPE>DIV<TOTAL>3.21<CURRENCY><CURSYM>CAD</CURRENCY></INCOME><REINVEST><INVTRAN><FITID>R1<DTTRADE>20240204</INVTRAN>"+vti+
		"<TOTAL>-6.97<UNITS>0.037</REINVEST><INVBANKTRAN><STMTTRN><TRNTYPE>DEP<DTPOSTED>20240105<TRNAMT>1000<FITID>C1<NAME>X</STMTTRN></INVBANKTRAN>",
		"<INVPOSLIST><POSSTOCK><INVPOS>"+vti+"<UNITS>12.50000<UNITPRICE>210.555<MKTVAL>2631.94<DTPRICEASOF>20240229</INVPOS></POSSTOCK>"+
			"<POSMF><INVPOS>"+bond+"<UNITS>-0.0048<UNITPRICE>10<MKTVAL>-92233720368547758.07<CURRENCY><CURSYM>EUR</CURRENCY></INVPOS></POSMF></INVPOSLIST>")))
	f.Add([]byte(investOFX("<INCOME><INVTRAN><FITID>"+longID+"<DTTRADE>20240201</INVTRAN><SECID><UNIQUEID>"+longText+"</SECID><TOTAL>10000000000.01</INCOME>",
		"<INVPOSLIST><POSOTHER><INVPOS><SECID><UNIQUEID>"+longID+"</SECID><UNITS>1e5<UNITPRICE>1<MKTVAL>1</INVPOS></POSOTHER></INVPOSLIST>")))
	f.Add([]byte("<OFX><INVSTMTRS><INVPOSLIST></INVPOSLIST></INVSTMTRS><SECLIST><SECINFO><SECID><UNIQUEID>X</SECID><SECNAME>" + longText + "</SECINFO></SECLIST>"))
	f.Add([]byte("<OFX><INVSTMTRS><DTASOF>20240101<INVPOSLIST><POSSTOCK><INVPOS><SECID><UNIQUEID>X</SECID><UNITS>+007.50<UNITPRICE>(1)<MKTVAL>$1</INVPOS></POSSTOCK></INVPOSLIST></INVSTMTRS>"))
	f.Add([]byte("!Type:Invst\nD01/02/2024\nNBuy\nYVanguard\nT501.00\n^\nD02/04/2024\nNXIn\nT1,000.00\nL[Checking]\n^\nD02/05/2024\nNCash\nT-20\n^\nD02/06/2024\nNReinvDiv\nT6.97\n^\nD02/07/2024\nNBuyX\nT1\n^\nD1/1/2024\nNGift\n^\n"))
	f.Add([]byte("!Account\nNBrokerage\nTInvst\n^\n!Type:Invst\nD8/25/93\nNShrsIn\nT1,000.00\n^\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, Options{})
	})
}
