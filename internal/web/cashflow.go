package web

import (
	"fmt"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
)

// flowMonths is how many months the dashboard's cash-flow chart shows,
// through the dashboard's month.
const flowMonths = 12

// flowChart is income against spending, month by month: two columns a
// month on a shared scale, with gridlines at the scale's top and half.
// Drawn by templates/partials_cashflow.html like the other charts.
type flowChart struct {
	Title  string
	Desc   string
	Width  int
	Height int
	Left   int // x where the plot starts (the gridlines' labels are left of it)
	Base   int // y of the baseline
	Empty  bool
	Grid   []gridline
	Months []flowMonth
}

type gridline struct {
	Y     float64
	Label string
}

type flowMonth struct {
	Month    string // YYYY-MM
	Label    string // "May"
	Current  bool
	LabelX   float64
	In, Out  flowBar
	Income   string // formatted in full
	Spending string
	Net      string
	Rate     string // savings rate, "—" without income
	NetCents int64  // for tests
}

type flowBar struct {
	X, Y, W, H float64
	Cents      int64
}

// newFlowChart draws the months of a cash flow (oldest first) in a 720×230
// box; current is the dashboard's month, highlighted.
func newFlowChart(flow ledger.Cashflow, current centavo.Month) flowChart {
	const width, height, left, top, bottom, gap = 720, 230, 60, 14, 30, 10
	c := flowChart{Width: width, Height: height, Left: left, Base: height - bottom, Empty: true}
	if len(flow.Months) == 0 {
		return c
	}
	first, last := flow.Months[0], flow.Months[len(flow.Months)-1]
	c.Title = fmt.Sprintf("Income and spending, %s to %s", monthLongOf(first.Month), monthLongOf(last.Month))
	var maxv int64 = 1
	for _, m := range flow.Months {
		maxv = max(maxv, m.IncomeCents, m.SpendingCents)
		if m.IncomeCents > 0 || m.SpendingCents > 0 {
			c.Empty = false
		}
	}
	plot := float64(height - top - bottom)
	for _, frac := range []int64{2, 1} { // half and top
		v := maxv / frac
		c.Grid = append(c.Grid, gridline{Y: float64(c.Base) - float64(v)/float64(maxv)*plot, Label: shortMoney(v, flow.Currency)})
	}
	slot := float64(width-left) / float64(len(flow.Months))
	barW := (slot - gap) / 2
	scale := func(cents int64) flowBar {
		h := float64(max(cents, 0)) / float64(maxv) * plot
		if cents > 0 && h < 2 {
			h = 2
		}
		return flowBar{W: barW, H: h, Y: float64(c.Base) - h, Cents: cents}
	}
	var parts []string
	for i, m := range flow.Months {
		x := float64(left) + float64(i)*slot + gap/2
		fm := flowMonth{Month: m.Month, Label: monthShortOf(m.Month), LabelX: x + barW, NetCents: m.NetCents,
			In: scale(m.IncomeCents), Out: scale(m.SpendingCents), Rate: "—",
			Income: centavo.FormatMoney(m.IncomeCents, flow.Currency), Spending: centavo.FormatMoney(m.SpendingCents, flow.Currency),
			Net: centavo.FormatMoney(m.NetCents, flow.Currency)}
		fm.Current = m.Month == current.String()
		fm.In.X, fm.Out.X = x, x+barW
		if m.SavingsRate != nil {
			fm.Rate = fmt.Sprintf("%.0f%%", *m.SavingsRate*100)
		}
		c.Months = append(c.Months, fm)
		parts = append(parts, fmt.Sprintf("%s: income %s, spending %s, net %s", monthLongOf(m.Month), fm.Income, fm.Spending, fm.Net))
	}
	c.Desc = strings.Join(parts, "; ") + "."
	return c
}

func monthLongOf(s string) string {
	if m, err := centavo.ParseMonth(s); err == nil {
		return monthLong(m)
	}
	return s
}

func monthShortOf(s string) string {
	if m, err := centavo.ParseMonth(s); err == nil {
		return m.Start().Format("Jan")
	}
	return s
}
