// Package jobs wires Centavo's background work onto River: the workers, the
// queues and the client settings per role. The work itself lives in the
// services (ingest, budget); a worker only hands its job over.
package jobs

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/recurring"
	"github.com/centavo/centavo/internal/store"
)

// Settings River needs set explicitly (its defaults are tuned for other
// workloads, see DESIGN.md).
const (
	// JobTimeout bounds one attempt; a bank answer can take a while.
	JobTimeout = 2 * time.Minute
	// DefaultWorkers and DefaultFetchCooldown shape the default queue, whose
	// jobs are short (a budget evaluation, a detection, a delivery) and come
	// by the hundred a second while a backlog of downloads drains: River
	// fetches at most once per cooldown, at most the free workers, so
	// workers/cooldown bounds the queue's rate (20 per 10 ms: 2,000 a
	// second; River's defaults, 10 per 100 ms, capped it at 100, below the
	// ingest's rate: docs/0039-ingest-throughput.md). The cooldown spaces
	// the fetches of a busy queue only; an idle one still polls every
	// --poll-interval.
	DefaultWorkers       = 20
	DefaultFetchCooldown = 10 * time.Millisecond
	// RescueAfter: a job still "running" this long after its attempt began
	// belongs to a crashed worker and is made available again. It must stay
	// above JobTimeout, or live jobs would be rescued.
	RescueAfter = 5 * time.Minute
)

// Deps are what the workers need.
type Deps struct {
	Accounts  *account.Service
	Ingest    *ingest.Service
	Budget    *budget.Service
	Notify    *notify.Service
	Recompute *recompute.Service
	Recurring *recurring.Service
	// Rates fetches --rates-url; nil: this client schedules no fetch (set
	// on one shard's client only: an import writes every shard).
	Rates   RatesFetcher
	Shard   store.Store // the database this client's jobs live in
	Now     func() time.Time
	Metrics *metrics.Metrics
	Logger  *slog.Logger
	// Cache is the read cache whose generations cache_invalidate jobs bump
	// (nil: they have nothing to do).
	Cache cache.Cache
}

// RatesFetcher downloads and stores the reference rates (rates.Service).
type RatesFetcher interface {
	Fetch(ctx context.Context) (rates.ImportResult, error)
}

// Options tune the client of a process's roles.
//
// Any process that works jobs (worker or scheduler role) takes part in
// River's leader election; the leader runs maintenance (rescuing the jobs
// of dead workers, cleaning old jobs) and enqueues the periodic jobs, so
// every such process is configured with them. Workers work the extraction,
// default and periodic queues; a scheduler-only process works only the
// periodic queue. An API-only process has an insert-only client.
type Options struct {
	Work          bool
	Schedule      bool
	ExtractWorker int // concurrent extractions per process
	// DefaultWorkers: concurrent jobs of the default queue per process
	// (default DefaultWorkers).
	DefaultWorkers int
	PollInterval   time.Duration
	JobTimeout     time.Duration // default JobTimeout
	RescueAfter    time.Duration // default RescueAfter
	// RecomputeOnly makes a client that works only the MapReduce jobs (the
	// recompute command): it fetches no other kind and never leads, since
	// River's leader discards jobs of kinds it does not know.
	RecomputeOnly bool
	// NoDailyPlan leaves out the hourly planning of the day's refreshes:
	// the load generator's measured runs and the tests that script every
	// download.
	NoDailyPlan bool
	// RetryPolicy replaces Backoff (tests retry in milliseconds).
	RetryPolicy river.ClientRetryPolicy
}

