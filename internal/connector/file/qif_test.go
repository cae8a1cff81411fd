package file

import (
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/connector"
)

func TestQIF(t *testing.T) {
	t.Parallel()
	noon := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	tx := func(at time.Time, cents int64, desc string) connector.Transaction {
		return connector.Transaction{PostedAt: at, AmountCents: cents, Currency: "USD", Descriptor: desc}
	}
	tests := []struct {
		name     string
		doc      string
		want     []connector.Transaction
		accounts int
		skipped  int
	}{
		{
			name: "payee and memo",
			doc:  "!Type:Bank\nD01/23/2019\nPPayee Name\nMNote Text\nT-10.00\n^\nD01/23/2019\nPPayee Only\nT-20.00\n^\nD01/23/2019\nMMemo Only\nT-30.00\n^\nD01/23/2019\nT-40.00\n^\n",
			want: []connector.Transaction{
				tx(noon(2019, 1, 23), -1000, "Payee Name"), tx(noon(2019, 1, 23), -2000, "Payee Only"),
				tx(noon(2019, 1, 23), -3000, "Memo Only"), tx(noon(2019, 1, 23), -4000, ""),
			},
			accounts: 1,
		},
		{
			name: "account blocks, categories and splits (the T total counts)",
			doc: "!Account\r\nNChecking Main\r\nTBank\r\n^\r\n!Type:Bank\r\nD10/11/97\r\nT-98.05\r\nN278\r\nPBofA\r\nLTextbooks\r\nSTextbooks\r\nEFall 1997\r\n$-53.30\r\nSHousehold\r\nEWal-Mart\r\n$-44.75\r\nMVISA\r\n^\r\n" +
				"!Account\r\nNVisa\r\nTCCard\r\n^\r\n!Type:CCard\r\nD6/24/2024\r\nT-1,000.58\r\nPOutlet\r\nLUsual Expenses:Shopping\r\n^\r\n",
			want:     []connector.Transaction{tx(noon(1997, 10, 11), -9805, "BofA"), tx(noon(2024, 6, 24), -100058, "Outlet")},
			accounts: 2,
		},
		{
			name: "Y2K years, apostrophes, two-digit years, junk after the date",
			doc: "!Type:Bank\nD03/25/099Point of Sale Transaction\nT-99.99\nC*\nPPoint of Sale Transaction\nM   TGI FRIDAYS #1859\n^\n" +
				"D1/2'06\nT5\nPApostrophe\n^\nD12/19/18\nT-100.58\nPTwo digits\n^\nD 3/ 5/98\nU-1.5\nPSpaces and U\n^\nD03/25/2001\nT1\nM  memo only  \n^\n",
			want: []connector.Transaction{
				tx(noon(1999, 3, 25), -9999, "Point of Sale Transaction"), tx(noon(2006, 1, 2), 500, "Apostrophe"),
				tx(noon(2018, 12, 19), -10058, "Two digits"), tx(noon(1998, 3, 5), -150, "Spaces and U"), tx(noon(2001, 3, 25), 100, "memo only"),
			},
			accounts: 1,
		},
		{
			name: "day-first dates proven by a day above 12",
			doc:  "!Type:Cash\nD01/02/2020\nT-1\nPa\n^\nD25/12/2020\nT-2\nPb\n^\n",
			want: []connector.Transaction{tx(noon(2020, 2, 1), -100, "a"), tx(noon(2020, 12, 25), -200, "b")},
		},
		{
			name: "ISO dates, decimal comma, no header, no final ^",
			doc:  "D2019-03-31\nT-10,50\nPSolde\n^\nD2019-04-27\nT-200.00\nPLast",
			want: []connector.Transaction{tx(noon(2019, 3, 31), -1050, "Solde"), tx(noon(2019, 4, 27), -20000, "Last")},
		},
		{
			name: "options, categories and investment records around a bank section",
			doc: "!Option:AutoSwitch\n!Account\nNA\nTBank\n^\nNB\nTInvst\n^\n!Clear:AutoSwitch\n!Type:Cat\nNFood\nE\n^\n" +
				"!Account\nNBrokerage\nTInvst\n^\n!Type:Invst\nD8/25/93\nNShrsIn\nYibm4\nI11.260\nQ88.81\nT1,000.00\n^\n" +
				"!Account\nNChecking\nTBank\n^\n!Type:Bank\nD8/26/93\nT-5\nPFee\n^\n",
			want:     []connector.Transaction{tx(noon(1993, 8, 26), -500, "Fee")},
			accounts: 1,
			skipped:  1,
		},
		{
			name:    "unreadable records are skipped",
			doc:     "!Type:Bank\nD02/30/2020\nT-1\nPbad date\n^\nD02/03/2020\nPno amount\n^\nT-5\nPno date\n^\nD02/03/2020\nTabc\nPbad amount\n^\nD02/04/2020\nT-2\nPgood\n^\n",
			want:    []connector.Transaction{tx(noon(2020, 2, 4), -200, "good")},
			skipped: 4,
		},
		{
			name:     "Oth A and Oth L sections",
			doc:      "!Type:Oth A\nD1/5/2024\nT100\nPAsset\n^\n!Type:Oth L\nD1/6/2024\nT-50\nPLoan\n^\n",
			want:     []connector.Transaction{tx(noon(2024, 1, 5), 10000, "Asset"), tx(noon(2024, 1, 6), -5000, "Loan")},
			accounts: 1,
		},
		{
			name: "an investment section after a bank section, with no account block, is a second account; a Buy without T moves its $",
			doc:  "!Type:Bank\nD2/14'2020\nT-10.00\nPShop\n^\n!Type:Invst\nD2/14'2020\nNBuy\nYAAPL\nI32.00\nQ3\n$100.00\n^\n",
			want: []connector.Transaction{tx(noon(2020, 2, 14), -1000, "Shop"), {PostedAt: noon(2020, 2, 14), AmountCents: -10000, Currency: "USD",
				Descriptor: "Buy — AAPL", TrnType: "XFER"}},
			accounts: 2,
		},
		{
			name: "two identical purchases are both kept",
			doc:  "!Type:Bank\nD06/12/2015\nT-4.50\nPCOFFEE\n^\nD06/12/2015\nT-4.50\nPCOFFEE\n^\n",
			want: []connector.Transaction{tx(noon(2015, 6, 12), -450, "COFFEE"), tx(noon(2015, 6, 12), -450, "COFFEE")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := readOK(t, tt.doc, Options{Format: FormatQIF})
			checkTransactions(t, res.Transactions, tt.want)
			if tt.accounts != 0 && res.Accounts != tt.accounts {
				t.Errorf("accounts = %d, want %d", res.Accounts, tt.accounts)
			}
			if len(res.Skipped) != tt.skipped {
				t.Errorf("skipped = %+v, want %d", res.Skipped, tt.skipped)
			}
		})
	}
}

