package sqlite

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// StmtCacheSize is how many idle prepared statements each connection keeps
// (docs/0039-ingest-throughput.md): more than the distinct statements of
// River's SQLite driver and the store's writes together, so that the steady
// state compiles nothing.
const StmtCacheSize = 256

// openDB opens dsn through modernc's driver, each connection keeping a
// cache of prepared statements (see cachingConn); size <= 0 keeps none.
func openDB(dsn string, size int) (*sql.DB, error) {
	inner, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	if size <= 0 {
		return sql.OpenDB(inner), nil
	}
	return sql.OpenDB(&cachingConnector{inner: inner, size: size}), nil
}

// cachingConnector hands out connections that keep their statements.
type cachingConnector struct {
	inner driver.Connector
	size  int
}

func (c *cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ic, ok := dc.(innerConn)
	if !ok {
		return dc, nil // not the connection this was written for: no cache
	}
	return &cachingConn{innerConn: ic, size: c.size, idle: list.New(), byQuery: map[string]*list.Element{}}, nil
}

func (c *cachingConnector) Driver() driver.Driver { return c.inner.Driver() }

// innerConn is what modernc's connection implements and the cache needs
// or passes through (database/sql asks for each by type assertion).
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// innerStmt is what modernc's statement implements.
type innerStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// cachingConn is a connection that keeps its prepared statements, keyed by
// their text, instead of compiling a statement for every ExecContext,
// QueryContext and PrepareContext: River's SQLite driver runs its queries
// unprepared, and compiling them (sqlite3_prepare_v2) was a third of the
// embedded ingest's CPU (docs/0039).
//
// A statement is checked out of the cache while in use (an Exec, a Query
// until its rows close, a Prepare until its Close), so two uses of one text
// at once each get their own statement; it goes back when done, and the
// least recently used idle statements past size are finalized. A statement
// whose use failed is finalized, not kept. Texts of more than one statement
// (migrations) are never cached. Statements survive transactions: a
// statement belongs to the connection. A schema change is handled by
// SQLite itself: a statement made by sqlite3_prepare_v2 that finds the
// schema changed is compiled again on its next step (SQLITE_SCHEMA).
//
// database/sql uses a connection from one goroutine at a time; the mutex
// only guards the bookkeeping against a Close racing a Rows.Close.
type cachingConn struct {
	innerConn
	size int

	mu      sync.Mutex
	idle    *list.List               // of *pooledStmt, most recently used first
	byQuery map[string]*list.Element // idle statements by their text
	closed  bool
}

// singleStatement reports whether query is one statement: no ';' outside
// comments, quoted strings and identifiers is followed by more SQL. A
// script (migrations) would take a place in the cache for nothing: modernc
// compiles its statements one by one on every run anyway. (Were a script
// taken for one statement, it would still run right, only uncached.)
func singleStatement(query string) bool {
	ended, empty := false, true
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			for i < len(query) && query[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				return !empty // an unterminated comment: SQLite's to judge
			}
			i += end + 3
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		case c == ';':
			ended = true
			continue
		}
		if ended {
			return false // more SQL after a ';'
		}
		empty = false
		if closing, ok := quoteEnd[c]; ok {
			end := strings.IndexByte(query[i+1:], closing)
			if end < 0 {
				return true // an unterminated quote: SQLite's to judge
			}
			i += end + 1 // a doubled quote ('it''s') is two quoted runs
		}
	}
	return !empty
}

// quoteEnd: the character that closes each kind of quote in SQLite's SQL.
var quoteEnd = map[byte]byte{'\'': '\'', '"': '"', '`': '`', '[': ']'}

// checkout returns a statement for query, from the cache or newly
// prepared; nil (and no error) when query is not to be cached.
func (c *cachingConn) checkout(ctx context.Context, query string) (*pooledStmt, error) {
	if !singleStatement(query) {
		return nil, nil
	}
	c.mu.Lock()
	if el, ok := c.byQuery[query]; ok {
		c.idle.Remove(el)
		delete(c.byQuery, query)
		c.mu.Unlock()
		s := el.Value.(*pooledStmt)
		s.closed = false
		return s, nil
	}
	c.mu.Unlock()
	ds, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	st, ok := ds.(innerStmt)
	if !ok {
		_ = ds.Close()
		return nil, nil
	}
	return &pooledStmt{conn: c, query: query, st: st}, nil
}

