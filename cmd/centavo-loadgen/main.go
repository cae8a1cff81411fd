// Command centavo-loadgen is Centavo's load generator (internal/loadgen): it
// measures ingest and reads on this machine against bare baselines, running
// the centavo binary's serve and verify as child processes. It is a binary of
// its own so that the service binary does not carry it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/loadgen"
	"github.com/centavo/centavo/internal/seal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "centavo-loadgen:", err)
		os.Exit(1)
	}
}

const usage = `Usage: centavo-loadgen [flags]

Measures Centavo on this machine: end-to-end ingest (transactions stored,
categorized, aggregated, budget job enqueued, per second) against the bare
write path of the same rows on the same database, and the read API under an
open-loop load (requests due on a clock; latency from each due time) against
a trivial net/http handler. Servers run as child processes: serve and verify
of the centavo binary beside this one (built into the work folder from this
module when there is none, as under go run), the trivial handler of this one
(--in-process: inside this process, for --cpuprofile). The pre-generated
ingest runs serve's worker pipeline inside this process. Serve processes and
that pipeline take the rest of serve's configuration from the environment
(e.g. CENTAVO_SELLERS_FILE, CENTAVO_CROWD_VOTERS); the backends are the
run's own. Everything is on 127.0.0.1. See docs/BENCHMARKS.md.

  go run ./cmd/centavo-loadgen --all --postgres-url postgres://postgres@127.0.0.1:5432/postgres --redis-url redis://127.0.0.1:6379/13

Parts (default: --sqlite --baselines --ingest --reads --trivial):
`

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var (
		o loadgen.Options
		f flags
	)
	fs := newFlagSet(stderr, &o, &f)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if f.trivialServer {
		return serveTrivial(ctx, f.addrFile)
	}
	if err := completeOptions(&o, f, getenv); err != nil {
		return err
	}

	workDir, cleanup, err := makeWorkDir(f.workDir, f.keep)
	if err != nil {
		return err
	}
	defer cleanup()
	if o.SecretKey, err = seal.GenerateKey("k1"); err != nil {
		return err
	}
	o.WorkDir = workDir
	o.Progress = stderr
	o.Command = "centavo-loadgen " + strings.Join(args, " ")

	h, err := newHarness(ctx, o, f.inProcess, getenv, stderr)
	if err != nil {
		return err
	}
	if f.cpuProfile != "" {
		stop, err := startCPUProfile(f.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	rep, runErr := loadgen.Run(ctx, h, o)
	if err := writeReport(rep, f.jsonFile, f.jsonOut, stdout); err != nil {
		return errors.Join(runErr, err)
	}
	if runErr != nil {
		return fmt.Errorf("%w (logs in %s)", runErr, workDir)
	}
	return nil
}

// flags are the settings of the command line that are not loadgen.Options.
type flags struct {
	all, jsonOut, keep, inProcess, trivialServer            bool
	rates, history, workDir, cpuProfile, jsonFile, addrFile string
	logLevel                                                string
	pollInterval                                            time.Duration
}

// newFlagSet defines the command line's flags into o and f.
func newFlagSet(stderr io.Writer, o *loadgen.Options, f *flags) *flag.FlagSet {
	fs := flag.NewFlagSet("centavo-loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.BoolVar(&f.all, "all", false, "measure everything: both engines (PostgreSQL with --postgres-url), baselines, ingest at each history level, reads, trivial handler")
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
	fs.StringVar(&o.Target, "target", "", "measure an already running Centavo at this URL (http://127.0.0.1:port): API ingest and reads only; start it with --signups-per-hour 0 (and --sandbox with --database-url)")
	fs.IntVar(&o.Users, "users", 1000, "users of the pre-generated runs (two sandbox accounts each, about 470 rows per user)")
	fs.IntVar(&o.OFXUsers, "ofx-users", 200, "users of the sandbox-OFX runs")
	fs.IntVar(&o.ExtractWorkers, "extract-workers", 20, "concurrent extractions per process (serve's --extract-workers)")
	fs.IntVar(&o.MaxConns, "database-max-conns", 20, "PostgreSQL connections per pool (serve's --database-max-conns)")
	fs.DurationVar(&f.pollInterval, "poll-interval", time.Second, "how often workers poll for jobs (serve's --poll-interval)")
	fs.StringVar(&f.history, "history-levels", "1000000,5000000", "stored transactions at which --history measures ingest again")
	fs.StringVar(&f.rates, "rates", "200,2000", "fixed read rates, requests per second")
	fs.Float64Var(&o.SatRate, "saturation-rate", 100_000, "offered rate of the saturation runs (far above capacity)")
	fs.DurationVar(&o.ReadDuration, "read-duration", 15*time.Second, "length of each fixed-rate read run")
	fs.DurationVar(&o.SatDuration, "saturation-duration", 10*time.Second, "length of each saturation run")
	fs.IntVar(&o.Concurrency, "connections", 64, "connections of the read load (requests in flight at most)")
	fs.StringVar(&o.OnlyReads, "only-reads", "", "with --reads, measure only the targets whose name holds this (e.g. \"sqlite, in-process\")")
	fs.DurationVar(&o.Soak, "soak", 0, "also run a soak this long (e.g. 10m): new users linking (writes) and reads at --soak-write-rate : --soak-read-rate")
	fs.StringVar(&o.SoakEngine, "soak-engine", "sqlite", "engine of the soak: sqlite or postgres (with --redis-url)")
	fs.Float64Var(&o.SoakWrite, "soak-write-rate", 2000, "new transactions per second during the soak")
	fs.Float64Var(&o.SoakRead, "soak-read-rate", 200, "reads per second during the soak")
	fs.StringVar(&f.logLevel, "serve-log-level", "warn", "--log-level of the serve processes (info logs every request)")
	fs.DurationVar(&o.Timeout, "timeout", 30*time.Minute, "longest wait for one ingest run")
	fs.StringVar(&f.workDir, "work-dir", "", "folder for data folders and logs (default: a temporary folder, removed unless --keep)")
	fs.BoolVar(&f.keep, "keep", false, "keep the work folder")
	fs.BoolVar(&f.inProcess, "in-process", false, "run the trivial server inside this process (for --cpuprofile) instead of as a child process; serve stays a child process of the centavo binary")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of this process to the file")
	fs.BoolVar(&f.jsonOut, "json", false, "print the report as JSON instead of text")
	fs.StringVar(&f.jsonFile, "json-file", "", "also write the JSON report to this file")
	fs.BoolVar(&f.trivialServer, "trivial-server", false, "internal: serve the trivial handler (a child process of loadgen)")
	fs.StringVar(&f.addrFile, "addr-file", "", "internal: with --trivial-server, write the address listened on to this file")
	return fs
}

// completeOptions fills in the options that come from other flags (the
// lists, --all, the default parts, serve's arguments) and checks them.
func completeOptions(o *loadgen.Options, f flags, getenv func(string) string) error {
	var err error
	if o.Rates, err = floats(f.rates); err != nil {
		return fmt.Errorf("--rates: %w", err)
	}
	levels, err := floats(f.history)
	if err != nil {
		return fmt.Errorf("--history-levels: %w", err)
	}
	for _, l := range levels {
		o.HistoryLevels = append(o.HistoryLevels, int64(l))
	}
	if f.all {
		o.SQLite, o.Baselines, o.Ingest, o.OFX, o.Reads, o.Trivial = true, true, true, true, true, true
		o.Postgres, o.History = o.PostgresURL != "", o.PostgresURL != ""
	}
	if !o.Baselines && !o.Ingest && !o.OFX && !o.Reads && !o.History && !o.Trivial && o.Soak == 0 {
		o.Baselines, o.Ingest, o.Reads, o.Trivial = true, true, true, true
	}
	if !o.SQLite && !o.Postgres {
		o.SQLite = true
	}
	if err := checkOptions(*o); err != nil {
		return err
	}
	o.ServeArgs = []string{"--log-level", f.logLevel, "--argon2-memory", "1024", "--argon2-passes", "1",
		"--poll-interval", f.pollInterval.String(), "--database-max-conns", strconv.Itoa(o.MaxConns), "--shutdown-timeout", "20s",
		"--signups-per-hour", "0", // every simulated user signs up from this one address
		"--sandbox"} // its bank, with --database-url too
	if o.Target == "" {
		if err := checkServeEnv(o.ServeArgs, getenv); err != nil {
			return err
		}
	}
	return nil
}

func checkOptions(o loadgen.Options) error {
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
	return nil
}

// makeWorkDir makes the work folder, a temporary one when dir is "";
// cleanup removes a temporary one unless keep.
func makeWorkDir(dir string, keep bool) (_ string, cleanup func(), err error) {
	cleanup = func() {}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "centavo-loadgen-"); err != nil {
			return "", nil, err
		}
		if !keep {
			cleanup = func() { os.RemoveAll(dir) }
		}
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	return dir, cleanup, nil
}

// newHarness starts nothing yet: it finds the binaries that serve, verify
// and the trivial server will run from.
func newHarness(ctx context.Context, o loadgen.Options, inProcess bool, getenv func(string) string, stderr io.Writer) (*harness, error) {
	h := &harness{dir: o.WorkDir, inProcess: inProcess, getenv: getenv, serveArgs: o.ServeArgs}
	var err error
	if h.self, err = os.Executable(); err != nil {
		return nil, err
	}
	if o.Target == "" {
		// A running target needs no servers of ours.
		if h.centavo, err = centavoBinary(ctx, h.self, o.WorkDir, stderr); err != nil {
			return nil, err
		}
		fmt.Fprintf(stderr, "serve and verify: %s\n", h.centavo)
		if inProcess {
			// serve's wiring is in package main of cmd/centavo: this
			// binary can only start it.
			fmt.Fprintln(stderr, "--in-process: the trivial server runs in this process; serve still runs as a child process, outside --cpuprofile")
		}
	}
	return h, nil
}

// startCPUProfile profiles this process into the file until stop.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// writeReport writes the report to jsonFile, when given, and to stdout, as
// JSON or text.
func writeReport(rep *loadgen.Report, jsonFile string, jsonOut bool, stdout io.Writer) error {
	if jsonFile != "" {
		f, err := os.Create(jsonFile)
		if err != nil {
			return err
		}
		err = rep.WriteJSON(f)
		f.Close()
		if err != nil {
			return err
		}
	}
	if jsonOut {
		return rep.WriteJSON(stdout)
	}
	rep.WriteText(stdout)
	return nil
}

// checkServeEnv parses the serve configuration that the run's serve
// processes (which inherit the environment) and its in-process pipeline will
// get, so that a bad CENTAVO_* variable stops the run before it starts, and
// refuses variables that choose backends: each part of the run picks its own,
// and an inherited CENTAVO_DATABASE_URL would, say, put the "sqlite" runs on
// PostgreSQL without a word.
func checkServeEnv(serveArgs []string, getenv func(string) string) error {
	cfg, err := config.Parse("serve", serveArgs, getenv, io.Discard, pipelineFlags, "")
	if err != nil {
		return fmt.Errorf("serve's configuration from the environment: %w", err)
	}
	if len(cfg.DatabaseURLs) > 0 || len(cfg.ReplicaURLs) > 0 || cfg.RedisURL != "" || cfg.BlobURL != "" {
		return errors.New("CENTAVO_DATABASE_URL, CENTAVO_DATABASE_REPLICA_URL, CENTAVO_REDIS_URL or CENTAVO_BLOB_URL is set: " +
			"the load generator picks each run's backends itself (--postgres-url, --redis-url); unset them")
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
