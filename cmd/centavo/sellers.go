package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/config"
)

// reloadSellersOnHUP swaps in a freshly read seller map on each SIGHUP; a
// map that does not load is reported and the old one kept.
func reloadSellersOnHUP(ctx context.Context, a *app.App, log *slog.Logger) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			m, err := a.ReloadSellers()
			if err != nil {
				log.Error("seller map reload failed; keeping the current map", "err", err)
				continue
			}
			log.Info("seller map reloaded", "sellers", m.Len(), "conflicts", len(m.Conflicts))
		}
	}
}

// sellersCmd checks a seller map file, the way serve would load it.
func sellersCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("sellers", args, getenv, stderr, config.FlagServe, "")
	if err != nil {
		return err
	}
	m, err := app.LoadSellers(cfg.SellersFile)
	if err != nil {
		return err
	}
	for _, c := range m.Conflicts {
		fmt.Fprintln(stdout, "CONFLICT", c)
	}
	source := "embedded map"
	if cfg.SellersFile != "" {
		source = cfg.SellersFile
	}
	fmt.Fprintf(stdout, "OK: %s loads %d sellers (%d key conflicts; the first seller keeps a shared key). Send SIGHUP to serve processes to reload.\n",
		source, m.Len(), len(m.Conflicts))
	return nil
}
