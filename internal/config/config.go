// Package config builds Centavo's configuration from command-line flags and
// CENTAVO_* environment variables (a flag given on the command line wins over
// its variable, which wins over the default). The result is a value passed
// down to whatever needs it; there is no global configuration.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo/internal/clock"
)

// Config is the configuration of every subcommand; each uses what it needs.
type Config struct {
	// Backends. No database URL: the embedded SQLite in DataDir. Several:
	// one PostgreSQL database per shard (the first also holds the
	// directory of users).
	DatabaseURLs []string
	ReplicaURLs  []string // read replica per shard, by position ("" for none)
	RedisURL     string   // shared cache; "" = in-process cache
	BlobURL      string   // object store; "" = DataDir/objects

	JobTimeout  time.Duration
	RescueAfter time.Duration
	MaxConns    int // per database pool

	Addr            string
	AddrFile        string
	DataDir         string
	SecretKey       string
	Roles           Roles
	LogLevel        slog.Level
	OFXTimeout      time.Duration
	ShutdownTimeout time.Duration
	ExtractWorkers  int
	// DefaultWorkers are the workers of the default queue (budget
	// evaluations, recurring detections, deliveries, archive events).
	DefaultWorkers int
	PollInterval   time.Duration
	// Notifications.
	SMTPAddr, SMTPFrom, SMTPUsername, SMTPPassword string
	WebhookAllowPrivate                            bool
	// AllowPrivateBanks lets bank connectors reach loopback, private and
	// other non-public addresses, over plain http too (development, tests).
	AllowPrivateBanks bool

	// SellersFile replaces the embedded seeded seller map (SIGHUP reloads it).
	SellersFile string
	// InstitutionsFile replaces the embedded directory of OFX institutions.
	InstitutionsFile string
	// RatesURL is where the daily fetch reads the ECB reference rates
	// (CSV or XML); "": no fetch (the embedded snapshot and imports serve).
	RatesURL string
	// OFX server limits (docs/0012-daily-refresh.md): requests a minute to
	// one server (0: no limit), and one request at a time or not.
	OFXPerMinute  int
	OFXOneAtATime bool

	// Crowd consensus: distinct voters needed, and how often to re-read votes.
	CrowdVoters  int
	CrowdRefresh time.Duration

	// Argon2id cost of new password hashes.
	Argon2MemoryKiB uint
	Argon2Passes    uint

	// Sign-in and sign-up (docs/0026): sign-up closed by the operator,
	// sign-ups per client address per hour (0: no limit), and the reverse
	// proxies whose X-Forwarded-For names the client.
	SignupClosed   bool
	SignupsPerHour int
	TrustedProxies []netip.Prefix
	// MetricsAddr, when set, is the listener of /metrics alone (host:port);
	// unset, the main listener serves /metrics to loopback clients only.
	MetricsAddr string
	// Sandbox mounts the sandbox bank at /sandbox/ with --database-url too
	// (it always is on the embedded defaults).
	Sandbox bool
	// PublicURL is where users reach this server (scheme://host[:port][/path],
	// no trailing slash): links in e-mails use it, and when it is https the
	// cookies are Secure and HSTS is sent. "": not known.
	PublicURL string

	// Now, when set, is the instant the process's clock starts at (it then
	// advances in real time): for tests and demos. Zero: the machine's clock.
	Now time.Time
}

// Secure says whether users reach the server over TLS (--public-url is
// https): cookies are then Secure and HSTS is sent.
func (c Config) Secure() bool { return strings.HasPrefix(c.PublicURL, "https://") }

// SandboxMounted says whether the root router serves the sandbox bank: on
// the embedded defaults (a laptop, the quick start), or when asked.
func (c Config) SandboxMounted() bool { return c.Sandbox || len(c.DatabaseURLs) == 0 }

// Clock returns the process's clock: the machine's, or one started at Now.
func (c Config) Clock() func() time.Time {
	if c.Now.IsZero() {
		return clock.Real
	}
	return clock.Starting(c.Now)
}

// Roles of a serve process.
type Roles struct {
	API, Worker, Scheduler bool
}

