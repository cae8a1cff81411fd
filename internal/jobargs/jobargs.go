// Package jobargs holds the arguments of Centavo's background jobs and the
// queues they run on: the contract between the code that enqueues a job
// (often inside the SQL transaction of the change that causes it) and the
// service that works it. It is a leaf: services import it instead of each
// other, and internal/jobs registers a worker per kind.
//
// A job's Kind and its JSON are stored with every queued job: renaming
// either strands the jobs already queued, so both are a contract too.
package jobargs

import (
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
)

// Queues.
const (
	// Extract runs discoveries and extractions: bank calls, many at once.
	Extract = "extract"
	// Periodic runs the planning of the daily refreshes, apart, so a
	// backlog of extractions never delays the next day's plan.
	Periodic = "periodic"
	// Default runs budget evaluations, deliveries, archive events and the
	// recomputation's map and reduce jobs.
	Default = river.QueueDefault
)

// pendingStates: a refresh is not enqueued twice while one waits or runs;
// once it finished (or waits for a retry) a new one may be enqueued.
var pendingStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// Discover asks for the accounts behind a new login to be listed.
type Discover struct {
	UserID    int64 `json:"user_id" river:"unique"`
	AccountID int64 `json:"account_id" river:"unique"` // the placeholder account
}

func (Discover) Kind() string { return "discover_accounts" }

func (Discover) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Extract, MaxAttempts: 8, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: pendingStates}}
}

// Reasons of an extraction.
const (
	ReasonLink    = "link"
	ReasonRefresh = "refresh"
	ReasonDaily   = "daily"
)

// ExtractAccount asks for one account's new transactions to be downloaded.
type ExtractAccount struct {
	UserID    int64  `json:"user_id" river:"unique"`
	AccountID int64  `json:"account_id" river:"unique"`
	Reason    string `json:"reason"` // link, refresh, daily
	// Day is the day a daily refresh is planned for (YYYY-MM-DD, UTC, on
	// the service's clock): a daily refresh is unique per account and day,
	// and apart from the link and refresh jobs (which have none).
	Day string `json:"day,omitempty" river:"unique"`
}

func (ExtractAccount) Kind() string { return "extract_account" }

func (ExtractAccount) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Extract, MaxAttempts: 8, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: pendingStates}}
}

// ScheduleRefreshes plans one batch of a day's refreshes, after the given
// account id; it enqueues its own continuation, so a shard with millions of
// accounts is planned in short jobs that can each fail and retry alone.
type ScheduleRefreshes struct {
	Day   string `json:"day" river:"unique"`   // YYYY-MM-DD, UTC
	After int64  `json:"after" river:"unique"` // last account id planned
}

func (ScheduleRefreshes) Kind() string { return "schedule_refreshes" }

func (ScheduleRefreshes) InsertOpts() river.InsertOpts {
	// Unique per (day, cursor) over every state, completed included: the
	// hourly periodic job plans each day once.
	return river.InsertOpts{Queue: Periodic, MaxAttempts: 20,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: rivertype.UniqueOptsByStateDefault()}}
}

// EvaluateBudgets asks for one user's budgets of the months a change
// touched to be evaluated: one job per change, not one per month
// (docs/0039-ingest-throughput.md).
type EvaluateBudgets struct {
	UserID int64 `json:"user_id"`
	// Month is the latest month (YYYY-MM); a job queued before Months
	// existed names only it.
	Month string `json:"month"`
	// Months are every month to evaluate (Month among them), oldest first;
	// absent: Month alone.
	Months []string `json:"months,omitempty"`
	// Settle: the budgets changed, not the spending: thresholds already
	// reached are recorded as crossed without a notification (docs/0036).
	Settle bool `json:"settle,omitempty"`
}

func (EvaluateBudgets) Kind() string { return "evaluate_budgets" }

func (EvaluateBudgets) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Default, MaxAttempts: 10}
}

// DetectRecurring asks for one user's recurring series to be found again
// and their alerts sent (docs/0035-recurring-bills.md). A change enqueues
// it in its own transaction (Detection), with no Day; the daily plan
// enqueues one per user and day (Day set, unique), for the alerts that
// come with time (bill_upcoming, recurring_missed).
type DetectRecurring struct {
	UserID int64  `json:"user_id" river:"unique"`
	Day    string `json:"day,omitempty" river:"unique"` // YYYY-MM-DD: the daily tick's
}

