package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
)

// Options choose what a run measures and how.
type Options struct {
	WorkDir     string // data folders go here
	PostgresURL string // a PostgreSQL server (any database on it): the run creates and drops its own database; "" skips PostgreSQL
	RedisURL    string // Redis for the "with Redis" reads; "" skips them
	SecretKey   string
	Target      string // an already running Centavo: only API ingest and reads, against it

	SQLite, Postgres                                bool // engines to measure
	Baselines, Ingest, OFX, Reads, History, Trivial bool // parts to measure

	Users          int     // users of the pre-generated runs (two accounts each)
	OFXUsers       int     // users of the sandbox-OFX runs
	ExtractWorkers int     // concurrent extractions (workers) per process
	MaxConns       int     // PostgreSQL connections per pool
	HistoryLevels  []int64 // stored transactions to measure ingest at (PostgreSQL)

	Rates        []float64     // fixed read rates
	SatRate      float64       // offered rate of the saturation runs
	ReadDuration time.Duration // per fixed rate
	SatDuration  time.Duration
	Concurrency  int    // connections of the read load
	OnlyReads    string // measure only the read targets whose name holds this

	Soak       time.Duration // 0: no soak
	SoakEngine string        // sqlite or postgres
	SoakWrite  float64       // transactions/s
	SoakRead   float64       // reads/s

	ServeArgs []string // extra flags of every serve process (log level, password cost, poll interval)
	Timeout   time.Duration
	Progress  io.Writer // one line per step
	Command   string
}

// runner carries a run's state.
type runner struct {
	h   Harness
	o   Options
	rep *Report
	seq int
}

