package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ledger"
)

// The charts are computed here as plain numbers and drawn by the templates
// (templates/charts.html) as inline SVG: html/template escapes every text,
// and every shape is sized by attributes, never by inline style (the CSP
// forbids it). Colours come from classes in app.css.

// donutSlices is how many categories get their own slice; the rest are "Other".
const donutSlices = 6

// donut is spending by category as a ring: each slice is a circle whose
// dash covers its share of a circumference of 100.
type donut struct {
	Title    string
	Desc     string
	Total    string
	Empty    bool
	Segments []segment // the slices: the largest categories, then Other
	Rows     []segment // every category, for the table beside the ring
}

type segment struct {
	Class    string  // colour class, c0…c6
	Category string  // id, "" for Other
	Name     string  // display name
	Amount   string  // formatted
	Cents    int64   // for tests and sorting
	Percent  float64 // share of the total
	Dash     string  // stroke-dasharray
	Offset   string  // stroke-dashoffset
	Count    int64
}

func categoryName(id string) string {
	if c, ok := centavo.LookupCategory(id); ok {
		return c.Name
	}
	return id
}

// newDonut draws a month's spending. Categories with a negative total
// (refunds exceeding purchases) are listed but take no slice.
func newDonut(sum ledger.Summary, monthName string) donut {
	d := donut{Title: "Spending by category, " + monthName, Total: centavo.FormatMoney(sum.TotalSpentCents, sum.Currency)}
	var positive int64
	for _, c := range sum.Categories {
		if c.SpentCents > 0 {
			positive += c.SpentCents
		}
	}
	var other segment
	other.Name, other.Class = "Other", "c"+strconv.Itoa(donutSlices)
	for i, c := range sum.Categories {
		row := segment{Class: other.Class, Category: c.Category, Name: categoryName(c.Category), Cents: c.SpentCents, Count: c.Count,
			Amount: centavo.FormatMoney(c.SpentCents, sum.Currency)}
		if i < donutSlices {
			row.Class = "c" + strconv.Itoa(i)
		}
		if c.SpentCents > 0 && positive > 0 {
			row.Percent = float64(c.SpentCents) * 100 / float64(positive)
		}
		d.Rows = append(d.Rows, row)
		if i >= donutSlices {
			other.Cents += c.SpentCents
			other.Count += c.Count
			continue
		}
		d.Segments = append(d.Segments, segment{Class: "c" + strconv.Itoa(i), Category: c.Category, Name: categoryName(c.Category),
			Cents: c.SpentCents, Count: c.Count})
	}
	if other.Count > 0 || other.Cents != 0 {
		d.Segments = append(d.Segments, other)
	}
	d.Empty = positive <= 0
	var start float64
	var parts []string
	for i := range d.Segments {
		sg := &d.Segments[i]
		sg.Amount = centavo.FormatMoney(sg.Cents, sum.Currency)
		if sg.Cents > 0 && positive > 0 {
			sg.Percent = float64(sg.Cents) * 100 / float64(positive)
		}
		// The ring starts at 12 o'clock: an offset of 25 turns the start
		// of the dash a quarter back.
		sg.Dash = fmt.Sprintf("%.3f %.3f", sg.Percent, 100-sg.Percent)
		sg.Offset = fmt.Sprintf("%.3f", 25-start)
		start += sg.Percent
		parts = append(parts, fmt.Sprintf("%s %s (%.0f%%)", sg.Name, sg.Amount, sg.Percent))
	}
	if d.Empty {
		d.Desc = "No spending recorded this month."
	} else {
		d.Desc = "Total " + d.Total + ": " + strings.Join(parts, "; ") + "."
	}
	return d
}

// trend is a column chart of total spending over several months.
type trend struct {
	Title   string
	Desc    string
	Width   int
	Height  int
	Base    int // y of the baseline
	Columns []column
}

type column struct {
	Month   string // YYYY-MM
	Label   string // "May"
	Amount  string // formatted in full
	Short   string // "$3.4k"
	Current bool
	X, Y    float64
	W, H    float64
	LabelX  float64
	ValueY  float64
	Cents   int64
}