func (DetectRecurring) Kind() string { return "detect_recurring" }

func (d DetectRecurring) InsertOpts() river.InsertOpts {
	if d.Day == "" {
		return river.InsertOpts{Queue: Default, MaxAttempts: 10}
	}
	// One tick per user and day, whatever the planning's retries.
	return river.InsertOpts{Queue: Default, MaxAttempts: 10,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: rivertype.UniqueOptsByStateDefault()}}
}

// Detection is the detection a change of a user's transactions sets off,
// enqueued in the change's transaction.
func Detection(userID int64) river.InsertManyParams {
	return river.InsertManyParams{Args: DetectRecurring{UserID: userID}}
}

// Deliver sends one delivery of a notification (e-mail or webhook).
type Deliver struct {
	UserID     int64 `json:"user_id"`
	DeliveryID int64 `json:"delivery_id"`
}

func (Deliver) Kind() string { return "deliver_notification" }

func (Deliver) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Default, MaxAttempts: 12}
}

// ArchiveEvent writes one change event to the object store. It is enqueued
// in the transaction of the change, so the event is written if and only if
// the change committed.
type ArchiveEvent struct {
	Event         string    `json:"event"` // objstore.EventCategory or EventDeleteAccount
	At            time.Time `json:"at"`
	UserID        int64     `json:"user_id"`
	AccountID     int64     `json:"account_id"`
	InstitutionID string    `json:"institution_id,omitempty"`
	PostedAt      time.Time `json:"posted_at,omitzero"`
	AmountCents   int64     `json:"amount_cents,omitempty"`
	Category      string    `json:"category,omitempty"`
	Pending       bool      `json:"pending,omitempty"`
	// Since: a delete_account event's account was created then, so its
	// objects lie on the days from then on (zero, in jobs queued before
	// the field: anywhere). The worker removes them after the event.
	Since time.Time `json:"since,omitzero"`
}

func (ArchiveEvent) Kind() string { return "archive_event" }

func (ArchiveEvent) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Default, MaxAttempts: 25}
}

// ArchiveDrops writes the drop events of one batch of an account (see
// objstore.EventDrop) as one object. Like ArchiveEvent it is enqueued in
// the batch's transaction.
type ArchiveDrops struct {
	At        time.Time `json:"at"`
	UserID    int64     `json:"user_id"`
	AccountID int64     `json:"account_id"`
	Rows      []Dropped `json:"rows"`
}

// Dropped is one row a batch left out or removed.
type Dropped struct {
	InstitutionID string    `json:"institution_id"`
	PostedAt      time.Time `json:"posted_at"`
	AmountCents   int64     `json:"amount_cents"`
	Pending       bool      `json:"pending,omitempty"`
}

func (ArchiveDrops) Kind() string { return "archive_drops" }

func (ArchiveDrops) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Default, MaxAttempts: 25}
}

// FetchRates downloads the ECB reference rates from --rates-url and stores
// them (docs/0028-currencies.md); the scheduler enqueues one every six
// hours, unique per Slot.
type FetchRates struct {
	Slot string `json:"slot"` // YYYY-MM-DDTHH of the six-hour window
}

func (FetchRates) Kind() string { return "fetch_rates" }

func (FetchRates) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Periodic, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// PurgeUser removes what the object store holds of a deleted user: logs,
// raw responses and events, on the days from Since (the user's sign-up) to
// At (the deletion) and a little after. It is enqueued in the transaction
// that deletes the user.
type PurgeUser struct {
	UserID int64     `json:"user_id"`
	Since  time.Time `json:"since"`
	At     time.Time `json:"at"`
}

func (PurgeUser) Kind() string { return "purge_user" }

func (PurgeUser) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Default, MaxAttempts: 25}
}

// RecomputeMap maps one object of the store (a recomputation run).
type RecomputeMap struct {
	Run   string `json:"run"`
	Month string `json:"month"`
	Key   string `json:"key"`
	N     int    `json:"n"` // index of this map
	Parts int    `json:"parts"`
}

func (RecomputeMap) Kind() string { return "recompute_map" }

