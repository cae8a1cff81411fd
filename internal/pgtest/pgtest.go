// Package pgtest gives tests a PostgreSQL to run against: a fresh schema or
// database on the server named by CENTAVO_TEST_POSTGRES_URL. Without it the
// tests skip, except in CI (CI=true), where they fail: there they must run.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable holding the server's connection URL.
const EnvURL = "CENTAVO_TEST_POSTGRES_URL"

// URL returns the base connection URL, or skips (fails in CI).
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is not set: the PostgreSQL tests must run in CI (.ci/run sets it)", EnvURL)
		}
		t.Skipf("PostgreSQL tests skipped: set %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run them", EnvURL)
	}
	return u
}

func name(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func connect(t testing.TB, u string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		if os.Getenv("CI") != "true" {
			t.Skipf("PostgreSQL tests skipped: cannot connect to %s: %v", EnvURL, err)
		}
		t.Fatalf("cannot connect to PostgreSQL (%s): %v", EnvURL, err)
	}
	return conn
}

// Schema creates an empty schema, dropped when the test ends, and returns a
// URL whose connections use it (search_path).
func Schema(t testing.TB) string {
	t.Helper()
	base := URL(t)
	conn := connect(t, base)
	defer conn.Close(context.Background())
	s := name("t_")
	if _, err := conn.Exec(context.Background(), `CREATE SCHEMA `+s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c := connect(t, base)
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP SCHEMA `+s+` CASCADE`); err != nil {
			t.Logf("drop schema %s: %v", s, err)
		}
	})
	return withParam(t, base, "search_path", s)
}

// Database creates an empty database, dropped when the test ends, and
// returns its URL (for tests where several processes share databases).
func Database(t testing.TB) string {
	t.Helper()
	base := URL(t)
	conn := connect(t, base)
	defer conn.Close(context.Background())
	d := name("centavo_t_")
	if _, err := conn.Exec(context.Background(), `CREATE DATABASE `+d+` TEMPLATE template0`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c := connect(t, base)
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP DATABASE `+d+` WITH (FORCE)`); err != nil {
			t.Logf("drop database %s: %v", d, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + d
	return u.String()
}

func withParam(t testing.TB, base, key, value string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}
