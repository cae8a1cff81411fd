package recurring

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/store"
)

// orderTx records the keys of the series rows a detection writes, in
// order (the rest of store.Tx is not called).
type orderTx struct {
	store.Tx
	keys []string
}

func (o *orderTx) UpsertRecurringSeries(_ context.Context, r *store.RecurringSeries) error {
	o.keys = append(o.keys, r.Key)
	return nil
}

func (o *orderTx) DeleteRecurringSeries(_ context.Context, _ int64, id int64) error {
	o.keys = append(o.keys, map[int64]string{1: "a|gone", 4: "z|gone"}[id])
	return nil
}

// TestStoreLockOrder: a detection writes the series it found and the ones
// it no longer finds in one key order, whatever their ids, so two
// detections of one user lock rows in the same order on PostgreSQL (a wait,
// never a deadlock).
func TestStoreLockOrder(t *testing.T) {
	held := []store.RecurringSeries{
		{ID: 1, Key: "a|gone", State: Suggested, History: "{}"},
		{ID: 2, Key: "m|kept", State: Confirmed, Status: Active, History: "{}"},
		{ID: 3, Key: "c|found", State: Suggested, History: "{}"},
		{ID: 4, Key: "z|gone", State: Suggested, History: "{}"},
	}
	found := []Series{{Key: "c|found"}, {Key: "b|new"}, {Key: "x|new"}}
	tx := &orderTx{}
	s := &Service{}
	if _, err := s.store(context.Background(), tx, 7, held, found, time.Now(), func(Occurrence) bool { return false }); err != nil {
		t.Fatal(err)
	}
	want := []string{"a|gone", "b|new", "c|found", "m|kept", "x|new", "z|gone"}
	if !slices.Equal(tx.keys, want) {
		t.Fatalf("rows written in the order %v, want %v", tx.keys, want)
	}
}