func (r Roles) String() string {
	var out []string
	if r.API {
		out = append(out, "api")
	}
	if r.Worker {
		out = append(out, "worker")
	}
	if r.Scheduler {
		out = append(out, "scheduler")
	}
	return strings.Join(out, ",")
}

// ParseRoles reads "api,worker,scheduler" (any non-empty subset).
func ParseRoles(s string) (Roles, error) {
	var r Roles
	for _, p := range strings.Split(s, ",") {
		switch strings.TrimSpace(p) {
		case "api":
			r.API = true
		case "worker":
			r.Worker = true
		case "scheduler":
			r.Scheduler = true
		case "":
		default:
			return r, fmt.Errorf("unknown role %q (roles: api, worker, scheduler)", p)
		}
	}
	if !r.API && !r.Worker && !r.Scheduler {
		return r, errors.New("at least one role is required")
	}
	return r, nil
}

// Flags that a subcommand can take.
const (
	FlagAddr = 1 << iota
	FlagDataDir
	FlagServe
	FlagLog
	FlagBackends
	FlagClock
)

// Parse parses args for the subcommand name. defaultAddr is the default of
// --addr when the subcommand has one; extra registers the subcommand's own
// flags.
func Parse(name string, args []string, getenv func(string) string, stderr io.Writer, which int, defaultAddr string, extra ...func(*flag.FlagSet)) (Config, error) {
	c := Config{}
	p := &parser{fs: flag.NewFlagSet(name, flag.ContinueOnError), getenv: getenv, c: &c}
	p.fs.SetOutput(stderr)
	if which&FlagAddr != 0 {
		p.addrFlags(defaultAddr)
	}
	if which&FlagDataDir != 0 {
		p.str(&c.DataDir, "data-dir", "./centavo-data", "folder for the database, the object store and the generated key")
	}
	if which&FlagClock != 0 {
		p.str(&p.now, "now", "", "run as if it were this instant (RFC 3339, e.g. 2027-03-01T00:00:30Z); the clock then advances in real time. For tests and demos; default: the machine's clock")
	}
	if which&FlagServe != 0 {
		p.serverFlags()
		p.workerFlags()
		p.notificationFlags()
		p.passwordFlags()
		p.accessFlags()
	}
	if which&FlagLog != 0 {
		p.str(&p.level, "log-level", "info", "log level: debug, info, warn, error")
	}
	if which&FlagBackends != 0 {
		p.backendFlags()
	}
	for _, f := range extra {
		f(p.fs)
	}
	if err := p.fs.Parse(args); err != nil {
		return c, err
	}
	if p.fs.NArg() > 0 {
		return c, fmt.Errorf("%s: unexpected arguments: %s", name, strings.Join(p.fs.Args(), " "))
	}
	if len(p.envErrs) > 0 {
		return c, errors.Join(p.envErrs...)
	}
	if err := p.check(which); err != nil {
		return c, err
	}
	return c, nil
}

// parser registers flags whose defaults come from CENTAVO_* variables into
// c, and keeps the values that are checked and converted after parsing.
type parser struct {
	fs      *flag.FlagSet
	getenv  func(string) string
	c       *Config
	envErrs []error // variables that do not parse

	// Flag values before they are checked.
	roles, level, workers, argonMem, argonPasses, allowPrivate, crowdVoters, maxConns, now string
	ofxPerMinute, ofxOneAtATime, defaultWorkers                                            string

	// Access flags' values (accessFlags).
	signup, signupsPerHour, trustedProxies string
}

// envKey is the variable of a flag: CENTAVO_ and the name in capitals,
// dashes as underscores.
func envKey(flagName string) string {
	return "CENTAVO_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// env returns the value of the flag's variable, or def.
func (p *parser) env(flagName, def string) string {
	if v := p.getenv(envKey(flagName)); v != "" {
		return v
	}
	return def
}

func (p *parser) str(v *string, flagName, def, usage string) {
	p.fs.StringVar(v, flagName, p.env(flagName, def), usage+" (env "+envKey(flagName)+")")
}

func (p *parser) dur(v *time.Duration, flagName string, def time.Duration, usage string) {
	d := def
	if s := p.env(flagName, ""); s != "" {
		e, err := time.ParseDuration(s)
		if err != nil {
			p.envErrs = append(p.envErrs, fmt.Errorf("%s: %w", envKey(flagName), err))
		}
		d = e
	}
	p.fs.DurationVar(v, flagName, d, usage+" (env "+envKey(flagName)+")")
}

// boolean is a flag that may be given bare (--name) or as --name=false.
func (p *parser) boolean(v *bool, flagName, usage string) {
	def := false
	if s := p.env(flagName, ""); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			p.envErrs = append(p.envErrs, fmt.Errorf("%s: want true or false, got %q", envKey(flagName), s))
		}
		def = b
	}
	p.fs.BoolVar(v, flagName, def, usage+" (env "+envKey(flagName)+")")
}

