package storetest

import (
	"context"
	"encoding/json"
	"github.com/centavo/centavo/internal/clock"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo/internal/store"
)

// testSupersededJobs: a job is superseded by a later job of its kind with
// the same arguments that has yet to run, and by no other.
func testSupersededJobs(t *testing.T, s store.Store) {
	ctx := context.Background()
	q, err := s.NewQueue(&river.Config{TestOnly: true}) // insert-only
	if err != nil {
		t.Fatal(err)
	}
	insert := func(n int, opts *river.InsertOpts) {
		t.Helper()
		if err := q.InsertMany(ctx, []river.InsertManyParams{{Args: probeArgs{N: n}, InsertOpts: opts}}); err != nil {
			t.Fatal(err)
		}
	}
	insert(1, nil)
	insert(2, nil)
	insert(3, nil)
	insert(1, nil)
	insert(3, &river.InsertOpts{ScheduledAt: clock.Real().Add(time.Hour)}) // machine time: River's schedule
	jobs, err := q.Jobs(ctx, probeArgs{}.Kind())
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 5 {
		t.Fatalf("%d probe jobs, want 5", len(jobs))
	}
	byOrder := map[int][]*rivertype.JobRow{}
	for _, j := range jobs {
		var a probeArgs
		if err := json.Unmarshal(j.EncodedArgs, &a); err != nil {
			t.Fatal(err)
		}
		byOrder[a.N] = append(byOrder[a.N], j)
	}
	for _, l := range byOrder { // oldest first
		if len(l) == 2 && l[0].ID > l[1].ID {
			l[0], l[1] = l[1], l[0]
		}
	}
	superseded := func(j *rivertype.JobRow) (got bool) {
		t.Helper()
		write(t, s, func(tx store.Tx) (err error) { got, err = tx.Superseded(ctx, j); return err })
		return got
	}
	for _, c := range []struct {
		name string
		job  *rivertype.JobRow
		want bool
	}{
		{"the first of two alike", byOrder[1][0], true},
		{"the later of two alike", byOrder[1][1], false},
		{"a job with no twin", byOrder[2][0], false},
		{"one whose twin is scheduled later", byOrder[3][0], true},
	} {
		if got := superseded(c.job); got != c.want {
			t.Errorf("%s: superseded %v, want %v", c.name, got, c.want)
		}
	}
}
