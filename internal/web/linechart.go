package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
)

// lineChart is a series of amounts over time (net worth by day, week or
// month) drawn as a line over a shaded area, in a width×height box: the
// templates (partials_linechart.html) turn it into inline SVG. The numbers
// are computed here so that tests can check them without a browser.
type lineChart struct {
	ID      string // prefix of the SVG's element ids
	Left    int    // x where the plot starts (the amounts are left of it)
	Title   string
	Desc    string
	Width   int
	Height  int
	Empty   bool
	Line    string     // the path's d attribute
	Area    string     // the closed path under (or over) the line, down to the zero line or the box's edge
	ZeroY   float64    // y of zero when zero is within the range
	HasZero bool       // zero lies inside the plotted range (a net worth that crossed it)
	Ticks   []lineTick // horizontal guides with their amounts
	XTicks  []lineTick // dates under the axis
	Last    lineDot    // the newest point, marked
	Rows    []lineRow  // a sample of the points for the table read by assistive technology
}

type lineTick struct {
	X, Y   float64
	Label  string
	Anchor string // text-anchor of a date: the first starts at its point, the last ends there
}

type lineDot struct {
	X, Y   float64
	Amount string
}

type lineRow struct {
	Date   string
	Amount string
	Cents  int64
}

// linePoint is one value of the series.
type linePoint struct {
	Date  time.Time
	Cents int64
}

// The chart's box and margins: the left margin holds the amounts.
const (
	lineWidth, lineHeight                    = 360, 180
	lineLeft, lineRight, lineTop, lineBottom = 48, 10, 12, 24
	lineRowsMax                              = 24
)

// newLineChart draws points (oldest first). One point draws a flat line;
// none an empty chart.
func newLineChart(id, title string, points []linePoint, currency string) lineChart {
	c := lineChart{ID: id, Left: lineLeft, Title: title, Width: lineWidth, Height: lineHeight, Empty: len(points) == 0}
	if c.Empty {
		c.Desc = "No balances recorded in this range."
		return c
	}
	lowest, highest := points[0].Cents, points[0].Cents
	for _, p := range points {
		lowest, highest = min(lowest, p.Cents), max(highest, p.Cents)
	}
	lo, hi := lowest, highest
	step := niceStep(hi-lo, minorUnit(currency))
	// The range starts and ends on a tick, and includes zero when the
	// values are all on one side but close to it (within one step).
	lo, hi = floorTo(lo, step), ceilTo(hi, step)
	if lo > 0 && lo <= step {
		lo = 0
	}
	if hi < 0 && hi >= -step {
		hi = 0
	}
	if hi == lo {
		hi = lo + step
	}
	plotW := float64(lineWidth - lineLeft - lineRight)
	plotH := float64(lineHeight - lineTop - lineBottom)
	x := func(i int) float64 {
		if len(points) == 1 {
			return lineLeft + plotW
		}
		return lineLeft + plotW*float64(i)/float64(len(points)-1)
	}
	y := func(cents int64) float64 {
		return lineTop + plotH*float64(hi-cents)/float64(hi-lo)
	}
	var line strings.Builder
	for i, p := range points {
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&line, "%s%.1f %.1f ", cmd, x(i), y(p.Cents))
	}
	if len(points) == 1 {
		fmt.Fprintf(&line, "M%.1f %.1f L%.1f %.1f", float64(lineLeft), y(points[0].Cents), x(0), y(points[0].Cents))
	}
	c.Line = strings.TrimSpace(line.String())
	base := y(max(lo, min(hi, 0)))
	c.HasZero = lo < 0 && hi > 0
	c.ZeroY = base
	first, last := x(0), x(len(points)-1)
	if len(points) == 1 {
		first = lineLeft
	}
	c.Area = fmt.Sprintf("%s L%.1f %.1f L%.1f %.1f Z", c.Line, last, base, first, base)
	for v := lo; v <= hi; v += step {
		c.Ticks = append(c.Ticks, lineTick{X: lineLeft - 6, Y: y(v), Label: tickLabel(v, step, max(-lo, hi), currency)})
	}
	c.XTicks = dateTicks(points, x)
	n := len(points) - 1
	c.Last = lineDot{X: x(n), Y: y(points[n].Cents), Amount: centavo.FormatMoney(points[n].Cents, currency)}
	c.Rows = sampleRows(points, currency)
	c.Desc = fmt.Sprintf("From %s on %s to %s on %s; lowest %s, highest %s.",
		centavo.FormatMoney(points[0].Cents, currency), points[0].Date.Format("Jan 2, 2006"),
		c.Last.Amount, points[n].Date.Format("Jan 2, 2006"),
		centavo.FormatMoney(lowest, currency), centavo.FormatMoney(highest, currency))
	return c
}

