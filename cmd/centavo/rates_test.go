package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/store/sqlite"
)

// TestRatesImport: `centavo rates import` stores an ECB file's rates; a
// malformed file exits 1 saying where, and stores nothing.
func TestRatesImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("Date,USD,JPY,\n2025-05-09,1.1252,163.36,\n2025-05-08,1.1297,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(ctx, []string{"rates", "import", "--data-dir", dir, bad}, noEnv, nil, &out, &out)
	var code exitCode
	if !errors.As(err, &code) || code != 1 || !strings.Contains(out.String(), "line 3: 3 columns, the header has 4") {
		t.Fatalf("a bad file: %v, %q", err, out.String())
	}
	good, err := filepath.Abs(filepath.Join("..", "..", "internal", "rates", "testdata", "eurofxref-hist.xml"))
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"rates", "import", "--data-dir", dir, good}, noEnv, nil, &out, &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "OK: 90 rates of 30 currencies from 2025-05-07 to 2025-05-09") {
		t.Fatalf("import said %q", out.String())
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "centavo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := db.Rates(ctx)
	if err != nil || len(rs) != 90 {
		t.Fatalf("stored %d rates, %v; want 90 (and none of the refused file)", len(rs), err)
	}
}
