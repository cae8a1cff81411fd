// Command centavo is the Centavo personal-finance service: one binary with
// subcommands (serve, sandbox-bank, verify, migrate, sellers, categorize,
// recompute, replay, rates; see usage). The load generator is its own binary,
// cmd/centavo-loadgen.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		var ec exitCode
		if errors.As(err, &ec) {
			os.Exit(int(ec)) // the command said why already
		}
		fmt.Fprintln(os.Stderr, "centavo:", err)
		os.Exit(1)
	}
}

// exitCode lets a subcommand choose the process exit status.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const usage = `Centavo: personal-finance aggregation.

Usage: centavo <command> [flags]

Commands:
  serve          run the service (API, workers, scheduler) on the embedded defaults
  sandbox-bank   run the sandbox bank (OFX Direct Connect) on its own
  verify         check the data's invariants; exits non-zero on a violation
  migrate        apply database migrations and exit
  sellers        check a seller map file (--sellers-file); SIGHUP makes serve reload it
  categorize     categorize descriptors from standard input (--expect: measure accuracy)
  recompute      rebuild a month's spending from the logs in the object store
                 (MapReduce on the job queue) and compare it with the database
  replay         read the archived downloads and imports again with today's
                 readers: fix descriptions, add what was missed, print the changes
  rates import   store the ECB euro reference rates of a file (CSV or XML)

Run 'centavo <command> -h' for a command's flags. The load generator is a
binary of its own: go run ./cmd/centavo-loadgen -h (docs/BENCHMARKS.md).
`

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitCode(2)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "sandbox-bank":
		return sandboxBank(ctx, args[1:], getenv, stdout, stderr)
	case "verify":
		return verify(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout, stderr)
	case "recompute":
		return recomputeCmd(ctx, args[1:], getenv, stdout, stderr)
	case "replay":
		return replayCmd(ctx, args[1:], getenv, stdout, stderr)
	case "sellers":
		return sellersCmd(ctx, args[1:], getenv, stdout, stderr)
	case "categorize":
		return categorizeCmd(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "rates":
		return ratesCmd(ctx, args[1:], getenv, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
