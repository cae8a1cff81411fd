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
	s := &soak{srv: srv, api: NewAPI(srv.Base, 32), jobs: w, bankURL: srv.Base + "/sandbox/ofx", tag: tag}
	s.next.Store(1)

	warm, err := s.warmUp(ctx, o.WarmUsers)
	if err != nil {
		return nil, fmt.Errorf("soak: warm users: %w", err)
	}
	end := s.run(ctx, o, warm, res)
	all := s.linkedUsers()

	// Let the last links finish, then count.
	p, _, err := waitExtracted(ctx, end, 2*len(all), 10*time.Minute, s.progress)
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
	if err := s.countNotOK(ctx, all, res); err != nil {
		return res, err
	}
	return res, srv.Stop()
}

// soak is a soak under way: the server, and the users linked so far.
type soak struct {
	srv     *Server
	api     *API
	jobs    *jobWatcher
	bankURL string
	tag     string

	next   atomic.Uint64 // the next sandbox customer
	mu     sync.Mutex
	linked []User
}

func (s *soak) progress(ctx context.Context) (Progress, error) {
	m, err := s.api.Metrics(ctx)
	return ProgressOf(m), err
}

// link signs up a new user and links their sandbox bank.
func (s *soak) link(ctx context.Context) error {
	c := s.next.Add(1) - 1
	u, err := s.api.SignUp(ctx, email(s.tag, c))
	if err != nil {
		return err
	}
	u.Customer = c
	if err := s.api.Link(ctx, u, s.bankURL, Login(c), fmt.Sprintf("secret-%d", c)); err != nil {
		return err
	}
	s.mu.Lock()
	s.linked = append(s.linked, u)
	s.mu.Unlock()
	return nil
}

func (s *soak) linkedUsers() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]User(nil), s.linked...)
}

// warmUp links n users and waits until they are extracted and their jobs
// done, before the clock starts; it returns the progress then.
func (s *soak) warmUp(ctx context.Context, n int) (Progress, error) {
	if err := forEach(ctx, n, 8, func(ctx context.Context, _ int) error { return s.link(ctx) }); err != nil {
		return Progress{}, err
	}
	warm, _, err := waitExtracted(ctx, time.Now(), 2*n, 10*time.Minute, s.progress)
	if err != nil {
		return Progress{}, err
	}
	if _, err := s.jobs.waitDrained(ctx, time.Now(), 10*time.Minute); err != nil {
		return Progress{}, err
	}
	return warm, nil
}

// run is the soak proper: the warm users read and new users link, each at
// their rate, for o.Duration, while the server's memory is sampled. It
// returns when the soak ended.
func (s *soak) run(ctx context.Context, o SoakOptions, warm Progress, res *SoakResult) time.Time {
	readers := s.linkedUsers()
	rowsPerUser := warm.Rows / float64(o.WarmUsers)
	now := centavo.MonthOf(time.Now().UTC())
	target := ReadTarget{Base: s.srv.Base, Endpoint: EndpointSpending, Users: readers, Months: []centavo.Month{now, now.Add(-1)}}

	start := time.Now()
	soakCtx, stop := context.WithDeadline(ctx, start.Add(o.Duration))
	defer stop()
	// Reads: open loop for the whole soak.
	readDone := make(chan ReadResult, 1)
	go func() {
		readDone <- RunRead(ctx, "soak", target, Load{Rate: o.ReadRate, Duration: o.Duration, Concurrency: 16}, false, s.srv.PID)
	}()
	// Writes: a new user links every interval, enough for the write rate.
	links := s.linkEvery(soakCtx, time.Duration(float64(time.Second)*rowsPerUser/o.WriteRate))
	// Samples of the server's memory and progress.
	s.sample(ctx, start, warm, res)
	tick := time.NewTicker(o.Every)
	for soakCtx.Err() == nil {
		select {
		case <-tick.C:
			s.sample(ctx, start, warm, res)
		case <-soakCtx.Done():
		}
	}
	tick.Stop()
	links.wg.Wait()
	s.sample(ctx, start, warm, res)
	end := time.Now()
	res.Reads = <-readDone
	res.Reads.Name = "soak (" + res.Engine + ")"
	res.UsersLinked, res.LinkErrors = links.users.Load(), links.errs.Load()
	return end
}

// linking counts the links of a soak.
type linking struct {
	wg    sync.WaitGroup
	errs  atomic.Int64
	users atomic.Int64
}

// linkEvery starts linking a new user every interval until ctx ends, with
// at most 16 links in flight; wait for them with the result's wg.
func (s *soak) linkEvery(ctx context.Context, interval time.Duration) *linking {
	l := &linking{}
	sem := make(chan struct{}, 16)
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			select {
			case sem <- struct{}{}:
			default:
				l.errs.Add(1) // the API is so slow that 16 links are in flight
				continue
			}
			l.wg.Add(1)
			go func() {
				defer l.wg.Done()
				defer func() { <-sem }()
				if err := s.link(ctx); err != nil {
					if ctx.Err() == nil {
						l.errs.Add(1)
					}
					return
				}
				l.users.Add(1)
			}()
		}
	}()
	return l
}

// sample records the server's memory and progress.
func (s *soak) sample(ctx context.Context, start time.Time, warm Progress, res *SoakResult) {
	p, _ := s.progress(ctx)
	n, _ := s.jobs.pending(ctx)
	res.Samples = append(res.Samples, MemorySample{At: time.Since(start), RSS: MemoryOf(s.srv.PID).RSS, Rows: int64(p.Rows - warm.Rows), Pending: n})
}

// countNotOK counts the users' accounts that are not OK at the end.
func (s *soak) countNotOK(ctx context.Context, users []User, res *SoakResult) error {
	for _, u := range users {
		accts, err := s.api.Accounts(ctx, u)
		if err != nil {
			return err
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
	return nil
}