// Config returns the River client configuration.
func Config(d Deps, o Options) *river.Config {
	if o.JobTimeout <= 0 {
		o.JobTimeout = JobTimeout
	}
	if o.RescueAfter <= 0 {
		o.RescueAfter = RescueAfter
	}
	cfg := &river.Config{
		JobTimeout:           o.JobTimeout,
		RescueStuckJobsAfter: o.RescueAfter,
		// River reports routine activity at info; keep its warnings only.
		Logger:      slog.New(levelAtLeast{d.Logger.Handler(), slog.LevelWarn}).With("component", "river"),
		MaxAttempts: 10,
		RetryPolicy: o.RetryPolicy,
	}
	if cfg.RetryPolicy == nil {
		cfg.RetryPolicy = Backoff{Base: time.Second, Factor: 3, Max: time.Hour}
	}
	if o.RecomputeOnly {
		workers := river.NewWorkers()
		addRecomputeWorkers(workers, d.Recompute)
		cfg.Workers = workers
		cfg.FetchOnlyKnownKinds = true
		cfg.LeaderElectionDisabled = true
		cfg.Queues = map[string]river.QueueConfig{jobargs.Default: {MaxWorkers: 4}}
		if o.PollInterval > 0 {
			cfg.FetchPollInterval = o.PollInterval
			cfg.FetchCooldown = min(o.PollInterval, 100*time.Millisecond)
		}
		return cfg
	}
	if !o.Work && !o.Schedule {
		return cfg
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &discoverWorker{svc: d.Accounts})
	river.AddWorker(workers, &extractWorker{svc: d.Ingest})
	planner := &Planner{Now: d.Now, Logger: d.Logger}
	river.AddWorker(workers, &scheduleWorker{svc: planner, shard: d.Shard})
	river.AddWorker(workers, &evaluateWorker{svc: d.Budget})
	river.AddWorker(workers, &deliverWorker{svc: d.Notify})
	river.AddWorker(workers, &invalidateWorker{cache: d.Cache})
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[jobargs.PlanDigests]) error {
		return planner.PlanDigests(ctx, d.Shard, job)
	}))
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[jobargs.Digest]) error {
		return d.Notify.SendDigest(ctx, job)
	}))
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[jobargs.DetectRecurring]) error {
		if d.Recurring == nil {
			return nil // a client wired without the service (a slice's tests)
		}
		return d.Recurring.Run(ctx, job)
	}))
	addRecomputeWorkers(workers, d.Recompute)
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[jobargs.PurgeUser]) error {
		return d.Recompute.PurgeUser(ctx, job)
	}))
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[jobargs.FetchRates]) error {
		if d.Rates == nil {
			return nil
		}
		res, err := d.Rates.Fetch(ctx)
		if err == nil {
			d.Logger.InfoContext(ctx, "rates fetched", "rates", res.Rates, "last_day", res.Last)
		}
		return err
	}))
	cfg.Workers = workers
	if !o.NoDailyPlan {
		cfg.PeriodicJobs = planner.PeriodicJobs()
	}
	if d.Rates != nil {
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(6*time.Hour), func() (river.JobArgs, *river.InsertOpts) {
			now := d.Now().UTC()
			slot := now.Truncate(6 * time.Hour)
			return jobargs.FetchRates{Slot: slot.Format("2006-01-02T15")}, nil
		}, &river.PeriodicJobOpts{RunOnStart: true, ID: "fetch_rates"}))
	}
	n := o.ExtractWorker
	if n <= 0 {
		n = 20
	}
	cfg.Queues = map[string]river.QueueConfig{jobargs.Periodic: {MaxWorkers: 2}}
	if o.Work {
		cfg.Queues[jobargs.Extract] = river.QueueConfig{MaxWorkers: n}
		cfg.Queues[river.QueueDefault] = river.QueueConfig{MaxWorkers: cmp.Or(o.DefaultWorkers, DefaultWorkers), FetchCooldown: DefaultFetchCooldown}
	}
	if o.PollInterval > 0 {
		cfg.FetchPollInterval = o.PollInterval
		cfg.FetchCooldown = min(o.PollInterval, 100*time.Millisecond)
	}
	if q, ok := cfg.Queues[river.QueueDefault]; ok && cfg.FetchPollInterval > 0 {
		q.FetchCooldown = min(q.FetchCooldown, cfg.FetchPollInterval) // River: never above the poll interval
		cfg.Queues[river.QueueDefault] = q
	}
	cfg.Middleware = []rivertype.Middleware{&observe{m: d.Metrics, log: d.Logger}}
	return cfg
}

func addRecomputeWorkers(workers *river.Workers, svc *recompute.Service) {
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[jobargs.ArchiveEvent]) error {
		return svc.WriteEvent(ctx, job)
	}))
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[jobargs.ArchiveDrops]) error {
		return svc.WriteDrops(ctx, job)
	}))
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[jobargs.RecomputeMap]) error {
		return svc.Map(ctx, job)
	}))
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[jobargs.RecomputeReduce]) error {
		return svc.Reduce(ctx, job)
	}))
}

