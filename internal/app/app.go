package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/connector/ofx"
	"github.com/centavo/centavo/internal/connector/simplefin"
	"github.com/centavo/centavo/internal/goal"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/institution"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/outbound"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/recurring"
	"github.com/centavo/centavo/internal/sandbox"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
)

// App is a whole Centavo process: its backends, its services wired to one
// another, the crowd index, and one job queue per shard. New wires it;
// Start starts the work the configured roles do; Stop drains it; Close
// releases everything.
type App struct {
	*Backends
	Config  config.Config
	Logger  *slog.Logger
	Now     func() time.Time
	Keys    *seal.Keyring
	Metrics *metrics.Metrics
	Sellers *categorize.SellerMap
	Crowd   *categorize.CrowdIndex

	Auth       *auth.Service
	Accounts   *account.Service
	Categorize *categorize.Service
	Ingest     *ingest.Service
	Ledger     *ledger.Service
	Budget     *budget.Service
	Recurring  *recurring.Service
	Rates      *rates.Service
	Notify     *notify.Service
	Goals      *goal.Service
	Recompute  *recompute.Service
	Queues     []queue.Client // one per shard, in shard order

	// sandbox is the built-in sandbox bank, with its /sandbox prefix taken
	// off: Handler mounts it, and local serves the connectors' requests
	// for it in process (one handler, so a SimpleFIN setup token made
	// through one is claimed through the other).
	sandbox http.Handler
	local   *outbound.Local
	// institutions is the OFX directory (--institutions-file or embedded).
	institutions *institution.Directory

	opts      options
	crowdSync *categorize.CrowdSync
	stopSync  context.CancelFunc
	started   bool
}

// New opens the backends the configuration names and wires the services on
// them, with the clock now. Nothing runs until Start.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, now func() time.Time, opts ...Option) (a *App, err error) {
	b, err := Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	a = &App{Backends: b, Config: cfg, Logger: log, Now: now, Metrics: metrics.New()}
	for _, o := range opts {
		o(&a.opts)
	}
	if r, ok := b.Cache.(*cache.Redis); ok && a.opts.forgetHook != nil {
		r.SetBeforeForget(a.opts.forgetHook)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, a.Close())
			a = nil
		}
	}()
	if a.Keys, err = Keyring(cfg, log); err != nil {
		return nil, err
	}
	if a.Sellers, err = LoadSellers(cfg.SellersFile); err != nil {
		return nil, err
	}
	// The crowd's consensus: every shard's vote counts, merged in memory
	// and followed while the process runs.
	a.Crowd = categorize.NewCrowdIndex(cfg.CrowdVoters, categorize.DefaultCrowdShare)
	a.crowdSync = &categorize.CrowdSync{Index: a.Crowd, Shards: b.crowdReaders(), Interval: cfg.CrowdRefresh, Logger: log, Synced: a.Metrics.CrowdSyncs}
	if err := a.crowdSync.Load(ctx); err != nil {
		return nil, fmt.Errorf("crowd: %w", err)
	}
	if cfg.SandboxMounted() {
		// Mounted only on the embedded defaults or with --sandbox; then
		// the banks' clients reach it in process too.
		a.sandbox = http.StripPrefix("/sandbox", sandbox.NewBank(now, log.With("component", "sandbox")).Handler())
		a.local = outbound.NewLocal("/sandbox/", a.sandbox)
	}
	if a.institutions, err = institution.Load(cfg.InstitutionsFile); err != nil {
		return nil, err
	}
	a.wireServices()
	if err := a.makeQueues(); err != nil {
		return nil, err
	}
	return a, nil
}

// Option changes what New wires: the load generator and tests that need a
// scripted bank or no daily plan.
type Option func(*options)

type options struct {
	connectors  map[string]connector.Connector
	noDailyPlan bool
	retry       river.ClientRetryPolicy
	forgetHook  func(userID int64)
}

// WithConnector serves the accounts of the named connector ("ofx",
// "simplefin") with c instead of the real client.
func WithConnector(name string, c connector.Connector) Option {
	return func(o *options) {
		if o.connectors == nil {
			o.connectors = map[string]connector.Connector{}
		}
		o.connectors[name] = c
	}
}

// WithoutDailyPlan makes workers that do not plan the day's refreshes (see
// jobs.Options.NoDailyPlan).
func WithoutDailyPlan() Option {
	return func(o *options) { o.noDailyPlan = true }
}

// WithRetryPolicy replaces the jobs' backoff (tests that retry in
// milliseconds).
func WithRetryPolicy(p river.ClientRetryPolicy) Option {
	return func(o *options) { o.retry = p }
}

