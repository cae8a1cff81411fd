package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
)

// Where money stands on the web: the accounts page groups the accounts as
// assets and liabilities with their balances and totals, manual accounts
// (a house, a loan) are made and valued there, and the dashboard draws net
// worth over time (docs/0027).

// accountGroup is the accounts of one kind with their total in the user's
// currency.
type accountGroup struct {
	Kind       string // asset, liability
	Title      string
	Total      string
	TotalCents int64
	Rows       []accountRow
}

// standing is what the accounts page says of where money stands today.
type standing struct {
	Known    bool // some account has a balance
	Net      string
	NetCents int64
	Missing  []string // currencies left out of the totals for want of a rate
}

// balanceOf fills a row's balance from the account's latest report, in the
// API's sign: a liability's balance is what is owed.
func (row *accountRow) balanceOf(b centavo.Balance, home string) {
	v := account.Owed(row.Account, b.Cents)
	row.HasBalance, row.BalanceCents, row.BalanceAsOf = true, v, b.AsOf
	row.Balance = centavo.FormatMoney(v, row.Currency)
	row.Foreign = row.Currency != "" && row.Currency != home
}

// groupAccounts puts the rows under assets and liabilities, with totals
// from today's net worth (converted to the user's currency; accounts
// without a rate are left out and named).
func (s *server) groupAccounts(ctx context.Context, u *session, rows []accountRow) ([]accountGroup, standing, error) {
	home := u.user.Currency
	bals, err := s.Accounts.LatestBalances(ctx, u.userID)
	if err != nil {
		return nil, standing{}, err
	}
	groups := []accountGroup{{Kind: centavo.KindAsset, Title: "Assets"}, {Kind: centavo.KindLiability, Title: "Liabilities"}}
	var st standing
	for _, row := range rows {
		if b, ok := bals[row.ID]; ok {
			row.balanceOf(b, home)
			st.Known = true
		}
		i := 0
		if row.Kind == centavo.KindLiability {
			i = 1
		}
		groups[i].Rows = append(groups[i].Rows, row)
	}
	today := centavo.DayOf(s.Now())
	nw, err := s.Accounts.NetWorth(ctx, account.NetWorthParams{UserID: u.userID, From: today, To: today, Interval: account.IntervalDay})
	if err != nil {
		return nil, standing{}, err
	}
	var assets, liabilities int64
	if n := len(nw.Points); n > 0 {
		assets, liabilities = nw.Points[n-1].AssetsCents, nw.Points[n-1].LiabilitiesCents
	}
	groups[0].Total, groups[0].TotalCents = centavo.FormatMoney(assets, home), assets
	groups[1].Total, groups[1].TotalCents = centavo.FormatMoney(liabilities, home), liabilities
	st.NetCents = assets - liabilities
	st.Net, st.Missing = centavo.FormatMoney(st.NetCents, home), nw.MissingRates
	out := groups[:0]
	for _, g := range groups {
		if len(g.Rows) > 0 {
			out = append(out, g)
		}
	}
	return out, st, nil
}

// notAValue answers a value that is not an amount.
const notAValue = "Enter the value as an amount in the account's currency, like 250000 or 1,200.50."

// manualForm is the form that adds a manual asset or liability.
type manualForm struct {
	Name, Kind, Currency, Value string
}

func (s *server) createManualAccount(w http.ResponseWriter, r *http.Request, u *session) {
	f := manualForm{Name: strings.TrimSpace(r.PostFormValue("name")), Kind: r.PostFormValue("kind"),
		Currency: strings.ToUpper(strings.TrimSpace(r.PostFormValue("currency"))), Value: r.PostFormValue("value")}
	cents, ok := parseMoney(f.Value, f.Currency)
	if !ok {
		s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, accountsForms{manual: &f}, notAValue)
		return
	}
	a, _, err := s.Accounts.CreateManual(r.Context(), u.userID, account.ManualParams{Name: f.Name, Kind: f.Kind, Currency: f.Currency, BalanceCents: cents})
	if err != nil {
		if msg, ok := userError(err); ok {
			s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, accountsForms{manual: &f}, sentence(msg))
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/accounts#account-"+strconv.FormatInt(a.ID, 10), "manual-account"))
}

// setAccountBalance records the value of a manual or file account as of a
// day (today by default).
func (s *server) setAccountBalance(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	a, err := s.Accounts.Account(r.Context(), u.userID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cents, ok := parseMoney(r.PostFormValue("value"), a.Currency)
	if !ok {
		s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, accountsForms{}, notAValue)
		return
	}
	var asOf *time.Time
	if d := strings.TrimSpace(r.PostFormValue("as_of")); d != "" {
		day, err := centavo.ParseDay(d)
		if err != nil {
			s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, accountsForms{}, sentence(centavo.ErrorMessage(err)))
			return
		}
		// Today's date is now (the newest value of the day); an earlier
		// date is the end of that day.
		t := day.Time().Add(24*time.Hour - time.Second)
		if now := s.Now().UTC(); centavo.DayOf(now) == day {
			t = now
		}
		asOf = &t
	}
	if _, _, err := s.Accounts.SetBalance(r.Context(), u.userID, id, cents, asOf); err != nil {
		if msg, ok := userError(err); ok {
			s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, accountsForms{}, sentence(msg))
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/accounts#account-"+strconv.FormatInt(id, 10), "balance-set"))
}

// netWorthCard is the dashboard's net-worth chart with its range links.
type netWorthCard struct {
	Chart   lineChart
	Ranges  []rangeLink
	Current string // the latest point, formatted
	Missing []string
}

// netWorthCard draws net worth over the range the ?nw= parameter names
// (3m by default) up to today: daily points over 3 months, weekly over a
// year, monthly over everything (ten years at most, from the first day
// with a balance).
func (s *server) netWorthCard(ctx context.Context, u *session, r *http.Request) (netWorthCard, error) {
	key := r.URL.Query().Get("nw")
	today := centavo.DayOf(s.Now())
	var card netWorthCard
	chosen := netWorthRanges[0]
	for _, rg := range netWorthRanges {
		if rg.Key == key {
			chosen = rg
		}
	}
	for _, rg := range netWorthRanges {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("nw", rg.Key)
		card.Ranges = append(card.Ranges, rangeLink{Label: rg.Label, URL: "/?" + q.Encode() + "#networth-h", Current: rg.Key == chosen.Key})
	}
	p := account.NetWorthParams{UserID: u.userID, To: today, Interval: account.IntervalDay}
	switch {
	case chosen.Months == 0:
		p.From, p.Interval = today-account.MaxHistoryDays+1, account.IntervalMonth
	case chosen.Months > 3:
		p.From, p.Interval = centavo.DayOf(today.Time().AddDate(0, -chosen.Months, 0)), account.IntervalWeek
	default:
		p.From = centavo.DayOf(today.Time().AddDate(0, -chosen.Months, 0))
	}
	nw, err := s.Accounts.NetWorth(ctx, p)
	if err != nil {
		return card, err
	}
	var points []linePoint
	for _, pt := range nw.Points {
		if len(points) == 0 && pt.AssetsCents == 0 && pt.LiabilitiesCents == 0 {
			continue // before the first balance
		}
		points = append(points, linePoint{Date: pt.Day.Time(), Cents: pt.NetWorthCents})
	}
	card.Chart = newLineChart("networth", "Net worth, "+chosen.Label, points, nw.Currency)
	if n := len(points); n > 0 {
		card.Current = centavo.FormatMoney(points[n-1].Cents, nw.Currency)
	}
	card.Missing = nw.MissingRates
	return card, nil
}
