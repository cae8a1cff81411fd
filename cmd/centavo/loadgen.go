package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/crowd"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/jobs"
	"github.com/centavo/centavo/internal/loadgen"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
)

const loadgenUsage = `Usage: centavo loadgen [flags]

Measures Centavo on this machine: end-to-end ingest (transactions stored,
categorized, aggregated, budget job enqueued, per second) against the bare
write path of the same rows on the same database, and the read API under an
open-loop load (requests due on a clock; latency from each due time) against
a trivial net/http handler. Servers run as child processes of this binary
(--in-process: inside this one, for --cpuprofile); everything is on
127.0.0.1. See docs/BENCHMARKS.md.

  centavo loadgen --all --postgres-url postgres://postgres@127.0.0.1:5432/postgres --redis-url redis://127.0.0.1:6379/13

Parts (default: --sqlite --baselines --ingest --reads --trivial):
`

func loadgenCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, loadgenUsage)
		fs.PrintDefaults()
	}
	var (
		o                                                       loadgen.Options
		all, jsonOut, keep, inProcess, trivialServer            bool
		rates, history, workDir, cpuProfile, jsonFile, addrFile string
		logLevel                                                string
		pollInterval                                            time.Duration
	)
	fs.BoolVar(&all, "all", false, "measure everything: both engines (PostgreSQL with --postgres-url), baselines, ingest at each history level, reads, trivial handler")
	fs.BoolVar(&o.SQLite, "sqlite", false, "measure the embedded defaults (SQLite, in-process cache)")
	fs.BoolVar(&o.Postgres, "postgres", false, "measure PostgreSQL (needs --postgres-url), with Redis when --redis-url is set")
	fs.BoolVar(&o.Baselines, "baselines", false, "measure the bare write paths on the same rows")
	fs.BoolVar(&o.Ingest, "ingest", false, "measure end-to-end ingest with pre-generated statements (users and links made directly through the services)")
	fs.BoolVar(&o.OFX, "ofx", false, "measure end-to-end ingest through the HTTP API and the sandbox bank's OFX")
	fs.BoolVar(&o.Reads, "reads", false, "measure the read API at each --rates and at saturation")
	fs.BoolVar(&o.History, "history", false, "measure PostgreSQL ingest again after preloading to each --history level")
	fs.BoolVar(&o.Trivial, "trivial", false, "measure a trivial net/http handler under the same load (the read ceiling)")
	fs.StringVar(&o.PostgresURL, "postgres-url", "", "PostgreSQL server to measure (a database on it); loadgen creates and drops its own database")
	fs.StringVar(&o.RedisURL, "redis-url", "", "Redis for the reads \"with Redis\" (use a database number of its own: keys are not prefixed per run)")
	fs.StringVar(&o.Target, "target", "", "measure an already running Centavo at this URL (http://127.0.0.1:port): API ingest and reads only")
	fs.IntVar(&o.Users, "users", 1000, "users of the pre-generated runs (two sandbox accounts each, about 470 rows per user)")
	fs.IntVar(&o.OFXUsers, "ofx-users", 200, "users of the sandbox-OFX runs")
	fs.IntVar(&o.ExtractWorkers, "extract-workers", 20, "concurrent extractions per process (serve's --extract-workers)")
	fs.IntVar(&o.MaxConns, "database-max-conns", 20, "PostgreSQL connections per pool (serve's --database-max-conns)")
	fs.DurationVar(&pollInterval, "poll-interval", time.Second, "how often workers poll for jobs (serve's --poll-interval)")
	fs.StringVar(&history, "history-levels", "1000000,5000000", "stored transactions at which --history measures ingest again")
	fs.StringVar(&rates, "rates", "200,2000", "fixed read rates, requests per second")
	fs.Float64Var(&o.SatRate, "saturation-rate", 100_000, "offered rate of the saturation runs (far above capacity)")
	fs.DurationVar(&o.ReadDuration, "read-duration", 15*time.Second, "length of each fixed-rate read run")
	fs.DurationVar(&o.SatDuration, "saturation-duration", 10*time.Second, "length of each saturation run")
	fs.IntVar(&o.Concurrency, "connections", 64, "connections of the read load (requests in flight at most)")
	fs.StringVar(&o.OnlyReads, "only-reads", "", "with --reads, measure only the targets whose name holds this (e.g. \"sqlite, in-process\")")
	fs.DurationVar(&o.Soak, "soak", 0, "also run a soak this long (e.g. 10m): new users linking (writes) and reads at --soak-write-rate : --soak-read-rate")
	fs.StringVar(&o.SoakEngine, "soak-engine", "sqlite", "engine of the soak: sqlite or postgres (with --redis-url)")
	fs.Float64Var(&o.SoakWrite, "soak-write-rate", 2000, "new transactions per second during the soak")
	fs.Float64Var(&o.SoakRead, "soak-read-rate", 200, "reads per second during the soak")
	fs.StringVar(&logLevel, "serve-log-level", "warn", "--log-level of the serve processes (info logs every request)")
	fs.DurationVar(&o.Timeout, "timeout", 30*time.Minute, "longest wait for one ingest run")
	fs.StringVar(&workDir, "work-dir", "", "folder for data folders and logs (default: a temporary folder, removed unless --keep)")
	fs.BoolVar(&keep, "keep", false, "keep the work folder")
	fs.BoolVar(&inProcess, "in-process", false, "run serve and the trivial server inside this process (for --cpuprofile) instead of as child processes")
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of this process to the file")
	fs.BoolVar(&jsonOut, "json", false, "print the report as JSON instead of text")
	fs.StringVar(&jsonFile, "json-file", "", "also write the JSON report to this file")
	fs.BoolVar(&trivialServer, "trivial-server", false, "internal: serve the trivial handler (a child process of loadgen)")
	fs.StringVar(&addrFile, "addr-file", "", "internal: with --trivial-server, write the address listened on to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("loadgen: unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if trivialServer {
		return serveTrivial(ctx, addrFile)
	}
	var err error
	if o.Rates, err = floats(rates); err != nil {
		return fmt.Errorf("--rates: %w", err)
	}
	levels, err := floats(history)
	if err != nil {
		return fmt.Errorf("--history-levels: %w", err)
	}
	for _, l := range levels {
		o.HistoryLevels = append(o.HistoryLevels, int64(l))
	}
	if all {
		o.SQLite, o.Baselines, o.Ingest, o.OFX, o.Reads, o.Trivial = true, true, true, true, true, true
		o.Postgres, o.History = o.PostgresURL != "", o.PostgresURL != ""
	}
	if !o.Baselines && !o.Ingest && !o.OFX && !o.Reads && !o.History && !o.Trivial && o.Soak == 0 {
		o.Baselines, o.Ingest, o.Reads, o.Trivial = true, true, true, true
	}
	if !o.SQLite && !o.Postgres {
		o.SQLite = true
	}
	if o.Postgres && o.PostgresURL == "" {
		return errors.New("--postgres needs --postgres-url")
	}
	if o.Users < 1 || o.OFXUsers < 1 || o.ExtractWorkers < 1 || o.Concurrency < 1 || o.SatRate <= 0 {
		return errors.New("--users, --ofx-users, --extract-workers, --connections and --saturation-rate must be positive")
	}
	if o.Soak > 0 && o.Soak < 2*time.Minute {
		return errors.New("--soak must be at least 2m (memory is compared between the second and the last minute)")
	}
	for _, u := range []string{o.PostgresURL, o.RedisURL, o.Target} {
		if err := loopbackOnly(u); err != nil {
			return err
		}
	}

	if workDir == "" {
		if workDir, err = os.MkdirTemp("", "centavo-loadgen-"); err != nil {
			return err
		}
		if !keep {
			defer os.RemoveAll(workDir)
		}
	} else if err := os.MkdirAll(workDir, 0o700); err != nil {
		return err
	}
	if o.SecretKey, err = seal.GenerateKey("k1"); err != nil {
		return err
	}
	o.WorkDir = workDir
	o.Progress = stderr
	o.Command = "centavo loadgen " + strings.Join(args, " ")
	o.ServeArgs = []string{"--log-level", logLevel, "--argon2-memory", "1024", "--argon2-passes", "1",
		"--poll-interval", pollInterval.String(), "--database-max-conns", strconv.Itoa(o.MaxConns), "--shutdown-timeout", "20s"}

	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	h := &loadgenHarness{dir: workDir, inProcess: inProcess, getenv: getenv, pollInterval: pollInterval}
	rep, runErr := loadgen.Run(ctx, h, o)
	if jsonFile != "" {
		f, err := os.Create(jsonFile)
		if err != nil {
			return errors.Join(runErr, err)
		}
		err = rep.WriteJSON(f)
		f.Close()
		if err != nil {
			return errors.Join(runErr, err)
		}
	}
	if jsonOut {
		if err := rep.WriteJSON(stdout); err != nil {
			return errors.Join(runErr, err)
		}
	} else {
		rep.WriteText(stdout)
	}
	if runErr != nil {
		return fmt.Errorf("loadgen: %w (logs in %s)", runErr, workDir)
	}
	return nil
}