type discoverWorker struct {
	river.WorkerDefaults[jobargs.Discover]
	svc *account.Service
}

func (w *discoverWorker) Work(ctx context.Context, job *river.Job[jobargs.Discover]) error {
	return w.svc.Discover(ctx, job)
}

type extractWorker struct {
	river.WorkerDefaults[jobargs.ExtractAccount]
	svc *ingest.Service
}

func (w *extractWorker) Work(ctx context.Context, job *river.Job[jobargs.ExtractAccount]) error {
	return w.svc.Extract(ctx, job)
}

type scheduleWorker struct {
	river.WorkerDefaults[jobargs.ScheduleRefreshes]
	svc   *Planner
	shard store.Store
}

func (w *scheduleWorker) Work(ctx context.Context, job *river.Job[jobargs.ScheduleRefreshes]) error {
	return w.svc.Schedule(ctx, w.shard, job)
}

// Timeout: planning a batch reads and enqueues a thousand accounts.
func (w *scheduleWorker) Timeout(*river.Job[jobargs.ScheduleRefreshes]) time.Duration {
	return 10 * time.Minute
}

// evaluateWorker runs budget evaluations.
type evaluateWorker struct {
	river.WorkerDefaults[jobargs.EvaluateBudgets]
	svc *budget.Service
}

func (w *evaluateWorker) Work(ctx context.Context, job *river.Job[jobargs.EvaluateBudgets]) error {
	return w.svc.Evaluate(ctx, job)
}

// deliverWorker sends notifications by e-mail and webhook.
type deliverWorker struct {
	river.WorkerDefaults[jobargs.Deliver]
	svc *notify.Service
}

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[jobargs.Deliver]) error {
	return w.svc.Deliver(ctx, job)
}

// NextRetry: deliveries back off on their own schedule.
func (w *deliverWorker) NextRetry(job *river.Job[jobargs.Deliver]) time.Time {
	return w.svc.NextRetry(job.JobRow)
}

// observe counts jobs by kind and outcome, times them, and logs failures
// with the job id.
type observe struct {
	river.MiddlewareDefaults
	m   *metrics.Metrics
	log *slog.Logger
}

func (o *observe) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) (err error) {
	start := clock.Real()
	defer func() {
		outcome := "ok"
		if r := recover(); r != nil {
			outcome = "panic"
			defer panic(r) // let River record the panic and retry
		} else if err != nil {
			var cancel *rivertype.JobCancelError
			if errors.As(err, &cancel) {
				outcome = "cancelled"
			} else {
				outcome = "error"
			}
			o.log.WarnContext(ctx, "job failed", "kind", job.Kind, "job_id", job.ID, "attempt", job.Attempt, "err", err)
		}
		if o.m != nil {
			o.m.Jobs.WithLabelValues(job.Kind, outcome).Inc()
			o.m.JobDuration.WithLabelValues(job.Kind).Observe(clock.Real().Sub(start).Seconds())
		}
	}()
	return doInner(ctx)
}

// levelAtLeast filters out records below a minimum level.
type levelAtLeast struct {
	slog.Handler
	min slog.Level
}

func (h levelAtLeast) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h levelAtLeast) WithAttrs(attrs []slog.Attr) slog.Handler {
	return levelAtLeast{h.Handler.WithAttrs(attrs), h.min}
}

func (h levelAtLeast) WithGroup(name string) slog.Handler {
	return levelAtLeast{h.Handler.WithGroup(name), h.min}
}

// Backoff retries after Base·Factor^(attempt-1), at most Max, ±10 % jitter:
// with 1 s and 3, a bank blip is retried after 1 s, 3 s, 9 s… and an outage
// after minutes, then hourly. (River's default, attempt⁴ seconds, waits 16 s
// before the second retry of a flaky bank.)
type Backoff struct {
	Base   time.Duration
	Factor float64
	Max    time.Duration
}

// NextRetry implements river.ClientRetryPolicy.
func (b Backoff) NextRetry(job *rivertype.JobRow) time.Time {
	d := float64(b.Base) * math.Pow(b.Factor, float64(max(job.Attempt, 1)-1))
	if d > float64(b.Max) || math.IsInf(d, 0) {
		d = float64(b.Max)
	}
	d *= 0.9 + 0.2*rand.Float64()
	return clock.Real().Add(time.Duration(d)) // River schedules on the machine's clock
}
