package postgres

import (
	"context"
	"io/fs"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/centavo/centavo/internal/pgtest"
)

// migratedTo opens a pool on a fresh schema (its URL returned) with the
// migrations up to version applied (the pool is closed when the test ends,
// if the test has not closed it first) and returns the provider that runs
// the rest; exec runs a statement or fails the test.
func migratedTo(t *testing.T, version int64) (string, *pgxpool.Pool, *goose.Provider, func(q string, args ...any)) {
	t.Helper()
	ctx := context.Background()
	url := pgtest.Schema(t)
	p, err := pool(ctx, url, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	sqlDB := stdlib.OpenDBFromPool(p)
	prov, err := goose.NewProvider(goose.DialectPostgres, sqlDB, sub)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = prov.Close() })
	if _, err := prov.UpTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := p.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return url, p, prov, exec
}
