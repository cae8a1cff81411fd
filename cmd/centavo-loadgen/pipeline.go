package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/crowd"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/loadgen"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
)

// pipelineFlags are serve's flags less --addr: the pipeline listens nowhere.
const pipelineFlags = config.FlagDataDir | config.FlagServe | config.FlagLog | config.FlagBackends | config.FlagClock

// config is the configuration a serve process of the run on b gets: the
// backend's flags, the run's serve flags and the environment, through
// serve's own parser, so that the pipeline and the serve processes agree
// (crowd voters, seller map, clock, intervals).
func (h *harness) config(b loadgen.Backend, o loadgen.PipelineOptions) (config.Config, error) {
	args := append(b.ServeArgs(), h.serveArgs...)
	args = append(args, "--extract-workers", strconv.Itoa(o.ExtractWorkers), "--database-max-conns", strconv.Itoa(o.MaxConns))
	return config.Parse("serve", args, h.getenv, io.Discard, pipelineFlags, "")
}

// Pipeline wires the ingest pipeline as serve does for the worker role,
// with conn as the "ofx" connector.
func (h *harness) Pipeline(ctx context.Context, b loadgen.Backend, conn connector.Connector, o loadgen.PipelineOptions) (*loadgen.Pipeline, error) {
	cfg, err := h.config(b, o)
	if err != nil {
		return nil, err
	}
	logPath, _ := h.next("pipeline")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewJSONHandler(logFile, &slog.HandlerOptions{Level: cfg.LogLevel}))
	closers := []func() error{logFile.Close}
	fail := func(err error) (*loadgen.Pipeline, error) {
		for i := len(closers) - 1; i >= 0; i-- {
			_ = closers[i]()
		}
		return nil, err
	}
	bk, err := app.Open(ctx, cfg, log)
	if err != nil {
		return fail(err)
	}
	closers = append(closers, bk.Close)
	keys, err := seal.ParseKeyring(cfg.SecretKey)
	if err != nil {
		return fail(err)
	}
	sellers, err := app.LoadSellers(cfg.SellersFile)
	if err != nil {
		return fail(err)
	}
	crowdIndex := categorize.NewCrowdIndex(cfg.CrowdVoters, categorize.DefaultCrowdShare)
	if err := (&crowd.Sync{Index: crowdIndex, Shards: bk.Shards, Interval: cfg.CrowdRefresh, Logger: log}).Load(ctx); err != nil {
		return fail(fmt.Errorf("crowd: %w", err))
	}
	m := metrics.New()
	now := cfg.Clock()
	ing := &ingest.Service{
		Cluster: bk.Cluster, Keys: keys, Objects: bk.Objects,
		Connectors:  map[string]connector.Connector{centavo.ConnectorOFX: conn},
		Categorizer: &categorize.Categorizer{Sellers: sellers, Crowd: crowdIndex},
		Cache:       bk.Cache, Metrics: m, Logger: log, Now: now,
	}
	bud := &budget.Service{Cluster: bk.Cluster, Logger: log, Now: now}
	not := &notify.Service{Cluster: bk.Cluster, Keys: keys, Poster: notify.NewHTTPPoster(10*time.Second, cfg.WebhookAllowPrivate), Logger: log, Now: now}
	rec := &recompute.Service{Objects: bk.Objects, Logger: log}
	var queues []store.Queue
	for i, shard := range bk.Shards {
		rc := jobs.Config(jobs.Deps{Ingest: ing, Budget: bud, Notify: not, Recompute: rec, Shard: shard, Metrics: m, Logger: log.With("shard", i)}, jobs.Options{
			Work: true, ExtractWorker: cfg.ExtractWorkers, PollInterval: cfg.PollInterval, JobTimeout: cfg.JobTimeout, RescueAfter: cfg.RescueAfter,
		})
		// No daily plan: its refreshes would mix with the measured jobs.
		rc.PeriodicJobs = nil
		q, err := shard.NewQueue(rc)
		if err != nil {
			return fail(err)
		}
		queues = append(queues, q)
	}
	started := false
	p := &loadgen.Pipeline{Cluster: bk.Cluster, Ingest: ing, Metrics: m.Registry}
	p.Start = func(ctx context.Context) error {
		for i, q := range queues {
			if err := q.Start(context.WithoutCancel(ctx)); err != nil {
				return fmt.Errorf("start workers on shard %d: %w", i, err)
			}
		}
		started = true
		return nil
	}
	p.Close = func() error {
		var errs []error
		if started {
			for _, q := range queues {
				stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				if err := q.Stop(stopCtx); err != nil {
					errs = append(errs, err, q.StopAndCancel(context.Background()))
				}
				cancel()
			}
		}
		for i := len(closers) - 1; i >= 0; i-- {
			errs = append(errs, closers[i]())
		}
		return errors.Join(errs...)
	}
	return p, nil
}
