package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/rates"
)

// ratesCmd is `centavo rates import [flags] FILE`: stores the euro
// reference rates of an ECB file (eurofxref-hist.csv, eurofxref.csv,
// eurofxref-daily.xml, eurofxref-hist.xml) on every shard. A file that does
// not read changes nothing and exits 1 saying why.
func ratesCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "usage: centavo rates import [--data-dir DIR | --database-url URL] FILE")
		return exitCode(2)
	}
	args = args[1:]
	if len(args) == 0 || strings.HasPrefix(args[len(args)-1], "-") {
		fmt.Fprintln(stderr, "centavo rates import: name the ECB rates file (CSV or XML)")
		return exitCode(2)
	}
	file := args[len(args)-1]
	cfg, err := config.Parse("rates import", args[:len(args)-1], getenv, stderr, config.FlagDataDir|config.FlagBackends, "")
	if err != nil {
		return err
	}
	data, err := readLimited(file)
	if err != nil {
		return err
	}
	// Read before opening the database: a bad file touches nothing.
	if _, err := rates.Parse(data); err != nil {
		fmt.Fprintf(stderr, "REFUSED %s: %v (nothing was imported)\n", file, err)
		return exitCode(1)
	}
	b, err := app.OpenDatabases(ctx, cfg)
	if err != nil {
		return err
	}
	defer b.Close()
	svc := &rates.Service{Shards: b.Shards}
	res, err := svc.Import(ctx, data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "OK: %d rates of %d currencies from %s to %s imported from %s\n", res.Rates, res.Currencies, res.First, res.Last, file)
	return nil
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, rates.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}
