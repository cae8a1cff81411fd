package loadgen

import (
	"context"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/store"
)

// Backend is what a scenario runs Centavo on: the embedded defaults in a
// data folder, or a PostgreSQL database (with Redis, optionally).
type Backend struct {
	DataDir     string // data folder: SQLite database, objects, generated key
	DatabaseURL string // a PostgreSQL database; "" for SQLite in DataDir
	RedisURL    string // "" for the in-process cache
	SecretKey   string // credential keys, shared by every process of the scenario
}

// Engine names the database engine.
func (b Backend) Engine() string {
	if b.DatabaseURL != "" {
		return "postgres"
	}
	return "sqlite"
}

// ServeArgs are the `centavo serve` flags that put a process on the backend.
func (b Backend) ServeArgs() []string {
	args := []string{"--data-dir", b.DataDir, "--secret-key", b.SecretKey}
	if b.DatabaseURL != "" {
		args = append(args, "--database-url", b.DatabaseURL)
	}
	if b.RedisURL != "" {
		args = append(args, "--redis-url", b.RedisURL)
	}
	return args
}

// Harness starts the parts of Centavo a scenario needs. cmd/centavo
// implements it with the very wiring of `centavo serve`.
type Harness interface {
	// Serve starts `centavo serve` with the given flags (the harness adds
	// the listening address) and returns it once it listens.
	Serve(ctx context.Context, args []string) (*Server, error)
	// Trivial starts a server of TrivialHandler the way Serve starts
	// Centavo (same process model), for the read ceiling.
	Trivial(ctx context.Context) (*Server, error)
	// Pipeline opens the backend's store, object store and cache and
	// prepares the workers of `serve --roles worker`, extracting with conn
	// for accounts of the "ofx" connector. The workers start with Start.
	Pipeline(ctx context.Context, b Backend, conn connector.Connector, o PipelineOptions) (*Pipeline, error)
	// Verify runs `centavo verify` on the backend and returns its output.
	Verify(ctx context.Context, b Backend) (string, error)
}

// PipelineOptions tune the workers.
type PipelineOptions struct {
	ExtractWorkers int
	MaxConns       int // per PostgreSQL pool
}

// Server is a running server.
type Server struct {
	Base string // http://127.0.0.1:port
	PID  int    // its process (this one when in-process)
	Stop func() error
}

// Pipeline is Centavo's ingest pipeline in this process: the store, the
// ingest service and the River workers, without the HTTP API.
type Pipeline struct {
	Cluster  store.Cluster
	Accounts *account.Service
	Ingest   *ingest.Service
	Metrics  prometheus.Gatherer
	Start    func(ctx context.Context) error // starts the workers
	Close    func() error                    // stops the workers and closes the stores
}

// redactURL hides a URL's password in reports.
func redactURL(u string) string {
	if at := strings.LastIndexByte(u, '@'); at > 0 {
		if scheme := strings.Index(u, "://"); scheme >= 0 && scheme < at {
			if colon := strings.IndexByte(u[scheme+3:at], ':'); colon >= 0 {
				return u[:scheme+3+colon+1] + "…" + u[at:]
			}
		}
	}
	return u
}
