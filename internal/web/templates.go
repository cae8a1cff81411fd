package web

import (
	"embed"
	"html/template"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
)

//go:embed templates
var templateFS embed.FS

// parsePages parses one template set per page: the layout and the shared
// partials, plus the page's own file, which defines "content".
func parsePages(funcs template.FuncMap) map[string]*template.Template {
	base := template.Must(template.New("base").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials*.html"))
	files, err := fs.Glob(templateFS, "templates/page_*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/page_"), ".html")
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, f))
	}
	return pages
}

func (s *server) funcs() template.FuncMap {
	return template.FuncMap{
		"money":      centavo.FormatMoney,
		"category":   categoryName,
		"asset":      s.assets.url,
		"date":       func(t time.Time) string { return t.UTC().Format("Jan 2") },
		"datefull":   func(t time.Time) string { return t.UTC().Format("Jan 2, 2006") },
		"datetime":   func(t time.Time) string { return t.UTC().Format("Jan 2, 2006 15:04 UTC") },
		"iso":        func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"ago":        func(t *time.Time) string { return ago(s.Now(), t) },
		"monthname":  monthLong,
		"monthword":  func(m centavo.Month) string { return m.Start().Format("January") },
		"monthshort": func(m centavo.Month) string { return m.Start().Format("Jan") },
		"dollars":    dollars,
		"amountin":   inputAmount, // an amount input's value in its currency
		"neg":        func(v int64) bool { return v < 0 },
		"abs": func(v int64) int64 {
			if v < 0 {
				return -v
			}
			return v
		},
		"add":        func(a, b int) int { return a + b },
		"pct":        func(f float64) string { return strconv.FormatFloat(f, 'f', 0, 64) + "%" },
		"categories": centavo.Categories,
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		"unread": func(n int) string {
			if n >= 100 {
				return "99+"
			}
			return strconv.Itoa(n)
		},
	}
}

// dollars renders cents for an amount input: 1234.5 → "1234.50".
func dollars(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + strconv.FormatInt(cents/100, 10) + "." + strconv.FormatInt(100+cents%100, 10)[1:]
}

// parseDollars reads a non-negative amount typed by a person ("1,234.5",
// "$80") into cents; ok is false when it is not one.
func parseDollars(s string) (int64, bool) {
	v, ok := parseMoney(s, "USD")
	return v, ok && v >= 0
}

// parseMoney reads an amount typed by a person in a currency, with at most
// as many decimals as the currency has ("1,234.5", "$80", "-35.10", JPY
// "¥1,200", KWD "1.500") into minor units; ok is false when it is not one.
func parseMoney(s, currency string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	s = strings.TrimLeft(s, "$€£¥")
	s = strings.ReplaceAll(s, ",", "")
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 18 {
		return 0, false
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || strings.HasPrefix(whole, "+") {
		return 0, false
	}
	digits := centavo.MinorDigits(currency)
	unit := int64(1)
	for range digits {
		unit *= 10
	}
	if w > math.MaxInt64/unit-unit {
		return 0, false
	}
	var f int64
	if hasFrac {
		if len(frac) == 0 || len(frac) > digits {
			return 0, false
		}
		for len(frac) < digits {
			frac += "0"
		}
		f, err = strconv.ParseInt(frac, 10, 64)
		if err != nil || f < 0 || strings.HasPrefix(frac, "+") || strings.HasPrefix(frac, "-") {
			return 0, false
		}
	}
	v := w*unit + f
	if neg {
		v = -v
	}
	return v, true
}

// ago says how long ago t was, for "last update" columns.
func ago(now time.Time, t *time.Time) string {
	if t == nil {
		return "never"
	}
	d := now.Sub(*t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d.Minutes()), "minute") + " ago"
	case d < 48*time.Hour:
		return plural(int(d.Hours()), "hour") + " ago"
	default:
		return plural(int(d.Hours()/24), "day") + " ago"
	}
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
