package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// counting counts the statements modernc compiles for the cache and the
// ones finalized.
type counting struct {
	prepared, finalized atomic.Int64
}

type countingConnector struct {
	driver.Connector
	n *counting
}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{innerConn: dc.(innerConn), n: c.n}, nil
}

type countingConn struct {
	innerConn
	n *counting
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	ds, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.n.prepared.Add(1)
	return &countingStmt{innerStmt: ds.(innerStmt), n: c.n}, nil
}

type countingStmt struct {
	innerStmt
	n *counting
}

func (s *countingStmt) Close() error {
	s.n.finalized.Add(1)
	return s.innerStmt.Close()
}

// setupCache opens a database file through the cache (size statements per
// connection), with one connection unless conns says otherwise.
func setupCache(t *testing.T, size, conns int) (*sql.DB, *counting) {
	t.Helper()
	inner, err := sqlite.NewConnector(WriterDSN(filepath.Join(t.TempDir(), "c.db")))
	if err != nil {
		t.Fatal(err)
	}
	n := &counting{}
	db := sql.OpenDB(&cachingConnector{inner: countingConnector{Connector: inner, n: n}, size: size})
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	t.Cleanup(func() { db.Close() })
	mustExec(t, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, v INTEGER)")
	return db, n
}

func mustExec(t *testing.T, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, query string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func count(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func idle(t *testing.T, db *sql.DB) int {
	t.Helper()
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	n := -1
	if err := c.Raw(func(dc any) error { n = dc.(*cachingConn).idleCount(); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStmtCacheReuses(t *testing.T) {
	db, n := setupCache(t, 16, 1)
	base := n.prepared.Load() // the CREATE TABLE
	for i := range 10 {
		mustExec(t, db, "INSERT INTO t (name, v) VALUES (?, ?)", string(rune('a'+i)), i)
	}
	for range 5 {
		var v int
		if err := db.QueryRow("SELECT v FROM t WHERE name = ?", "c").Scan(&v); err != nil || v != 2 {
			t.Fatalf("v = %d, %v; want 2", v, err)
		}
	}
	stmt, err := db.Prepare("SELECT v FROM t WHERE name = ?")
	if err != nil {
		t.Fatal(err)
	}
	var v int
	if err := stmt.QueryRow("d").Scan(&v); err != nil || v != 3 {
		t.Fatalf("prepared: v = %d, %v; want 3", v, err)
	}
	stmt.Close()
	if got := n.prepared.Load() - base; got != 2 {
		t.Errorf("compiled %d statements for 10 inserts, 6 selects; want 2", got)
	}
	if got := n.finalized.Load(); got != 0 {
		t.Errorf("finalized %d statements; want 0", got)
	}
	db.Close()
	if p, f := n.prepared.Load(), n.finalized.Load(); p != f {
		t.Errorf("closing the connection finalized %d of %d statements", f, p)
	}
}

func TestStmtCacheEvictsLeastRecentlyUsed(t *testing.T) {
	db, n := setupCache(t, 2, 1) // CREATE TABLE is the first of the two
	const ins = "INSERT INTO t (name, v) VALUES (?, 1)"
	mustExec(t, db, ins, "a")
	if got := n.finalized.Load(); got != 0 {
		t.Fatalf("finalized %d; want 0", got)
	}
	mustExec(t, db, "UPDATE t SET v = 2") // evicts CREATE TABLE
	if got := n.finalized.Load(); got != 1 {
		t.Fatalf("finalized %d after a third statement; want 1", got)
	}
	mustExec(t, db, ins, "b")                    // a hit: moves to the front
	mustExec(t, db, "DELETE FROM t WHERE v = 9") // evicts the UPDATE
	before := n.prepared.Load()
	mustExec(t, db, ins, "c")
	if got := n.prepared.Load() - before; got != 0 {
		t.Errorf("the recently used insert was compiled again")
	}
	mustExec(t, db, "UPDATE t SET v = 2")
	if got := n.prepared.Load() - before; got != 1 {
		t.Errorf("the evicted update compiled %d times; want 1", got)
	}
	if got := idle(t, db); got != 2 {
		t.Errorf("%d idle statements; want 2", got)
	}
	if got, want := n.finalized.Load(), n.prepared.Load()-2; got != want {
		t.Errorf("finalized %d; want %d (all but the two idle)", got, want)
	}
}

func TestStmtCacheErrorFinalizes(t *testing.T) {
	db, n := setupCache(t, 16, 1)
	const ins = "INSERT INTO t (name, v) VALUES (?, ?)"
	mustExec(t, db, ins, "a", 1)
	before := n.finalized.Load()
	_, err := db.Exec(ins, "a", 2)
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code() != sqlite3.SQLITE_CONSTRAINT_UNIQUE {
		t.Fatalf("duplicate insert: %v; want a *sqlite.Error SQLITE_CONSTRAINT_UNIQUE", err)
	}
	if got := n.finalized.Load() - before; got != 1 {
		t.Errorf("the failed statement was finalized %d times; want 1", got)
	}
	mustExec(t, db, ins, "b", 2)
	if got := count(t, db); got != 2 {
		t.Errorf("%d rows; want 2", got)
	}
	if _, err := db.Exec("INSERT INTO nowhere VALUES (1)"); err == nil {
		t.Error("insert into a missing table: no error")
	}
	if _, err := db.Query("SELECT * FROM nowhere"); err == nil {
		t.Error("select from a missing table: no error")
	}
}

func TestStmtCacheTransactions(t *testing.T) {
	db, n := setupCache(t, 16, 1)
	ctx := context.Background()
	const ins = "INSERT INTO t (name, v) VALUES (?, ?)"
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, ins, "a", 1)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db); got != 0 {
		t.Fatalf("%d rows after a rollback; want 0", got)
	}
	before := n.prepared.Load()
	tx, err = db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, ins, "a", 1)
	stmt, err := tx.Prepare(ins)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"b", "c"} {
		if _, err := stmt.Exec(name, 2); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db); got != 3 {
		t.Fatalf("%d rows after a commit; want 3", got)
	}
	if got := n.prepared.Load() - before; got != 0 {
		t.Errorf("compiled %d statements in the second transaction; want 0", got)
	}
}

func TestStmtCacheArguments(t *testing.T) {
	db, _ := setupCache(t, 16, 1)
	for i, c := range []struct {
		a, b any
		want sql.NullString
	}{
		{"x", "y", sql.NullString{String: "xy", Valid: true}},
		{nil, "y", sql.NullString{}},
		{int64(1), []byte("z"), sql.NullString{String: "1z", Valid: true}},
		{"x", "y", sql.NullString{String: "xy", Valid: true}},
	} {
		var pos, name sql.NullString
		if err := db.QueryRow("SELECT ? || ?", c.a, c.b).Scan(&pos); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT @a || @b", sql.Named("b", c.b), sql.Named("a", c.a)).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if pos != c.want || name != c.want {
			t.Errorf("%d: positional %v, named %v; want %v", i, pos, name, c.want)
		}
	}
}

