package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/recurring"
)

// The recurring page (issue 16 item 5, docs/0018): the series the
// recurring service found, the user's decisions about them, what they
// cost a month, a month calendar of the charges, and each series' history
// as a small bar chart (recurring_chart.go).

// recurringRow is one series as the page lists it.
type recurringRow struct {
	ID         int64
	Name       string // the user's name or the merchant's
	Merchant   string
	UserName   string // the user's own name ("": none), the rename form's value
	Cadence    string // "Monthly"
	Amount     int64  // the next expected amount, signed
	Currency   string
	Varies     bool
	Income     bool
	Tentative  bool
	Ended      bool
	State      string
	Next       string // "Jan 2, 2006"
	NextISO    string
	Last       string
	LastISO    string
	Account    string
	PriceNote  string // "Price rose from $9.99 to $12.99 on Nov 27, 2026"
	History    historyChart
	Occurrence int
}

// monthlyTotal is what a currency's series cost (or bring) a month.
type monthlyTotal struct {
	Currency string
	Cents    int64 // positive
	Count    int
}

type recurringData struct {
	Active   []recurringRow // active, not ignored, by next date
	Ended    []recurringRow // ended, not ignored
	Ignored  []recurringRow
	Bills    []monthlyTotal // outflows normalized to a month, by currency
	Incomes  []monthlyTotal
	Calendar calendar
	Empty    bool
	Currency string // the user's
}

var cadenceNames = map[string]string{
	recurring.Weekly: "Weekly", recurring.Biweekly: "Every two weeks", recurring.Semimonthly: "Twice a month",
	recurring.Monthly: "Monthly", recurring.Quarterly: "Quarterly", recurring.Semiannual: "Twice a year", recurring.Annual: "Yearly",
}

// monthlyTotals adds up the active, not ignored, not tentative series
// (the ones Upcoming and the reminders count too), outflows and incomes
// apart, each currency apart: a year's worth summed, then divided by 12
// once, so rounding happens once per total.
func monthlyTotals(all []recurring.Stored) (bills, incomes []monthlyTotal) {
	type acc struct {
		year  int64
		count int
	}
	out, in := map[string]*acc{}, map[string]*acc{}
	for _, s := range all {
		if s.Status != recurring.Active || s.State == recurring.Ignored || s.Tentative {
			continue
		}
		m := out
		if s.Income {
			m = in
		}
		a := m[s.Currency]
		if a == nil {
			a = &acc{}
			m[s.Currency] = a
		}
		amt := s.NextAmountCents
		if amt < 0 {
			amt = -amt
		}
		a.year += amt * recurring.PerYear(s.Cadence)
		a.count++
	}
	list := func(m map[string]*acc) []monthlyTotal {
		var l []monthlyTotal
		for c, a := range m {
			l = append(l, monthlyTotal{Currency: c, Cents: (a.year + 6) / 12, Count: a.count})
		}
		sort.Slice(l, func(i, j int) bool { return l[i].Currency < l[j].Currency })
		return l
	}
	return list(out), list(in)
}

func (s *server) recurringRows(all []recurring.Stored, accounts map[int64]string) (active, ended, ignored []recurringRow) {
	for _, sr := range all {
		row := recurringRow{ID: sr.ID, Name: sr.DisplayName(), Merchant: sr.Merchant, UserName: sr.Name, Cadence: cadenceNames[sr.Cadence],
			Amount: sr.NextAmountCents, Currency: sr.Currency, Varies: sr.AmountVaries, Income: sr.Income, Tentative: sr.Tentative,
			Ended: sr.Status == recurring.Ended, State: sr.State, Account: accounts[sr.AccountID], Occurrence: len(sr.Occurrences),
			Next: sr.NextDate.Time().Format("Jan 2, 2006"), NextISO: sr.NextDate.String(), Last: sr.LastDate.Time().Format("Jan 2, 2006"),
			LastISO: sr.LastDate.String(), History: newHistoryChart(sr)}
		if row.Cadence == "" {
			row.Cadence = sr.Cadence
		}
		if n := len(sr.PriceChanges); n > 0 {
			pc := sr.PriceChanges[n-1]
			row.PriceNote = "Price rose from " + centavo.FormatMoney(pc.FromCents, sr.Currency) + " to " +
				centavo.FormatMoney(pc.ToCents, sr.Currency) + " on " + pc.Date.Time().Format("Jan 2, 2006")
		}
		switch {
		case sr.State == recurring.Ignored:
			ignored = append(ignored, row)
		case row.Ended:
			ended = append(ended, row)
		default:
			active = append(active, row)
		}
	}
	sort.SliceStable(active, func(i, j int) bool { return active[i].NextISO < active[j].NextISO })
	// By the ISO dates: the displayed ones ("Nov 5, 2026") do not sort.
	sort.SliceStable(ended, func(i, j int) bool { return ended[i].LastISO > ended[j].LastISO })
	return active, ended, ignored
}

