package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/centavo/centavo"
)

// Read endpoints.
const (
	EndpointSpending     = "spending"     // GET /api/v1/spending?month=
	EndpointTransactions = "transactions" // GET /api/v1/transactions?month=&limit=50 (the first page)
	EndpointSearch       = "search"       // GET /api/v1/transactions?q=<a merchant word>&limit=50
	EndpointTrivial      = "trivial"      // GET / of the trivial handler
)

// searchWords are merchants' words the sandbox's customers buy from most
// (internal/sandbox/merchants.tsv): every user's history has them.
var searchWords = []string{"starbucks", "amazon", "walmart", "target", "kroger", "shell", "chipotle", "uber"}

// ReadTarget is what a read load asks: each request i is for user
// i mod len(Users), month (i div len(Users)) mod len(Months), so every
// (user, month) pair is read in turn.
type ReadTarget struct {
	Base     string
	Endpoint string
	Users    []User
	Months   []centavo.Month
}

// path returns request i's path and token.
func (t ReadTarget) path(i int64) (string, string) {
	if t.Endpoint == EndpointTrivial || len(t.Users) == 0 {
		return "/", ""
	}
	u := t.Users[i%int64(len(t.Users))]
	m := t.Months[(i/int64(len(t.Users)))%int64(len(t.Months))]
	switch t.Endpoint {
	case EndpointTransactions:
		return "/api/v1/transactions?limit=50&month=" + m.String(), u.Token
	case EndpointSearch:
		w := searchWords[(i/int64(len(t.Users)))%int64(len(searchWords))]
		return "/api/v1/transactions?q=" + w + "&limit=50", u.Token
	default:
		return "/api/v1/spending?month=" + m.String(), u.Token
	}
}

// ReadOp returns the operation of a read load on the target, through
// client.
func ReadOp(client *http.Client, t ReadTarget) Op {
	return func(ctx context.Context, r Request) (string, error) {
		path, token := t.path(r.Index)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.Base+path, nil)
		if err != nil {
			return t.Endpoint, err
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := client.Do(req)
		if err != nil {
			return t.Endpoint, err
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil {
			return t.Endpoint, err
		}
		if res.StatusCode != http.StatusOK {
			return t.Endpoint, fmt.Errorf("HTTP %d", res.StatusCode)
		}
		return t.Endpoint, nil
	}
}

// ReadResult is one read load's figures.
type ReadResult struct {
	Name        string        `json:"name"`     // e.g. "sqlite, in-process cache"
	Endpoint    string        `json:"endpoint"` // spending, transactions, trivial
	Offered     float64       `json:"offered_per_s"`
	Saturation  bool          `json:"saturation"` // offered far above capacity: the throughput is the capacity
	Duration    time.Duration `json:"duration_ns"`
	Concurrency int           `json:"concurrency"`
	Throughput  float64       `json:"throughput_per_s"`
	Completed   int64         `json:"completed"`
	Errors      int64         `json:"errors"`
	Unsent      int64         `json:"unsent"`
	Abandoned   int64         `json:"abandoned"`
	P50         time.Duration `json:"p50_ns"`
	P99         time.Duration `json:"p99_ns"`
	P999        time.Duration `json:"p999_ns"`
	Max         time.Duration `json:"max_ns"`
	FirstErrors []string      `json:"first_errors,omitempty"`
	CPU         CPUUsage      `json:"cpu"`
	Memory      Memory        `json:"server_memory"`
}

// RunRead applies a load to the target and summarises it; serverPID is the
// server's process, for its CPU and memory.
func RunRead(ctx context.Context, name string, t ReadTarget, l Load, saturation bool, serverPID int) ReadResult {
	client := newHTTPClient(max(l.Concurrency, 1))
	defer client.CloseIdleConnections()
	pids := []int{os.Getpid()}
	if serverPID > 0 && serverPID != os.Getpid() {
		pids = append(pids, serverPID)
	}
	cpu0 := TakeCPU(pids...)
	res := l.Run(ctx, ReadOp(client, t))
	h := res.Total.Latency
	return ReadResult{
		Name: name, Endpoint: t.Endpoint, Offered: l.Rate, Saturation: saturation, Duration: l.Duration, Concurrency: l.Concurrency,
		Throughput: res.Throughput(), Completed: res.Total.Completed, Errors: res.Total.Errors, Unsent: res.Unsent, Abandoned: res.Abandoned,
		P50: h.Quantile(0.5), P99: h.Quantile(0.99), P999: h.Quantile(0.999), Max: h.Max(), FirstErrors: res.FirstErrors,
		CPU: TakeCPU(pids...).Since(cpu0), Memory: MemoryOf(serverPID),
	}
}

// Warm reads every (user, month) pair of the target once, at a moderate
// rate, so a measured load starts with warm caches.
func Warm(ctx context.Context, t ReadTarget) error {
	n := len(t.Users) * len(t.Months)
	if t.Endpoint == EndpointTrivial || n == 0 {
		n = 1000
	}
	l := Load{Rate: 1000, Duration: time.Duration(float64(n) / 1000 * float64(time.Second)), Concurrency: 32}
	client := newHTTPClient(32)
	defer client.CloseIdleConnections()
	res := l.Run(ctx, ReadOp(client, t))
	if res.Total.Errors > 0 {
		return fmt.Errorf("warm-up: %d of %d reads failed: %v", res.Total.Errors, n, res.FirstErrors)
	}
	return nil
}
