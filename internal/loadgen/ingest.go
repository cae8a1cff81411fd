package loadgen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/sandbox"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

// IngestResult is one end-to-end ingest measurement: rows from the bank (or
// the pre-generated statements) until stored, categorized, added to the
// monthly aggregates, the account marked ok and the budget evaluation
// enqueued — every extraction job completed. Drain is until the queue is
// empty too (budget evaluations and notifications done).
type IngestResult struct {
	Name     string `json:"name"`
	Engine   string `json:"engine"`
	Path     string `json:"path"`  // "pregenerated" (statements from memory) or "sandbox-ofx" (OFX over HTTP, parsed)
	Setup    string `json:"setup"` // "direct" (users and links through the services, no HTTP) or "api"
	Users    int    `json:"users"`
	Accounts int    `json:"accounts"`
	// History is how many transactions were stored before the run.
	History        int64         `json:"history_transactions"`
	Rows           int64         `json:"rows"`
	Extract        time.Duration `json:"extract_ns"`
	Drain          time.Duration `json:"drain_ns"`
	ExtractRate    float64       `json:"rows_per_s"`
	DrainRate      float64       `json:"rows_per_s_drained"`
	FailedAttempts int64         `json:"failed_attempts"`
	CPU            CPUUsage      `json:"cpu"`
	// CPUPerRow is the CPU time the load generator's and the server's
	// processes spent per row stored (not the database server's): less
	// sensitive than rates to other work on the machine.
	CPUPerRow time.Duration `json:"cpu_per_row_ns"`
	Memory    Memory        `json:"memory"` // of the process that ingested
	Verify    string        `json:"verify"`
	// Baseline is the bare write path on the same rows at the same history.
	Baseline *WriteResult `json:"baseline,omitempty"`
}

// IngestOptions tune an ingest run.
type IngestOptions struct {
	ExtractWorkers int
	MaxConns       int
	Timeout        time.Duration // give up waiting after this long
	Tag            string        // distinguishes this run's e-mails
}

// jobWatcher reads the job queue and counts transactions, straight from
// the database (monitoring only).
type jobWatcher struct {
	pg *pgx.Conn
	db *sql.DB
}

func newJobWatcher(ctx context.Context, b Backend) (*jobWatcher, error) {
	if b.DatabaseURL != "" {
		c, err := pgx.Connect(ctx, b.DatabaseURL)
		if err != nil {
			return nil, err
		}
		return &jobWatcher{pg: c}, nil
	}
	db, err := sql.Open("sqlite", sqlite.ReaderDSN(filepath.Join(b.DataDir, "centavo.db")))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return &jobWatcher{db: db}, nil
}

func (w *jobWatcher) count(ctx context.Context, query string) (int64, error) {
	var n int64
	var err error
	if w.pg != nil {
		err = w.pg.QueryRow(ctx, query).Scan(&n)
	} else {
		err = w.db.QueryRowContext(ctx, query).Scan(&n)
	}
	return n, err
}

// pending counts jobs waiting or running (not the daily plan's, which
// waits for its time of day).
func (w *jobWatcher) pending(ctx context.Context) (int64, error) {
	return w.count(ctx, `SELECT count(*) FROM river_job
		WHERE state IN ('available', 'running', 'retryable', 'pending') AND kind <> 'schedule_refreshes'`)
}

func (w *jobWatcher) transactions(ctx context.Context) (int64, error) {
	return w.count(ctx, `SELECT count(*) FROM transactions`)
}

func (w *jobWatcher) close() {
	if w.pg != nil {
		w.pg.Close(context.Background())
	}
	if w.db != nil {
		w.db.Close()
	}
}

