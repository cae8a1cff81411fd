// Command peer is the Go half of bench/peer/run.sh, which imports one CSV
// into Centavo and into Actual Budget in the same run and compares the
// rates (bench/peer/README.md):
//
//	peer csv --rows 50000 --out statement.csv     # the statement, from a fixed seed
//	peer centavo --base http://127.0.0.1:PORT --csv statement.csv --out centavo.json
//	peer report --centavo centavo.json --actual actual.json --out peer.json
//
// It is a benchmark tool, not part of the service.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "peer:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: peer csv|centavo|report [flags]")
	}
	fs := flag.NewFlagSet("peer "+args[0], flag.ContinueOnError)
	switch args[0] {
	case "csv":
		rows := fs.Int("rows", 50_000, "transactions")
		end := fs.String("end", "2026-11-30", "last day of the year the statement covers")
		seed := fs.Uint64("seed", 20, "random seed")
		out := fs.String("out", "", "file to write (default stdout)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *rows < 1 {
			return errors.New("--rows must be at least 1")
		}
		last, err := time.Parse(time.DateOnly, *end)
		if err != nil {
			return err
		}
		st := Statement(*rows, last, *seed)
		if err := writeStatement(*out, stdout, st); err != nil {
			return err
		}
		if *out != "" {
			fmt.Fprintf(stdout, "%d rows, %d distinct descriptors, %s to %s\n", len(st), distinct(st), st[0].Date.Format(time.DateOnly), st[len(st)-1].Date.Format(time.DateOnly))
		}
		return nil
	case "centavo":
		var o centavoOptions
		fs.StringVar(&o.base, "base", "", "Centavo's address, http://host:port")
		fs.StringVar(&o.csv, "csv", "", "statement to import")
		fs.IntVar(&o.rows, "rows", 0, "rows the statement holds")
		fs.StringVar(&o.version, "version", "", "Centavo's version, for the report")
		fs.DurationVar(&o.limit, "limit", 15*time.Minute, "stop sending the file again after this long")
		out := fs.String("out", "", "result JSON")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		res, err := importIntoCentavo(o)
		if err != nil {
			return err
		}
		return writeJSON(*out, res)
	case "report":
		centavoFile := fs.String("centavo", "", "peer centavo's JSON")
		actualFile := fs.String("actual", "", "the Actual script's JSON")
		var m Machine
		fs.StringVar(&m.LoadBefore, "load-before", "", "load average when the run began")
		fs.StringVar(&m.Go, "go", "", "go version")
		fs.StringVar(&m.Node, "node", "", "node version")
		out := fs.String("out", "", "combined JSON")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return report(stdout, *centavoFile, *actualFile, m, *out)
	}
	return fmt.Errorf("unknown command %q: csv, centavo or report", args[0])
}

func writeStatement(path string, stdout io.Writer, rows []Row) error {
	if path == "" {
		return WriteCSV(stdout, rows)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteCSV(f, rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeJSON(path string, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the methods quote URLs with &
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
