package centavo

import (
	"fmt"
	"time"
)

// Month is a calendar month in UTC. The zero value is not a valid month.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the UTC calendar month that contains t.
func MonthOf(t time.Time) Month {
	t = t.UTC()
	return Month{Year: t.Year(), Month: t.Month()}
}

// ParseMonth parses "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || len(s) != 7 {
		return Month{}, Errorf(EINVALID, "month %q is not of the form YYYY-MM", s)
	}
	if t.Year() < 1900 || t.Year() > 9999 {
		return Month{}, Errorf(EINVALID, "month %q is out of range", s)
	}
	return Month{Year: t.Year(), Month: t.Month()}, nil
}

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m.Year == 0 && m.Month == 0 }

// Start is the first instant of the month, UTC.
func (m Month) Start() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// End is the first instant of the next month, UTC (exclusive bound).
func (m Month) End() time.Time { return m.Start().AddDate(0, 1, 0) }

// Add returns the month n months after m (n may be negative).
func (m Month) Add(n int) Month { return MonthOf(m.Start().AddDate(0, n, 0)) }

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool {
	return m.Year < o.Year || (m.Year == o.Year && m.Month < o.Month)
}