// newTrend draws totals (oldest first) as columns in a 360×180 box.
func newTrend(months []centavo.Month, totals []int64, currency string, current centavo.Month) trend {
	const width, height, top, bottom, gap = 360, 180, 22, 26, 14
	t := trend{Width: width, Height: height, Base: height - bottom,
		Title: fmt.Sprintf("Total spending, %s to %s", monthLong(months[0]), monthLong(months[len(months)-1]))}
	var maxv int64 = 1
	for _, v := range totals {
		maxv = max(maxv, v)
	}
	n := float64(len(months))
	colW := (width - gap*(n+1)) / n
	var parts []string
	for i, m := range months {
		v := max(totals[i], 0)
		h := float64(v) / float64(maxv) * float64(height-top-bottom)
		if v > 0 && h < 2 {
			h = 2
		}
		x := gap + float64(i)*(colW+gap)
		c := column{Month: m.String(), Label: m.Start().Format("Jan"), Amount: centavo.FormatMoney(totals[i], currency),
			Short: shortMoney(totals[i], currency), Current: m == current, X: x, W: colW, H: h, Y: float64(t.Base) - h,
			LabelX: x + colW/2, Cents: totals[i]}
		c.ValueY = c.Y - 6
		t.Columns = append(t.Columns, c)
		parts = append(parts, monthLong(m)+" "+c.Amount)
	}
	t.Desc = strings.Join(parts, "; ") + "."
	return t
}

// moneySymbol is what FormatMoney writes before the digits: "$", "CHF ".
func moneySymbol(currency string) string {
	f := centavo.FormatMoney(0, currency)
	return f[:strings.IndexByte(f, '0')]
}

// minorUnit is one major unit in minor units: 100, 1 for JPY, 1000 for KWD.
func minorUnit(currency string) int64 {
	u := int64(1)
	for range centavo.MinorDigits(currency) {
		u *= 10
	}
	return u
}

// wholeMoney is FormatMoney of a whole amount without its zero decimals:
// $12,050 rather than $12,050.00.
func wholeMoney(cents int64, currency string) string {
	f := centavo.FormatMoney(cents, currency)
	if d := centavo.MinorDigits(currency); d > 0 {
		f = strings.TrimSuffix(f, "."+strings.Repeat("0", d))
	}
	return f
}

// shortMoney abbreviates an amount for a chart label: $840, $3.4k, $12k.
func shortMoney(cents int64, currency string) string {
	sym := moneySymbol(currency)
	neg := ""
	if cents < 0 {
		neg, cents = "-", -cents
	}
	units := cents / minorUnit(currency)
	switch {
	case units < 1000:
		return neg + sym + strconv.FormatInt(units, 10)
	case units < 10_000:
		return neg + sym + strconv.FormatFloat(float64(units)/1000, 'f', 1, 64) + "k"
	case units < 1_000_000:
		return neg + sym + strconv.FormatInt(units/1000, 10) + "k"
	default:
		return neg + sym + strconv.FormatFloat(float64(units)/1_000_000, 'f', 1, 64) + "M"
	}
}

// meter is a budget's progress bar: the share of the available amount
// (budget + rollover) spent, capped at the bar's end, coloured by state;
// Mark is where the month's projection stands ("" for none).
type meter struct {
	Width    string // of the fill, percent of the bar
	State    string // ok, warn, over, none
	Label    string // what the bar says, for assistive technology
	Percent  int64
	Mark     string // x of the projected mark, percent of the bar ("": none)
	MarkOver bool   // the projection passes the available amount
}

// newMeter: amber from the approaching threshold (percent), red past the
// available amount. Without a budget the bar is empty ("none"), whatever
// was spent; with nothing available (a budget of 0, or rollover that
// overspent it) any spending is over.
func newMeter(spent, available int64, hasBudget bool, approaching int) meter {
	if !hasBudget {
		return meter{Width: "0", State: "none", Label: "no budget"}
	}
	if available <= 0 {
		if spent > 0 {
			return meter{Width: "100", State: "over", Label: "spent with nothing available"}
		}
		return meter{Width: "0", State: "ok", Label: "nothing available, nothing spent"}
	}
	pct := float64(max(spent, 0)) * 100 / float64(available)
	m := meter{Width: strconv.FormatFloat(min(pct, 100), 'f', 1, 64), State: "ok", Percent: int64(pct)}
	switch {
	case spent > available:
		m.State = "over"
	case pct >= float64(approaching):
		m.State = "warn"
	}
	m.Label = fmt.Sprintf("%d%% of the budget spent", m.Percent)
	return m
}

// withMark places the projection's mark on the bar: at projected/available,
// kept inside the bar (a projection past the budget sits at its end).
func (m meter) withMark(projected, available int64) meter {
	if available <= 0 || projected <= 0 {
		return m
	}
	pct := float64(projected) * 100 / float64(available)
	m.MarkOver = projected > available
	m.Mark = strconv.FormatFloat(min(pct, 99.4), 'f', 1, 64)
	return m
}

func monthLong(m centavo.Month) string { return m.Start().Format("January 2006") }
