package postgres_test

import (
	"context"
	"testing"

	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/postgres"
	"github.com/centavo/centavo/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	pgtest.URL(t) // skip early, once, without a server
	storetest.Exercise(t, func(t *testing.T) store.Store {
		db, err := postgres.Open(context.Background(), pgtest.Schema(t), postgres.Options{MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