// WithBeforeForget makes the shared cache call fn between a change's commit
// and its immediate invalidation (cache.Redis.SetBeforeForget): a test hook
// for crash tests (docs/0040); without --redis-url it does nothing.
func WithBeforeForget(fn func(userID int64)) Option {
	return func(o *options) { o.forgetHook = fn }
}

// connectors are the banks' clients: the real ones, or those the options
// gave. The real ones keep to the outbound policy and reach this server's
// own sandbox bank in process.
func (a *App) connectors() map[string]connector.Connector {
	policy := outbound.Banks(a.Config.AllowPrivateBanks, a.local)
	o := ofx.New(a.Config.OFXTimeout, a.Now, policy)
	o.HostLimits = connector.Limits{PerHostPerMinute: a.Config.OFXPerMinute, OneAtATimePerHost: a.Config.OFXOneAtATime}
	cs := map[string]connector.Connector{
		centavo.ConnectorOFX:       o,
		centavo.ConnectorSimpleFIN: simplefin.New(a.Config.OFXTimeout, a.Now, policy),
	}
	for name, c := range a.opts.connectors {
		cs[name] = c
	}
	return cs
}

// wireServices makes the services, each with what it needs.
func (a *App) wireServices() {
	cfg, log, now, m := a.Config, a.Logger, a.Now, a.Metrics
	a.Accounts = &account.Service{
		Cluster: a.Cluster, Keys: a.Keys, Connectors: a.connectors(), Cache: a.Cache, Logger: log, Now: now,
		// The counts live on the first shard: one place every process reads.
		Quota:        &account.Quota{Counts: a.Cluster.Shards()[0], Now: now, Exempt: a.local.Serves},
		Institutions: a.institutions,
	}
	a.Ingest = &ingest.Service{
		Accounts: a.Accounts, Objects: a.Objects,
		Categorizer: &categorize.Categorizer{Sellers: a.Sellers, Crowd: a.Crowd},
		Cache:       a.Cache, Metrics: m, Logger: log, Now: now,
	}
	a.Categorize = &categorize.Service{Cluster: a.Cluster, Now: now}
	a.Rates = &rates.Service{Shards: a.Cluster.Shards(), Now: now}
	if cfg.RatesURL != "" {
		// The ECB's file is public: no private addresses unless banks may
		// reach them (--allow-private-banks, for tests); https unless so.
		a.Rates.URL = cfg.RatesURL
		a.Rates.Client = outbound.Policy{AllowPrivate: cfg.AllowPrivateBanks, RequireHTTPS: !cfg.AllowPrivateBanks, FollowRedirects: true}.Client(time.Minute)
	}
	a.Accounts.Rates = a.Rates // net worth in the user's currency
	a.Ledger = &ledger.Service{Cluster: a.Cluster, Cache: a.Cache, Metrics: m, Logger: log, Now: now, Rates: a.Rates}
	a.Recompute = &recompute.Service{Objects: a.Objects, Cluster: a.Cluster, Now: now, Logger: log}
	a.Budget = &budget.Service{Cluster: a.Cluster, Logger: log, Now: now, Rates: a.Rates}
	a.Recurring = &recurring.Service{Cluster: a.Cluster, Logger: log, Now: now}
	a.Budget.Recurring = recurringCharges{a.Recurring} // projections count confirmed bills (docs/0036)
	a.Notify = &notify.Service{Cluster: a.Cluster, Keys: a.Keys, Poster: notify.NewHTTPPoster(10*time.Second, cfg.WebhookAllowPrivate), Logger: log, Now: now,
		PublicURL: cfg.PublicURL, Rates: a.Rates}
	a.Notify.Bills = recurringBills{a.Recurring} // the digest's upcoming bills
	a.Goals = &goal.Service{Cluster: a.Cluster, Now: now}
	if cfg.SMTPAddr != "" {
		a.Notify.Mailer = &notify.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, Now: now}
	}
	a.Auth = auth.New(a.Cluster, now)
	a.Auth.Cache, a.Auth.Logger, a.Auth.Keys = a.Cache, log, a.Keys
	// Password resets go by e-mail, linking to the reset page under the
	// server's public URL (--public-url); without one the e-mail gives the
	// one-time token for the reset page or the API.
	if a.Notify.Mailer != nil {
		a.Auth.Mailer = a.Notify.Mailer
	}
	a.Auth.LinkBase = strings.TrimSuffix(cfg.PublicURL, "/")
	a.Auth.SetHashCost(uint32(cfg.Argon2MemoryKiB), uint32(cfg.Argon2Passes))
	limits := auth.DefaultLimits
	limits.SignupsPerHour = cfg.SignupsPerHour
	a.Auth.SetLimits(limits)
	// Validated tokens are kept a moment, where every process that
	// accepts tokens hears of a revocation: through the shared cache
	// (Redis); on SQLite, whose file one process serves; on PostgreSQL
	// without Redis through LISTEN/NOTIFY, trusted only while listening
	// (docs/0038).
	feed, _ := a.Cluster.(store.RevocationFeed)
	switch {
	case cfg.RedisURL != "" || len(cfg.DatabaseURLs) == 0:
		a.Auth.CacheTokens(auth.DefaultTokenCacheTTL)
	case feed != nil && cfg.Roles.API:
		a.Auth.CacheTokensWithFeed(auth.DefaultTokenCacheTTL, feed)
	}
	if cfg.SignupClosed {
		a.Auth.CloseSignup()
	}
}

