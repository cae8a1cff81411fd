package web

import (
	"sort"
	"strconv"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/recurring"
)

// historyChart is a series' occurrences as bars, oldest first, in a
// histWidth×histHeight box drawn by partials_recurring.html: the bar of a
// charge that rose is marked, so a price rise shows as a step. The
// figures are in Rows too, for assistive technology.
type historyChart struct {
	ID     string
	Title  string
	Desc   string
	Width  int
	Height int
	Bars   []histBar
	Rows   []lineRow
}

type histBar struct {
	X, Y, W, H float64
	Rise       bool // the first charge at a new, higher price
	Cents      int64
}

const (
	histWidth, histHeight = 240, 48
	histMaxBars           = 24 // the latest ones
)

func newHistoryChart(s recurring.Stored) historyChart {
	c := historyChart{ID: "hist-" + strconv.FormatInt(s.ID, 10), Width: histWidth, Height: histHeight,
		Title: "History of " + s.DisplayName()}
	occ := s.Occurrences
	if len(occ) > histMaxBars {
		occ = occ[len(occ)-histMaxBars:]
	}
	if len(occ) == 0 {
		c.Desc = "No charges yet."
		return c
	}
	rises := map[int64]bool{}
	for _, pc := range s.PriceChanges {
		rises[pc.TxnID] = true
	}
	var top int64
	for _, o := range occ {
		top = max(top, absCents(o.AmountCents))
	}
	slot := float64(histWidth) / float64(len(occ))
	w := slot * 0.7
	if w > 24 {
		w = 24
	}
	for i, o := range occ {
		a := absCents(o.AmountCents)
		h := 2.0
		if top > 0 {
			h = max(2, float64(a)*float64(histHeight-4)/float64(top))
		}
		c.Bars = append(c.Bars, histBar{X: round1(float64(i)*slot + (slot-w)/2), Y: round1(float64(histHeight) - h), W: round1(w), H: round1(h),
			Rise: rises[o.TxnID], Cents: o.AmountCents})
		c.Rows = append(c.Rows, lineRow{Date: o.Date.Time().Format("Jan 2, 2006"), Amount: centavo.FormatMoney(o.AmountCents, s.Currency), Cents: o.AmountCents})
	}
	first, last := occ[0], occ[len(occ)-1]
	c.Desc = strconv.Itoa(len(occ)) + " charges from " + first.Date.Time().Format("Jan 2, 2006") + " (" +
		centavo.FormatMoney(absCents(first.AmountCents), s.Currency) + ") to " + last.Date.Time().Format("Jan 2, 2006") + " (" +
		centavo.FormatMoney(absCents(last.AmountCents), s.Currency) + ")."
	if len(s.PriceChanges) > 0 {
		c.Desc += " The price rose " + plural(len(s.PriceChanges), "time") + "."
	}
	return c
}

func absCents(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// calendar is a month of expected and posted charges as Monday-first
// weeks; Days lists the days that have any, for the phone's list.
type calendar struct {
	Nav   monthNav
	Weeks [][]calDay
	Days  []calDay
}

type calDay struct {
	Day     int
	ISO     string
	Label   string // "Mon, Jan 2"
	InMonth bool
	Today   bool
	Items   []calItem
}

type calItem struct {
	ID       int64
	Name     string
	Amount   int64
	Currency string
	Posted   bool // charged already; otherwise expected
	Income   bool
}

// calendarAhead is how many months ahead the calendar goes.
const calendarAhead = 12

// newCalendar lays out month: the charges of the not-ignored series
// posted in it, and from today on the expected ones of the active,
// not-tentative series (Series.Expected, the dates Upcoming gives).
func newCalendar(all []recurring.Stored, month centavo.Month, today centavo.Day) calendar {
	now := centavo.MonthOf(today.Time())
	c := calendar{Nav: newMonthNav(month, now, "/recurring", nil)}
	c.Nav.HasNext = month.Before(now.Add(calendarAhead))
	first, end := centavo.DayOf(month.Start()), centavo.DayOf(month.End())
	items := map[centavo.Day][]calItem{}
	for _, s := range all {
		if s.State == recurring.Ignored {
			continue
		}
		for _, o := range s.Occurrences {
			if o.Date >= first && o.Date < end {
				items[o.Date] = append(items[o.Date], calItem{ID: s.ID, Name: s.DisplayName(), Amount: o.AmountCents, Currency: s.Currency, Posted: true, Income: s.Income})
			}
		}
		if s.Tentative {
			continue
		}
		for _, d := range s.Expected(max(first, today), end-1) {
			items[d] = append(items[d], calItem{ID: s.ID, Name: s.DisplayName(), Amount: s.NextAmountCents, Currency: s.Currency, Income: s.Income})
		}
	}
	for d := range items {
		sort.SliceStable(items[d], func(i, j int) bool { return items[d][i].ID < items[d][j].ID })
	}
	// Back to the Monday on or before the 1st, on to the Sunday on or after the last day.
	start := first - centavo.Day((int(month.Start().Weekday())+6)%7)
	for d := start; d < end || (d-start)%7 != 0; d++ {
		if (d-start)%7 == 0 {
			c.Weeks = append(c.Weeks, nil)
		}
		t := d.Time()
		cd := calDay{Day: t.Day(), ISO: d.String(), Label: t.Format("Mon, Jan 2"), InMonth: d >= first && d < end, Today: d == today}
		if cd.InMonth {
			cd.Items = items[d]
			if len(cd.Items) > 0 {
				c.Days = append(c.Days, cd)
			}
		}
		c.Weeks[len(c.Weeks)-1] = append(c.Weeks[len(c.Weeks)-1], cd)
	}
	return c
}
