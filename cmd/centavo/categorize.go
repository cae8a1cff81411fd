package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/config"
)

// categorizeCmd categorizes raw descriptors read from standard input, one
// per line, and prints descriptor<TAB>merchant<TAB>category<TAB>source. With
// --expect the lines are descriptor<TAB>expected_category, and the output
// ends with the accuracy and a confusion summary. With --data-dir (or
// --database-url) the installation's crowd consensus is used too.
func categorizeCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var expect bool
	cfg, err := config.Parse("categorize", args, getenv, stderr, config.FlagDataDir|config.FlagBackends, "", func(fs *flag.FlagSet) {
		fs.BoolVar(&expect, "expect", false, "read descriptor<TAB>expected_category lines and report the accuracy")
	})
	if err != nil {
		return err
	}
	c, closeDB, err := app.OpenCategorizer(ctx, cfg, hasFlag(args, "data-dir") || len(cfg.DatabaseURLs) > 0)
	if err != nil {
		return err
	}
	defer closeDB()
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var total, right int
	confusion := map[[2]string]int{}
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" {
			continue
		}
		descriptor, want := text, ""
		if expect {
			d, e, ok := strings.Cut(text, "\t")
			if !ok {
				return fmt.Errorf("line %d: want descriptor<TAB>expected_category", line)
			}
			if _, known := centavo.LookupCategory(strings.TrimSpace(e)); !known {
				return fmt.Errorf("line %d: unknown category %q", line, e)
			}
			descriptor, want = d, strings.TrimSpace(e)
		}
		r := c.Categorize(categorize.Input{Descriptor: descriptor})
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", descriptor, r.Merchant, r.Category, r.Source)
		if expect {
			total++
			if r.Category == want {
				right++
			} else {
				confusion[[2]string{want, r.Category}]++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if !expect {
		return nil
	}
	if total == 0 {
		return fmt.Errorf("no input lines")
	}
	fmt.Fprintf(w, "accuracy: %d/%d = %.2f%%\n", right, total, 100*float64(right)/float64(total))
	type pair struct {
		k [2]string
		n int
	}
	var pairs []pair
	for k, n := range confusion {
		pairs = append(pairs, pair{k, n})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].n != pairs[j].n {
			return pairs[i].n > pairs[j].n
		}
		return pairs[i].k[0]+pairs[i].k[1] < pairs[j].k[0]+pairs[j].k[1]
	})
	if len(pairs) > 0 {
		fmt.Fprintln(w, "confusion (expected -> got: count):")
	}
	for _, p := range pairs {
		fmt.Fprintf(w, "  %s -> %s: %d\n", p.k[0], p.k[1], p.n)
	}
	return nil
}

func hasFlag(args []string, name string) bool {
	for _, a := range args {
		a = strings.TrimLeft(a, "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}
