package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/store"
)

// The digests (docs/0037): the daily plan's first batch enqueues the day's
// PlanDigests on its shard; each PlanDigests job enqueues one Digest job per
// user of a batch whose setting has a period starting that day (daily:
// every day; weekly: Mondays, UTC), and its own continuation.

// DigestBatch is how many users one PlanDigests job plans.
const DigestBatch = 1000

// PlanDigests runs a PlanDigests job: one transaction enqueues the batch's
// digests and the next batch, and completes the job.
func (s *Planner) PlanDigests(ctx context.Context, st store.Store, job *river.Job[jobargs.PlanDigests]) error {
	day, err := time.Parse(time.DateOnly, job.Args.Day)
	if err != nil {
		return river.JobCancel(fmt.Errorf("jobs: plan digests: bad day %q", job.Args.Day))
	}
	users, err := st.DigestUsers(ctx, job.Args.After, DigestBatch)
	if err != nil {
		return err
	}
	var jobs []river.InsertManyParams
	for _, u := range users {
		if period := notify.PeriodOf(u.Digest, day); period != "" {
			jobs = append(jobs, river.InsertManyParams{Args: jobargs.Digest{UserID: u.UserID, Period: period}})
		}
	}
	if len(users) == DigestBatch {
		jobs = append(jobs, river.InsertManyParams{Args: jobargs.PlanDigests{Day: job.Args.Day, After: users[len(users)-1].UserID}})
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.Enqueue(ctx, jobs...); err != nil {
			return err
		}
		return tx.CompleteJob(ctx, job.JobRow)
	})
	if err != nil {
		return err
	}
	s.Logger.InfoContext(ctx, "digests planned", "day", job.Args.Day, "after", job.Args.After, "jobs", len(jobs), "job_id", job.ID)
	return nil
}
