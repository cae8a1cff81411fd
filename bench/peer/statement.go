package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// merchant is a kind of spending: where, how often and how much.
type merchant struct {
	name   string  // as a bank prints it, a store number and city added
	weight int     // relative frequency
	median float64 // median amount in major units
	spread float64 // log-normal sigma
}

var merchants = []merchant{
	{"WHOLEFDS MKT", 60, 48, 0.6}, {"TRADER JOE'S", 55, 42, 0.5}, {"SAFEWAY", 50, 55, 0.7},
	{"KROGER", 45, 61, 0.7}, {"COSTCO WHSE", 20, 140, 0.6}, {"STARBUCKS", 90, 6.5, 0.35},
	{"DUNKIN", 40, 5.2, 0.3}, {"CHIPOTLE", 35, 13, 0.3}, {"MCDONALD'S", 30, 9.5, 0.4},
	{"SHELL OIL", 40, 45, 0.35}, {"CHEVRON", 35, 48, 0.35}, {"UBER TRIP", 35, 19, 0.5},
	{"LYFT RIDE", 20, 17, 0.5}, {"AMAZON MKTP US", 70, 32, 0.9}, {"AMZN DIGITAL", 15, 9, 0.6},
	{"TARGET", 35, 56, 0.8}, {"WALMART", 30, 64, 0.8}, {"CVS PHARMACY", 20, 21, 0.7},
	{"WALGREENS", 15, 18, 0.7}, {"HOME DEPOT", 12, 85, 0.9}, {"BEST BUY", 4, 180, 0.9},
	{"NETFLIX.COM", 3, 15.49, 0}, {"SPOTIFY USA", 3, 11.99, 0}, {"COMCAST CABLE", 3, 89.99, 0.05},
	{"PG&E WEB PAYMENT", 3, 120, 0.3}, {"VERIZON WIRELESS", 3, 85, 0.05}, {"GEICO AUTO", 3, 142, 0},
	{"PLANET FITNESS", 3, 24.99, 0}, {"DOORDASH", 30, 34, 0.4}, {"GRUBHUB", 12, 31, 0.4},
	{"SQ *BLUE BOTTLE", 25, 7, 0.3}, {"SQ *FARMERS MKT", 10, 24, 0.5}, {"APPLE.COM/BILL", 10, 4.99, 0.8},
	{"DELTA AIR", 2, 420, 0.5}, {"MARRIOTT", 2, 260, 0.5}, {"AIRBNB", 2, 380, 0.5},
	{"PAYPAL *EBAY", 8, 41, 0.8}, {"VENMO", 15, 30, 0.8}, {"ATM WITHDRAWAL", 10, 100, 0.5},
	{"CHEESECAKE FACTORY", 8, 68, 0.4}, {"OLIVE GARDEN", 8, 54, 0.4}, {"PANERA BREAD", 15, 14, 0.3},
	{"PETCO", 6, 38, 0.6}, {"REI", 3, 95, 0.8}, {"IKEA", 2, 210, 0.9},
}

var cities = []string{"SEATTLE WA", "PORTLAND OR", "SAN FRANCISCO CA", "OAKLAND CA", "AUSTIN TX",
	"DENVER CO", "CHICAGO IL", "BROOKLYN NY", "BOSTON MA", "ATLANTA GA", "PHOENIX AZ", "MIAMI FL"}

// incomes are credits: a payroll every other Friday and a few others.
var incomes = []merchant{
	{"ACME CORP PAYROLL", 0, 2840, 0.02}, {"VENMO CASHOUT", 4, 60, 0.8},
	{"INTEREST PAYMENT", 0, 3.1, 0.4}, {"REFUND AMAZON MKTP", 3, 29, 0.8},
}

// Row is one transaction of the statement.
type Row struct {
	Date        time.Time
	Description string
	Cents       int64 // negative: money out
}

// Statement is n rows over the 365 days that end on end, in date order,
// from a fixed seed: the same arguments give the same rows.
func Statement(n int, end time.Time, seed uint64) []Row {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	start := end.AddDate(0, 0, -364)
	rows := make([]Row, 0, n)
	// Paydays every other Friday, interest on the last day of each month
	// (in a statement of at least 760 rows: at most one row in twenty).
	for d := start; !d.After(end) && len(rows) < n/20; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Friday && int(d.Sub(start).Hours()/24)/7%2 == 0 {
			rows = append(rows, Row{d, incomes[0].name, cents(r, incomes[0])})
		}
		if d.AddDate(0, 0, 1).Day() == 1 {
			rows = append(rows, Row{d, incomes[2].name, cents(r, incomes[2])})
		}
	}
	total := 0
	for _, m := range merchants {
		total += m.weight
	}
	for len(rows) < n {
		d := start.AddDate(0, 0, r.IntN(365))
		if r.IntN(100) < 3 {
			m := incomes[1+2*r.IntN(2)]
			rows = append(rows, Row{d, describe(r, m.name), cents(r, m)})
			continue
		}
		m := pick(r, total)
		rows = append(rows, Row{d, describe(r, m.name), -cents(r, m)})
	}
	slices.SortStableFunc(rows, func(a, b Row) int { return a.Date.Compare(b.Date) })
	return rows
}

// distinct counts the rows' different descriptors: a budgeting app that
// keeps one payee per descriptor makes that many.
func distinct(rows []Row) int {
	seen := make(map[string]bool, len(rows))
	for _, r := range rows {
		seen[r.Description] = true
	}
	return len(seen)
}

func pick(r *rand.Rand, total int) merchant {
	w := r.IntN(total)
	for _, m := range merchants {
		if w < m.weight {
			return m
		}
		w -= m.weight
	}
	return merchants[len(merchants)-1]
}

// describe adds a store number and a city to most merchants, as card
// statements do; online and recurring ones keep their name alone.
func describe(r *rand.Rand, name string) string {
	if r.IntN(4) == 0 {
		return name
	}
	return fmt.Sprintf("%s #%04d %s", name, r.IntN(3000), cities[r.IntN(len(cities))])
}

// cents draws a log-normal amount around the merchant's median.
func cents(r *rand.Rand, m merchant) int64 {
	v := m.median * math.Exp(m.spread*r.NormFloat64())
	c := int64(math.Round(v * 100))
	return max(c, 1)
}

// WriteCSV writes rows as a bank's CSV export: Date (YYYY-MM-DD),
// Description, Amount (signed, two decimals).
func WriteCSV(w io.Writer, rows []Row) error {
	if _, err := io.WriteString(w, "Date,Description,Amount\n"); err != nil {
		return err
	}
	for _, row := range rows {
		sign, c := "", row.Cents
		if c < 0 {
			sign, c = "-", -c
		}
		if _, err := fmt.Fprintf(w, "%s,%s,%s%d.%02d\n", row.Date.Format(time.DateOnly), quote(row.Description), sign, c/100, c%100); err != nil {
			return err
		}
	}
	return nil
}

// quote quotes a description holding a comma or a quote (none of the
// generated ones do, but a reader of this code may add one).
func quote(s string) string {
	for _, c := range s {
		if c == ',' || c == '"' {
			b := []byte{'"'}
			for _, c := range []byte(s) {
				if c == '"' {
					b = append(b, '"')
				}
				b = append(b, c)
			}
			return string(append(b, '"'))
		}
	}
	return s
}
