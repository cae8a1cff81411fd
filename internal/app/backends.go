// Package app is Centavo's composition root. Open opens what a process runs
// on, the same way for every command: the store (PostgreSQL shards or the
// SQLite file in the data folder), the object store and the read cache;
// New wires a whole Centavo on them (app.go); Handler is its one root HTTP
// router (handler.go).
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// Backends are the adapters a process runs on: the embedded defaults
// (SQLite, a local folder, an in-process cache) or PostgreSQL shards, S3 and
// Redis, as configured. Objects and Cache are nil when only the databases
// were opened.
type Backends struct {
	Cluster store.Cluster
	Shards  []store.Store
	Objects *objstore.Store
	Cache   cache.Cache
	closers []func() error
}

// Close closes what was opened, in reverse order.
func (b *Backends) Close() error {
	var errs []error
	for i := len(b.closers) - 1; i >= 0; i-- {
		errs = append(errs, b.closers[i]())
	}
	return errors.Join(errs...)
}

// Ping checks that every database shard answers (readiness).
func (b *Backends) Ping(ctx context.Context) error {
	for _, st := range b.Shards {
		if err := st.Ping(ctx); err != nil {
			return err
		}
	}
	return nil
}

// crowdReaders are the shards as the crowd's refresh reads them, in shard
// order.
func (b *Backends) crowdReaders() []store.CrowdReader {
	out := make([]store.CrowdReader, len(b.Shards))
	for i, st := range b.Shards {
		out[i] = st
	}
	return out
}

// OpenDatabases opens the store: PostgreSQL shards when database URLs are
// configured, else the SQLite file in the data folder.
func OpenDatabases(ctx context.Context, cfg config.Config) (*Backends, error) {
	b := &Backends{}
	if len(cfg.DatabaseURLs) > 0 {
		c, err := postgres.OpenCluster(ctx, cfg.DatabaseURLs, cfg.ReplicaURLs, postgres.Options{MaxConns: int32(cfg.MaxConns)})
		if err != nil {
			return nil, err
		}
		b.Cluster, b.Shards = c, c.Shards()
		b.closers = append(b.closers, c.Close)
		return b, nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	path := filepath.Join(cfg.DataDir, "centavo.db")
	if err := ownerOnlyFile(path); err != nil {
		return nil, err
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	// SQLite gives its -wal and -shm files the database file's mode; ones
	// left by an older version are tightened too.
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, errors.Join(fmt.Errorf("database file: %w", err), db.Close())
		}
	}
	b.Cluster, b.Shards = store.Single{Store: db}, []store.Store{db}
	b.closers = append(b.closers, db.Close)
	return b, nil
}

// ownerOnlyFile makes the file at path readable by its owner only (0600),
// creating it empty when it does not exist.
func ownerOnlyFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("database file: %w", err)
	}
	err = f.Chmod(0o600)
	return errors.Join(err, f.Close())
}

// usesDataDir says whether the configuration keeps anything in the data
// folder: the SQLite file, the object store or the generated key.
func usesDataDir(cfg config.Config) bool {
	return len(cfg.DatabaseURLs) == 0 || cfg.BlobURL == "" || cfg.SecretKey == ""
}

// secureDataDir creates the data folder readable by its owner only (0700),
// or tightens an existing one that its group or others may read or enter:
// it holds the database, the raw bank statements and the key that opens
// the bank credentials.
func secureDataDir(dir string, log *slog.Logger) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	if mode := fi.Mode().Perm(); mode&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("data folder: tighten %s to 0700: %w", dir, err)
		}
		log.Warn("the data folder was readable by others: tightened to 0700", "path", dir, "was", fmt.Sprintf("%#o", mode))
	}
	return nil
}

// Open opens the databases, the object store and the read cache.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*Backends, error) {
	if usesDataDir(cfg) {
		if err := secureDataDir(cfg.DataDir, log); err != nil {
			return nil, err
		}
	}
	b, err := OpenDatabases(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if b.Objects, err = OpenObjects(ctx, cfg); err != nil {
		return nil, errors.Join(err, b.Close())
	}
	b.closers = append(b.closers, b.Objects.Close)
	c, closeCache, err := openCache(cfg, log)
	if err != nil {
		return nil, errors.Join(err, b.Close())
	}
	b.Cache, b.closers = c, append(b.closers, closeCache)
	return b, nil
}

// OpenObjects opens the object store alone: the configured URL, or a
// folder in the data folder.
func OpenObjects(ctx context.Context, cfg config.Config) (*objstore.Store, error) {
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

// LoadSellers reads the seller map: the file if given, else the embedded
// one.
func LoadSellers(path string) (*categorize.SellerMap, error) {
	if path == "" {
		return categorize.Seeded()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sellers: %w", err)
	}
	defer f.Close()
	return categorize.LoadSellerMap(f)
}