func TestQIFDetectedAndRefused(t *testing.T) {
	t.Parallel()
	if f, err := Detect([]byte("\n!Type:Bank \nD1/2/2020\nT1\n^\n")); err != nil || f != FormatQIF {
		t.Errorf("Detect = %q, %v", f, err)
	}
	if f, err := Detect([]byte("D1/2/2020\nT-1\nPx\n^\n")); err != nil || f != FormatQIF {
		t.Errorf("Detect headerless = %q, %v", f, err)
	}
	readErr(t, "!Account\nNBrokerage\nTInvst\n^\n!Type:Invst\nD8/25/93\nNShrsIn\nT1,000.00\n^\n", Options{}, CodeEmpty, "move no cash in the account (1:")
	readErr(t, "!Type:Bank\n", Options{}, CodeEmpty, "no transactions")
	readErr(t, "!Type:Cat\nNFood\n^\n", Options{}, CodeEmpty, "no transactions")
	readErr(t, "!Type:Bank\nD13/01/2020\nT1\n^\nD01/13/2020\nT1\n^\n", Options{}, CodeMalformed, "day-first")
	res := readErr(t, "!Type:Bank\nD02/30/2020\nT-1\n^\n", Options{}, CodeMalformed, `invalid date "02/30/2020"`)
	if len(res.Skipped) != 1 || res.Skipped[0].Line != 2 {
		t.Errorf("skipped = %+v, want line 2", res.Skipped)
	}
	if !strings.Contains(res.Skipped[0].Reason, "invalid date") {
		t.Errorf("reason %q", res.Skipped[0].Reason)
	}
}
