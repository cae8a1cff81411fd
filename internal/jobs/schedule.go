package jobs

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/store"
)

// The daily refresh: once a day, every account of every user active in the
// last 30 days gets one extraction job, at a time of day fixed by a hash of
// the account id, so the day's millions of downloads are spread evenly over
// the 24 hours instead of all starting at midnight.

// Planner plans the daily refreshes.
type Planner struct {
	Now    func() time.Time
	Logger *slog.Logger
}

// ActiveWithin is how recently a user must have used the API for their
// accounts to be refreshed daily.
const ActiveWithin = 30 * 24 * time.Hour

// ScheduleBatch is how many accounts one scheduling job plans.
const ScheduleBatch = 1000

// PeriodicJobs returns the scheduler's periodic job: every hour (and at
// start), plan today. Only the elected leader enqueues it.
func (s *Planner) PeriodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(time.Hour), func() (river.JobArgs, *river.InsertOpts) {
			return jobargs.ScheduleRefreshes{Day: s.Now().UTC().Format(time.DateOnly)}, nil
		}, &river.PeriodicJobOpts{RunOnStart: true, ID: "schedule_refreshes"}),
	}
}

// SlotOf is the time of day an account is refreshed: a hash of its id,
// spread over the whole day to the second.
func SlotOf(accountID int64) time.Duration {
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(accountID, 10)))
	return time.Duration(h.Sum64()%86_400) * time.Second
}

// PlanDay returns the refresh jobs of one batch of the day's accounts on a
// shard, after the given account id, and the cursor of the next batch (0
// when this was the last). The jobs are unique per account and day.
func (s *Planner) PlanDay(ctx context.Context, st store.Maintenance, day time.Time, after int64) ([]river.InsertManyParams, int64, error) {
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	refs, err := st.ActiveAccounts(ctx, store.ActiveAccountFilter{ActiveSince: day.Add(-ActiveWithin), AfterID: after, Limit: ScheduleBatch})
	if err != nil {
		return nil, 0, err
	}
	// The slots are instants of the service's clock; River runs jobs on
	// the machine's. One reading of both keeps the batch's spacing exact.
	shift := clock.Machine(s.Now, day).Sub(day)
	jobs := make([]river.InsertManyParams, 0, len(refs))
	for _, r := range refs {
		jobs = append(jobs, river.InsertManyParams{
			Args: jobargs.ExtractAccount{UserID: r.UserID, AccountID: r.ID, Reason: jobargs.ReasonDaily, Day: day.Format(time.DateOnly)},
			InsertOpts: &river.InsertOpts{
				Queue:       jobargs.Extract,
				MaxAttempts: 8,
				ScheduledAt: day.Add(SlotOf(r.ID)).Add(shift),
				// One daily refresh per account per day, whatever the
				// retries of the planning job: unique by its arguments
				// (account and day) over every state.
				UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: rivertype.UniqueOptsByStateDefault()},
			},
		})
	}
	next := int64(0)
	if len(refs) == ScheduleBatch {
		next = refs[len(refs)-1].ID
	}
	return jobs, next, nil
}

// StaleAfter is how long a linked account may go without a successful
// update before its user is told (NotifyAccountStale).
const StaleAfter = 3 * 24 * time.Hour

// staleAccounts returns the account_stale notifications of the batch's
// accounts (ids in (after, upTo], upTo 0: all the rest) that have not
// updated for StaleAfter, whatever their status. The key holds the instant
// of the last success, so each stretch without one is told once, and a
// success followed by a new stretch is told again.
func (s *Planner) staleAccounts(ctx context.Context, st store.Maintenance, day time.Time, after, upTo int64) ([]centavo.Notification, error) {
	now := s.Now().UTC()
	var out []centavo.Notification
	for {
		page, err := st.StaleAccounts(ctx, store.StaleAccountFilter{
			ActiveSince: day.Add(-ActiveWithin), Before: now.Add(-StaleAfter), AfterID: after, UpToID: upTo, Limit: ScheduleBatch,
		})
		if err != nil {
			return nil, err
		}
		for _, a := range page {
			since := a.CreatedAt
			if a.LastUpdate != nil {
				since = *a.LastUpdate
			}
			out = append(out, centavo.Notification{
				UserID: a.UserID, Kind: centavo.NotifyAccountStale, AccountID: a.ID, CreatedAt: now,
				Key:     fmt.Sprintf("account_stale:%d:%d", a.ID, since.UnixMicro()),
				Message: fmt.Sprintf("%s has not updated since %s", a.Name, since.UTC().Format("2006-01-02 15:04 UTC")),
			})
			after = a.ID
		}
		if len(page) < ScheduleBatch {
			return out, nil
		}
	}
}

// Schedule runs a scheduling job: plan a batch of the day's refreshes on the
// job's shard, enqueue them and the next batch, complete — one transaction.
func (s *Planner) Schedule(ctx context.Context, st store.Store, job *river.Job[jobargs.ScheduleRefreshes]) error {
	day, err := time.Parse(time.DateOnly, job.Args.Day)
	if err != nil {
		return river.JobCancel(fmt.Errorf("jobs: schedule: bad day %q", job.Args.Day))
	}
	jobs, next, err := s.PlanDay(ctx, st, day, job.Args.After)
	if err != nil {
		return err
	}
	stale, err := s.staleAccounts(ctx, st, day, job.Args.After, next)
	if err != nil {
		return err
	}
	if job.Args.After == 0 {
		// Yesterday's quota windows are over: forget them.
		if err := st.PruneRequests(ctx, s.Now().Add(-48*time.Hour)); err != nil {
			return err
		}
		jobs = append(jobs, river.InsertManyParams{Args: jobargs.PlanDigests{Day: job.Args.Day}}) // digests.go
	}
	jobs = append(jobs, s.recurringTicks(jobs, day)...)
	if next != 0 {
		jobs = append(jobs, river.InsertManyParams{Args: jobargs.ScheduleRefreshes{Day: job.Args.Day, After: next}})
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.Enqueue(ctx, jobs...); err != nil {
			return err
		}
		for i := range stale {
			if _, err := notify.Create(ctx, tx, &stale[i]); err != nil {
				return err
			}
		}
		return tx.CompleteJob(ctx, job.JobRow)
	})
	if err != nil {
		return err
	}
	s.Logger.InfoContext(ctx, "daily refreshes planned", "day", job.Args.Day, "after", job.Args.After, "accounts", len(jobs), "job_id", job.ID)
	return nil
}

// recurringTicks are the day's recurring-series ticks (bill_upcoming,
// recurring_missed: docs/0035) of the users whose refreshes a batch plans:
// one per user and day (unique by its arguments, whatever the batches and
// retries), at a time of day fixed by the user id like the refreshes. A
// tick of a user without series does nothing.
func (s *Planner) recurringTicks(refreshes []river.InsertManyParams, day time.Time) []river.InsertManyParams {
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	shift := clock.Machine(s.Now, day).Sub(day)
	seen := map[int64]bool{}
	var out []river.InsertManyParams
	for _, j := range refreshes {
		r, ok := j.Args.(jobargs.ExtractAccount)
		if !ok || seen[r.UserID] {
			continue
		}
		seen[r.UserID] = true
		args := jobargs.DetectRecurring{UserID: r.UserID, Day: day.Format(time.DateOnly)}
		opts := args.InsertOpts()
		opts.ScheduledAt = day.Add(SlotOf(r.UserID)).Add(shift)
		out = append(out, river.InsertManyParams{Args: args, InsertOpts: &opts})
	}
	return out
}
