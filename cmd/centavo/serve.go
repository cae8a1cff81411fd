package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/connector/ofx"
	"github.com/centavo/centavo/internal/connector/simplefin"
	"github.com/centavo/centavo/internal/crowd"
	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/sandbox"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/web"
)

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// keyring loads the credential keys: from configuration, or from a key file
// generated once in the data folder.
func keyring(cfg config.Config, log *slog.Logger) (*seal.Keyring, error) {
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

// listen opens the listening socket and, if asked, writes the address it
// got to the addr file (for --addr with port 0).
func listen(cfg config.Config) (net.Listener, string, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, "", fmt.Errorf("listen: %w", err)
	}
	addr := ln.Addr().String()
	if cfg.AddrFile != "" {
		if err := os.WriteFile(cfg.AddrFile, []byte(addr), 0o600); err != nil {
			ln.Close()
			return nil, "", fmt.Errorf("addr file: %w", err)
		}
	}
	return ln, addr, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("serve", args, getenv, stderr,
		config.FlagAddr|config.FlagDataDir|config.FlagServe|config.FlagLog|config.FlagBackends|config.FlagClock, "127.0.0.1:8080")
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	now := cfg.Clock()
	if !cfg.Now.IsZero() {
		log.Warn("the clock is set by --now: this process runs as if it were that instant, not the machine's time", "now", cfg.Now)
	}
	if len(cfg.DatabaseURLs) > 0 && cfg.SecretKey == "" {
		return errors.New("--secret-key (or CENTAVO_SECRET_KEY) is required with --database-url: " +
			"every process must seal and open bank credentials with the same keys")
	}

	b, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer b.Close()
	keys, err := keyring(cfg, log)
	if err != nil {
		return err
	}
	objects, readCache := b.Objects, b.Cache
	sellers, err := app.LoadSellers(cfg.SellersFile)
	if err != nil {
		return err
	}
	m := metrics.New()
	ofxClient := ofx.New(cfg.OFXTimeout, now)
	// The crowd's consensus: every shard's vote counts, merged in memory
	// and followed while the process runs.
	crowdIndex := categorize.NewCrowdIndex(cfg.CrowdVoters, categorize.DefaultCrowdShare)
	crowdSync := &crowd.Sync{Index: crowdIndex, Shards: b.Shards, Interval: cfg.CrowdRefresh, Logger: log, Synced: m.CrowdSyncs}
	if err := crowdSync.Load(ctx); err != nil {
		return fmt.Errorf("crowd: %w", err)
	}
	syncCtx, stopSync := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSync()
	go crowdSync.Run(syncCtx)

	ing := &ingest.Service{
		Cluster: b.Cluster, Keys: keys, Objects: objects,
		Connectors:  map[string]connector.Connector{"ofx": ofxClient, centavo.ConnectorSimpleFIN: simplefin.New(cfg.OFXTimeout, now)},
		Categorizer: &categorize.Categorizer{Sellers: sellers, Crowd: crowdIndex},
		Cache:       readCache, Metrics: m, Logger: log, Now: now,
	}
	// SIGHUP reloads the seller map (from --sellers-file, or the embedded one).
	go reloadSellersOnHUP(syncCtx, cfg.SellersFile, ing, crowdIndex, log)
	led := &ledger.Service{Cluster: b.Cluster, Cache: readCache, Metrics: m, Logger: log, Now: now}
	rec := &recompute.Service{Objects: objects, Logger: log}
	bud := &budget.Service{Cluster: b.Cluster, Logger: log, Now: now}
	not := &notify.Service{Cluster: b.Cluster, Keys: keys, Poster: notify.NewHTTPPoster(10*time.Second, cfg.WebhookAllowPrivate), Logger: log, Now: now}
	if cfg.SMTPAddr != "" {
		not.Mailer = &notify.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, Now: now}
	}
	authSvc := auth.New(b.Cluster, now)
	authSvc.SetHashCost(uint32(cfg.Argon2MemoryKiB), uint32(cfg.Argon2Passes))

	// One River client per shard: each shard's jobs live in that shard.
	working := cfg.Roles.Worker || cfg.Roles.Scheduler
	var queues []store.Queue
	for i, shard := range b.Shards {
		q, err := shard.NewQueue(jobs.Config(jobs.Deps{Ingest: ing, Budget: bud, Notify: not, Recompute: rec, Shard: shard, Metrics: m, Logger: log.With("shard", i)}, jobs.Options{
			Work: cfg.Roles.Worker, Schedule: cfg.Roles.Scheduler, ExtractWorker: cfg.ExtractWorkers,
			PollInterval: cfg.PollInterval, JobTimeout: cfg.JobTimeout, RescueAfter: cfg.RescueAfter,
		}))
		if err != nil {
			return err
		}
		queues = append(queues, q)
		if working {
			// Not ctx: the signal that cancels ctx must start a drain (Stop
			// below), not cancel running jobs mid-way.
			if err := q.Start(context.WithoutCancel(ctx)); err != nil {
				return fmt.Errorf("start workers on shard %d: %w", i, err)
			}
		}
	}

	draining := new(atomic.Bool)
	bank := sandbox.NewBank(now, log.With("component", "sandbox"))
	handler := httpapi.NewServer(httpapi.Deps{
		Auth: authSvc, Ingest: ing, Ledger: led, Budget: bud, Notify: not, Metrics: m, Logger: log, Now: now,
		Mounts: map[string]http.Handler{
			"/sandbox/": bank.Handler(),
			// web UI (internal/web): every path the API does not own. serve
			// speaks plain HTTP, so cookies are not marked Secure here.
			"/": web.New(web.Deps{
				Auth: authSvc, Ingest: ing, Ledger: led, Budget: bud, Notify: not,
				Logger: log.With("component", "web"), Now: now, Secure: false, APIDocument: httpapi.OpenAPI(),
			}),
			// end web UI
		},
		Draining: draining,
		Ready:    b.Ping,
	})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, addr, err := listen(cfg)
	if err != nil {
		return err
	}
	log.Info("centavo serving", "addr", addr, "url", "http://"+addr, "roles", cfg.Roles.String(), "shards", len(b.Shards),
		"data_dir", cfg.DataDir, "sandbox_ofx_url", "http://"+addr+"/sandbox/ofx")
	fmt.Fprintf(stdout, "Centavo is running at http://%s (sandbox bank: http://%s/sandbox/ofx)\n", addr, addr)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}

	// Drain: fail readiness, finish in-flight requests, then let running jobs
	// finish (they are cancelled only when the timeout runs out; a cancelled
	// job is retried later, and its effects are idempotent).
	log.Info("shutting down: draining requests and jobs", "timeout", cfg.ShutdownTimeout.String())
	draining.Store(true)
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(shutCtx); err != nil {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	if working {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i, q := range queues {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := q.Stop(shutCtx); err != nil {
					log.Warn("jobs did not finish in time; cancelling them", "shard", i, "err", err)
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
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		errs = append(errs, err)
	}
	log.Info("stopped")
	return errors.Join(errs...)
}