func (s *server) recurringPage(w http.ResponseWriter, r *http.Request, u *session) {
	ctx := r.Context()
	month, ok := s.monthParam(r)
	if !ok {
		redirect(w, r, "/recurring")
		return
	}
	// The calendar goes calendarAhead months ahead, as its Next link does:
	// a month further (say 9999-12) would step every series' expected
	// dates through the centuries.
	if last := centavo.MonthOf(s.Now()).Add(calendarAhead); last.Before(month) {
		redirect(w, r, "/recurring?month="+last.String()+"#calendar")
		return
	}
	all, err := s.Recurring.List(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	accts, err := s.Accounts.Accounts(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := make(map[int64]string, len(accts))
	for _, a := range accts {
		names[a.ID] = a.Name
	}
	d := recurringData{Empty: len(all) == 0, Currency: u.user.Currency}
	d.Active, d.Ended, d.Ignored = s.recurringRows(all, names)
	d.Bills, d.Incomes = monthlyTotals(all)
	d.Calendar = newCalendar(all, month, centavo.DayOf(s.Now()))
	v := s.view(r, u, "Recurring", "recurring")
	v.Month = month
	v.Data = d
	s.render(w, r, http.StatusOK, "recurring", v)
}

// recurringState answers the Confirm, Ignore and Undo buttons.
func (s *server) recurringState(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	state := r.PostFormValue("state")
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such recurring series.")
		return
	}
	if _, err := s.Recurring.Update(r.Context(), u.userID, id, recurring.Change{State: &state}); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := map[string]string{recurring.Confirmed: "recurring-confirmed", recurring.Ignored: "recurring-ignored"}[state]
	if msg == "" {
		msg = "recurring-restored"
	}
	redirect(w, r, withMsg("/recurring", msg)+"#series-"+strconv.FormatInt(id, 10))
}

// recurringName answers the rename form ("" returns to the merchant's).
func (s *server) recurringName(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	name := r.PostFormValue("name")
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such recurring series.")
		return
	}
	if _, err := s.Recurring.Update(r.Context(), u.userID, id, recurring.Change{Name: &name}); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/recurring", "recurring-renamed")+"#series-"+strconv.FormatInt(id, 10))
}

// upcomingCard is the dashboard's "Upcoming bills": the next
// upcomingDays days of expected charges (incomes left out).
type upcomingCard struct {
	Rows  []upcomingRow
	Total []monthlyTotal // by currency
	Days  int
}

type upcomingRow struct {
	ID       int64
	Date     string
	ISO      string
	Name     string
	Amount   int64
	Currency string
}

const upcomingDays = 14

func (s *server) upcomingCard(r *http.Request, u *session) (upcomingCard, error) {
	c := upcomingCard{Days: upcomingDays}
	if s.Recurring == nil { // a web UI wired without it
		return c, nil
	}
	list, err := s.Recurring.UpcomingBills(r.Context(), u.userID, upcomingDays)
	if err != nil {
		return c, err
	}
	totals := map[string]int64{}
	for _, up := range list {
		c.Rows = append(c.Rows, upcomingRow{ID: up.Series.ID, Date: up.Date.Time().Format("Mon, Jan 2"), ISO: up.Date.String(),
			Name: up.Series.DisplayName(), Amount: up.AmountCents, Currency: up.Series.Currency})
		totals[up.Series.Currency] += -up.AmountCents
	}
	for cur, t := range totals {
		c.Total = append(c.Total, monthlyTotal{Currency: cur, Cents: t})
	}
	sort.Slice(c.Total, func(i, j int) bool { return c.Total[i].Currency < c.Total[j].Currency })
	return c, nil
}
