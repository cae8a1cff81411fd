// Package postgres is the store for operators: PostgreSQL through pgx v5,
// with River on the same database (riverpgxv5), bulk ingest by COPY, an
// optional read replica, and a Cluster that spreads users over several
// databases (shards) through a small directory.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a Store on one PostgreSQL database.
type DB struct {
	primary *pgxpool.Pool
	replica *pgxpool.Pool // nil: reads go to the primary
	queries

	mu     sync.Mutex
	client *river.Client[pgx.Tx]
}

var _ store.Store = (*DB)(nil)

// Options tune a database connection.
type Options struct {
	// ReplicaURL, if set, serves the read queries of the store (the read
	// API). Reads may then lag behind writes by the replication delay.
	ReplicaURL string
	MaxConns   int32
}

// Open connects to the database at url, applies the migrations of Centavo
// and of River (serialized across processes by an advisory lock), and
// returns the store.
func Open(ctx context.Context, url string, o Options) (*DB, error) {
	primary, err := pool(ctx, url, o.MaxConns)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, primary); err != nil {
		primary.Close()
		return nil, err
	}
	if err := backfillSearchText(ctx, primary); err != nil {
		primary.Close()
		return nil, err
	}
	db := &DB{primary: primary, queries: queries{q: primary}}
	if o.ReplicaURL != "" {
		replica, err := pool(ctx, o.ReplicaURL, o.MaxConns)
		if err != nil {
			primary.Close()
			return nil, fmt.Errorf("postgres: replica: %w", err)
		}
		db.replica = replica
		db.queries = queries{q: replica}
	}
	return db, nil
}

func pool(ctx context.Context, url string, maxConns int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad database URL: %w", redact(err))
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	} else if cfg.MaxConns < 20 {
		cfg.MaxConns = 20
	}
	// Idle connections go back after a while: many processes share a server.
	cfg.MaxConnIdleTime = time.Minute
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := p.Ping(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("postgres: connect %s@%s/%s: %w", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	return p, nil
}

// redact keeps a connection-string parse error from echoing a password.
func redact(err error) error {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		return errors.New("cannot parse the connection string")
	}
	return err
}

// migrationLock is the advisory lock id that serializes migrations.
const migrationLock = 0x63656e74 // "cent"

func migrate(ctx context.Context, p *pgxpool.Pool) error {
	conn, err := p.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("postgres: migrate: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock) //nolint:errcheck

	sqlDB := stdlib.OpenDBFromPool(p)
	defer sqlDB.Close()
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	prov, err := goose.NewProvider(goose.DialectPostgres, sqlDB, sub)
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	if _, err := prov.Up(ctx); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	m, err := rivermigrate.New(riverpgxv5.New(p), nil)
	if err != nil {
		return fmt.Errorf("postgres: river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("postgres: river migrate: %w", err)
	}
	return nil
}

// Close closes the pools. Stop the queue first.
func (db *DB) Close() error {
	db.primary.Close()
	if db.replica != nil {
		db.replica.Close()
	}
	return nil
}

// Ping checks the primary (and the replica, if any).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.primary.Ping(ctx); err != nil {
		return err
	}
	if db.replica != nil {
		return db.replica.Ping(ctx)
	}
	return nil
}

// InTx runs fn in one transaction on the primary.
func (db *DB) InTx(ctx context.Context, fn func(store.Tx) error) (err error) {
	pgTx, err := db.primary.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = pgTx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err := fn(&tx{queries: queries{q: pgTx}, pgTx: pgTx, db: db}); err != nil {
		return err
	}
	if err := pgTx.Commit(ctx); err != nil {
		return translate("commit", err)
	}
	return nil
}

// NewQueue makes a River client on the primary.
func (db *DB) NewQueue(cfg *river.Config) (queue.Client, error) {
	c, err := river.NewClient(riverpgxv5.New(db.primary), cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: river client: %w", err)
	}
	db.mu.Lock()
	db.client = c
	db.mu.Unlock()
	return queue.NewClient(c), nil
}

func (db *DB) riverClient() (*river.Client[pgx.Tx], error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.client == nil {
		return nil, errors.New("postgres: no queue: NewQueue was not called")
	}
	return db.client, nil
}

type tx struct {
	queries
	pgTx pgx.Tx
	db   *DB
}

func (t *tx) Enqueue(ctx context.Context, jobs ...river.InsertManyParams) error {
	if len(jobs) == 0 {
		return nil
	}
	c, err := t.db.riverClient()
	if err != nil {
		return err
	}
	if _, err := c.InsertManyTx(ctx, t.pgTx, jobs); err != nil {
		return fmt.Errorf("postgres: enqueue: %w", err)
	}
	return nil
}

// rowArgs lets JobCompleteTx take a job whose args we do not need.
type rowArgs struct{}

func (rowArgs) Kind() string { return "" }

func (t *tx) CompleteJob(ctx context.Context, job *rivertype.JobRow) error {
	if _, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, t.pgTx, &river.Job[rowArgs]{JobRow: job}); err != nil {
		return fmt.Errorf("postgres: complete job %d: %w", job.ID, err)
	}
	return nil
}

func (t *tx) Superseded(ctx context.Context, job *rivertype.JobRow) (bool, error) {
	var later bool
	err := t.pgTx.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM river_job WHERE kind = $1 AND id > $2
			AND state IN ('available', 'scheduled') AND args = $3::jsonb)`,
		job.Kind, job.ID, string(job.EncodedArgs)).Scan(&later)
	if err != nil {
		return false, fmt.Errorf("postgres: superseded job %d: %w", job.ID, err)
	}
	return later, nil
}

// translate maps PostgreSQL errors to the store's errors.
func translate(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: %s: %w", op, store.ErrNotFound)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return fmt.Errorf("postgres: %s: %w", op, store.ErrConflict)
		case "23503": // foreign_key_violation: the parent (account, user) is gone
			return fmt.Errorf("postgres: %s: %w", op, store.ErrNotFound)
		}
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}