// waitDrained polls until no job is pending; it returns how long after
// start that was.
func (w *jobWatcher) waitDrained(ctx context.Context, start time.Time, timeout time.Duration) (time.Duration, error) {
	deadline := time.Now().Add(timeout)
	for {
		n, err := w.pending(ctx)
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return time.Since(start), nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%d jobs still pending after %v", n, timeout)
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return 0, err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// waitExtracted polls progress until want extraction jobs succeeded; it
// returns the progress then and how long after start it was.
func waitExtracted(ctx context.Context, start time.Time, want int, timeout time.Duration, read func(context.Context) (Progress, error)) (Progress, time.Duration, error) {
	deadline := time.Now().Add(timeout)
	for {
		p, err := read(ctx)
		if err != nil {
			return p, 0, err
		}
		if p.ExtractOK >= float64(want) {
			return p, time.Since(start), nil
		}
		if time.Now().After(deadline) {
			return p, 0, fmt.Errorf("only %.0f of %d extractions done after %v (%.0f rows, %.0f failed attempts)",
				p.ExtractOK, want, timeout, p.Rows, p.ExtractFailed)
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return p, 0, err
		}
	}
}

// forEach runs fn for 0…n-1 on workers goroutines and returns the first error.
func forEach(ctx context.Context, n, workers int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := fn(ctx, i); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

func email(tag string, n uint64) string {
	return fmt.Sprintf("lg-%s-%d@example.com", tag, n)
}

// longAgo is when users made directly were last active.
var longAgo = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// unusableHash is the password hash of users made directly: no password
// matches it (they act through issued tokens).
const unusableHash = "!loadgen"

// IngestDirect measures the pipeline on its own: the dataset's users are
// created and their accounts linked through the services (the store, no
// HTTP), which enqueues one extraction job per account; then the workers
// start and drain the backlog, extracting with the pre-generated statements.
// It returns the users with API tokens, for the read load.
func IngestDirect(ctx context.Context, h Harness, b Backend, d *Dataset, o IngestOptions) (IngestResult, []User, error) {
	res := IngestResult{Engine: b.Engine(), Path: "pregenerated", Setup: "direct", Users: d.Users(), Accounts: len(d.Accounts)}
	p, err := h.Pipeline(ctx, b, NewStatements(d), PipelineOptions{ExtractWorkers: o.ExtractWorkers, MaxConns: o.MaxConns})
	if err != nil {
		return res, nil, err
	}
	closed := false
	defer func() {
		if !closed {
			p.Close()
		}
	}()
	w, err := newJobWatcher(ctx, b)
	if err != nil {
		return res, nil, err
	}
	defer w.close()
	if res.History, err = w.transactions(ctx); err != nil {
		return res, nil, err
	}
	users, err := linkDirect(ctx, p, d, o.Tag)
	if err != nil {
		return res, nil, err
	}
	before, err := Gather(p.Metrics)
	if err != nil {
		return res, nil, err
	}
	base := ProgressOf(before)
	self := os.Getpid()
	cpu0 := TakeCPU(self)
	start := time.Now()
	if err := p.Start(ctx); err != nil {
		return res, nil, err
	}
	prog, took, err := waitExtracted(ctx, start, len(d.Accounts)+int(base.ExtractOK), o.Timeout, func(ctx context.Context) (Progress, error) {
		s, err := Gather(p.Metrics)
		return ProgressOf(s), err
	})
	if err != nil {
		return res, nil, err
	}
	cpu := TakeCPU(self).Since(cpu0)
	res.Extract, res.Rows, res.FailedAttempts = took, int64(prog.Rows-base.Rows), int64(prog.ExtractFailed-base.ExtractFailed)
	if res.Drain, err = w.waitDrained(ctx, start, o.Timeout); err != nil {
		return res, nil, err
	}
	res.CPU, res.Memory = cpu, MemoryOf(self)
	res.ExtractRate, res.DrainRate = rate(res.Rows, res.Extract), rate(res.Rows, res.Drain)
	res.CPUPerRow = cpuPerRow(cpu, res.Extract, res.Rows)
	closed = true
	if err := p.Close(); err != nil {
		return res, nil, err
	}
	return res, users, nil
}

func cpuPerRow(u CPUUsage, d time.Duration, rows int64) time.Duration {
	if rows <= 0 {
		return 0
	}
	var cores float64
	for _, c := range u.Processes {
		cores += c
	}
	return time.Duration(cores * float64(d) / float64(rows))
}

func rate(rows int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(rows) / d.Seconds()
}

// linkDirect creates the dataset's users, issues them tokens and links
// their accounts (named, so no discovery) through the ingest service,
// which enqueues one extraction per account.
func linkDirect(ctx context.Context, p *Pipeline, d *Dataset, tag string) ([]User, error) {
	authSvc := auth.New(p.Cluster, time.Now)
	n := d.Users()
	users := make([]User, n)
	err := forEach(ctx, n, 4, func(ctx context.Context, i int) error {
		cust := d.First + uint64(i)
		// Inactive as far as the daily refresh is concerned, so that no
		// serve process started later plans refreshes of these accounts in
		// the middle of another measurement (reading through the API makes
		// them active again).
		u := centavo.User{Email: email(tag, cust), PasswordHash: unusableHash, Currency: "USD", CreatedAt: longAgo, LastActiveAt: longAgo}
		if _, err := p.Cluster.CreateUser(ctx, &u); err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		tok, err := authSvc.IssueToken(ctx, u.ID)
		if err != nil {
			return err
		}
		users[i] = User{ID: u.ID, Email: u.Email, Token: tok, Customer: cust}
		for k := 2 * i; k < 2*i+2 && k < len(d.Accounts); k++ {
			a := d.Accounts[k]
			lp := account.LinkParams{Connector: centavo.ConnectorOFX, URL: "http://127.0.0.1:9/loadgen", Org: "SANDBOX", FID: "9999",
				Login: a.Customer.Login, Password: a.Customer.Password(), AccountID: a.Account.ID, AccountType: a.Account.Type, Name: a.Account.Name}
			if a.Account.Type != "CREDITCARD" {
				lp.BankID = sandbox.BankID
			}
			if _, err := p.Accounts.Link(ctx, u.ID, lp); err != nil {
				return fmt.Errorf("link: %w", err)
			}
		}
		return nil
	})
	return users, err
}

// IngestAPI measures Centavo as a user meets it: a `serve` process (all
// roles) on the backend; users sign up through the API, then link their
// sandbox bank login (served by the same process under /sandbox/ofx);
// discovery and extraction run through the queue, the connector talking
// OFX over HTTP. Timing starts at the first link.
func IngestAPI(ctx context.Context, h Harness, b Backend, first uint64, users int, serveArgs []string, o IngestOptions) (IngestResult, []User, error) {
	res := IngestResult{Engine: b.Engine(), Path: "sandbox-ofx", Setup: "api", Users: users, Accounts: 2 * users}
	args := append(append(b.ServeArgs(), "--extract-workers", fmt.Sprint(o.ExtractWorkers)), serveArgs...)
	srv, err := h.Serve(ctx, args)
	if err != nil {
		return res, nil, err
	}
	defer srv.Stop()
	// Against a running target the database is not ours to read: no
	// history count and no drain time.
	var w *jobWatcher
	if b.DataDir != "" || b.DatabaseURL != "" {
		if w, err = newJobWatcher(ctx, b); err != nil {
			return res, nil, err
		}
		defer w.close()
		if res.History, err = w.transactions(ctx); err != nil {
			return res, nil, err
		}
	}
	api := NewAPI(srv.Base, 32)
	list := make([]User, users)
	if err := forEach(ctx, users, 8, func(ctx context.Context, i int) error {
		cust := first + uint64(i)
		u, err := api.SignUp(ctx, email(o.Tag, cust))
		u.Customer = cust
		list[i] = u
		return err
	}); err != nil {
		return res, nil, err
	}
	read := func(ctx context.Context) (Progress, error) {
		s, err := api.Metrics(ctx)
		return ProgressOf(s), err
	}
	base, err := read(ctx)
	if err != nil {
		return res, nil, err
	}
	cpu0 := TakeCPU(os.Getpid(), srv.PID)
	start := time.Now()
	bankURL := srv.Base + "/sandbox/ofx"
	if err := forEach(ctx, users, 8, func(ctx context.Context, i int) error {
		c := list[i].Customer
		return api.Link(ctx, list[i], bankURL, Login(c), fmt.Sprintf("secret-%d", c))
	}); err != nil {
		return res, nil, err
	}
	prog, took, err := waitExtracted(ctx, start, 2*users+int(base.ExtractOK), o.Timeout, read)
	if err != nil {
		return res, nil, err
	}
	cpu := TakeCPU(os.Getpid(), srv.PID).Since(cpu0)
	res.Extract, res.Rows, res.FailedAttempts = took, int64(prog.Rows-base.Rows), int64(prog.ExtractFailed-base.ExtractFailed)
	if w != nil {
		if res.Drain, err = w.waitDrained(ctx, start, o.Timeout); err != nil {
			return res, nil, err
		}
	}
	res.CPU, res.Memory = cpu, MemoryOf(srv.PID)
	res.ExtractRate, res.DrainRate = rate(res.Rows, res.Extract), rate(res.Rows, res.Drain)
	res.CPUPerRow = cpuPerRow(cpu, res.Extract, res.Rows)
	return res, list, srv.Stop()
}

// CreateAccounts makes a user and two ok accounts per customer of the
// dataset, directly in the store (no jobs), for rows written around the
// application: the baselines and the history preload. Users are inactive,
// so the daily refresh leaves them alone.
func CreateAccounts(ctx context.Context, cluster store.Cluster, d *Dataset, tag string) ([]Placement, error) {
	places := make([]Placement, len(d.Accounts))
	long := longAgo
	err := forEach(ctx, d.Users(), 4, func(ctx context.Context, i int) error {
		cust := d.First + uint64(i)
		u := centavo.User{Email: email(tag, cust), PasswordHash: unusableHash, Currency: "USD", CreatedAt: long, LastActiveAt: long}
		st, err := cluster.CreateUser(ctx, &u)
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		return st.InTx(ctx, func(tx store.Tx) error {
			for k := 2 * i; k < 2*i+2 && k < len(d.Accounts); k++ {
				da := d.Accounts[k]
				typ := "credit_card"
				if da.Account.Type == "CHECKING" {
					typ = "checking"
				}
				a := centavo.Account{UserID: u.ID, Connector: centavo.ConnectorOFX, Name: da.Account.Name, Type: typ, Currency: "USD",
					Institution:       centavo.Institution{URL: "http://127.0.0.1:9/loadgen", Org: "SANDBOX", FID: "9999", AccountID: da.Account.ID, AccountType: da.Account.Type},
					SealedCredentials: []byte("none"), Status: centavo.AccountOK, CreatedAt: long}
				if err := tx.CreateAccount(ctx, &a); err != nil {
					return err
				}
				places[k] = Placement{UserID: u.ID, AccountID: a.ID}
			}
			return nil
		})
	})
	return places, err
}

// Preload stores the dataset's rows through the store (the path extraction
// uses, without the queue): per account one transaction that inserts its
// rows and adds them to the monthly aggregates.
func Preload(ctx context.Context, cluster store.Cluster, d *Dataset, tag string, workers int) (WriteResult, error) {
	places, err := CreateAccounts(ctx, cluster, d, tag)
	if err != nil {
		return WriteResult{}, err
	}
	var rows atomic.Int64
	start := time.Now()
	err = forEach(ctx, len(d.Accounts), workers, func(ctx context.Context, k int) error {
		a, p := &d.Accounts[k], places[k]
		txns := make([]centavo.Transaction, len(a.Statement.Transactions))
		for i := range txns {
			txns[i] = a.Transaction(i, p.UserID, p.AccountID)
		}
		st, err := cluster.ForUser(ctx, p.UserID)
		if err != nil {
			return err
		}
		return st.InTx(ctx, func(tx store.Tx) error {
			ins, err := tx.InsertTransactions(ctx, txns)
			if err != nil {
				return err
			}
			rows.Add(int64(len(ins)))
			deltas, err := store.SumDeltas(ins, 1)
			if err != nil {
				return err
			}
			return tx.AddMonthlySpending(ctx, p.UserID, deltas)
		})
	})
	if err != nil {
		return WriteResult{}, err
	}
	return WriteResult{Rows: rows.Load(), Elapsed: time.Since(start), Batches: len(d.Accounts)}, nil
}

var errNoPostgres = errors.New("no PostgreSQL database configured")
