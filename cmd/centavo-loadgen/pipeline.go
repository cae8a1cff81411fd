package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/loadgen"
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
	// Wired by the composition root as serve wires it, with the run's bank
	// as the "ofx" connector and no daily plan (its refreshes would mix
	// with the measured jobs).
	a, err := app.New(ctx, cfg, log, cfg.Clock(), app.WithConnector(centavo.ConnectorOFX, conn), app.WithoutDailyPlan())
	if err != nil {
		return nil, errors.Join(err, logFile.Close())
	}
	p := &loadgen.Pipeline{Cluster: a.Cluster, Accounts: a.Accounts, Ingest: a.Ingest, Metrics: a.Metrics.Registry, Start: a.Start}
	p.Close = func() error {
		stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		return errors.Join(a.Stop(stopCtx), a.Close(), logFile.Close())
	}
	return p, nil
}
