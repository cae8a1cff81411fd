package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store/postgres"
	"github.com/centavo/centavo/internal/store/storetest"
)

func openCluster(t *testing.T, shards int) *postgres.Cluster {
	t.Helper()
	var urls []string
	for range shards {
		urls = append(urls, pgtest.Schema(t))
	}
	c, err := postgres.OpenCluster(context.Background(), urls, nil, postgres.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestCluster(t *testing.T) {
	t.Parallel()
	pgtest.URL(t)
	t.Run("one shard", func(t *testing.T) { t.Parallel(); storetest.ExerciseCluster(t, openCluster(t, 1)) })
	t.Run("two shards", func(t *testing.T) { t.Parallel(); storetest.ExerciseCluster(t, openCluster(t, 2)) })
	t.Run("three shards", func(t *testing.T) { t.Parallel(); storetest.ExerciseCluster(t, openCluster(t, 3)) })
}

// TestDanglingDirectoryEntry: a directory entry left by a sign-up that died
// before creating the user is reclaimed (after a minute), so the e-mail is
// not lost forever.
func TestDanglingDirectoryEntry(t *testing.T) {
	t.Parallel()
	pgtest.URL(t)
	c := openCluster(t, 2)
	ctx := context.Background()
	d := postgres.DirectoryForTest(c)
	if _, err := d.Exec(ctx, `INSERT INTO user_directory (email, shard, created_at) VALUES ('ghost@example.com', 1, now() - interval '2 minutes')`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(ctx, `INSERT INTO user_directory (email, shard) VALUES ('fresh@example.com', 1)`); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ghost := centavo.User{Email: "ghost@example.com", PasswordHash: "h", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	if _, err := c.CreateUser(ctx, &ghost); err != nil {
		t.Fatalf("dangling entry not reclaimed: %v", err)
	}
	fresh := centavo.User{Email: "fresh@example.com", PasswordHash: "h", Currency: "USD", CreatedAt: now, LastActiveAt: now}
	if _, err := c.CreateUser(ctx, &fresh); err == nil {
		t.Fatal("a sign-up in progress (fresh entry) was taken over")
	}
}