// A query whose rows are open while the same text runs again gets a
// statement of its own.
func TestStmtCacheSameTextNested(t *testing.T) {
	db, n := setupCache(t, 16, 1)
	for i := range 3 {
		mustExec(t, db, "INSERT INTO t (name, v) VALUES (?, ?)", string(rune('a'+i)), i)
	}
	const sel = "SELECT v FROM t WHERE v >= ? ORDER BY v"
	before := n.prepared.Load()
	tx, err := db.Begin() // one connection: the nested query runs on it
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.Query(sel, 0)
	if err != nil {
		t.Fatal(err)
	}
	var outer, inner []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, v)
		var w int
		if err := tx.QueryRow(sel, v).Scan(&w); err != nil {
			t.Fatal(err)
		}
		inner = append(inner, w)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 1, 2}; !equal(outer, want) || !equal(inner, want) {
		t.Errorf("outer %v, inner %v; want %v both", outer, inner, want)
	}
	if got := n.prepared.Load() - before; got != 2 {
		t.Errorf("compiled %d; want 2 (the outer and one inner)", got)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A statement whose table changed under it, on another connection, is
// compiled again by SQLite (sqlite3_prepare_v2, SQLITE_SCHEMA).
func TestStmtCacheSchemaChange(t *testing.T) {
	db, _ := setupCache(t, 16, 2)
	ctx := context.Background()
	reader, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	writer, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	mustExec(t, writer, "INSERT INTO t (name, v) VALUES ('a', 1)")
	columns := func() []string {
		rows, err := reader.QueryContext(ctx, "SELECT * FROM t")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		return cols
	}
	if got := columns(); len(got) != 3 {
		t.Fatalf("columns %v; want 3", got)
	}
	mustExec(t, writer, "ALTER TABLE t ADD COLUMN note TEXT")
	if got := columns(); len(got) != 4 || got[3] != "note" {
		t.Errorf("columns after ALTER TABLE %v; want id, name, v, note", got)
	}
	mustExec(t, writer, "DROP TABLE t")
	if _, err := reader.QueryContext(ctx, "SELECT * FROM t"); err == nil {
		t.Error("select from a dropped table: no error")
	}
	mustExec(t, writer, "CREATE TABLE t (x INTEGER)")
	if got := columns(); len(got) != 1 || got[0] != "x" {
		t.Errorf("columns of the new table %v; want x", got)
	}
}

func TestStmtCacheScriptsUncached(t *testing.T) {
	db, n := setupCache(t, 16, 1)
	before := n.prepared.Load()
	mustExec(t, db, "CREATE TABLE a (x); CREATE TABLE b (y); INSERT INTO a VALUES (1);")
	mustExec(t, db, "INSERT INTO b VALUES (2);  ")
	if got := n.prepared.Load() - before; got != 1 {
		t.Errorf("compiled %d through the cache; want 1 (the single statement)", got)
	}
	var x, y int
	if err := db.QueryRow("SELECT (SELECT x FROM a), (SELECT y FROM b)").Scan(&x, &y); err != nil || x != 1 || y != 2 {
		t.Errorf("got %d, %d, %v; want 1, 2", x, y, err)
	}
	for q, want := range map[string]bool{
		"SELECT 1": true, "SELECT 1;": true, " SELECT 1 ;\n": true,
		"SELECT 1; SELECT 2": false, "": false, ";": false, " -- only a comment\n": false,
		"SELECT ';'": true, "SELECT 'it''s; here'": true, `SELECT "a;b" FROM [c;d]`: true,
		"-- note; with a semicolon\nSELECT 1": true, "SELECT /* a; b */ 1 -- c; d": true,
		"SELECT 1; -- trailing comment": true, "SELECT 1 /* x */ ; SELECT 2": false, "SELECT 1;\n;": true,
	} {
		if got := singleStatement(q); got != want {
			t.Errorf("singleStatement(%q) = %v; want %v", q, got, want)
		}
	}
}

// A prepared statement closed while its rows are open goes back to the
// cache only once they are closed.
func TestStmtCachePreparedClosedWithRowsOpen(t *testing.T) {
	db, n := setupCache(t, 16, 1)
	mustExec(t, db, "INSERT INTO t (name, v) VALUES ('a', 1), ('b', 2)")
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stmt, err := conn.PrepareContext(ctx, "SELECT v FROM t ORDER BY v")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := stmt.QueryContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	idleNow := func() int {
		k := -1
		_ = conn.Raw(func(dc any) error { k = dc.(*cachingConn).idleCount(); return nil })
		return k
	}
	before := idleNow()
	stmt.Close()
	var got []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if !equal(got, []int{1, 2}) {
		t.Errorf("rows %v; want [1 2]", got)
	}
	if after := idleNow(); after != before+1 {
		t.Errorf("idle %d → %d; want one more once the rows closed", before, after)
	}
	if f := n.finalized.Load(); f != 0 {
		t.Errorf("finalized %d; want 0", f)
	}
}
