// Package sqlite is the embedded store: one SQLite file (modernc.org/sqlite,
// pure Go) holding Centavo's tables and River's job queue.
//
// SQLite allows one writer at a time, so writes (and River) go through a pool
// of exactly one connection; reads go through a separate read-only pool, which
// WAL mode lets run alongside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"sync"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a Store on one SQLite file.
type DB struct {
	writer *sql.DB // exactly one connection: all writes and River
	reader *sql.DB // read-only pool
	queries

	mu     sync.Mutex
	client *river.Client[*sql.Tx] // the client jobs are enqueued through
}

var _ store.Store = (*DB)(nil)

// WriterDSN is the data source name of the store's writer connection to
// the database file at path: WAL, foreign keys, NORMAL sync, transactions
// that take the write lock at BEGIN, and a 64 MiB page cache (SQLite's
// default, 2 MiB, is smaller than the indexes of one big account, so every
// insert of a big import re-read index pages through the OS while holding
// the writer; docs/0024-import-limits.md has the figures). Temporary data
// stays in memory (temp_store): an insert whose triggers write the search
// terms keeps a statement journal, which in a temporary file was a third
// of an insert's time in write system calls (docs/0033).
func WriterDSN(path string) string {
	pragmas := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-65536)", "temp_store(MEMORY)"} {
		pragmas.Add("_pragma", p)
	}
	pragmas.Set("_txlock", "immediate")
	return "file:" + path + "?" + pragmas.Encode()
}

// ReaderDSN is the data source name of the store's read-only connections;
// their temporary tables (a search's sorted and distinct matches) stay in
// memory.
func ReaderDSN(path string) string {
	ro := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "query_only(1)", "temp_store(MEMORY)"} {
		ro.Add("_pragma", p)
	}
	return "file:" + path + "?" + ro.Encode()
}

// Open opens (creating if needed) the database file at path and applies the
// migrations of Centavo and of River.
func Open(ctx context.Context, path string) (*DB, error) {
	writer, err := openDB(WriterDSN(path), StmtCacheSize)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, writer); err != nil {
		writer.Close()
		return nil, err
	}
	if err := backfillSearchText(ctx, writer); err != nil {
		writer.Close()
		return nil, err
	}

	reader, err := openDB(ReaderDSN(path), StmtCacheSize)
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: open reader %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	reader.SetMaxOpenConns(n)
	reader.SetMaxIdleConns(n)
	hot, err := prepareHot(ctx, reader)
	if err != nil {
		reader.Close()
		writer.Close()
		return nil, err
	}
	return &DB{writer: writer, reader: reader, queries: queries{q: reader, hot: hot}}, nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	m, err := rivermigrate.New(riversqlite.New(db), nil)
	if err != nil {
		return fmt.Errorf("sqlite: river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("sqlite: river migrate: %w", err)
	}
	return nil
}

// Close closes both pools. Stop the queue first.
func (db *DB) Close() error {
	return errors.Join(db.hot.close(), db.reader.Close(), db.writer.Close())
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.writer.PingContext(ctx)
}