func (r *runner) logf(format string, args ...any) {
	if r.o.Progress != nil {
		fmt.Fprintf(r.o.Progress, "%s  %s  (load %s)\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...), LoadAvg())
	}
}

// tag names a fresh set of users.
func (r *runner) tag(what string) string {
	r.seq++
	return fmt.Sprintf("%s%d", what, r.seq)
}

func (r *runner) dir(name string) (string, error) {
	d := filepath.Join(r.o.WorkDir, name)
	if err := os.RemoveAll(d); err != nil {
		return "", err
	}
	return d, os.MkdirAll(d, 0o700)
}

// Run measures what the options ask and returns the report; a failure
// stops the run, with what was measured so far.
func Run(ctx context.Context, h Harness, o Options) (*Report, error) {
	r := &runner{h: h, o: o, rep: &Report{Started: time.Now(), Command: o.Command}}
	r.rep.Machine = DescribeMachine(ctx, o.PostgresURL)
	r.rep.Settings = r.settings()
	err := r.run(ctx)
	r.rep.Took = time.Since(r.rep.Started)
	r.rep.LoadAvgEnd = LoadAvg()
	r.rep.Targets = Verdicts(r.rep)
	return r.rep, err
}

func (r *runner) settings() []string {
	o := r.o
	s := []string{
		fmt.Sprintf("pre-generated runs: %d users (2 accounts each, first download: %d days back to the start of that month); sandbox-OFX runs: %d users",
			o.Users, 90, o.OFXUsers),
		fmt.Sprintf("extract workers per process: %d; PostgreSQL connections per pool: %d; serve flags: %s", o.ExtractWorkers, o.MaxConns, strings.Join(o.ServeArgs, " ")),
		fmt.Sprintf("reads: %d connections, %s per fixed rate, saturation offered %.0f/s for %s; months read: this and last",
			o.Concurrency, o.ReadDuration, o.SatRate, o.SatDuration),
	}
	if o.PostgresURL != "" {
		s = append(s, "postgres: "+redactURL(o.PostgresURL))
	}
	if o.RedisURL != "" {
		s = append(s, "redis: "+redactURL(o.RedisURL))
	}
	if o.Target != "" {
		s = append(s, "target: "+o.Target)
	}
	return s
}

func (r *runner) run(ctx context.Context) error {
	if r.o.Target != "" {
		return r.runTarget(ctx)
	}
	engines := (r.o.SQLite || r.o.Postgres) && (r.o.Baselines || r.o.Ingest || r.o.OFX || r.o.Reads || r.o.History)
	var d0 *Dataset
	if engines && (r.o.Baselines || r.o.Ingest || r.o.Reads || r.o.History) {
		r.logf("generating the dataset: %d sandbox customers", r.o.Users)
		var err error
		if d0, err = Generate(ctx, 1, r.o.Users, time.Now().UTC(), 2); err != nil {
			return err
		}
		r.logf("dataset: %d accounts, %d rows", len(d0.Accounts), d0.Rows())
	}
	if r.o.SQLite && engines {
		if err := r.sqlite(ctx, d0); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	if r.o.Postgres && r.o.PostgresURL != "" && engines {
		if err := r.postgres(ctx, d0); err != nil {
			return fmt.Errorf("postgres: %w", err)
		}
	}
	if r.o.Trivial {
		if err := r.trivial(ctx); err != nil {
			return fmt.Errorf("trivial handler: %w", err)
		}
	}
	if r.o.Soak > 0 {
		if err := r.soak(ctx); err != nil {
			return fmt.Errorf("soak: %w", err)
		}
	}
	return nil
}

func (r *runner) ingestOptions(tag string) IngestOptions {
	return IngestOptions{ExtractWorkers: r.o.ExtractWorkers, MaxConns: r.o.MaxConns, Timeout: r.o.Timeout, Tag: tag}
}

// verify checks the invariants with `centavo verify`.
func (r *runner) verify(ctx context.Context, b Backend) string {
	out, err := r.h.Verify(ctx, b)
	if err != nil {
		return "FAILED: " + strings.TrimSpace(out+" "+err.Error())
	}
	return strings.TrimSpace(out)
}

func (r *runner) addIngest(x IngestResult, baseline *WriteResult) {
	x.Baseline = baseline
	x.Name = fmt.Sprintf("%s, %s, %s", x.Engine, x.Path, x.Setup)
	r.rep.Ingest = append(r.rep.Ingest, x)
	r.logf("  %s: %d rows in %s = %.0f rows/s (drained %.0f/s), history %s, verify: %s",
		x.Name, x.Rows, x.Extract.Round(time.Millisecond), x.ExtractRate, x.DrainRate, count(x.History), x.Verify)
}

func (r *runner) addBaseline(name, engine string, history int64, w WriteResult) *WriteResult {
	r.rep.Baselines = append(r.rep.Baselines, Baseline{Name: name, Engine: engine, History: history, Result: w, Rate: w.Rate()})
	r.logf("  baseline %s: %d rows in %s = %.0f rows/s", name, w.Rows, w.Elapsed.Round(time.Millisecond), w.Rate())
	return &r.rep.Baselines[len(r.rep.Baselines)-1].Result
}

// sqlite measures the embedded defaults.
func (r *runner) sqlite(ctx context.Context, d0 *Dataset) error {
	var bare *WriteResult
	if r.o.Baselines {
		r.logf("sqlite: bare write path")
		dir, err := r.dir("sqlite-bare")
		if err != nil {
			return err
		}
		b := Backend{DataDir: dir, SecretKey: r.o.SecretKey}
		places, err := r.accounts(ctx, b, d0, r.tag("sb"))
		if err != nil {
			return err
		}
		w, err := BareSQLite(ctx, filepath.Join(dir, "centavo.db"), d0, places)
		if err != nil {
			return err
		}
		bare = r.addBaseline("sqlite: prepared INSERT OR IGNORE + aggregate upsert", "sqlite", 0, w)
		if v := r.verify(ctx, b); !strings.HasPrefix(v, "OK") {
			return fmt.Errorf("verify after the bare path: %s", v)
		}
	}
	var readers []User
	var readBackend Backend
	if r.o.Ingest || r.o.Reads {
		r.logf("sqlite: end to end, pre-generated statements, %d accounts", len(d0.Accounts))
		dir, err := r.dir("sqlite-e2e")
		if err != nil {
			return err
		}
		b := Backend{DataDir: dir, SecretKey: r.o.SecretKey}
		x, users, err := IngestDirect(ctx, r.h, b, d0, r.ingestOptions(r.tag("se")))
		if err != nil {
			return err
		}
		x.Verify = r.verify(ctx, b)
		r.addIngest(x, bare)
		readers, readBackend = users, b
	}
	if r.o.OFX {
		r.logf("sqlite: end to end through the API and the sandbox bank's OFX, %d users", r.o.OFXUsers)
		dir, err := r.dir("sqlite-ofx")
		if err != nil {
			return err
		}
		b := Backend{DataDir: dir, SecretKey: r.o.SecretKey}
		x, _, err := IngestAPI(ctx, r.h, b, 1, r.o.OFXUsers, r.o.ServeArgs, r.ingestOptions(r.tag("so")))
		if err != nil {
			return err
		}
		x.Verify = r.verify(ctx, b)
		r.addIngest(x, bare)
	}
	if r.o.Reads && readers != nil {
		if err := r.reads(ctx, "sqlite, in-process cache", readBackend, readers, nil); err != nil {
			return err
		}
		if err := r.readsNoCache(ctx, "sqlite, no cache", readBackend, readers); err != nil {
			return err
		}
	}
	return nil
}

// accounts makes the users and accounts rows are written to around the
// application, and returns their placement.
func (r *runner) accounts(ctx context.Context, b Backend, d *Dataset, tag string) ([]Placement, error) {
	p, err := r.h.Pipeline(ctx, b, NewStatements(d), PipelineOptions{ExtractWorkers: 1, MaxConns: r.o.MaxConns})
	if err != nil {
		return nil, err
	}
	places, err := CreateAccounts(ctx, p.Cluster, d, tag)
	return places, errors.Join(err, p.Close())
}

// deadRedis is a Redis that is gone: it accepts connections and closes
// them at once. Every cache call fails fast, the client's breaker skips
// Redis for a second after each failure, and every read goes to the
// database — "no cache". (A closed port would do the same, but the Redis
// client retries failed dials with a backoff until the call's 50 ms budget
// runs out: one read a second would wait 50 ms, which is Redis being down,
// not the database path.) Stop it with the returned function.
func deadRedis() (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return "redis://" + ln.Addr().String() + "/0", func() { ln.Close() }, nil
}

// readsNoCache measures reads with the cache gone.
func (r *runner) readsNoCache(ctx context.Context, name string, b Backend, users []User) error {
	url, stop, err := deadRedis()
	if err != nil {
		return err
	}
	defer stop()
	return r.reads(ctx, name, b, users, []string{"--redis-url", url})
}

// postgres measures PostgreSQL, in a database of its own.
func (r *runner) postgres(ctx context.Context, d0 *Dataset) error {
	dbURL, drop, err := createDatabase(ctx, r.o.PostgresURL, fmt.Sprintf("centavo_loadgen_%d", time.Now().Unix()))
	if err != nil {
		return err
	}
	defer drop()
	dir, err := r.dir("postgres")
	if err != nil {
		return err
	}
	b := Backend{DataDir: dir, DatabaseURL: dbURL, SecretKey: r.o.SecretKey}
	readers, err := r.postgresLevel(ctx, b, d0, true)
	if err != nil {
		return err
	}
	if r.o.Reads && readers != nil {
		if err := r.postgresReads(ctx, b, readers); err != nil {
			return err
		}
	}
	if !r.o.History {
		return nil
	}
	return r.postgresHistory(ctx, b, d0)
}

// storedTransactions counts the transactions stored on the backend, -1
// when it cannot tell.
func storedTransactions(ctx context.Context, b Backend) int64 {
	w, err := newJobWatcher(ctx, b)
	if err != nil {
		return -1
	}
	defer w.close()
	n, _ := w.transactions(ctx)
	return n
}

// postgresLevel measures ingest of d on top of what is stored: the bare
// paths, end to end, and (first, on the empty database) through the API.
// The first level returns the users of its end-to-end run, for the reads.
func (r *runner) postgresLevel(ctx context.Context, b Backend, d *Dataset, first bool) ([]User, error) {
	var readers []User
	var bare *WriteResult
	if r.o.Baselines {
		h0 := storedTransactions(ctx, b)
		r.logf("postgres: bare write path at %s stored transactions", count(h0))
		places, err := r.accounts(ctx, b, d, r.tag("pb"))
		if err != nil {
			return nil, err
		}
		w, err := BarePostgres(ctx, b.DatabaseURL, d, places)
		if err != nil {
			return nil, err
		}
		bare = r.addBaseline("postgres: COPY to staging + INSERT … ON CONFLICT DO NOTHING + aggregate upsert", "postgres", h0, w)
		if first {
			u, err := BareUnlogged(ctx, b.DatabaseURL, d)
			if err != nil {
				return nil, err
			}
			r.addBaseline("postgres: COPY into an unindexed UNLOGGED table", "postgres", h0, u)
		}
	}
	if r.o.Ingest || (first && r.o.Reads) {
		r.logf("postgres: end to end, pre-generated statements, %d accounts, at %s stored transactions", len(d.Accounts), count(storedTransactions(ctx, b)))
		x, users, err := IngestDirect(ctx, r.h, b, d, r.ingestOptions(r.tag("pe")))
		if err != nil {
			return nil, err
		}
		x.Verify = r.verify(ctx, b)
		r.addIngest(x, bare)
		if first {
			readers = users
		}
	}
	if first && r.o.OFX {
		r.logf("postgres: end to end through the API and the sandbox bank's OFX, %d users", r.o.OFXUsers)
		x, _, err := IngestAPI(ctx, r.h, b, 1, r.o.OFXUsers, r.o.ServeArgs, r.ingestOptions(r.tag("po")))
		if err != nil {
			return nil, err
		}
		x.Verify = r.verify(ctx, b)
		r.addIngest(x, bare)
	}
	return readers, nil
}

// postgresReads measures the read API with each cache.
func (r *runner) postgresReads(ctx context.Context, b Backend, readers []User) error {
	if r.o.RedisURL != "" {
		if err := r.reads(ctx, "postgres, redis cache", b, readers, []string{"--redis-url", r.o.RedisURL}); err != nil {
			return err
		}
	}
	if err := r.reads(ctx, "postgres, in-process cache", b, readers, nil); err != nil {
		return err
	}
	return r.readsNoCache(ctx, "postgres, no cache", b, readers)
}

// postgresHistory measures ingest again at each history level, preloading
// transactions up to it first.
func (r *runner) postgresHistory(ctx context.Context, b Backend, d0 *Dataset) error {
	next := d0.First + uint64(r.o.Users)
	for _, want := range r.o.HistoryLevels {
		have := storedTransactions(ctx, b)
		if have < want {
			r.logf("postgres: preloading %s transactions through the store", count(want-have))
			if err := r.preload(ctx, b, want-have); err != nil {
				return err
			}
		}
		d, err := Generate(ctx, next, r.o.Users, time.Now().UTC(), 2)
		if err != nil {
			return err
		}
		next += uint64(r.o.Users)
		if _, err := r.postgresLevel(ctx, b, d, false); err != nil {
			return err
		}
	}
	return nil
}

// preload stores about n more transactions of whole sandbox histories
// (a year and more per customer), in chunks.
func (r *runner) preload(ctx context.Context, b Backend, n int64) error {
	p, err := r.h.Pipeline(ctx, b, NewStatements(), PipelineOptions{ExtractWorkers: 1, MaxConns: r.o.MaxConns})
	if err != nil {
		return err
	}
	defer p.Close()
	const chunk = 100
	var done int64
	first := uint64(10_000_000) + uint64(time.Now().Unix()%1000)*100_000
	start := time.Now()
	for done < n {
		d, err := GenerateHistory(ctx, first, chunk, time.Now().UTC(), 2)
		if err != nil {
			return err
		}
		first += chunk
		w, err := Preload(ctx, p.Cluster, d, r.tag("ph"), 2)
		if err != nil {
			return err
		}
		done += w.Rows
	}
	r.logf("  preloaded %d transactions in %s = %.0f rows/s (store path, 2 writers, one transaction per account)",
		done, time.Since(start).Round(time.Second), float64(done)/time.Since(start).Seconds())
	return nil
}

// reads measures the read API: a serve process with only the API role on
// the backend, warm caches, then each fixed rate and saturation.
func (r *runner) reads(ctx context.Context, name string, b Backend, users []User, extra []string) error {
	if r.o.OnlyReads != "" && !strings.Contains(name, r.o.OnlyReads) {
		return nil
	}
	r.logf("reads: %s", name)
	args := append(append(append(b.ServeArgs(), "--roles", "api"), r.o.ServeArgs...), extra...)
	srv, err := r.h.Serve(ctx, args)
	if err != nil {
		return err
	}
	defer srv.Stop()
	now := centavo.MonthOf(time.Now().UTC())
	months := []centavo.Month{now, now.Add(-1)}
	for _, ep := range []string{EndpointSpending, EndpointTransactions, EndpointSearch} {
		t := ReadTarget{Base: srv.Base, Endpoint: ep, Users: users, Months: months}
		if err := Warm(ctx, t); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return r.readRuns(ctx, name, srv, func(ep string) ReadTarget {
		return ReadTarget{Base: srv.Base, Endpoint: ep, Users: users, Months: months}
	}, []string{EndpointSpending, EndpointTransactions, EndpointSearch})
}

func (r *runner) readRuns(ctx context.Context, name string, srv *Server, target func(string) ReadTarget, endpoints []string) error {
	for k, ep := range endpoints {
		rates := r.o.Rates
		if k > 0 && len(rates) > 1 { // secondary endpoints: the highest fixed rate only
			rates = rates[len(rates)-1:]
		}
		for _, rate := range rates {
			x := RunRead(ctx, name, target(ep), Load{Rate: rate, Duration: r.o.ReadDuration, Concurrency: r.o.Concurrency}, false, srv.PID)
			r.addRead(x)
		}
		x := RunRead(ctx, name, target(ep), Load{Rate: r.o.SatRate, Duration: r.o.SatDuration, Concurrency: r.o.Concurrency, Grace: time.Second}, true, srv.PID)
		r.addRead(x)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) addRead(x ReadResult) {
	r.rep.Reads = append(r.rep.Reads, x)
	offered := fmt.Sprintf("%.0f/s", x.Offered)
	if x.Saturation {
		offered = "saturation"
	}
	r.logf("  %s %s at %s: %.0f/s, p50 %s p99 %s p99.9 %s, %d errors, %d unsent", x.Name, x.Endpoint, offered, x.Throughput,
		ms(x.P50), ms(x.P99), ms(x.P999), x.Errors, x.Unsent+x.Abandoned)
}

// trivial measures the trivial handler under the same load.
func (r *runner) trivial(ctx context.Context) error {
	r.logf("reads: trivial net/http handler")
	srv, err := r.h.Trivial(ctx)
	if err != nil {
		return err
	}
	defer srv.Stop()
	t := ReadTarget{Base: srv.Base, Endpoint: EndpointTrivial}
	if err := Warm(ctx, t); err != nil {
		return err
	}
	return r.readRuns(ctx, "trivial handler", srv, func(string) ReadTarget { return t }, []string{EndpointTrivial})
}

func (r *runner) soak(ctx context.Context) error {
	r.logf("soak: %s on %s, %.0f transactions/s and %.0f reads/s", r.o.Soak, r.o.SoakEngine, r.o.SoakWrite, r.o.SoakRead)
	dir, err := r.dir("soak")
	if err != nil {
		return err
	}
	b := Backend{DataDir: dir, SecretKey: r.o.SecretKey}
	if r.o.SoakEngine == "postgres" {
		if r.o.PostgresURL == "" {
			return errNoPostgres
		}
		dbURL, drop, err := createDatabase(ctx, r.o.PostgresURL, fmt.Sprintf("centavo_soak_%d", time.Now().Unix()))
		if err != nil {
			return err
		}
		defer drop()
		b.DatabaseURL, b.RedisURL = dbURL, r.o.RedisURL
	}
	args := append([]string{"--extract-workers", fmt.Sprint(r.o.ExtractWorkers)}, r.o.ServeArgs...)
	res, err := Soak(ctx, r.h, b, args, SoakOptions{Duration: r.o.Soak, WriteRate: r.o.SoakWrite, ReadRate: r.o.SoakRead, WarmUsers: 50}, r.tag("sk"))
	if res != nil && err == nil {
		res.Verify = r.verify(ctx, b)
	}
	r.rep.Soak = res
	return err
}

// runTarget measures an already running Centavo: API ingest and reads.
func (r *runner) runTarget(ctx context.Context) error {
	h := targetHarness{Harness: r.h, base: r.o.Target}
	b := Backend{}
	var users []User
	if r.o.OFX || r.o.Ingest || r.o.Reads {
		r.logf("target: end to end through the API and the sandbox bank's OFX, %d users", r.o.OFXUsers)
		x, list, err := IngestAPI(ctx, h, b, uint64(time.Now().Unix()%100_000)*10, r.o.OFXUsers, nil, r.ingestOptions(r.tag("t")))
		if err != nil {
			return err
		}
		r.addIngest(x, nil)
		users = list
	}
	if r.o.Reads {
		srv, _ := h.Serve(ctx, nil)
		now := centavo.MonthOf(time.Now().UTC())
		months := []centavo.Month{now, now.Add(-1)}
		return r.readRuns(ctx, "target", srv, func(ep string) ReadTarget {
			return ReadTarget{Base: srv.Base, Endpoint: ep, Users: users, Months: months}
		}, []string{EndpointSpending, EndpointTransactions, EndpointSearch})
	}
	return nil
}

// targetHarness serves the given target instead of starting Centavo.
type targetHarness struct {
	Harness
	base string
}

func (t targetHarness) Serve(context.Context, []string) (*Server, error) {
	// PID 0: its process is not known (no CPU or memory figures).
	return &Server{Base: t.base, PID: 0, Stop: func() error { return nil }}, nil
}

// createDatabase creates a database on the server of serverURL and
// returns its URL and a function that drops it.
func createDatabase(ctx context.Context, serverURL, name string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return "", nil, fmt.Errorf("connect %s: %w", redactURL(serverURL), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		c, err := pgx.Connect(context.Background(), serverURL)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		_, _ = c.Exec(context.Background(), `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	}
	return u.String(), drop, nil
}
