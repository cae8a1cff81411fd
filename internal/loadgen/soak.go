package loadgen

import (
	"context"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/centavo/centavo"
)

// SoakOptions shape a soak: Centavo serving (all roles, one process) while
// new users keep linking their bank (writes) and others read their
// spending (reads), at a fixed ratio, for a long time.
type SoakOptions struct {
	Duration  time.Duration
	WriteRate float64 // new transactions per second (new users linking)
	ReadRate  float64 // reads per second
	WarmUsers int     // users linked before the soak, who are read during it
	Every     time.Duration
}

// MemorySample is the server's memory at a moment of the soak.
type MemorySample struct {
	At      time.Duration `json:"at_ns"`
	RSS     int64         `json:"rss_bytes"`
	Rows    int64         `json:"rows"`
	Pending int64         `json:"pending_jobs"`
}

// SoakResult is what a soak measured.
type SoakResult struct {
	Engine         string         `json:"engine"`
	Duration       time.Duration  `json:"duration_ns"`
	WriteRate      float64        `json:"write_rate_target"`
	ReadRate       float64        `json:"read_rate_target"`
	UsersLinked    int64          `json:"users_linked"`
	LinkErrors     int64          `json:"link_errors"`
	Rows           int64          `json:"rows"`
	RowsPerSec     float64        `json:"rows_per_s"`
	CatchUp        time.Duration  `json:"catch_up_ns"` // after the soak, until every linked account was extracted
	Reads          ReadResult     `json:"reads"`
	FailedAttempts int64          `json:"failed_attempts"`
	AccountsNotOK  int            `json:"accounts_not_ok"`
	NotOK          []string       `json:"not_ok,omitempty"`
	Samples        []MemorySample `json:"samples"`
	Verify         string         `json:"verify"`
}