func floats(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// loopbackOnly refuses URLs that leave the machine: the load generator is
// for measuring this machine, not for loading someone else's.
func loopbackOnly(u string) error {
	if u == "" {
		return nil
	}
	host := u
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if i := strings.IndexAny(host, "/?"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if ip := net.ParseIP(host); (ip != nil && ip.IsLoopback()) || host == "localhost" {
		return nil
	}
	return fmt.Errorf("loadgen sends traffic to this machine only (127.0.0.1, ::1): %q is elsewhere", host)
}

// serveTrivial is the trivial handler's server, in a child process.
func serveTrivial(ctx context.Context, addrFile string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if addrFile != "" {
		if err := os.WriteFile(addrFile, []byte(ln.Addr().String()), 0o600); err != nil {
			return err
		}
	}
	srv := &http.Server{Handler: loadgen.TrivialHandler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadgenHarness starts Centavo for the load generator with the wiring of
// serve: serve itself (as a child process, or in this one), or the ingest
// pipeline of `serve --roles worker` with a connector of the load
// generator's choosing.
type loadgenHarness struct {
	dir          string
	inProcess    bool
	getenv       func(string) string
	pollInterval time.Duration
	mu           sync.Mutex
	n            int
}

var _ loadgen.Harness = (*loadgenHarness)(nil)

// next names a log and address file.
func (h *loadgenHarness) next(what string) (logPath, addrPath string) {
	h.mu.Lock()
	h.n++
	n := h.n
	h.mu.Unlock()
	return filepath.Join(h.dir, fmt.Sprintf("%02d-%s.log", n, what)), filepath.Join(h.dir, fmt.Sprintf("%02d-%s.addr", n, what))
}

func (h *loadgenHarness) Serve(ctx context.Context, args []string) (*loadgen.Server, error) {
	return h.start(ctx, "serve", append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
}

func (h *loadgenHarness) Trivial(ctx context.Context) (*loadgen.Server, error) {
	return h.start(ctx, "trivial", []string{"loadgen", "--trivial-server"})
}

// start runs `centavo <args> --addr-file F` and waits until it listens.
func (h *loadgenHarness) start(ctx context.Context, what string, args []string) (*loadgen.Server, error) {
	logPath, addrPath := h.next(what)
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args = append(args, "--addr-file", addrPath)
	done := make(chan error, 1)
	var stop func() error
	pid := os.Getpid()
	if h.inProcess {
		runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		go func() { done <- run(runCtx, args, h.getenv, strings.NewReader(""), io.Discard, logFile) }()
		stop = func() error { cancel(); return <-done }
	} else {
		self, err := os.Executable()
		if err != nil {
			return nil, err
		}
		cmd := exec.Command(self, args...)
		cmd.Stdout, cmd.Stderr = io.Discard, logFile
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		pid = cmd.Process.Pid
		go func() { done <- cmd.Wait() }()
		stop = func() error {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case err := <-done:
				return err
			case <-time.After(60 * time.Second):
				_ = cmd.Process.Kill()
				<-done
				return fmt.Errorf("%s did not stop within 60s of SIGTERM", what)
			}
		}
	}
	var once sync.Once
	var stopErr error
	s := &loadgen.Server{PID: pid, Stop: func() error {
		once.Do(func() { stopErr = stop(); logFile.Close() })
		return stopErr
	}}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if b, err := os.ReadFile(addrPath); err == nil && len(b) > 0 {
			s.Base = "http://" + string(b)
			return s, nil
		}
		select {
		case err := <-done:
			logFile.Close()
			return nil, fmt.Errorf("%s exited before listening: %v (log: %s)", what, err, logPath)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("%s did not listen within 2 minutes (log: %s)", what, logPath)
		}
	}
}

func (h *loadgenHarness) config(b loadgen.Backend, maxConns int) config.Config {
	cfg := config.Config{DataDir: b.DataDir, RedisURL: b.RedisURL, MaxConns: maxConns, SecretKey: b.SecretKey}
	if b.DatabaseURL != "" {
		cfg.DatabaseURLs = []string{b.DatabaseURL}
	}
	return cfg
}

// Pipeline wires the ingest pipeline as serve does for the worker role,
// with conn as the "ofx" connector.
func (h *loadgenHarness) Pipeline(ctx context.Context, b loadgen.Backend, conn connector.Connector, o loadgen.PipelineOptions) (*loadgen.Pipeline, error) {
	cfg := h.config(b, o.MaxConns)
	logPath, _ := h.next("pipeline")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	log := newLogger(logFile, slog.LevelWarn)
	closers := []func() error{logFile.Close}
	fail := func(err error) (*loadgen.Pipeline, error) {
		for i := len(closers) - 1; i >= 0; i-- {
			_ = closers[i]()
		}
		return nil, err
	}
	bk, err := openDatabases(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	closers = append(closers, bk.close)
	keys, err := seal.ParseKeyring(b.SecretKey)
	if err != nil {
		return fail(err)
	}
	objects, err := openObjects(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	closers = append(closers, objects.Close)
	readCache, closeCache, err := openCache(cfg, log)
	if err != nil {
		return fail(err)
	}
	closers = append(closers, closeCache)
	sellers, err := categorize.Seeded()
	if err != nil {
		return fail(err)
	}
	crowdIndex := categorize.NewCrowdIndex(3, categorize.DefaultCrowdShare)
	if err := (&crowd.Sync{Index: crowdIndex, Shards: bk.shards, Interval: time.Minute, Logger: log}).Load(ctx); err != nil {
		return fail(err)
	}
	m := metrics.New()
	now := time.Now
	ing := &ingest.Service{
		Cluster: bk.cluster, Keys: keys, Objects: objects,
		Connectors:  map[string]connector.Connector{centavo.ConnectorOFX: conn},
		Categorizer: &categorize.Categorizer{Sellers: sellers, Crowd: crowdIndex},
		Cache:       readCache, Metrics: m, Logger: log, Now: now,
	}
	bud := &budget.Service{Cluster: bk.cluster, Logger: log, Now: now}
	not := &notify.Service{Cluster: bk.cluster, Keys: keys, Poster: notify.NewHTTPPoster(10*time.Second, false), Logger: log, Now: now}
	rec := &recompute.Service{Objects: objects, Logger: log}
	var queues []store.Queue
	for i, shard := range bk.shards {
		rc := jobs.Config(jobs.Deps{Ingest: ing, Budget: bud, Notify: not, Recompute: rec, Shard: shard, Metrics: m, Logger: log.With("shard", i)},
			jobs.Options{Work: true, ExtractWorker: o.ExtractWorkers, PollInterval: h.pollInterval})
		// No daily plan: its refreshes would mix with the measured jobs.
		rc.PeriodicJobs = nil
		q, err := shard.NewQueue(rc)
		if err != nil {
			return fail(err)
		}
		queues = append(queues, q)
	}
	started := false
	p := &loadgen.Pipeline{Cluster: bk.cluster, Ingest: ing, Metrics: m.Registry}
	p.Start = func(ctx context.Context) error {
		for i, q := range queues {
			if err := q.Start(context.WithoutCancel(ctx)); err != nil {
				return fmt.Errorf("start workers on shard %d: %w", i, err)
			}
		}
		started = true
		return nil
	}
	p.Close = func() error {
		var errs []error
		if started {
			for _, q := range queues {
				stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				if err := q.Stop(stopCtx); err != nil {
					errs = append(errs, err, q.StopAndCancel(context.Background()))
				}
				cancel()
			}
		}
		for i := len(closers) - 1; i >= 0; i-- {
			errs = append(errs, closers[i]())
		}
		return errors.Join(errs...)
	}
	return p, nil
}

// Verify runs `centavo verify` on the backend.
func (h *loadgenHarness) Verify(ctx context.Context, b loadgen.Backend) (string, error) {
	args := []string{"verify", "--data-dir", b.DataDir}
	if b.DatabaseURL != "" {
		args = append(args, "--database-url", b.DatabaseURL)
	}
	var out strings.Builder
	err := run(ctx, args, h.getenv, strings.NewReader(""), &out, io.Discard)
	return out.String(), err
}
