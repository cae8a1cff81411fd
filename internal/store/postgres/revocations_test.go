package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store/postgres"
)

// TestRevocationFeed: a revocation notified by one process reaches another
// that listens on the same database; the listener says when it listens.
func TestRevocationFeed(t *testing.T) {
	t.Parallel()
	url := pgtest.Schema(t)
	open := func() *postgres.Cluster {
		c, err := postgres.OpenCluster(context.Background(), []string{url}, nil, postgres.Options{MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	listener, notifier := open(), open()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	live := make(chan bool, 4)
	got := make(chan int64, 16)
	go listener.ListenRevoked(ctx, func(id int64) { got <- id }, func(l bool) { live <- l })
	select {
	case l := <-live:
		if !l {
			t.Fatal("the listener failed to listen")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the listener never listened")
	}
	const user = 987_654_321 // the channel is the database's: other tests' users may come too
	if err := notifier.NotifyRevoked(context.Background(), user); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case id := <-got:
			if id == user {
				return
			}
		case <-deadline:
			t.Fatal("the revocation never reached the other process")
		}
	}
}