func (p *parser) addrFlags(defaultAddr string) {
	p.str(&p.c.Addr, "addr", defaultAddr, "address to listen on, host:port")
	p.str(&p.c.AddrFile, "addr-file", "", "write the address actually listened on to this file (useful with port 0)")
}

// serverFlags are serve's process-wide settings.
func (p *parser) serverFlags() {
	c := p.c
	p.str(&c.SecretKey, "secret-key", "", "credential encryption keys, id:base64(32 bytes)[,id:key…], first is used to seal; default: a key generated into the data folder")
	p.str(&p.roles, "roles", "api,worker,scheduler", "roles of this process: api, worker, scheduler")
	p.dur(&c.OFXTimeout, "ofx-timeout", 60*time.Second, "timeout of one request to a bank")
	p.dur(&c.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "how long to drain requests and jobs on SIGTERM")
	p.dur(&c.PollInterval, "poll-interval", time.Second, "how often workers poll for jobs")
	p.boolean(&c.AllowPrivateBanks, "allow-private-banks", "let bank connectors reach loopback, private and reserved addresses and plain http (development and tests; the built-in sandbox needs no flag)")
}

// workerFlags shape extraction and categorization.
func (p *parser) workerFlags() {
	c := p.c
	p.str(&p.workers, "extract-workers", "20", "concurrent extractions per process")
	p.str(&p.defaultWorkers, "default-workers", "20", "concurrent jobs of the default queue per process (budget evaluations, recurring detections, deliveries)")
	p.str(&c.SellersFile, "sellers-file", "", "seller map to use instead of the embedded one (name<TAB>category<TAB>aliases); SIGHUP reloads it")
	p.str(&p.crowdVoters, "crowd-voters", "3", "distinct established users (accounts 14 days old with transactions in two months) who must agree (with a 60% share) before the crowd files a merchant")
	p.dur(&c.CrowdRefresh, "crowd-refresh", 5*time.Second, "how often a process re-reads the crowd's vote counts")
	p.str(&c.InstitutionsFile, "institutions-file", "", "directory of OFX institutions (JSON, the embedded one's format) to use instead of the embedded one")
	p.str(&c.RatesURL, "rates-url", "", "fetch the ECB euro reference rates (eurofxref CSV or XML) from this URL every six hours; none: the embedded snapshot and `centavo rates import`")
	p.str(&p.ofxPerMinute, "ofx-requests-per-minute", "60", "requests a minute to one OFX server, all users together; 0: no limit")
	p.str(&p.ofxOneAtATime, "ofx-one-at-a-time", "true", "at most one request at a time to an OFX server (per process)")
}

func (p *parser) notificationFlags() {
	c := p.c
	p.str(&c.SMTPAddr, "smtp-addr", "", "SMTP relay for e-mail notifications, host:port; none: e-mail is off")
	p.str(&c.SMTPFrom, "smtp-from", "Centavo <centavo@localhost>", "sender of notification e-mails")
	p.str(&c.SMTPUsername, "smtp-username", "", "SMTP user (PLAIN auth, over TLS)")
	p.str(&c.SMTPPassword, "smtp-password", "", "SMTP password")
	p.str(&p.allowPrivate, "webhook-allow-private", "false", "let webhooks reach loopback and private addresses (for tests and trusted networks)")
}

func (p *parser) passwordFlags() {
	p.str(&p.argonMem, "argon2-memory", "65536", "memory of a password hash, KiB (argon2id; more is slower to crack and to sign in)")
	p.str(&p.argonPasses, "argon2-passes", "3", "passes of a password hash (argon2id)")
}

