package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/loadgen"
	"github.com/centavo/centavo/internal/seal"
)

// env is a getenv over a map.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestHelpListsTheFlags(t *testing.T) {
	t.Parallel()
	var stderr strings.Builder
	err := run(context.Background(), []string{"-h"}, env(nil), io.Discard, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h: %v, want flag.ErrHelp", err)
	}
	// The flags of `centavo loadgen` before it left the service binary.
	for _, name := range []string{"all", "sqlite", "postgres", "baselines", "ingest", "ofx", "reads", "history", "trivial",
		"postgres-url", "redis-url", "target", "users", "ofx-users", "extract-workers", "database-max-conns", "poll-interval",
		"history-levels", "rates", "saturation-rate", "read-duration", "saturation-duration", "connections", "only-reads",
		"soak", "soak-engine", "soak-write-rate", "soak-read-rate", "serve-log-level", "timeout", "work-dir", "keep",
		"in-process", "cpuprofile", "json", "json-file", "trivial-server", "addr-file"} {
		if !strings.Contains(stderr.String(), "\n  -"+name+" ") && !strings.Contains(stderr.String(), "\n  -"+name+"\n") {
			t.Errorf("-h does not list --%s", name)
		}
	}
}

func TestLoopbackOnly(t *testing.T) {
	t.Parallel()
	for u, ok := range map[string]bool{
		"": true,
		"postgres://postgres@127.0.0.1:5432/test?sslmode=disable": true,
		"redis://localhost:6379/13":                               true,
		"http://[::1]:8080":                                       true,
		"postgres://u:p@db.example.com/x":                         false,
		"http://10.0.0.5:8080":                                    false,
	} {
		if err := loopbackOnly(u); (err == nil) != ok {
			t.Errorf("loopbackOnly(%q) = %v, want allowed=%v", u, err, ok)
		}
	}
}

func TestFloats(t *testing.T) {
	t.Parallel()
	got, err := floats(" 200, 2000,,")
	if err != nil || len(got) != 2 || got[0] != 200 || got[1] != 2000 {
		t.Fatalf("floats = %v, %v", got, err)
	}
	if _, err := floats("200,-1"); err == nil {
		t.Fatal("floats accepted a negative rate")
	}
}

// An inherited CENTAVO_DATABASE_URL would move every serve process of the
// run (and the pipeline) off the backend the run chose.
func TestRefusesBackendsFromTheEnvironment(t *testing.T) {
	t.Parallel()
	err := run(context.Background(), []string{"--baselines"},
		env(map[string]string{"CENTAVO_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"}), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "CENTAVO_DATABASE_URL") {
		t.Fatalf("run = %v, want a refusal naming CENTAVO_DATABASE_URL", err)
	}
}

// setup is a harness in a fresh folder with the environment given.
func setup(t *testing.T, vars map[string]string) *harness {
	t.Helper()
	return &harness{dir: t.TempDir(), inProcess: true, getenv: env(vars),
		serveArgs: []string{"--log-level", "warn", "--argon2-memory", "1024", "--argon2-passes", "1", "--poll-interval", "1s"}}
}

// The pipeline is configured as serve is: crowd voters and the seller map
// come from serve's configuration, not from constants of its own.
func TestPipelineTakesServeConfiguration(t *testing.T) {
	t.Parallel()
	sellersFile := filepath.Join(t.TempDir(), "sellers.tsv")
	if err := os.WriteFile(sellersFile, []byte("Corner Grocer\tfood\tcorner grocer|cg market\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := setup(t, map[string]string{"CENTAVO_CROWD_VOTERS": "5", "CENTAVO_SELLERS_FILE": sellersFile})
	key, err := seal.GenerateKey("k1")
	if err != nil {
		t.Fatal(err)
	}
	b := loadgen.Backend{DataDir: filepath.Join(h.dir, "data"), SecretKey: key}
	p, err := h.Pipeline(context.Background(), b, nil, loadgen.PipelineOptions{ExtractWorkers: 2, MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Error(err)
		}
	})
	cz := p.Ingest.Categorizer
	if n := cz.Sellers.Len(); n != 1 {
		t.Errorf("seller map has %d sellers, want the 1 of CENTAVO_SELLERS_FILE", n)
	}
	crowd, ok := cz.Crowd.(*categorize.CrowdIndex)
	if !ok {
		t.Fatalf("crowd is %T", cz.Crowd)
	}
	crowd.Set(0, "corner bakery", "food", 4)
	if _, ok := crowd.Consensus("corner bakery"); ok {
		t.Error("4 voters made a consensus; CENTAVO_CROWD_VOTERS=5 asks for 5")
	}
	crowd.Set(0, "corner bakery", "food", 5)
	if _, ok := crowd.Consensus("corner bakery"); !ok {
		t.Error("5 voters made no consensus")
	}
}

func TestTrivialServerInProcess(t *testing.T) {
	t.Parallel()
	h := setup(t, nil)
	s, err := h.Trivial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(s.Base + "/api/v1/spending")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("trivial handler answered %d", resp.StatusCode)
	}
	if err := s.Stop(); err != nil {
		t.Error(err)
	}
}
