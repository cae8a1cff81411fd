package ledger

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/clock/clocktest"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// fixture is a ledger Service over SQLite in a temp dir, with an
// insert-only job queue (the jobs a change enqueues are looked at, never
// worked), on a clock frozen at the test's instant.
type fixture struct {
	t     *testing.T
	db    *sqlite.DB
	q     queue.Client
	svc   *Service
	rules *categorize.Service // the rules' reads and deletion
	now   time.Time
	month centavo.Month // the clock's month
	prev  centavo.Month // the month before: every day of it is past
	seq   int           // makes institution ids unique
}

func setup(t *testing.T, withCache bool) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q, err := db.NewQueue(&river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	now := clocktest.New(t)().UTC()
	svc := &Service{Cluster: store.Single{Store: db}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock.Frozen(now)}
	if withCache {
		svc.Cache = cache.NewMemory(1 << 20)
	}
	m := centavo.MonthOf(now)
	return &fixture{t: t, db: db, q: q, svc: svc, rules: &categorize.Service{Cluster: svc.Cluster, Now: svc.Now}, now: now, month: m, prev: m.Add(-1)}
}

// newUser stores a user who signed up a month ago (old enough for their
// votes to count, given two months of transactions) with one account, and
// returns their ids.
func (f *fixture) newUser(email, currency string) (userID, accountID int64) {
	f.t.Helper()
	return f.newUserAt(email, currency, f.now.AddDate(0, -1, 0))
}

// newUserAt is newUser with the user's sign-up time.
func (f *fixture) newUserAt(email, currency string, created time.Time) (userID, accountID int64) {
	f.t.Helper()
	u := centavo.User{Email: email, PasswordHash: "x", Currency: currency, CreatedAt: created}
	f.write(func(tx store.Tx) error { return tx.CreateUser(context.Background(), &u) })
	return u.ID, f.newAccount(u.ID)
}

func (f *fixture) newAccount(userID int64) int64 {
	f.t.Helper()
	f.seq++
	a := centavo.Account{
		UserID: userID, Connector: centavo.ConnectorOFX, Name: "Checking", Type: "checking", Currency: "USD",
		Institution:       centavo.Institution{URL: "http://bank.example/ofx", Org: "BANK", FID: "1", BankID: "1", AccountID: "acct" + strconv.Itoa(f.seq)},
		SealedCredentials: []byte{1}, Status: centavo.AccountOK, CreatedAt: f.now,
	}
	f.write(func(tx store.Tx) error { return tx.CreateAccount(context.Background(), &a) })
	return a.ID
}

// txn is a transaction to insert: merchant "" has no merchant key.
type txn struct {
	account  int64
	posted   time.Time
	cents    int64
	category string
	merchant string
}

// insert stores transactions of a user and adds them to the monthly
// aggregates, as ingest does, and returns them with their ids.
func (f *fixture) insert(userID int64, list ...txn) []centavo.Transaction {
	f.t.Helper()
	var txns []centavo.Transaction
	for _, x := range list {
		f.seq++
		txns = append(txns, centavo.Transaction{
			UserID: userID, AccountID: x.account, InstitutionID: "fit" + strconv.Itoa(f.seq), PostedAt: x.posted,
			Seller: x.merchant + " #" + strconv.Itoa(f.seq), Merchant: x.merchant, MerchantKey: x.merchant, AmountCents: x.cents,
			Currency: "USD", Category: x.category, CategorySource: centavo.SourceSeed, CreatedAt: f.now,
		})
	}
	f.write(func(tx store.Tx) error {
		var err error
		if txns, err = tx.InsertTransactions(context.Background(), txns); err != nil {
			return err
		}
		deltas, err := store.SumDeltas(txns, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(context.Background(), userID, deltas)
	})
	return txns
}

func (f *fixture) write(fn func(tx store.Tx) error) {
	f.t.Helper()
	if err := f.db.InTx(context.Background(), fn); err != nil {
		f.t.Fatal(err)
	}
}

// day is noon of day d (0-based) of the month before the clock's.
func (f *fixture) day(d int) time.Time {
	return f.prev.Start().AddDate(0, 0, d).Add(12 * time.Hour)
}

// stored reads a transaction back from the store.
func (f *fixture) stored(userID, id int64) centavo.Transaction {
	f.t.Helper()
	t, err := f.db.Transaction(context.Background(), userID, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return t
}

// spent is the month's summary as a map of category → spent and count.
func (f *fixture) spent(userID int64, m centavo.Month) (total int64, lines map[string][2]int64) {
	f.t.Helper()
	s, err := f.svc.Spending(context.Background(), userID, m)
	if err != nil {
		f.t.Fatal(err)
	}
	lines = map[string][2]int64{}
	for _, c := range s.Categories {
		lines[c.Category] = [2]int64{c.SpentCents, c.Count}
	}
	return s.TotalSpentCents, lines
}

// jobArgs lists the encoded args of the enqueued jobs of a kind, sorted.
func (f *fixture) jobArgs(kind string) []string {
	f.t.Helper()
	jobs, err := f.q.Jobs(context.Background(), kind)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, j := range jobs {
		out = append(out, string(j.EncodedArgs))
	}
	sort.Strings(out)
	return out
}

// verify checks the store's invariants: every aggregate row equals the sum
// of its transactions.
func (f *fixture) verify() {
	f.t.Helper()
	r, err := f.db.Verify(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	if !r.OK() {
		f.t.Fatalf("store invariants violated: %+v", r)
	}
}
