package jobs

import (
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"
)

func TestBackoff(t *testing.T) {
	t.Parallel()
	b := Backoff{Base: time.Second, Factor: 3, Max: time.Hour}
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 3 * time.Second, 3: 9 * time.Second, 5: 81 * time.Second, 30: time.Hour} {
		got := time.Until(b.NextRetry(&rivertype.JobRow{Attempt: attempt}))
		if got < want*85/100 || got > want*115/100 {
			t.Errorf("attempt %d: retry in %v, want about %v", attempt, got, want)
		}
	}
}
