package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/config"
)

// sandboxBank runs the sandbox bank alone. Its OFX endpoint is /ofx (and
// /sandbox/ofx, the path it has inside serve).
func sandboxBank(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("sandbox-bank", args, getenv, stderr, config.FlagAddr|config.FlagLog|config.FlagClock, "127.0.0.1:9400")
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	srv := &http.Server{Handler: app.SandboxBank(cfg.Clock(), log), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	ln, addr, err := listen(cfg)
	if err != nil {
		return err
	}
	log.Info("sandbox bank serving", "addr", addr, "ofx_url", "http://"+addr+"/ofx")
	fmt.Fprintf(stdout, "Sandbox bank: OFX at http://%s/ofx (logins demo-<n> / secret-<n>)\n", addr)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return err
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// verify checks the invariants of DESIGN.md on every shard: monthly
// spending equals the sum of the transactions, no transaction stored twice.
func verify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("verify", args, getenv, stderr, config.FlagDataDir|config.FlagBackends, "")
	if err != nil {
		return err
	}
	if len(cfg.DatabaseURLs) == 0 {
		if _, err := os.Stat(cfg.DataDir); err != nil {
			return fmt.Errorf("data folder %s: %w", cfg.DataDir, err)
		}
	}
	b, err := app.OpenDatabases(ctx, cfg)
	if err != nil {
		return err
	}
	defer b.Close()
	failed := 0
	var users, txns int64
	for i, shard := range b.Shards {
		rep, err := shard.Verify(ctx)
		if err != nil {
			return fmt.Errorf("shard %d: %w", i, err)
		}
		users, txns = users+rep.Users, txns+rep.Transactions
		for _, m := range rep.SpendingMismatches {
			fmt.Fprintf(stdout, "VIOLATION shard=%d monthly_spending user=%d month=%s currency=%s category=%s stored=%d/%d computed=%d/%d (cents/count)\n",
				i, m.UserID, m.Month, m.Currency, m.Category, m.StoredCents, m.StoredCount, m.ComputedCents, m.ComputedCount)
		}
		for _, d := range rep.DuplicateTransactions {
			fmt.Fprintf(stdout, "VIOLATION shard=%d duplicate transaction account=%d institution_id=%q stored %d times\n", i, d.AccountID, d.InstitutionID, d.Count)
		}
		for _, m := range rep.DayMismatches {
			fmt.Fprintf(stdout, "VIOLATION shard=%d account_days user=%d account=%d day=%s stored=%d/%d computed=%d/%d (cents/count)\n",
				i, m.UserID, m.AccountID, m.Day, m.StoredCents, m.StoredCount, m.ComputedCents, m.ComputedCount)
		}
		for _, m := range rep.BlockMismatches {
			fmt.Fprintf(stdout, "VIOLATION shard=%d account_balance_blocks user=%d account=%d block=%d differs from account_balances\n",
				i, m.UserID, m.AccountID, m.Block)
		}
		for _, m := range rep.PairMismatches {
			fmt.Fprintf(stdout, "VIOLATION shard=%d transfer_pair user=%d pair=%d: %d transactions that are not the two sides of one transfer\n",
				i, m.UserID, m.PairID, m.Count)
		}
		for _, m := range rep.GoalMismatches {
			fmt.Fprintf(stdout, "VIOLATION shard=%d goal user=%d goal=%d contributed=%d contributions_sum=%d (cents)\n",
				i, m.UserID, m.GoalID, m.StoredCents, m.ComputedCents)
		}
		if !rep.OK() {
			failed++
			fmt.Fprintf(stdout, "FAILED shard %d: %d aggregate mismatches, %d account day mismatches, %d balance block mismatches, %d duplicated transactions, %d broken transfer pairs, %d goal mismatches (%d users, %d transactions)\n",
				i, len(rep.SpendingMismatches), len(rep.DayMismatches), len(rep.BlockMismatches), len(rep.DuplicateTransactions), len(rep.PairMismatches), len(rep.GoalMismatches), rep.Users, rep.Transactions)
		}
	}
	if failed > 0 {
		return exitCode(1)
	}
	fmt.Fprintf(stdout, "OK: invariants hold on %d shard(s) (%d users, %d transactions)\n", len(b.Shards), users, txns)
	return nil
}

// migrate applies the migrations (opening the stores does) and exits.
func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("migrate", args, getenv, stderr, config.FlagDataDir|config.FlagLog|config.FlagBackends, "")
	if err != nil {
		return err
	}
	b, err := app.OpenDatabases(ctx, cfg)
	if err != nil {
		return err
	}
	defer b.Close()
	slog.New(slog.NewJSONHandler(stderr, nil)).Info("migrations applied", "shards", len(b.Shards))
	fmt.Fprintf(stdout, "OK: %d database(s) up to date\n", len(b.Shards))
	return nil
}