func (RecomputeMap) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Default, MaxAttempts: 5}
}

// RecomputeReduce reduces one partition of a recomputation run.
type RecomputeReduce struct {
	Run   string `json:"run"`
	Month string `json:"month"`
	Part  int    `json:"part"`
}

func (RecomputeReduce) Kind() string { return "recompute_reduce" }

func (RecomputeReduce) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Default, MaxAttempts: 5}
}

// BudgetChanged returns the evaluation of a month whose budgets (income,
// override, thresholds, …) changed: it settles the alert states without
// notifying (docs/0036).
func BudgetChanged(userID int64, month centavo.Month) []river.InsertManyParams {
	return []river.InsertManyParams{{Args: EvaluateBudgets{UserID: userID, Month: month.String(), Settle: true}}}
}

// Evaluations returns the budget evaluation of the months a change touched:
// one job, whatever their number (none without a month). Month is the
// latest of them, so that a worker that predates Months still evaluates
// the one month that alerts when the change touched it.
func Evaluations(userID int64, months ...centavo.Month) []river.InsertManyParams {
	if len(months) == 0 {
		return nil
	}
	ms := make([]string, len(months))
	for i, m := range months {
		ms[i] = m.String() // YYYY-MM: sorts as the months do
	}
	slices.Sort(ms)
	ms = slices.Compact(ms)
	job := EvaluateBudgets{UserID: userID, Month: ms[len(ms)-1]}
	if len(ms) > 1 {
		job.Months = ms
	}
	return []river.InsertManyParams{{Args: job}}
}

// EvaluatedMonths are the months a job asks to evaluate (Month when it has
// no Months), each once.
func (e EvaluateBudgets) EvaluatedMonths() []string {
	if len(e.Months) == 0 {
		return []string{e.Month}
	}
	if slices.Contains(e.Months, e.Month) || e.Month == "" {
		return e.Months
	}
	return append(slices.Clone(e.Months), e.Month)
}

// PlanDigests enqueues one batch of a day's digest e-mails on a shard (the
// users after the given id); the daily plan enqueues its first batch
// (docs/0037).
type PlanDigests struct {
	Day   string `json:"day" river:"unique"`   // YYYY-MM-DD, UTC
	After int64  `json:"after" river:"unique"` // last user id planned
}

func (PlanDigests) Kind() string { return "plan_digests" }

func (PlanDigests) InsertOpts() river.InsertOpts {
	// Once per day and cursor, over every state, like the refreshes' plan.
	return river.InsertOpts{Queue: Periodic, MaxAttempts: 20,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: rivertype.UniqueOptsByStateDefault()}}
}

// Digest builds and sends one user's digest e-mail of one period
// ("daily:2026-12-07", "weekly:2026-12-07" for the week from that Monday).
type Digest struct {
	UserID int64  `json:"user_id" river:"unique"`
	Period string `json:"period" river:"unique"`
}

func (Digest) Kind() string { return "send_digest" }

func (Digest) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Default, MaxAttempts: 12,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: rivertype.UniqueOptsByStateDefault()}}
}

// InvalidateCache bumps one user's cache generation (docs/0040): the
// durable half of an invalidation. A change that invalidates the user's
// cached summaries enqueues it in its own transaction when the cache is
// shared (Invalidation), so the bump happens at least once even if the
// process dies between the commit and its immediate invalidation
// (cache.Forget), or that invalidation fails. Not unique: a River unique
// job also blocks inserts while it runs, and a change committed after the
// running job's bump would then go without one.
type InvalidateCache struct {
	UserID int64 `json:"user_id"`
}

func (InvalidateCache) Kind() string { return "cache_invalidate" }

// InvalidateAttempts: retried about every 10 s at most (the worker's
// NextRetry) for longer than a cached value lives.
const InvalidateAttempts = 100

func (InvalidateCache) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Default, MaxAttempts: InvalidateAttempts}
}

// Invalidation returns the durable invalidation of the user's cached values
// to enqueue in a change's transaction: one job when the cache is shared
// by processes, none otherwise (an in-process cache dies with its process).
func Invalidation(shared bool, userID int64) []river.InsertManyParams {
	if !shared {
		return nil
	}
	return []river.InsertManyParams{{Args: InvalidateCache{UserID: userID}}}
}
