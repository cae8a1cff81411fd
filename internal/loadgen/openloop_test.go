package loadgen

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestLoadSchedule(t *testing.T) {
	l := Load{Rate: 2000, Duration: 1500 * time.Millisecond}
	if l.Count() != 3000 {
		t.Fatalf("Count = %d, want 3000", l.Count())
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		i    int64
		want time.Duration
	}{{0, 0}, {1, 500 * time.Microsecond}, {2000, time.Second}, {2999, 1499500 * time.Microsecond}} {
		if got := l.DueAt(start, c.i).Sub(start); got != c.want {
			t.Errorf("DueAt(%d) = +%v, want +%v", c.i, got, c.want)
		}
	}
	if (Load{Rate: 0, Duration: time.Second}).Count() != 0 || (Load{Rate: 10}).Count() != 0 {
		t.Error("a load without rate or duration has no requests")
	}
}

// TestLoadIsOpenLoop: one connection, and the first request stalls. The
// requests that fall due meanwhile are not dropped or delayed in the
// schedule: each is sent after the stall, and its latency counts from its
// due time, so the stall shows up in every one of them.
func TestLoadIsOpenLoop(t *testing.T) {
	l := Load{Rate: 1000, Duration: 100 * time.Millisecond, Concurrency: 1, Grace: time.Minute}
	var mu sync.Mutex
	started := map[int64]time.Time{}
	due := map[int64]time.Time{}
	release := make(chan struct{})
	res := l.Run(context.Background(), func(ctx context.Context, r Request) (string, error) {
		now := time.Now()
		mu.Lock()
		started[r.Index], due[r.Index] = now, r.Due
		mu.Unlock()
		if r.Index == 0 {
			// Stall until every other request is due.
			time.Sleep(time.Until(r.Due.Add(l.Duration)))
			close(release)
		}
		return "get", nil
	})
	<-release
	if res.Scheduled != 100 || res.Total.Completed != 100 || res.Unsent != 0 || res.Abandoned != 0 || res.Total.Errors != 0 {
		t.Fatalf("scheduled %d, completed %d, unsent %d, abandoned %d, errors %d; want 100 completed",
			res.Scheduled, res.Total.Completed, res.Unsent, res.Abandoned, res.Total.Errors)
	}
	// Requests were sent in order, never before they were due, and the
	// latencies recorded include the waiting.
	var worstWait time.Duration
	for i := int64(0); i < 100; i++ {
		if started[i].Before(due[i]) {
			t.Fatalf("request %d started %v before it was due", i, due[i].Sub(started[i]))
		}
		if i > 0 && started[i].Before(started[i-1]) {
			t.Fatalf("request %d started before request %d", i, i-1)
		}
		if i > 0 && !due[i].After(due[i-1]) {
			t.Fatalf("request %d is due no later than request %d", i, i-1)
		}
		worstWait = max(worstWait, started[i].Sub(due[i]))
	}
	if res.Total.Latency.Max() < worstWait {
		t.Errorf("max latency %v is less than the longest wait for a connection %v: waiting was hidden",
			res.Total.Latency.Max(), worstWait)
	}
	if res.ByLabel["get"] == nil || res.ByLabel["get"].Completed != 100 || len(res.Labels()) != 1 {
		t.Errorf("by label: %+v", res.ByLabel)
	}
	if res.Throughput() <= 0 || res.Elapsed <= 0 {
		t.Errorf("throughput %v over %v", res.Throughput(), res.Elapsed)
	}
}

// TestLoadCountsWhatNeverRan: a server that never answers. When the grace
// runs out the request in flight is abandoned and the rest are counted as
// unsent; nothing is timed.
func TestLoadCountsWhatNeverRan(t *testing.T) {
	l := Load{Rate: 200, Duration: 50 * time.Millisecond, Concurrency: 1, Grace: 50 * time.Millisecond, Timeout: time.Hour}
	res := l.Run(context.Background(), func(ctx context.Context, r Request) (string, error) {
		<-ctx.Done()
		return "get", ctx.Err()
	})
	if res.Scheduled != 10 || res.Abandoned != 1 || res.Unsent != 9 || res.Total.Completed != 0 || res.Total.Errors != 0 {
		t.Fatalf("scheduled %d, abandoned %d, unsent %d, completed %d, errors %d; want 10, 1, 9, 0, 0",
			res.Scheduled, res.Abandoned, res.Unsent, res.Total.Completed, res.Total.Errors)
	}
	if res.Total.Latency.Count() != 0 {
		t.Error("requests that never completed were timed")
	}
}

func TestLoadCountsErrorsByLabel(t *testing.T) {
	l := Load{Rate: 1000, Duration: 20 * time.Millisecond, Concurrency: 4}
	res := l.Run(context.Background(), func(ctx context.Context, r Request) (string, error) {
		if r.Index%2 == 1 {
			return "odd", errors.New("boom")
		}
		return "even", nil
	})
	if res.ByLabel["even"].Completed != 10 || res.ByLabel["odd"].Errors != 10 || res.Total.Errors != 10 || res.Total.Completed != 10 {
		t.Fatalf("even %+v odd %+v", res.ByLabel["even"], res.ByLabel["odd"])
	}
	if len(res.FirstErrors) == 0 || len(res.FirstErrors) > maxErrorSamples || res.FirstErrors[0] != "odd: boom" {
		t.Errorf("first errors %q", res.FirstErrors)
	}
	if res.ByLabel["odd"].Latency.Count() != 0 {
		t.Error("failed requests were timed")
	}
}

func TestLoadStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	l := Load{Rate: 100, Duration: time.Hour, Concurrency: 2}
	go func() { time.Sleep(30 * time.Millisecond); cancel() }()
	res := l.Run(ctx, func(ctx context.Context, r Request) (string, error) { return "get", nil })
	if res.Scheduled != 360_000 || res.Unsent < res.Scheduled-100 {
		t.Fatalf("scheduled %d, unsent %d: the load did not stop with its context", res.Scheduled, res.Unsent)
	}
}