// accessFlags decide who may sign up and how clients are told apart.
func (p *parser) accessFlags() {
	p.str(&p.signup, "signup", "open", "open: anyone may create an account; closed: nobody may (sign-up answers 403)")
	p.str(&p.signupsPerHour, "signups-per-hour", "20", "accounts one client address may create per hour; 0: no limit")
	p.str(&p.c.PublicURL, "public-url", "", "URL users reach this server at (e.g. https://centavo.example.org): links in e-mails use it; https makes cookies Secure and sends HSTS")
	p.str(&p.c.MetricsAddr, "metrics-addr", "", "serve /metrics on this address (host:port) instead of the main one; unset: the main address serves it to loopback clients only")
	p.boolean(&p.c.Sandbox, "sandbox", "serve the sandbox bank at /sandbox/ with --database-url too (it is always served on the embedded defaults)")
	p.str(&p.trustedProxies, "trusted-proxies", "", "reverse proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For names the client; none: the connection's address is the client")
}

// checkAccess converts the access flags.
func (p *parser) checkAccess() error {
	c := p.c
	switch p.signup {
	case "open", "closed":
		c.SignupClosed = p.signup == "closed"
	default:
		return fmt.Errorf("--signup %q: want open or closed", p.signup)
	}
	n, err := strconv.Atoi(p.signupsPerHour)
	if err != nil || n < 0 {
		return fmt.Errorf("--signups-per-hour %q: want 0 (no limit) or more", p.signupsPerHour)
	}
	c.SignupsPerHour = n
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr %q: want host:port", c.MetricsAddr)
		}
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
			return fmt.Errorf("--public-url %q: want an http or https URL with a host and no query, e.g. https://centavo.example.org", c.PublicURL)
		}
		u.Path, u.RawPath = strings.TrimRight(u.Path, "/"), ""
		c.PublicURL = u.String()
	}
	c.TrustedProxies = nil
	for _, f := range strings.FieldsFunc(p.trustedProxies, func(r rune) bool { return r == ',' || r == ' ' }) {
		pre, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return fmt.Errorf("--trusted-proxies: %q is not an IP address or CIDR", f)
			}
			pre = netip.PrefixFrom(a, a.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, pre.Masked())
	}
	return nil
}

// backendFlags choose the databases, cache, object store and job limits.
func (p *parser) backendFlags() {
	c := p.c
	c.DatabaseURLs = fields(p.env("database-url", ""))
	c.ReplicaURLs = fields(p.env("database-replica-url", ""))
	dbSet, replicaSet := false, false
	p.fs.Func("database-url", "PostgreSQL URL of a shard; repeat for several shards, the first holds the user directory "+
		"(env CENTAVO_DATABASE_URL, space-separated); none: embedded SQLite in --data-dir", func(v string) error {
		if !dbSet {
			c.DatabaseURLs, dbSet = nil, true
		}
		c.DatabaseURLs = append(c.DatabaseURLs, v)
		return nil
	})
	p.fs.Func("database-replica-url", "read replica URL of the shard at the same position, \"-\" for none; repeatable (env CENTAVO_DATABASE_REPLICA_URL)", func(v string) error {
		if !replicaSet {
			c.ReplicaURLs, replicaSet = nil, true
		}
		c.ReplicaURLs = append(c.ReplicaURLs, v)
		return nil
	})
	p.str(&c.RedisURL, "redis-url", "", "Redis URL for the shared read cache (e.g. redis://127.0.0.1:6379/0); none: in-process cache")
	p.str(&c.BlobURL, "blob-url", "", "object store URL (s3://bucket?endpoint=…&region=…, file:///path); none: <data-dir>/objects")
	p.str(&p.maxConns, "database-max-conns", "20", "connections per PostgreSQL pool (per shard and replica, per process)")
	p.dur(&c.JobTimeout, "job-timeout", 2*time.Minute, "longest a job attempt may run")
	p.dur(&c.RescueAfter, "rescue-after", 5*time.Minute, "a job still running after this long belongs to a dead worker and is run again; must exceed --job-timeout")
}

