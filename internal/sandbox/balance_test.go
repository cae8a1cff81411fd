package sandbox

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aclindsa/ofxgo"

	"github.com/centavo/centavo"
)

// TestBalancesRealistic: over a year, a customer's checking stays positive
// on most days, the card within its limit every day, and the card is paid
// from checking every month for what it was charged the month before.
func TestBalancesRealistic(t *testing.T) {
	t.Parallel()
	yearAgo := today.AddDate(-1, 0, 0)
	for n := range uint64(12) {
		c, _ := ParseLogin(fmt.Sprint("demo-", n))
		days, positive := 0, 0
		for _, d := range c.ClosingBalances("CHECKING", yearAgo, today, today) {
			days++
			if d.BalanceCents >= 0 {
				positive++
			}
		}
		if days != 366 || positive*100 < days*90 {
			t.Errorf("%s: checking ≥ 0 on %d of %d days, want at least 90 %%", c.Login, positive, days)
		}
		limit := c.CardLimitCents()
		for _, d := range c.ClosingBalances("CREDITCARD", yearAgo, today, today) {
			if owed := -d.BalanceCents; owed > limit {
				t.Errorf("%s: card owes %d on %s, over its limit %d", c.Login, owed, d.Date.Format(time.DateOnly), limit)
			}
		}

		checking := map[string]Txn{}
		for _, tx := range c.Transactions("CHECKING", yearAgo, today, today) {
			checking[tx.FITID] = tx
		}
		charged := map[string]int64{} // card charges net of refunds, by month
		payments := map[string]Txn{}  // card payments, by month paid for
		for _, tx := range c.Transactions("CREDITCARD", yearAgo.AddDate(0, -1, 0), today, today) {
			if tx.TrnType == "XFER" {
				payments[tx.Posted.AddDate(0, -1, 0).Format("2006-01")] = tx
				continue
			}
			charged[tx.Posted.Format("2006-01")] += tx.AmountCents
		}
		for m := firstOfMonth(yearAgo); m.AddDate(0, 1, cardPayDay-1).Before(today); m = m.AddDate(0, 1, 0) {
			month := m.Format("2006-01")
			pay, ok := payments[month]
			if !ok || pay.AmountCents != -charged[month] || pay.Posted.Day() != cardPayDay || pay.Category != centavo.CatTransfer {
				t.Errorf("%s: the payment for %s is %+v, want %d on the %dth", c.Login, month, pay, -charged[month], cardPayDay)
				continue
			}
			debit, ok := checking[pay.FITID]
			if !ok || debit.AmountCents != -pay.AmountCents || !debit.Posted.Equal(pay.Posted) || debit.TrnType != "XFER" {
				t.Errorf("%s: card payment %+v has no matching debit in checking (%+v)", c.Login, pay, debit)
			}
		}
	}
}

// TestBalancesAddUp: the ledger balance is the opening balance plus the
// whole history, every day's closing balance rebuilt backwards from it
// equals the one computed forwards from the month's start, and a day's
// closing balance does not change when asked later.
func TestBalancesAddUp(t *testing.T) {
	t.Parallel()
	for _, login := range []string{"demo-1", "demo-7", "slow-23"} {
		c, _ := ParseLogin(login)
		for _, acct := range c.Accounts() {
			g := c.generator()
			first := today.AddDate(0, 0, -HistoryDays)
			opening := g.closing(acctIndex(acct.Type), truncDay(first.AddDate(0, 0, -1)))
			sum := opening
			for _, tx := range c.Transactions(acct.Type, first, today, today) {
				sum += tx.AmountCents
			}
			if bal := c.Balance(acct.Type, today); bal != sum || bal == opening {
				t.Errorf("%s %s: LEDGERBAL %d, opening %d + history = %d", login, acct.Type, bal, opening, sum)
			}
			days := c.ClosingBalances(acct.Type, first.AddDate(0, 0, -30), today.AddDate(0, 0, 5), today)
			if len(days) != HistoryDays+2 || days[0].BalanceCents != opening || !days[len(days)-1].Date.Equal(truncDay(today)) {
				t.Fatalf("%s %s: %d days from %v, want %d from the opening balance %d", login, acct.Type, len(days), days[0], HistoryDays+2, opening)
			}
			for _, d := range days {
				if want := g.closing(acctIndex(acct.Type), d.Date); d.BalanceCents != want {
					t.Fatalf("%s %s on %s: rebuilt %d, forwards %d", login, acct.Type, d.Date.Format(time.DateOnly), d.BalanceCents, want)
				}
			}
			then := map[time.Time]int64{}
			for _, d := range days {
				then[d.Date] = d.BalanceCents
			}
			later := c.ClosingBalances(acct.Type, first, today, today.AddDate(0, 2, 3))
			if len(later) < HistoryDays-70 {
				t.Fatalf("%s %s: %d days asked later", login, acct.Type, len(later))
			}
			for _, d := range later {
				if then[d.Date] != d.BalanceCents {
					t.Fatalf("%s %s: %s closed at %d, asked 2 months later at %d", login, acct.Type, d.Date.Format(time.DateOnly), then[d.Date], d.BalanceCents)
				}
			}
		}
	}
}