// MemoryGrowth compares the server's RSS over the last minute with the
// second minute (after warming up): the relative growth.
func (s *SoakResult) MemoryGrowth() float64 {
	var early, late []float64
	for _, m := range s.Samples {
		switch {
		case m.At >= time.Minute && m.At < 2*time.Minute:
			early = append(early, float64(m.RSS))
		case m.At >= s.Duration-time.Minute:
			late = append(late, float64(m.RSS))
		}
	}
	if len(early) == 0 || len(late) == 0 {
		return math.NaN()
	}
	return mean(late)/mean(early) - 1
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func (s *SoakResult) writeText(w io.Writer) {
	fmt.Fprintf(w, "\nSoak on %s for %s: %.0f new transactions/s and %.0f reads/s offered (%s writes : 1 read)\n",
		s.Engine, s.Duration, s.WriteRate, s.ReadRate, perSec(s.WriteRate/math.Max(s.ReadRate, 1)))
	fmt.Fprintf(w, "  users linked %d (link errors %d), rows %d = %.0f/s, catch-up after the end %s, failed extraction attempts %d\n",
		s.UsersLinked, s.LinkErrors, s.Rows, s.RowsPerSec, s.CatchUp.Round(time.Millisecond), s.FailedAttempts)
	fmt.Fprintf(w, "  reads: %d completed, %d errors, %d unsent; p50 %s p99 %s p99.9 %s max %s\n", s.Reads.Completed, s.Reads.Errors,
		s.Reads.Unsent+s.Reads.Abandoned, ms(s.Reads.P50), ms(s.Reads.P99), ms(s.Reads.P999), ms(s.Reads.Max))
	fmt.Fprintf(w, "  accounts not ok at the end: %d; verify: %s; RSS growth (last minute vs second minute): %+.1f %%\n",
		s.AccountsNotOK, s.Verify, 100*s.MemoryGrowth())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  at\tserver RSS\trows\tpending jobs\t")
	for _, m := range s.Samples {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t\n", m.At.Round(time.Second), mib(m.RSS), m.Rows, m.Pending)
	}
	tw.Flush()
}

// Soak runs a soak against a serve process on the backend (the caller
// checks the invariants afterwards).
func Soak(ctx context.Context, h Harness, b Backend, serveArgs []string, o SoakOptions, tag string) (*SoakResult, error) {
	if o.Every <= 0 {
		o.Every = 10 * time.Second
	}
	res := &SoakResult{Engine: b.Engine(), Duration: o.Duration, WriteRate: o.WriteRate, ReadRate: o.ReadRate}
	srv, err := h.Serve(ctx, append(b.ServeArgs(), serveArgs...))
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	w, err := newJobWatcher(ctx, b)
	if err != nil {
		return nil, err
	}
	defer w.close()
	api := NewAPI(srv.Base, 32)
	bankURL := srv.Base + "/sandbox/ofx"
	progress := func(ctx context.Context) (Progress, error) {
		s, err := api.Metrics(ctx)
		return ProgressOf(s), err
	}
	var next atomic.Uint64
	next.Store(1)
	var mu sync.Mutex
	var linked []User
	link := func(ctx context.Context) error {
		c := next.Add(1) - 1
		u, err := api.SignUp(ctx, email(tag, c))
		if err != nil {
			return err
		}
		u.Customer = c
		if err := api.Link(ctx, u, bankURL, Login(c), fmt.Sprintf("secret-%d", c)); err != nil {
			return err
		}
		mu.Lock()
		linked = append(linked, u)
		mu.Unlock()
		return nil
	}

	// Warm users: linked and extracted before the clock starts.
	if err := forEach(ctx, o.WarmUsers, 8, func(ctx context.Context, _ int) error { return link(ctx) }); err != nil {
		return nil, fmt.Errorf("soak: warm users: %w", err)
	}
	warm, _, err := waitExtracted(ctx, time.Now(), 2*o.WarmUsers, 10*time.Minute, progress)
	if err != nil {
		return nil, fmt.Errorf("soak: warm users: %w", err)
	}
	if _, err := w.waitDrained(ctx, time.Now(), 10*time.Minute); err != nil {
		return nil, fmt.Errorf("soak: warm users: %w", err)
	}
	readers := append([]User(nil), linked...)
	rowsPerUser := warm.Rows / float64(o.WarmUsers)
	now := centavo.MonthOf(time.Now().UTC())
	target := ReadTarget{Base: srv.Base, Endpoint: EndpointSpending, Users: readers, Months: []centavo.Month{now, now.Add(-1)}}

	start := time.Now()
	soakCtx, stop := context.WithDeadline(ctx, start.Add(o.Duration))
	defer stop()
	// Reads: open loop for the whole soak.
	readDone := make(chan ReadResult, 1)
	go func() {
		readDone <- RunRead(ctx, "soak", target, Load{Rate: o.ReadRate, Duration: o.Duration, Concurrency: 16}, false, srv.PID)
	}()
	// Writes: a new user links every interval, enough for the write rate.
	var wg sync.WaitGroup
	var linkErrs atomic.Int64
	var users atomic.Int64
	interval := time.Duration(float64(time.Second) * rowsPerUser / o.WriteRate)
	sem := make(chan struct{}, 16)
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-soakCtx.Done():
				return
			case <-t.C:
			}
			select {
			case sem <- struct{}{}:
			default:
				linkErrs.Add(1) // the API is so slow that 16 links are in flight
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				if err := link(soakCtx); err != nil {
					if soakCtx.Err() == nil {
						linkErrs.Add(1)
					}
					return
				}
				users.Add(1)
			}()
		}
	}()
	// Samples of the server's memory and progress.
	sample := func() {
		p, _ := progress(ctx)
		n, _ := w.pending(ctx)
		res.Samples = append(res.Samples, MemorySample{At: time.Since(start), RSS: MemoryOf(srv.PID).RSS, Rows: int64(p.Rows - warm.Rows), Pending: n})
	}
	sample()
	tick := time.NewTicker(o.Every)
	for soakCtx.Err() == nil {
		select {
		case <-tick.C:
			sample()
		case <-soakCtx.Done():
		}
	}
	tick.Stop()
	wg.Wait()
	sample()
	end := time.Now()
	res.Reads = <-readDone
	res.Reads.Name = "soak (" + b.Engine() + ")"
	res.UsersLinked, res.LinkErrors = users.Load(), linkErrs.Load()
	mu.Lock()
	all := append([]User(nil), linked...)
	mu.Unlock()

	// Let the last links finish, then count.
	p, _, err := waitExtracted(ctx, end, 2*len(all), 10*time.Minute, progress)
	if err != nil {
		return res, fmt.Errorf("soak: catching up: %w", err)
	}
	res.CatchUp = time.Since(end)
	res.Rows = int64(p.Rows - warm.Rows)
	res.RowsPerSec = float64(res.Rows) / o.Duration.Seconds()
	res.FailedAttempts = int64(p.ExtractFailed)
	if _, err := w.waitDrained(ctx, end, 10*time.Minute); err != nil {
		return res, err
	}
	for _, u := range all {
		accts, err := api.Accounts(ctx, u)
		if err != nil {
			return res, err
		}
		for _, a := range accts {
			if a.Status != centavo.AccountOK {
				res.AccountsNotOK++
				if len(res.NotOK) < 5 {
					res.NotOK = append(res.NotOK, fmt.Sprintf("user %d account %d: %s %q", u.ID, a.ID, a.Status, a.LastError))
				}
			}
		}
	}
	return res, srv.Stop()
}
