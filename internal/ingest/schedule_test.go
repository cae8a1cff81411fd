package ingest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/store"
)

// TestDailySchedule plans a day on an injected clock: every account of the
// users active in the last 30 days, at a time spread over the day by its id,
// once per account per day however often the planning runs.
func TestDailySchedule(t *testing.T) {
	t.Parallel()
	f := setup(t, statement(1, 1))
	ctx := context.Background()
	day := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	f.clock.Set(clock.Frozen(day.Add(7 * time.Hour))) // the injected clock

	// The fixture's user is active (created now); add an idle one.
	var want []int64
	err := f.db.InTx(ctx, func(tx store.Tx) error {
		if err := tx.TouchUser(ctx, f.user, day.AddDate(0, 0, -29)); err != nil {
			return err
		}
		idle := centavo.User{Email: "idle@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: day.AddDate(-1, 0, 0), LastActiveAt: day.AddDate(0, 0, -31)}
		if err := tx.CreateUser(ctx, &idle); err != nil {
			return err
		}
		for i := range 1005 + 3 {
			u := f.user
			status := centavo.AccountOK
			switch {
			case i == 1005:
				u = idle.ID
			case i == 1006:
				status = centavo.AccountNeedsAttention // the user must act first
			case i == 1007:
				status = centavo.AccountLinking
			case i%2 == 1:
				status = centavo.AccountError // retried daily too
			}
			a := centavo.Account{UserID: u, Connector: "ofx", Name: "A", Institution: centavo.Institution{URL: "http://b/", AccountID: fmt.Sprint(i)},
				SealedCredentials: []byte{1}, Status: status, CreatedAt: day}
			if err := tx.CreateAccount(ctx, &a); err != nil {
				return err
			}
			if u == f.user && (status == centavo.AccountOK || status == centavo.AccountError) {
				want = append(want, a.ID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	first, next, err := f.planner.PlanDay(ctx, f.db, day.Add(3*time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != jobs.ScheduleBatch || next == 0 {
		t.Fatalf("first batch: %d jobs, next %d", len(first), next)
	}
	rest, next2, err := f.planner.PlanDay(ctx, f.db, day, next)
	if err != nil {
		t.Fatal(err)
	}
	if next2 != 0 || len(first)+len(rest) != len(want) {
		t.Fatalf("planned %d+%d (next %d), want %d accounts", len(first), len(rest), next2, len(want))
	}
	// The slots are on the service's clock (07:00 on the 15th); the queue
	// gets them on the machine's, shifted by the distance between the two.
	shift := func(planned []river.InsertManyParams) time.Duration {
		a := planned[0].Args.(jobargs.ExtractAccount)
		d := planned[0].InsertOpts.ScheduledAt.Sub(day.Add(jobs.SlotOf(a.AccountID)))
		if want := time.Since(day.Add(7 * time.Hour)); (d - want).Abs() > time.Minute {
			t.Fatalf("slots shifted by %v, want the machine's distance from the clock, %v", d, want)
		}
		return d
	}
	shifts := []time.Duration{shift(first), shift(rest)}
	perHour := map[int]int{}
	for i, j := range append(first, rest...) {
		args := j.Args.(jobargs.ExtractAccount)
		if args.AccountID != want[i] || args.Reason != "daily" || args.Day != "2026-06-15" {
			t.Fatalf("job %d: %+v, want account %d on 2026-06-15", i, args, want[i])
		}
		at := j.InsertOpts.ScheduledAt.Add(-shifts[min(i/jobs.ScheduleBatch, 1)])
		if at.Before(day) || !at.Before(day.Add(24*time.Hour)) || !at.Equal(day.Add(jobs.SlotOf(args.AccountID))) {
			t.Fatalf("account %d scheduled at %v, outside its slot of %v", args.AccountID, at, day)
		}
		perHour[at.Hour()]++
	}
	for h := range 24 {
		if perHour[h] < 10 { // ~42 expected per hour for 1004 accounts
			t.Errorf("hour %d has %d refreshes: not spread over the day (%v)", h, perHour[h], perHour)
		}
	}

	// Through the queue: the periodic job's args plan the whole day in
	// batches; planning twice enqueues nothing more.
	q := f.queue
	args := jobargs.ScheduleRefreshes{Day: day.Format(time.DateOnly)}
	for range 2 {
		if err := f.db.InTx(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, river.InsertManyParams{Args: args}) }); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		sched, _ := q.Jobs(ctx, jobargs.ScheduleRefreshes{}.Kind())
		doneSched := 0
		for _, j := range sched {
			if j.State == rivertype.JobStateCompleted {
				doneSched++
			}
		}
		// Read the refreshes after the planning jobs: a snapshot taken before
		// could miss what the last planning job enqueued.
		jobs, err := q.Jobs(ctx, jobargs.ExtractAccount{}.Kind())
		if err != nil {
			t.Fatal(err)
		}
		daily := 0
		for _, j := range jobs {
			if j.State == rivertype.JobStateScheduled || j.State == rivertype.JobStateAvailable || j.State == rivertype.JobStateCompleted || j.State == rivertype.JobStateRunning || j.State == rivertype.JobStateRetryable {
				daily++
			}
		}
		if doneSched == 2 { // the first batch and its continuation
			if daily < len(want) {
				states := map[rivertype.JobState]int{}
				for _, j := range jobs {
					states[j.State]++
				}
				t.Fatalf("%d refresh jobs after planning, want %d (states %v)", daily, len(want), states)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("planning jobs did not finish: %d of 2 done, %d refreshes", doneSched, daily)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Plan the same day again directly: every job is a duplicate.
	again, _, _ := f.planner.PlanDay(ctx, f.db, day, 0)
	if err := f.db.InTx(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, again...) }); err != nil {
		t.Fatal(err)
	}
	jobs, _ := q.Jobs(ctx, jobargs.ExtractAccount{}.Kind())
	daily := 0
	for _, j := range jobs {
		var a jobargs.ExtractAccount
		if err := jsonUnmarshal(j.EncodedArgs, &a); err == nil && a.Reason == "daily" {
			daily++
		}
	}
	if daily != len(want) {
		t.Fatalf("%d daily refresh jobs after planning the day twice, want %d (one per account)", daily, len(want))
	}
	// And one recurring-series tick for the user of those accounts (two
	// batches, each planned twice), none for the idle user (docs/0035).
	ticks, err := q.Jobs(ctx, jobargs.DetectRecurring{}.Kind())
	if err != nil {
		t.Fatal(err)
	}
	var ticked []int64
	for _, j := range ticks {
		var a jobargs.DetectRecurring
		if err := jsonUnmarshal(j.EncodedArgs, &a); err == nil && a.Day == "2026-06-15" {
			ticked = append(ticked, a.UserID)
		}
	}
	if len(ticked) != 1 || ticked[0] != f.user {
		t.Fatalf("recurring ticks of the day for users %v, want one for %d", ticked, f.user)
	}
}

// TestRefreshBesideDailyPlan: a refresh the user asks for is its own job,
// not a duplicate of the day's planned (and maybe not yet due) refresh.
func TestRefreshBesideDailyPlan(t *testing.T) {
	t.Parallel()
	f := setup(t, statement(1, 1))
	ctx := context.Background()
	day := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	f.clock.Set(clock.Frozen(day)) // every slot is still ahead
	q := f.queue
	err := f.db.InTx(ctx, func(tx store.Tx) error {
		if err := tx.TouchUser(ctx, f.user, day); err != nil {
			return err
		}
		a := centavo.Account{UserID: f.user, Connector: "ofx", Name: "A", Institution: centavo.Institution{URL: "http://b/", AccountID: "1"},
			SealedCredentials: []byte{1}, Status: centavo.AccountOK, CreatedAt: day}
		return tx.CreateAccount(ctx, &a)
	})
	if err != nil {
		t.Fatal(err)
	}
	planned, _, err := f.planner.PlanDay(ctx, f.db, day, 0)
	if err != nil || len(planned) == 0 {
		t.Fatalf("planned %d jobs: %v", len(planned), err)
	}
	acct := planned[0].Args.(jobargs.ExtractAccount).AccountID
	refresh := river.InsertManyParams{Args: jobargs.ExtractAccount{UserID: f.user, AccountID: acct, Reason: "refresh"}}
	if err := f.db.InTx(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, append(planned, refresh)...) }); err != nil {
		t.Fatal(err)
	}
	jobs, err := q.Jobs(ctx, jobargs.ExtractAccount{}.Kind())
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]int{}
	for _, j := range jobs {
		var a jobargs.ExtractAccount
		if err := jsonUnmarshal(j.EncodedArgs, &a); err != nil {
			t.Fatal(err)
		}
		if a.AccountID == acct {
			reasons[a.Reason]++
		}
	}
	if reasons["daily"] != 1 || reasons["refresh"] != 1 {
		t.Fatalf("jobs of account %d by reason: %v, want one daily and one refresh", acct, reasons)
	}
}