// check validates the parsed flags of the groups in which and converts
// the values kept as text.
func (p *parser) check(which int) error {
	c := p.c
	if which&FlagAddr != 0 {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			return fmt.Errorf("--addr %q: want host:port", c.Addr)
		}
	}
	if which&FlagDataDir != 0 && strings.TrimSpace(c.DataDir) == "" {
		return errors.New("--data-dir must not be empty")
	}
	if which&FlagServe != 0 {
		if err := p.checkServe(); err != nil {
			return err
		}
	}
	if which&FlagBackends != 0 {
		if err := p.checkBackends(); err != nil {
			return err
		}
	}
	if which&FlagClock != 0 && p.now != "" {
		t, err := clock.Parse(p.now)
		if err != nil {
			return fmt.Errorf("--now: %w", err)
		}
		c.Now = t
	}
	if which&FlagLog != 0 {
		if err := c.LogLevel.UnmarshalText([]byte(p.level)); err != nil {
			return fmt.Errorf("--log-level %q: want debug, info, warn or error", p.level)
		}
	}
	return nil
}

func (p *parser) checkServe() error {
	c := p.c
	r, err := ParseRoles(p.roles)
	if err != nil {
		return fmt.Errorf("--roles: %w", err)
	}
	c.Roles = r
	n, err := strconv.Atoi(p.workers)
	if err != nil || n < 1 || n > 1000 {
		return fmt.Errorf("--extract-workers must be an integer from 1 to 1000, got %q", p.workers)
	}
	c.ExtractWorkers = n
	n, err = strconv.Atoi(p.defaultWorkers)
	if err != nil || n < 1 || n > 1000 {
		return fmt.Errorf("--default-workers must be an integer from 1 to 1000, got %q", p.defaultWorkers)
	}
	c.DefaultWorkers = n
	mem, err1 := strconv.ParseUint(p.argonMem, 10, 32)
	passes, err2 := strconv.ParseUint(p.argonPasses, 10, 32)
	if err1 != nil || err2 != nil || mem < 1024 || passes < 1 || passes > 100 {
		return errors.New("--argon2-memory must be at least 1024 (KiB) and --argon2-passes from 1 to 100")
	}
	c.Argon2MemoryKiB, c.Argon2Passes = uint(mem), uint(passes)
	cv, err := strconv.Atoi(p.crowdVoters)
	if err != nil || cv < 1 || cv > 1000 || c.CrowdRefresh <= 0 {
		return errors.New("--crowd-voters must be from 1 to 1000 and --crowd-refresh positive")
	}
	c.CrowdVoters = cv
	b, err := strconv.ParseBool(p.allowPrivate)
	if err != nil {
		return errors.New("--webhook-allow-private must be true or false")
	}
	c.WebhookAllowPrivate = b
	if c.SMTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.SMTPAddr); err != nil {
			return fmt.Errorf("--smtp-addr %q: want host:port", c.SMTPAddr)
		}
	}
	if c.OFXPerMinute, err = strconv.Atoi(p.ofxPerMinute); err != nil || c.OFXPerMinute < 0 {
		return fmt.Errorf("--ofx-requests-per-minute must be a whole number, 0 for no limit, got %q", p.ofxPerMinute)
	}
	if c.OFXOneAtATime, err = strconv.ParseBool(p.ofxOneAtATime); err != nil {
		return errors.New("--ofx-one-at-a-time must be true or false")
	}
	if c.OFXTimeout <= 0 || c.ShutdownTimeout <= 0 || c.PollInterval <= 0 {
		return errors.New("timeouts and intervals must be positive")
	}
	return p.checkAccess()
}

func (p *parser) checkBackends() error {
	c := p.c
	for i, r := range c.ReplicaURLs {
		if r == "-" {
			c.ReplicaURLs[i] = ""
		}
	}
	if len(c.ReplicaURLs) > len(c.DatabaseURLs) {
		return errors.New("more --database-replica-url than --database-url")
	}
	n, err := strconv.Atoi(p.maxConns)
	if err != nil || n < 2 || n > 1000 {
		return errors.New("--database-max-conns must be from 2 to 1000")
	}
	c.MaxConns = n
	if c.JobTimeout <= 0 || c.RescueAfter <= c.JobTimeout {
		return errors.New("--job-timeout must be positive and --rescue-after longer than it")
	}
	return nil
}

// fields splits a space-separated list of URLs.
func fields(s string) []string { return strings.Fields(s) }