// dateTicks labels the first and last point and up to two between.
func dateTicks(points []linePoint, x func(int) float64) []lineTick {
	layout := "Jan 2"
	if points[len(points)-1].Date.Sub(points[0].Date) > 300*24*time.Hour {
		layout = "Jan 2006"
	}
	idx := []int{0}
	if len(points) >= 4 {
		idx = append(idx, (len(points)-1)/3, 2*(len(points)-1)/3)
	}
	if len(points) > 1 {
		idx = append(idx, len(points)-1)
	}
	var out []lineTick
	for k, i := range idx {
		anchor := "middle"
		switch {
		case k == 0 && len(idx) > 1:
			anchor = "start"
		case k == len(idx)-1:
			anchor = "end"
		}
		out = append(out, lineTick{X: x(i), Y: lineHeight - 6, Label: points[i].Date.Format(layout), Anchor: anchor})
	}
	return out
}

// sampleRows keeps at most lineRowsMax points, evenly spread, always the
// last one.
func sampleRows(points []linePoint, currency string) []lineRow {
	every := max(1, (len(points)+lineRowsMax-1)/lineRowsMax)
	var out []lineRow
	for i := len(points) - 1; i >= 0; i -= every {
		p := points[i]
		out = append(out, lineRow{Date: p.Date.Format("2006-01-02"), Amount: centavo.FormatMoney(p.Cents, currency), Cents: p.Cents})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// tickLabel is a guide's amount, as short as its step allows while two
// guides never read the same: $150, $12,050, $12.8k, $13k (ticks are
// whole multiples of step, itself at least one unit).
func tickLabel(v, step, reach int64, currency string) string {
	sym := moneySymbol(currency)
	neg := ""
	if v < 0 {
		neg, v = "-", -v
	}
	unit := minorUnit(currency)
	units := v / unit
	switch {
	case v == 0:
		return sym + "0"
	case reach <= 1000*unit || step < 100*unit:
		return neg + wholeMoney(v, currency)
	case step%(1000*unit) == 0:
		return neg + sym + strconv.FormatInt(units/1000, 10) + "k"
	default:
		return neg + sym + strings.TrimSuffix(strconv.FormatFloat(float64(units)/1000, 'f', 1, 64), ".0") + "k"
	}
}

// niceStep is a round step (1, 2 or 5 × a power of ten of the currency's
// major unit, in minor units) that cuts span into at most four parts.
func niceStep(span, unit int64) int64 {
	step := unit // one major unit
	for {
		for _, m := range []int64{1, 2, 5} {
			if span <= 4*step*m {
				return step * m
			}
		}
		if step > 1<<55 {
			return step
		}
		step *= 10
	}
}

func floorTo(v, step int64) int64 {
	r := v % step
	if r < 0 {
		r += step
	}
	return v - r
}

func ceilTo(v, step int64) int64 {
	f := floorTo(v, step)
	if f == v {
		return v
	}
	return f + step
}

// rangeLink is one of a chart's range choices (3M, 1Y, All).
type rangeLink struct {
	Label   string
	URL     string
	Current bool
}

// netWorthRanges are the dashboard's net-worth ranges: the parameter value,
// the label, and how far back the range starts (0: since the first balance).
var netWorthRanges = []struct {
	Key, Label string
	Months     int
}{{"3m", "3M", 3}, {"1y", "1Y", 12}, {"all", "All", 0}}
