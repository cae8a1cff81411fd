package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/ingest"
)

// replayCmd reads the archived downloads and imports again with today's
// readers and reconciles the stored transactions with them (ingest.Replay),
// printing what changed per account.
func replayCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var email, accountID, since string
	cfg, err := config.Parse("replay", args, getenv, stderr, config.FlagDataDir|config.FlagServe|config.FlagLog|config.FlagBackends|config.FlagClock, "",
		func(fs *flag.FlagSet) {
			fs.StringVar(&email, "user", "", "replay only this user's archive (e-mail)")
			fs.StringVar(&accountID, "account", "", "replay only this account's archive (id)")
			fs.StringVar(&since, "since", "", "replay only what was downloaded or imported on or after this day, YYYY-MM-DD (UTC)")
		})
	if err != nil {
		return err
	}
	var scope ingest.ReplayScope
	if accountID != "" {
		if scope.AccountID, err = strconv.ParseInt(accountID, 10, 64); err != nil || scope.AccountID <= 0 {
			return fmt.Errorf("--account %q: want an account id (a positive number)", accountID)
		}
	}
	if since != "" {
		if scope.Since, err = time.Parse(time.DateOnly, since); err != nil {
			return fmt.Errorf("--since %q: want a day, YYYY-MM-DD", since)
		}
	}
	if len(cfg.DatabaseURLs) == 0 {
		if _, err := os.Stat(cfg.DataDir); err != nil {
			return fmt.Errorf("data folder %s: %w", cfg.DataDir, err)
		}
	}
	r, err := app.OpenReplay(ctx, cfg, newLogger(stderr, cfg.LogLevel), cfg.Clock())
	if err != nil {
		return err
	}
	defer r.Close()
	if email != "" {
		if scope.UserID, err = r.UserID(ctx, email); err != nil {
			return err
		}
	}
	rep, err := r.Run(ctx, scope)
	printReplay(stdout, rep)
	return err
}

// printReplay writes what a replay changed: a line per account with an
// archive, its examples, and the totals.
func printReplay(w io.Writer, rep ingest.ReplayReport) {
	var total ingest.AccountReplay
	for _, a := range rep.Accounts {
		fmt.Fprintf(w, "account %d (user %d, %q): %d batch(es) read again: added %d, descriptions fixed %d, categories changed %d\n",
			a.AccountID, a.UserID, a.Name, a.Batches, a.Added, a.DescriptionsFixed, a.CategoriesChanged)
		if a.Unreadable > 0 {
			fmt.Fprintf(w, "  %d batch(es) today's readers refuse: what they stored stays (see the log)\n", a.Unreadable)
		}
		if a.NoLongerRead > 0 {
			fmt.Fprintf(w, "  %d stored transaction(s) today's readers no longer find in their file: left as they are\n", a.NoLongerRead)
		}
		if a.ChangedMeanwhile > 0 {
			fmt.Fprintf(w, "  %d transaction(s) changed while replay ran: left as they are; run replay again\n", a.ChangedMeanwhile)
		}
		for _, e := range a.Examples {
			day, amount := e.PostedAt.Format(time.DateOnly), centavo.FormatMoney(e.AmountCents, "")
			switch e.Kind {
			case "added":
				fmt.Fprintf(w, "  added        %s %12s  %q\n", day, amount, e.After)
			default:
				fmt.Fprintf(w, "  %-12s %s %12s  %q → %q\n", e.Kind, day, amount, e.Before, e.After)
			}
		}
		total.Batches += a.Batches
		total.Added += a.Added
		total.DescriptionsFixed += a.DescriptionsFixed
		total.CategoriesChanged += a.CategoriesChanged
	}
	fmt.Fprintf(w, "replay: %d account(s), %d batch(es): added %d, descriptions fixed %d, categories changed %d\n",
		len(rep.Accounts), total.Batches, total.Added, total.DescriptionsFixed, total.CategoriesChanged)
}