// checkin takes back a statement no longer in use: kept while it is
// sound, finalized when its use failed, when the connection has the same
// text idle already, or when it is the least recently used past size.
func (c *cachingConn) checkin(s *pooledStmt) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		// The connection is gone (database/sql closes a connection's
		// statements before it, so this is a guard): finalizing now would
		// use a closed connection.
		return nil
	}
	if s.broken {
		c.mu.Unlock()
		return s.st.Close()
	}
	if _, dup := c.byQuery[s.query]; dup {
		c.mu.Unlock()
		return s.st.Close()
	}
	c.byQuery[s.query] = c.idle.PushFront(s)
	var evicted []*pooledStmt
	for c.idle.Len() > c.size {
		old := c.idle.Remove(c.idle.Back()).(*pooledStmt)
		delete(c.byQuery, old.query)
		evicted = append(evicted, old)
	}
	c.mu.Unlock()
	var errs []error
	for _, old := range evicted {
		errs = append(errs, old.st.Close())
	}
	return errors.Join(errs...)
}

// PrepareContext hands out a cached statement; its Close returns it.
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.checkout(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.innerConn.PrepareContext(ctx, query)
	}
	return s, nil
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.checkout(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.innerConn.ExecContext(ctx, query, args)
	}
	res, err := s.ExecContext(ctx, args)
	return res, firstErr(err, s.Close())
}

// firstErr is err if any (unwrapped: callers look for *sqlite.Error and
// driver.ErrBadConn), else then.
func firstErr(err, then error) error {
	if err != nil {
		return err
	}
	return then
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.checkout(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	rows, err := s.QueryContext(ctx, args)
	if cerr := s.Close(); err == nil && cerr != nil {
		_ = rows.Close()
		return nil, cerr
	}
	return rows, err
}

// Close finalizes the idle statements, then closes the connection.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	c.closed = true
	var errs []error
	for el := c.idle.Front(); el != nil; el = el.Next() {
		errs = append(errs, el.Value.(*pooledStmt).st.Close())
	}
	c.idle.Init()
	c.byQuery = map[string]*list.Element{}
	c.mu.Unlock()
	return errors.Join(append(errs, c.innerConn.Close())...)
}

// idleCount is the number of statements in the cache (for tests).
func (c *cachingConn) idleCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.idle.Len()
}

// pooledStmt is a statement checked out of a connection's cache. It goes
// back once closed and once the rows of its queries are closed.
type pooledStmt struct {
	conn   *cachingConn
	query  string
	st     innerStmt
	rows   int  // rows open
	closed bool // Close called (by its user)
	broken bool // a use failed: finalize instead of keeping it
}

func (s *pooledStmt) NumInput() int { return s.st.NumInput() }

func (s *pooledStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	res, err := s.st.ExecContext(ctx, args)
	if err != nil {
		s.broken = true
	}
	return res, err
}

func (s *pooledStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.st.QueryContext(ctx, args)
	if err != nil {
		s.broken = true
		return nil, err
	}
	s.rows++
	return &pooledRows{Rows: rows, stmt: s}, nil
}

// Exec and Query: database/sql calls the context forms above.
func (s *pooledStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *pooledStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

func (s *pooledStmt) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	return s.release()
}

func (s *pooledStmt) release() error {
	if !s.closed || s.rows > 0 {
		return nil
	}
	return s.conn.checkin(s)
}

// pooledRows returns its statement to the cache when closed. It passes on
// the column types modernc's rows report.
type pooledRows struct {
	driver.Rows
	stmt *pooledStmt
	done bool
}

func (r *pooledRows) Close() error {
	if r.done {
		return nil
	}
	r.done = true
	err := r.Rows.Close()
	if err != nil {
		r.stmt.broken = true
	}
	r.stmt.rows--
	return firstErr(err, r.stmt.release())
}

func (r *pooledRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *pooledRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *pooledRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *pooledRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *pooledRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}