// makeQueues makes one River client per shard: each shard's jobs live in
// that shard.
func (a *App) makeQueues() error {
	cfg := a.Config
	for i, shard := range a.Shards {
		var fetcher jobs.RatesFetcher
		if i == 0 && a.Rates.URL != "" {
			fetcher = a.Rates // one fetch for all: an import writes every shard
		}
		q, err := shard.NewQueue(jobs.Config(jobs.Deps{
			Accounts: a.Accounts, Ingest: a.Ingest, Budget: a.Budget, Notify: a.Notify, Recompute: a.Recompute, Recurring: a.Recurring, Rates: fetcher,
			Cache: a.Cache, Shard: shard, Now: a.Now, Metrics: a.Metrics, Logger: a.Logger.With("shard", i),
		}, jobs.Options{
			Work: cfg.Roles.Worker, Schedule: cfg.Roles.Scheduler, ExtractWorker: cfg.ExtractWorkers, DefaultWorkers: cfg.DefaultWorkers, NoDailyPlan: a.opts.noDailyPlan, RetryPolicy: a.opts.retry,
			PollInterval: cfg.PollInterval, JobTimeout: cfg.JobTimeout, RescueAfter: cfg.RescueAfter,
		}))
		if err != nil {
			return err
		}
		a.Queues = append(a.Queues, q)
	}
	return nil
}

// Listening tells the App an address its Handler answers on: the banks'
// clients then serve http://<addr>/sandbox/… with the sandbox bank in
// process instead of dialling it (the outbound policy refuses loopback).
// serve calls it with its listener's address; tests with their server's.
func (a *App) Listening(addr string) error {
	if a.local == nil {
		return nil // no sandbox bank in this process
	}
	return a.local.Listening(addr)
}

// Working says whether this process works jobs (worker or scheduler role).
func (a *App) Working() bool { return a.Config.Roles.Worker || a.Config.Roles.Scheduler }

// Start follows the crowd's votes and, when the process works jobs, starts
// every shard's queue. The work is not tied to ctx: cancelling ctx (a
// signal) must start a drain (Stop), not cancel running jobs mid-way.
func (a *App) Start(ctx context.Context) error {
	syncCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	a.stopSync = stop
	go a.crowdSync.Run(syncCtx)
	go a.Auth.FollowRevocations(syncCtx)
	if !a.Working() {
		return nil
	}
	for i, q := range a.Queues {
		if err := q.Start(context.WithoutCancel(ctx)); err != nil {
			return fmt.Errorf("start workers on shard %d: %w", i, err)
		}
	}
	a.started = true
	return nil
}

// Stop lets running jobs finish until ctx ends, then cancels what is left
// (a cancelled job is retried later; jobs are idempotent).
func (a *App) Stop(ctx context.Context) error {
	a.Auth.WaitResets()
	if !a.started {
		return nil
	}
	a.started = false
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for i, q := range a.Queues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := q.Stop(ctx); err != nil {
				a.Logger.Warn("jobs did not finish in time; cancelling them", "shard", i, "err", err)
				hardCtx, hardCancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer hardCancel()
				if err := q.StopAndCancel(hardCtx); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("stop workers on shard %d: %w", i, err))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Close stops following the crowd and closes the backends (after Stop).
func (a *App) Close() error {
	if a.stopSync != nil {
		a.stopSync()
	}
	return a.Backends.Close()
}

// Keyring loads the credential keys: from configuration, or from a key file
// generated once in the data folder.
func Keyring(cfg config.Config, log *slog.Logger) (*seal.Keyring, error) {
	spec := cfg.SecretKey
	if spec == "" {
		path := filepath.Join(cfg.DataDir, "secret.key")
		var created bool
		var err error
		spec, created, err = seal.LoadOrCreateKeyFile(path)
		if err != nil {
			return nil, err
		}
		if created {
			log.Warn("generated a credential encryption key in the data folder; keep it safe and back it up, "+
				"or set --secret-key / CENTAVO_SECRET_KEY in production", "path", path)
		}
	}
	return seal.ParseKeyring(spec)
}
