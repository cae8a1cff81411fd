package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"
)

// migratedTo opens the SQLite database at path with the migrations up to
// version applied (the database is closed when the test ends, if the test
// has not closed it first) and returns the provider that runs the rest;
// exec runs a statement or fails the test.
func migratedTo(t *testing.T, path string, version int64) (*sql.DB, *goose.Provider, func(q string, args ...any)) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", WriterDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db, p, exec
}
