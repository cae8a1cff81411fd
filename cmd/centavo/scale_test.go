package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/seal"
)

// requireEnv returns an environment variable a test needs, or skips (fails
// in CI, where every server must be there).
func requireEnv(t *testing.T, server, name, example string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is not set (.ci/run sets it)", name)
		}
		t.Skipf("skipped: needs the %s server; set %s (e.g. %s) to run this test", server, name, example)
	}
	return v
}

// tcpProxy forwards connections to a target until stopped, then refuses
// them: a Redis that goes away mid-test.
type tcpProxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	return proxyOn(t, "127.0.0.1:0", target)
}

func proxyOn(t *testing.T, addr, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(p.stop)
	return p
}

func (p *tcpProxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestScaleOut is the production shape on one machine: two PostgreSQL
// shards, two API and two worker processes, Redis and S3; 200 users link
// sandbox accounts through the API while a worker is SIGKILLed and Redis
// goes away. Every account ends ok, the invariants hold on every shard,
// nothing is counted twice, and the MapReduce over the S3 logs agrees.
func TestScaleOut(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process test skipped in -short mode")
	}
	// Parallel: most of its time the processes wait on each other, the
	// bank and the databases, and as the package's longest test it would
	// otherwise hold every other test back until it ends.
	t.Parallel()
	pgtest.URL(t)
	redisURL := requireEnv(t, "Redis", "CENTAVO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
	s3URL := requireEnv(t, "S3", "CENTAVO_TEST_S3_URL", "s3://bucket?endpoint=http://127.0.0.1:7070&region=us-east-1&use_path_style=true")
	ctx := context.Background()
	start := time.Now()
	phase := func(what string) { t.Logf("%6.1fs %s", time.Since(start).Seconds(), what) }

	shards := []string{pgtest.Database(t), pgtest.Database(t)}
	key, _ := seal.GenerateKey("k1")
	ru, err := url.Parse(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	redisProxy := newProxy(t, ru.Host)
	ru.Host = redisProxy.ln.Addr().String()
	blobURL := s3URL + fmt.Sprintf("&prefix=scale-%d/", time.Now().UnixNano())
	backendArgs := []string{"--database-url", shards[0], "--database-url", shards[1], "--blob-url", blobURL}
	common := append([]string{"--secret-key", key, "--redis-url", ru.String(), "--data-dir", t.TempDir(),
		"--poll-interval", "100ms", "--job-timeout", "10s", "--rescue-after", "12s", "--database-max-conns", "6", "--allow-private-banks",
		"--ofx-requests-per-minute", "0", "--ofx-one-at-a-time", "false", // one sandbox bank for every user
		// Cheap password hashes: this test is about the pipeline, not sign-in.
		"--argon2-memory", "8192", "--argon2-passes", "1",
		// 200 users sign up from 127.0.0.1.
		"--signups-per-hour", "0"}, backendArgs...)

	var out bytes.Buffer
	if err := run(ctx, append([]string{"migrate"}, backendArgs...), noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
	bank := startProcess(t, "sandbox-bank")
	bankURL := "http://" + bank.addr + "/ofx"
	workers := []*process{
		startProcess(t, append([]string{"serve", "--roles", "worker", "--extract-workers", "8"}, common...)...),
		startProcess(t, append([]string{"serve", "--roles", "worker", "--extract-workers", "8"}, common...)...),
	}
	apis := []*process{
		startProcess(t, append([]string{"serve", "--roles", "api"}, common...)...),
		startProcess(t, append([]string{"serve", "--roles", "api"}, common...)...),
	}

	// 200 users sign up and link their bank, 16 at a time, half through each API.
	const users = 200
	clients := make([]*client, users)
	linkedFrom := testNow(t)()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	errs := make(chan error, users)
	for i := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c := newClient(t, "http://"+apis[i%2].addr)
			creds := map[string]string{"email": fmt.Sprintf("u%03d@example.com", i), "password": "correct horse battery"}
			if status, b := c.Raw("POST", "/api/v1/users", jsonBody(creds), "application/json"); status != 201 {
				errs <- fmt.Errorf("user %d: sign up %d %s", i, status, b)
				return
			}
			status, b := c.Raw("POST", "/api/v1/sessions", jsonBody(creds), "application/json")
			var tok struct{ Token string }
			if status != 201 || jsonUnmarshal(b, &tok) != nil {
				errs <- fmt.Errorf("user %d: sign in %d %s", i, status, b)
				return
			}
			c = c.With(tok.Token)
			link := map[string]string{"connector": "ofx", "url": bankURL, "org": "S", "fid": "1",
				"login": fmt.Sprintf("demo-%d", i+1), "password": fmt.Sprintf("secret-%d", i+1)}
			if status, b := c.Raw("POST", "/api/v1/accounts", jsonBody(link), "application/json"); status != 202 {
				errs <- fmt.Errorf("user %d: link %d %s", i, status, b)
				return
			}
			clients[i] = c
		}()
	}
	wg.Wait()
	close(errs)
	phase("200 users signed up and linked")
	for err := range errs {
		t.Fatal(err)
	}

	// Poll every user's accounts; SIGKILL a worker once the work is under
	// way, and take Redis away while the read API is in use.
	okAccounts := func() int {
		n := 0
		for _, c := range clients {
			status, b := c.Raw("GET", "/api/v1/accounts", nil, "")
			var list accountsOut
			if status == 200 && jsonUnmarshal(b, &list) == nil {
				for _, a := range list.Accounts {
					if a.Status == centavo.AccountOK {
						n++
					}
				}
			}
		}
		return n
	}
	var reads, readErrors atomic.Int64
	stopReads := make(chan struct{})
	readsDone := make(chan struct{})
	go func() { // the read API under load throughout
		defer close(readsDone)
		for i := 0; ; i++ {
			select {
			case <-stopReads:
				return
			default:
			}
			status, _ := clients[i%users].Raw("GET", "/api/v1/spending", nil, "")
			reads.Add(1)
			if status != 200 {
				readErrors.Add(1)
			}
		}
	}()
	killed, redisGone := false, false
	var readsAtRedisGone int64
	deadline := time.Now().Add(4 * time.Minute)
	for {
		n := okAccounts()
		if !killed && n >= 2*users/5 {
			if err := workers[0].cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
			t.Logf("SIGKILLed worker 1 with %d of %d accounts ok", n, 2*users)
		}
		if killed && !redisGone && n >= 3*users/5 {
			redisProxy.stop()
			redisGone = true
			readsAtRedisGone = reads.Load()
			t.Logf("Redis went away with %d of %d accounts ok", n, 2*users)
		}
		if n == 2*users {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d accounts ok after 4 minutes (killed=%v)", n, 2*users, killed)
		}
		time.Sleep(500 * time.Millisecond)
	}
	phase("every account ok")
	if !killed || !redisGone {
		t.Fatalf("the faults were not injected mid-run (killed=%v, redis gone=%v)", killed, redisGone)
	}
	// Reads keep working with Redis gone: at least 100 of them were made
	// after it left.
	waitFault(t, "100 reads after Redis left", time.Minute, func() (bool, string) {
		n := reads.Load() - readsAtRedisGone
		return n >= 100 || readErrors.Load() > 0, fmt.Sprintf("%d reads", n)
	})
	close(stopReads)
	<-readsDone
	if readErrors.Load() > 0 {
		t.Fatalf("%d of %d reads failed", readErrors.Load(), reads.Load())
	}
	for i := range 5 {
		if status, b := clients[i].Raw("GET", "/api/v1/spending", nil, ""); status != 200 {
			t.Fatalf("read with Redis gone: %d %s", status, b)
		}
	}

	// Users on both shards; invariants hold on each; nothing duplicated or
	// lost: a sample of users' months equals the bank's own statements.
	for i, u := range shards {
		conn, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		_ = conn.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
		conn.Close(ctx)
		if n < users/4 {
			t.Errorf("shard %d holds %d of %d users", i, n, users)
		}
	}
	phase("reads checked")
	out.Reset()
	if err := run(ctx, append([]string{"verify"}, backendArgs...), noEnv, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "OK: invariants hold on 2 shard(s)") {
		t.Fatalf("verify: %v\n%s", err, out.String())
	}
	now := testNow(t)().UTC()
	for _, i := range []int{0, 57, 123, 199} {
		stmts := fetchStatements(t, bankURL, fmt.Sprintf("demo-%d", i+1), fmt.Sprintf("secret-%d", i+1), ingest.FirstWindowStart(linkedFrom))
		// Everything up to the day the linking began was downloaded; if the
		// UTC day turned since, the new day's rows may or may not be.
		upToLinkDay := 0
		for _, s := range stmts {
			if !dayOf(s.Posted).After(dayOf(linkedFrom)) {
				upToLinkDay++
			}
		}
		if stored := clients[i].AllTransactions(""); len(stored) < upToLinkDay || len(stored) > len(stmts) ||
			dayOf(now).Equal(dayOf(linkedFrom)) && len(stored) != len(stmts) {
			t.Errorf("user %d: %d transactions stored, the bank has %d (%d up to the day of linking)", i, len(stored), len(stmts), upToLinkDay)
		}
		m := centavo.MonthOf(linkedFrom).Add(-1)
		want, _ := spentFromStatements(stmts, m)
		var got spendingOut
		clients[i].Do("GET", "/api/v1/spending?month="+m.String(), nil, 200, &got)
		if got.TotalSpentCents != want {
			t.Errorf("user %d, %s: %d spent, the bank says %d", i, m, got.TotalSpentCents, want)
		}
	}

	phase("verified")
	// The seed's MapReduce over the logs in S3, run by the surviving worker
	// and this process, agrees exactly.
	for _, m := range []centavo.Month{centavo.MonthOf(now), centavo.MonthOf(now).Add(-1)} {
		out.Reset()
		if err := run(ctx, onClock(t, append([]string{"recompute", "--month", m.String(), "--timeout", "3m"}, backendArgs...)), noEnv, nil, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "OK") {
			t.Fatalf("recompute %s: %v\n%s", m, err, out.String())
		}
		phase(strings.TrimSpace(out.String()))
	}
	// The API processes never crashed.
	for i, p := range append(apis, workers[1]) {
		select {
		case err := <-p.done:
			t.Fatalf("process %d exited: %v\n%s", i, err, p.logs.String())
		default:
		}
	}
}

func jsonBody(v any) io.Reader {
	b, _ := jsonMarshal(v)
	return bytes.NewReader(b)
}

// TestReadyWithoutDatabase: /readyz fails while the database is unreachable
// (load balancers then stop sending traffic) and recovers with it; /healthz
// keeps saying the process is alive.
func TestReadyWithoutDatabase(t *testing.T) {
	t.Parallel()
	base := pgtest.Database(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newProxy(t, pgHost(t, base))
	u.Host = proxy.ln.Addr().String()
	key, _ := seal.GenerateKey("k1")
	a := startServe(t, "--database-url", u.String(), "--secret-key", key)
	c := newClient(t, a.base)
	if status, b := c.Raw("GET", "/readyz", nil, ""); status != 200 {
		t.Fatalf("readyz with the database up: %d %s", status, b)
	}
	proxy.stop()
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, _ := c.Raw("GET", "/readyz", nil, "")
		if status == 503 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz still %d with the database gone", status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if status, _ := c.Raw("GET", "/healthz", nil, ""); status != 200 {
		t.Fatalf("healthz with the database gone: %d", status)
	}
	// The database comes back at the same address.
	proxyOn(t, proxy.ln.Addr().String(), pgHost(t, base))
	deadline = time.Now().Add(30 * time.Second)
	for {
		if status, _ := c.Raw("GET", "/readyz", nil, ""); status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("readyz did not recover with the database")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// pgHost is the host:port of a PostgreSQL URL (5432 when it names none).
func pgHost(t *testing.T, pgURL string) string {
	t.Helper()
	u, err := url.Parse(pgURL)
	if err != nil {
		t.Fatal(err)
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), "5432")
	}
	return u.Host
}
