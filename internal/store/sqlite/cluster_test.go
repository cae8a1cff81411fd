package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
	"github.com/centavo/centavo/internal/store/storetest"
)

func TestSingleCluster(t *testing.T) {
	t.Parallel()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.ExerciseCluster(t, store.Single{Store: db})
}
