package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
	"github.com/centavo/centavo/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Exercise(t, func(t *testing.T) store.Store {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "centavo.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
