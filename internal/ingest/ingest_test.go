package ingest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
)

// fakeBank is a connector whose answers the test scripts.
type fakeBank struct {
	mu      sync.Mutex
	fetches atomic.Int64
	start   time.Time // when the test started, on its clock
	answers []answer  // one per call; the last repeats
}

// answer is the bank's answer to one download; its dates count back from
// the instant the test started (one instant, so that a test started at
// 23:59:59 gets the same dates before and after midnight).
type answer func(start time.Time) (connector.Statement, error)

func (f *fakeBank) Discover(ctx context.Context, inst centavo.Institution, creds centavo.Credentials) ([]connector.Discovered, error) {
	if creds.Password != "pw" {
		return nil, connector.Errorf(connector.KindAuth, nil, "refused")
	}
	a, b := inst, inst
	a.AccountID, a.AccountType, a.BankID = "111", "CHECKING", "9"
	b.AccountID, b.AccountType = "222", "CREDITCARD"
	return []connector.Discovered{{Name: "Checking", Type: "checking", Institution: a}, {Name: "Card", Type: "credit_card", Institution: b}}, nil
}

func (f *fakeBank) Fetch(ctx context.Context, inst centavo.Institution, creds centavo.Credentials, since time.Time) (connector.Statement, error) {
	n := f.fetches.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	i := min(int(n)-1, len(f.answers)-1)
	return f.answers[i](f.start)
}

func statement(from, to int) answer {
	return func(start time.Time) (connector.Statement, error) {
		st := connector.Statement{Raw: []byte("OFX"), RawExt: "ofx", Currency: "USD"}
		for i := from; i <= to; i++ {
			st.Transactions = append(st.Transactions, connector.Transaction{
				InstitutionID: fmt.Sprintf("F%d", i), PostedAt: start.UTC().AddDate(0, 0, -i),
				AmountCents: -int64(100 * i), Descriptor: "SQ *BLUE BOTTLE COFFEE OAKLAND CA", TrnType: "DEBIT",
			})
		}
		return st, nil
	}
}

func failing(kind connector.Kind) answer {
	return func(time.Time) (connector.Statement, error) {
		return connector.Statement{}, connector.Errorf(kind, errors.New("boom"), "the bank said %s", kind)
	}
}

type fixture struct {
	db       store.Store
	svc      *ingest.Service
	accounts *account.Service
	planner  *jobs.Planner // the daily plan, on the services' clock
	bank     *fakeBank
	user     int64
	queue    queue.Client
	rec      *recompute.Service
	ledger   *ledger.Service
	objects  *objstore.Store
	clock    *testClock
	start    time.Time // the clock's reading when the fixture was made
}

// testClock is the services' clock: the test's (CENTAVO_TEST_NOW) until a
// test sets another. Workers read it while the test runs, hence the atomic.
type testClock struct {
	now atomic.Pointer[func() time.Time]
}

func (c *testClock) Now() time.Time           { return (*c.now.Load())() }
func (c *testClock) Set(now func() time.Time) { c.now.Store(&now) }

// now reads the services' clock.
func (f *fixture) now() time.Time { return f.clock.Now() }

func setup(t testing.TB, answers ...answer) *fixture {
	t.Helper()
	ctx := context.Background()
	clk := &testClock{}
	clk.Set(clocktest.New(t))
	start := clk.Now()
	bank := &fakeBank{start: start, answers: answers}
	// The tests script every download: no hourly planning of the day's
	// refreshes (it runs at start, and whether an account's slot is already
	// past depends on the hour the tests run). TestDailySchedule enqueues
	// the planning itself.
	a := apptest.StartWith(t, clk.Now,
		[]app.Option{app.WithConnector(centavo.ConnectorOFX, bank), app.WithoutDailyPlan(), app.WithRetryPolicy(quickRetry{})},
		"--poll-interval", "20ms")
	db := a.Shards[0]
	u := centavo.User{Email: "u@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: start, LastActiveAt: start}
	if err := db.InTx(ctx, func(tx store.Tx) error { return tx.CreateUser(ctx, &u) }); err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, svc: a.Ingest, accounts: a.Accounts, bank: bank, user: u.ID, queue: a.Queues[0],
		rec: a.Recompute, ledger: a.Ledger, objects: a.Objects, clock: clk, start: start,
		planner: &jobs.Planner{Now: clk.Now, Logger: slog.New(slog.DiscardHandler)}}
}

