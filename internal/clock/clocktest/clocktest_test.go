package clocktest

import (
	"testing"
	"time"
)

func TestInOneMonth(t *testing.T) {
	for _, c := range []struct{ at, want string }{
		{"2026-12-31T23:59:59Z", "2026-12-31T23:50:00Z"}, // moved back
		{"2028-02-29T23:59:30Z", "2028-02-29T23:50:00Z"}, // a leap day's end
		{"2027-03-01T00:00:30Z", "2027-03-01T00:00:30Z"}, // a month's start: kept
		{"2026-12-31T23:49:59Z", "2026-12-31T23:49:59Z"}, // far enough: kept
	} {
		t.Setenv(Env, c.at)
		got := InOneMonth(t, 10*time.Minute)().Truncate(time.Second).Format(time.RFC3339)
		if got != c.want {
			t.Errorf("InOneMonth at %s starts at %s, want %s", c.at, got, c.want)
		}
	}
}
