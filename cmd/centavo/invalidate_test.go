package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/pgtest"
	"github.com/centavo/centavo/internal/seal"
)

// crashRedisDB is the Redis database TestCrashBeforeInvalidation uses
// (emptied of Centavo's keys first: its users' ids are those of every other
// fresh database).
const crashRedisDB = 12

// TestCrashBeforeInvalidation: a process is SIGKILLed between a change's
// commit and its cache invalidation (the hook CENTAVO_TEST_CRASH_BEFORE_
// INVALIDATE), and another process sharing PostgreSQL and Redis, which had
// the summary cached, then serves the fresh one: the change's transaction
// enqueued the invalidation as a job, which the other process's worker
// performs (docs/0040). Without it the old summary would stay in Redis for
// the values' TTL (10 minutes).
func TestCrashBeforeInvalidation(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process test skipped in -short mode")
	}
	pgtest.URL(t)
	redisURL := requireEnv(t, "Redis", "CENTAVO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
	t.Parallel()
	ru, err := redisHost(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	opts.DB = crashRedisDB
	rc := redis.NewClient(opts)
	defer rc.Close()
	ctx := context.Background()
	for it := rc.Scan(ctx, 0, "centavo:*", 1000).Iterator(); it.Next(ctx); {
		rc.Del(ctx, it.Val())
	}
	dbURL := pgtest.Database(t)
	key, _ := seal.GenerateKey("k1")
	common := []string{"--database-url", dbURL, "--secret-key", key, "--redis-url", ru.via(ru.host, crashRedisDB), "--data-dir", t.TempDir(),
		"--poll-interval", "100ms", "--argon2-memory", "8192", "--argon2-passes", "1", "--allow-private-banks",
		"--ofx-requests-per-minute", "0", "--ofx-one-at-a-time", "false"}
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate", "--database-url", dbURL}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
	bank := startProcess(t, "sandbox-bank")
	reader := startProcess(t, append([]string{"serve"}, common...)...) // every role
	base := "http://" + reader.addr
	users := linkFaultUsers(t, base, "http://"+bank.addr+"/ofx", []string{"demo-51"})
	c := users[0].c
	c.WaitAccounts("accounts ok", time.Minute, allStatus(2, centavo.AccountOK))

	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The link's invalidations done (their jobs would bump the generation
	// again after the summary below is cached).
	waitQueueIdle(t, db)

	month := centavo.MonthOf(testNow(t)()).Add(-1).String()
	spent := func() int64 {
		var s spendingOut
		c.Do("GET", "/api/v1/spending?month="+month, nil, 200, &s)
		return s.TotalSpentCents
	}
	before := spent()
	waitFault(t, "the summary cached in Redis", 30*time.Second, func() (bool, string) {
		h := cacheHits(t, base)
		before = spent()
		return cacheHits(t, base) > h, "no cache hit"
	})

	// The change goes through an API process that dies right after its
	// commit, before it can bump the user's generation in Redis.
	crasher := startProcessEnv(t, []string{crashBeforeInvalidateEnv + "=1"}, append([]string{"serve", "--roles", "api"}, common...)...)
	var page txnsOut
	c.Do("GET", "/api/v1/transactions?limit=200&month="+month, nil, 200, &page)
	var moved *txnOut
	for i, tx := range page.Transactions {
		if tx.AmountCents < 0 && tx.Category != centavo.CatTransfer && tx.Category != centavo.CatIncome && tx.Category != centavo.CatHousing {
			moved = &page.Transactions[i]
			break
		}
	}
	if moved == nil {
		t.Fatal("no purchase last month")
	}
	var lastJob int64
	if err := db.QueryRow(`SELECT coalesce(max(id), 0) FROM river_job`).Scan(&lastJob); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("PATCH", fmt.Sprintf("http://%s/api/v1/transactions/%d", crasher.addr, moved.ID), jsonBody(map[string]any{"category": centavo.CatTransfer}))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.Token())
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("the change was answered (%d): the process did not die before its invalidation", res.StatusCode)
	}
	select {
	case <-crasher.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the API process is still running after its change")
	}
	var category string
	if err := db.QueryRow(`SELECT category FROM transactions WHERE id = $1`, moved.ID).Scan(&category); err != nil || category != centavo.CatTransfer {
		t.Fatalf("the change did not commit before the crash: category %q, %v", category, err)
	}

	// The other process serves the fresh summary once its worker has run
	// the invalidation the change enqueued.
	want, got := before+moved.AmountCents, before
	waitFault(t, "the fresh summary", 30*time.Second, func() (bool, string) {
		got = spent()
		return got == want, fmt.Sprintf("spent %d, want %d (before the change: %d)", got, want, before)
	})
	// The job that did it is the one the change enqueued (its completion
	// is recorded a moment after its work).
	var done int
	waitFault(t, "the change's cache_invalidate job completed", 30*time.Second, func() (bool, string) {
		err := db.QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'cache_invalidate' AND state = 'completed' AND id > $1
			AND (args->>'user_id')::bigint = (SELECT user_id FROM transactions WHERE id = $2)`, lastJob, moved.ID).Scan(&done)
		return err == nil && done > 0, fmt.Sprintf("%d completed (err %v)", done, err)
	})
	t.Logf("spent last month: %d before the change, %d read after the crash (cache_invalidate jobs completed: %d)", before, got, done)
}