// TestStatementBalances: the OFX statements carry LEDGERBAL and AVAILBAL as
// of now, whatever window they ask for.
func TestStatementBalances(t *testing.T) {
	t.Parallel()
	_, url := setup(t)
	c, _ := ParseLogin("demo-1")
	accts := c.Accounts()
	req := strings.Replace(sgmlRequest, "<DTSTART>20261001", "<DTSTART>20261115", 1)
	_, body := post(t, url, fmtReq(req, "secret-1", accts[0].ID, accts[1].ID))
	resp, err := ofxgo.ParseResponse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	st := resp.Bank[0].(*ofxgo.StatementResponse)
	cc := resp.CreditCard[0].(*ofxgo.CCStatementResponse)
	check, card := c.Balance("CHECKING", today), c.Balance("CREDITCARD", today)
	if check <= 0 || card >= 0 {
		t.Fatalf("demo-1 today: checking %d, card %d; want money in checking and a card that owes", check, card)
	}
	for _, s := range []struct {
		name               string
		ledger             ofxgo.Amount
		asOf               ofxgo.Date
		avail              *ofxgo.Amount
		availAsOf          *ofxgo.Date
		wantLedger, wantAv int64
	}{
		{"checking", st.BalAmt, st.DtAsOf, st.AvailBalAmt, st.AvailDtAsOf, check, check},
		{"card", cc.BalAmt, cc.DtAsOf, cc.AvailBalAmt, cc.AvailDtAsOf, card, c.CardLimitCents() + card},
	} {
		if s.avail == nil || s.availAsOf == nil {
			t.Fatalf("%s: no AVAILBAL", s.name)
		}
		if got := ratCents(t, &s.ledger.Rat); got != s.wantLedger {
			t.Errorf("%s: LEDGERBAL %d, want %d", s.name, got, s.wantLedger)
		}
		if got := ratCents(t, &s.avail.Rat); got != s.wantAv {
			t.Errorf("%s: AVAILBAL %d, want %d", s.name, got, s.wantAv)
		}
		if !s.asOf.Time.Equal(today) || !s.availAsOf.Time.Equal(today) {
			t.Errorf("%s: DTASOF %v and %v, want %v", s.name, s.asOf, s.availAsOf, today)
		}
	}
	// The statement's transactions end where LEDGERBAL stands: the closing
	// balance before the window plus the window's transactions.
	days := c.ClosingBalances("CHECKING", time.Date(2026, 11, 14, 0, 0, 0, 0, time.UTC), today, today)
	sum := days[0].BalanceCents
	for _, tx := range st.BankTranList.Transactions {
		sum += ratCents(t, &tx.TrnAmt.Rat)
	}
	if sum != check {
		t.Errorf("balance on Nov 14 + the statement's transactions = %d, LEDGERBAL %d", sum, check)
	}
}

// TestSweep: checking ends a month at its target by a transfer to or from
// savings that the categorizer's vocabulary calls a transfer.
func TestSweep(t *testing.T) {
	t.Parallel()
	c, _ := ParseLogin("demo-4")
	g := c.generator()
	end := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	var sweep Txn
	for _, tx := range c.Transactions("CHECKING", end, end, today) {
		if strings.HasPrefix(tx.Name, "ONLINE TRANSFER") {
			sweep = tx
		}
	}
	if sweep.FITID != "20261031V" || sweep.TrnType != "XFER" || sweep.Category != centavo.CatTransfer {
		t.Fatalf("October's sweep: %+v", sweep)
	}
	if got := g.closing(onChecking, end); got != g.target(end) {
		t.Errorf("checking closes October at %d, target %d", got, g.target(end))
	}
	if n := len(c.Transactions("CHECKING", end.AddDate(0, 0, -29), end.AddDate(0, 0, -1), today)); n == 0 {
		t.Fatal("no October transactions")
	}
}
