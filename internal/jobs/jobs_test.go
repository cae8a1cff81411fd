package jobs

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"
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

// The default queue's short jobs are not capped by River's fetch cooldown
// (docs/0039): more workers, a shorter cooldown, never above the poll
// interval; idle polling stays at the poll interval.
func TestDefaultQueue(t *testing.T) {
	t.Parallel()
	d := Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, c := range []struct {
		o    Options
		want river.QueueConfig
		poll time.Duration
	}{
		{Options{Work: true}, river.QueueConfig{MaxWorkers: 20, FetchCooldown: 10 * time.Millisecond}, 0},
		{Options{Work: true, PollInterval: time.Second, DefaultWorkers: 40}, river.QueueConfig{MaxWorkers: 40, FetchCooldown: 10 * time.Millisecond}, time.Second},
		{Options{Work: true, PollInterval: 5 * time.Millisecond}, river.QueueConfig{MaxWorkers: 20, FetchCooldown: 5 * time.Millisecond}, 5 * time.Millisecond},
	} {
		cfg := Config(d, c.o)
		if got := cfg.Queues[river.QueueDefault]; got != c.want {
			t.Errorf("%+v: default queue %+v; want %+v", c.o, got, c.want)
		}
		if cfg.FetchPollInterval != c.poll {
			t.Errorf("%+v: polls every %v; want %v", c.o, cfg.FetchPollInterval, c.poll)
		}
	}
	if _, ok := Config(d, Options{Schedule: true}).Queues[river.QueueDefault]; ok {
		t.Error("a scheduler-only client works the default queue")
	}
}