// InTx runs fn in one write transaction.
func (db *DB) InTx(ctx context.Context, fn func(store.Tx) error) (err error) {
	sqlTx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err := fn(&tx{queries: queries{q: sqlTx}, sqlTx: sqlTx, db: db}); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// NewQueue makes a River client on the writer connection.
func (db *DB) NewQueue(cfg *river.Config) (queue.Client, error) {
	c, err := river.NewClient(riversqlite.New(db.writer), cfg)
	if err != nil {
		return nil, fmt.Errorf("sqlite: river client: %w", err)
	}
	db.mu.Lock()
	db.client = c
	db.mu.Unlock()
	return queue.NewClient(c), nil
}

func (db *DB) riverClient() (*river.Client[*sql.Tx], error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.client == nil {
		return nil, errors.New("sqlite: no queue: NewQueue was not called")
	}
	return db.client, nil
}

type tx struct {
	queries
	sqlTx *sql.Tx
	db    *DB
}

func (t *tx) Enqueue(ctx context.Context, jobs ...river.InsertManyParams) error {
	if len(jobs) == 0 {
		return nil
	}
	c, err := t.db.riverClient()
	if err != nil {
		return err
	}
	if _, err := c.InsertManyTx(ctx, t.sqlTx, jobs); err != nil {
		return fmt.Errorf("sqlite: enqueue: %w", err)
	}
	return nil
}

// rowArgs lets JobCompleteTx take a job whose args we do not need.
type rowArgs struct{}

func (rowArgs) Kind() string { return "" }

func (t *tx) CompleteJob(ctx context.Context, job *rivertype.JobRow) error {
	if _, err := river.JobCompleteTx[*riversqlite.Driver](ctx, t.sqlTx, &river.Job[rowArgs]{JobRow: job}); err != nil {
		return fmt.Errorf("sqlite: complete job %d: %w", job.ID, err)
	}
	return nil
}

func (t *tx) Superseded(ctx context.Context, job *rivertype.JobRow) (bool, error) {
	var later bool
	err := t.sqlTx.QueryRowContext(ctx, `
		SELECT EXISTS (SELECT 1 FROM river_job WHERE kind = ? AND id > ?
			AND state IN ('available', 'scheduled') AND json(args) = json(?))`,
		job.Kind, job.ID, string(job.EncodedArgs)).Scan(&later)
	if err != nil {
		return false, fmt.Errorf("sqlite: superseded job %d: %w", job.ID, err)
	}
	return later, nil
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// queries implements store.Reader and store.Writer on a querier.
type queries struct {
	q   querier
	hot hotReads // prepared on the reader pool; zero inside a transaction
}

// hotReads are the reads of nearly every request, prepared once per store:
// SQLite would otherwise compile them again on every call. A *sql.Stmt of a
// *sql.DB is prepared on each pooled connection the first time it runs there.
type hotReads struct {
	userByID        *sql.Stmt
	userIDByToken   *sql.Stmt
	tokenByHash     *sql.Stmt
	monthlySpending *sql.Stmt
	// firstPage is the first page of Transactions, indexed by the filters
	// set (pageAccount | pageMonth).
	firstPage [4]*sql.Stmt
	// search holds the searches' statements, prepared when first run.
	search *stmtCache
}

func prepareHot(ctx context.Context, db *sql.DB) (hotReads, error) {
	var err error
	prepare := func(query string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var stmt *sql.Stmt
		stmt, err = db.PrepareContext(ctx, query)
		return stmt
	}
	h := hotReads{
		userByID:        prepare(shared.UserByID),
		userIDByToken:   prepare(shared.UserIDByToken),
		tokenByHash:     prepare(shared.TokenByHash),
		monthlySpending: prepare(shared.MonthlySpending),
	}
	for shape := range h.firstPage {
		h.firstPage[shape] = prepare(transactionsQuery(shape&pageAccount != 0, shape&pageMonth != 0, false))
	}
	h.search = &stmtCache{db: db, m: map[string]*sql.Stmt{}}
	if err != nil {
		_ = h.close()
		return hotReads{}, fmt.Errorf("sqlite: prepare: %w", err)
	}
	return h, nil
}

func (h hotReads) close() error {
	var errs []error
	for _, s := range append([]*sql.Stmt{h.userByID, h.userIDByToken, h.tokenByHash, h.monthlySpending}, h.firstPage[:]...) {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(append(errs, h.search.close())...)
}

// queryRow runs query through stmt, its prepared form, when there is one.
func (q queries) queryRow(ctx context.Context, stmt *sql.Stmt, query string, args ...any) *sql.Row {
	if stmt != nil {
		return stmt.QueryRowContext(ctx, args...)
	}
	return q.q.QueryRowContext(ctx, query, args...)
}

// query runs query through stmt, its prepared form, when there is one.
func (q queries) query(ctx context.Context, stmt *sql.Stmt, query string, args ...any) (*sql.Rows, error) {
	if stmt != nil {
		return stmt.QueryContext(ctx, args...)
	}
	return q.q.QueryContext(ctx, query, args...)
}

func micros(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

// translate maps SQLite errors to the store's errors.
func translate(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: %s: %w", op, store.ErrNotFound)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("sqlite: %s: %w", op, store.ErrConflict)
		}
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
