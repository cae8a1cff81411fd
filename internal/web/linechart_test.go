package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func days(start time.Time, cents ...int64) []linePoint {
	out := make([]linePoint, len(cents))
	for i, c := range cents {
		out[i] = linePoint{Date: start.AddDate(0, 0, i), Cents: c}
	}
	return out
}

func TestLineChartScale(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		points   []linePoint
		hasZero  bool
		topLabel string // the highest tick
		lowLabel string // the lowest tick
	}{
		{"positive, far from zero", days(start, 1_000_000, 1_250_000, 1_180_000), false, "$13k", "$10k"},
		{"crosses zero", days(start, -50_000, 20_000, 80_000), true, "$1,000", "-$500"},
		{"negative only", days(start, -1_253_900, -1_300_000), false, "-$12.4k", "-$13k"},
		{"near zero includes it", days(start, 1_500, 12_000), false, "$150", "$0"},
		{"flat", days(start, 42_00, 42_00), false, "$43", "$42"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newLineChart("nw", "Net worth", tc.points, "USD")
			if c.Empty {
				t.Fatal("chart of points is empty")
			}
			if c.HasZero != tc.hasZero {
				t.Errorf("HasZero = %v, want %v", c.HasZero, tc.hasZero)
			}
			if got := c.Ticks[len(c.Ticks)-1].Label; got != tc.topLabel {
				t.Errorf("top tick %q, want %q (ticks %+v)", got, tc.topLabel, c.Ticks)
			}
			if got := c.Ticks[0].Label; got != tc.lowLabel {
				t.Errorf("low tick %q, want %q", got, tc.lowLabel)
			}
			if len(c.Ticks) > 6 {
				t.Errorf("%d ticks, want at most 6", len(c.Ticks))
			}
			// Every vertex lies inside the plot.
			for _, f := range strings.Fields(strings.NewReplacer("M", "", "L", "").Replace(c.Line)) {
				var v float64
				if _, err := fmtSscan(f, &v); err != nil {
					t.Fatalf("path %q: %v", c.Line, err)
				}
				if v < 0 || v > lineWidth {
					t.Errorf("coordinate %v outside the box in %q", v, c.Line)
				}
			}
			if !strings.HasPrefix(c.Line, "M") || !strings.HasSuffix(c.Area, "Z") {
				t.Errorf("line %q area %q", c.Line, c.Area)
			}
			last := tc.points[len(tc.points)-1]
			if c.Rows[len(c.Rows)-1].Cents != last.Cents || c.Last.X != lineWidth-lineRight {
				t.Errorf("last point %+v, rows end %+v", c.Last, c.Rows[len(c.Rows)-1])
			}
		})
	}
}

func TestLineChartHighestPointOnTop(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newLineChart("nw", "Net worth", days(start, 100_000, 300_000, 200_000), "USD")
	// Points go left to right; the highest value has the smallest y.
	var ys []float64
	for _, f := range strings.Split(c.Line, " L") {
		var x, y float64
		if _, err := fmtSscan(strings.TrimPrefix(f, "M")+" ", &x, &y); err != nil {
			t.Fatalf("path %q: %v", c.Line, err)
		}
		ys = append(ys, y)
	}
	if len(ys) != 3 || !(ys[1] < ys[2] && ys[2] < ys[0]) {
		t.Errorf("ys %v: want the middle point highest, the first lowest", ys)
	}
}

func TestLineChartEdges(t *testing.T) {
	if c := newLineChart("nw", "Net worth", nil, "USD"); !c.Empty || c.Line != "" {
		t.Errorf("no points: %+v", c)
	}
	one := newLineChart("nw", "Net worth", days(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), 12_345), "EUR")
	if one.Empty || one.Line == "" || one.Last.Amount == "" || len(one.Rows) != 1 {
		t.Errorf("one point: %+v", one)
	}
	long := make([]int64, 731)
	for i := range long {
		long[i] = int64(i) * 1000
	}
	c := newLineChart("nw", "Net worth", days(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), long...), "USD")
	if len(c.Rows) > lineRowsMax || c.Rows[len(c.Rows)-1].Date != "2027-01-01" {
		t.Errorf("%d rows, last %+v", len(c.Rows), c.Rows[len(c.Rows)-1])
	}
	if c.XTicks[0].Label != "Jan 2025" {
		t.Errorf("x ticks of two years: %+v", c.XTicks)
	}
}

func TestNiceStep(t *testing.T) {
	for _, tc := range []struct{ span, want int64 }{
		{0, 100}, {350, 100}, {401, 200}, {1_999, 500}, {250_000, 100_000}, {1_000_001, 500_000},
	} {
		if got := niceStep(tc.span, 100); got != tc.want {
			t.Errorf("niceStep(%d) = %d, want %d", tc.span, got, tc.want)
		}
	}
	if got := niceStep(2_500, 1); got != 1_000 {
		t.Errorf("niceStep of ¥2,500 = %d, want ¥1,000", got)
	}
	if floorTo(-150, 100) != -200 || ceilTo(-150, 100) != -100 || ceilTo(200, 100) != 200 {
		t.Error("floorTo/ceilTo round the wrong way")
	}
}

func fmtSscan(s string, v ...any) (int, error) { return fmt.Sscan(s, v...) }

func TestLineChartCurrencyDecimals(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newLineChart("nw", "Net worth", days(start, 1_200_000, 1_450_000), "JPY") // ¥1.2M to ¥1.45M
	if got := c.Ticks[len(c.Ticks)-1].Label; got != "¥1500k" || c.Ticks[0].Label != "¥1200k" {
		t.Errorf("ticks of yen %+v, want ¥1200k to ¥1500k", c.Ticks)
	}
	if c.Last.Amount != "¥1,450,000" {
		t.Errorf("last amount %q, want ¥1,450,000", c.Last.Amount)
	}
	if got := shortMoney(345_000, "JPY"); got != "¥345k" {
		t.Errorf("shortMoney of ¥345,000 = %q", got)
	}
}