// quickRetry retries after 10 ms, so tests of retries take no time. (River
// schedules on the machine's clock.)
type quickRetry struct{}

func (quickRetry) NextRetry(*rivertype.JobRow) time.Time {
	return clock.Real().Add(10 * time.Millisecond)
}

func (f *fixture) link(t *testing.T, password string) {
	t.Helper()
	_, err := f.accounts.Link(context.Background(), f.user, account.LinkParams{
		Connector: "ofx", URL: "http://bank.example/ofx", Org: "B", FID: "1", Login: "me", Password: password,
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) waitAccounts(t *testing.T, ok func([]centavo.Account) bool) []centavo.Account {
	t.Helper()
	deadline := clock.Real().Add(20 * time.Second)
	for {
		list, err := f.db.Accounts(context.Background(), f.user)
		if err != nil {
			t.Fatal(err)
		}
		if ok(list) {
			return list
		}
		if clock.Real().After(deadline) {
			t.Fatalf("accounts never reached the wanted state: %+v", list)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitSettled waits until every job of the given kinds for the fixture's
// user is finalized (completed, discarded or cancelled: none is waiting,
// scheduled, running or waiting for a retry) and returns them. A test shows
// that something did not happen — a retry — by looking at the settled jobs,
// not by sleeping for a guessed while.
func (f *fixture) waitSettled(t *testing.T, kinds ...string) []*rivertype.JobRow {
	t.Helper()
	deadline := clock.Real().Add(20 * time.Second)
	for {
		all, err := f.queue.Jobs(context.Background(), kinds...)
		if err != nil {
			t.Fatal(err)
		}
		var mine []*rivertype.JobRow
		settled := true
		for _, j := range all {
			var args struct {
				UserID int64 `json:"user_id"`
			}
			if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
				t.Fatalf("job %d (%s): %v", j.ID, j.Kind, err)
			}
			if args.UserID != f.user {
				continue
			}
			mine = append(mine, j)
			switch j.State {
			case rivertype.JobStateCompleted, rivertype.JobStateDiscarded, rivertype.JobStateCancelled:
			default:
				settled = false
			}
		}
		if settled {
			return mine
		}
		if clock.Real().After(deadline) {
			states := map[string]rivertype.JobState{}
			for _, j := range mine {
				states[fmt.Sprintf("%s %d", j.Kind, j.ID)] = j.State
			}
			t.Fatalf("jobs did not settle: %v", states)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

// ranOnce fails the test unless every job completed at its first attempt.
func ranOnce(t *testing.T, jobs []*rivertype.JobRow) {
	t.Helper()
	if len(jobs) == 0 {
		t.Fatal("no jobs")
	}
	for _, j := range jobs {
		if j.State != rivertype.JobStateCompleted || j.Attempt != 1 {
			t.Errorf("job %d (%s) is %s after %d attempts, want completed at the first (errors %+v)", j.ID, j.Kind, j.State, j.Attempt, j.Errors)
		}
	}
}

func statusIs(n int, status string) func([]centavo.Account) bool {
	return func(list []centavo.Account) bool {
		if len(list) != n {
			return false
		}
		for _, a := range list {
			if a.Status != status {
				return false
			}
		}
		return true
	}
}

func (f *fixture) verify(t *testing.T) store.VerifyReport {
	t.Helper()
	rep, err := f.db.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("invariants broken: %+v", rep)
	}
	return rep
}

// TestOverlappingDownloads: downloads that overlap store each transaction
// once, and the aggregates match.
func TestOverlappingDownloads(t *testing.T) {
	t.Parallel()
	f := setup(t, statement(1, 10), statement(1, 10), statement(5, 15), statement(5, 15))
	f.link(t, "pw")
	accts := f.waitAccounts(t, statusIs(2, centavo.AccountOK))
	ctx := context.Background()
	for _, a := range accts {
		prev := *a.LastUpdate
		if err := f.accounts.Refresh(ctx, f.user, a.ID); err != nil {
			t.Fatal(err)
		}
		f.waitAccounts(t, func(list []centavo.Account) bool {
			for _, b := range list {
				if b.ID == a.ID {
					return b.LastUpdate.After(prev)
				}
			}
			return false
		})
	}
	rep := f.verify(t)
	if rep.Transactions != 30 { // F1–F15 on each of the two accounts
		t.Fatalf("%d transactions stored, want 30", rep.Transactions)
	}
	txns, _ := f.db.Transactions(ctx, store.TransactionFilter{UserID: f.user, Limit: 100})
	for _, tx := range txns {
		if tx.Category != centavo.CatRestaurants || tx.CategorySource != centavo.SourceSeed || tx.Merchant != "Blue Bottle Coffee" {
			t.Fatalf("categorized as %+v", tx)
		}
	}
}

// TestTransientFailureRetried: a bank failure leaves the account in error
// with a message, and a later attempt succeeds.
func TestTransientFailureRetried(t *testing.T) {
	t.Parallel()
	f := setup(t, failing(connector.KindTransient), failing(connector.KindMalformed), statement(1, 3))
	f.link(t, "pw")
	f.waitAccounts(t, statusIs(2, centavo.AccountOK))
	if n := f.bank.fetches.Load(); n != 4 { // two failures, then one success per account
		t.Fatalf("%d fetches, want 4", n)
	}
	f.verify(t)
}

// TestAuthFailureNotRetried: refused credentials need the user; no retry.
func TestAuthFailureNotRetried(t *testing.T) {
	t.Parallel()
	f := setup(t, statement(1, 3))
	f.link(t, "wrong")
	list := f.waitAccounts(t, statusIs(1, centavo.AccountNeedsAttention))
	if list[0].LastError == "" {
		t.Fatal("no message for the user")
	}
	// The discovery job completed at its first attempt and nothing is
	// left to run: no retry, now or later.
	ranOnce(t, f.waitSettled(t, jobargs.Discover{}.Kind(), jobargs.ExtractAccount{}.Kind()))
	if list, _ := f.db.Accounts(context.Background(), f.user); len(list) != 1 || list[0].Status != centavo.AccountNeedsAttention {
		t.Fatalf("once the queue settled: %+v", list)
	}
	if n := f.bank.fetches.Load(); n != 0 {
		t.Fatalf("%d downloads with refused credentials", n)
	}
}

// TestRejectedStatement: a rejected download (e.g. unknown account) needs
// the user and is not retried.
func TestRejectedStatement(t *testing.T) {
	t.Parallel()
	f := setup(t, failing(connector.KindRejected))
	f.link(t, "pw")
	f.waitAccounts(t, statusIs(2, centavo.AccountNeedsAttention))
	ranOnce(t, f.waitSettled(t, jobargs.Discover{}.Kind(), jobargs.ExtractAccount{}.Kind()))
	if n := f.bank.fetches.Load(); n != 2 {
		t.Fatalf("%d fetches, want 2 (no retries)", n)
	}
}

// TestLinkTwice: linking the same login again adds no account.
func TestLinkTwice(t *testing.T) {
	t.Parallel()
	f := setup(t, statement(1, 3))
	f.link(t, "pw")
	f.waitAccounts(t, statusIs(2, centavo.AccountOK))
	f.link(t, "pw")
	list := f.waitAccounts(t, func(list []centavo.Account) bool {
		return len(list) == 3 && list[2].Status == centavo.AccountNeedsAttention
	})
	if list[2].LastError == "" {
		t.Fatal("placeholder of a duplicate link has no message")
	}
	_, err := f.accounts.Link(context.Background(), f.user, account.LinkParams{
		Connector: "ofx", URL: "http://bank.example/ofx", Org: "B", FID: "1", Login: "me", Password: "pw",
		BankID: "9", AccountID: "111", AccountType: "CHECKING",
	})
	if centavo.ErrorCode(err) != centavo.ECONFLICT {
		t.Fatalf("explicit duplicate link: %v", err)
	}
	f.verify(t)
}

// TestDeleteAccount: removing an account removes its transactions from the
// aggregates in the same transaction.
func TestDeleteAccount(t *testing.T) {
	t.Parallel()
	f := setup(t, statement(1, 5))
	f.link(t, "pw")
	accts := f.waitAccounts(t, statusIs(2, centavo.AccountOK))
	if err := f.accounts.Delete(context.Background(), f.user, accts[0].ID); err != nil {
		t.Fatal(err)
	}
	rep := f.verify(t)
	if rep.Transactions != 5 {
		t.Fatalf("%d transactions left, want 5", rep.Transactions)
	}
	if err := f.accounts.Delete(context.Background(), f.user, accts[0].ID); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Fatalf("second delete: %v", err)
	}
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
