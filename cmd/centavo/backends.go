package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// backends are the adapters a process runs on: the embedded defaults
// (SQLite, a local folder, an in-process cache) or PostgreSQL shards, S3 and
// Redis, as configured.
type backends struct {
	cluster store.Cluster
	shards  []store.Store
	closers []func() error
}

func (b *backends) close() error {
	var errs []error
	for i := len(b.closers) - 1; i >= 0; i-- {
		errs = append(errs, b.closers[i]())
	}
	return errors.Join(errs...)
}

// openDatabases opens the store: PostgreSQL shards when database URLs are
// configured, else the SQLite file in the data folder.
func openDatabases(ctx context.Context, cfg config.Config) (*backends, error) {
	b := &backends{}
	if len(cfg.DatabaseURLs) > 0 {
		c, err := postgres.OpenCluster(ctx, cfg.DatabaseURLs, cfg.ReplicaURLs, postgres.Options{MaxConns: int32(cfg.MaxConns)})
		if err != nil {
			return nil, err
		}
		b.cluster, b.shards = c, c.Shards()
		b.closers = append(b.closers, c.Close)
		return b, nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, "centavo.db"))
	if err != nil {
		return nil, err
	}
	b.cluster, b.shards = store.Single{Store: db}, []store.Store{db}
	b.closers = append(b.closers, db.Close)
	return b, nil
}

// openObjects opens the object store: the configured URL, or a folder in
// the data folder.
func openObjects(ctx context.Context, cfg config.Config) (*objstore.Store, error) {
	if cfg.BlobURL != "" {
		return objstore.Open(ctx, cfg.BlobURL)
	}
	return objstore.OpenDir(filepath.Join(cfg.DataDir, "objects"))
}

// openCache opens the read cache: Redis when configured (shared by every
// process; optional at run time), else in-process.
func openCache(cfg config.Config, log *slog.Logger) (cache.Cache, func() error, error) {
	if cfg.RedisURL == "" {
		if cfg.Roles.API != cfg.Roles.Worker {
			// Invalidations reach only this process's memory: summaries
			// changed by another process's ingest stay cached here until
			// their TTL. Split deployments need the shared cache.
			log.Warn("no --redis-url: this process caches summaries in its own memory, and changes made by other processes (downloads by workers) reach its readers only after the cache TTL; run API and worker roles apart only with --redis-url",
				"roles", cfg.Roles.String(), "ttl", ledger.SummaryTTL)
		}
		return cache.NewMemory(64 << 20), func() error { return nil }, nil
	}
	r, err := cache.NewRedis(cfg.RedisURL, cache.RedisOptions{Prefix: "centavo:", ValueTTL: ledger.SummaryTTL})
	if err != nil {
		return nil, nil, err
	}
	if _, _, err := r.Get(context.Background(), "ping"); err != nil {
		log.Warn("redis is not answering; reads go to the database until it does", "err", err)
	}
	return r, r.Close, nil
}
