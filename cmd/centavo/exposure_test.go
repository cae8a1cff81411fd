package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// getBody fetches a URL and returns the status and body.
func getBody(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestMetricsAddr: by default the main listener serves /metrics to its
// (loopback) clients; with --metrics-addr, /metrics is on that listener and
// the main one does not serve it.
func TestMetricsAddr(t *testing.T) {
	t.Parallel()
	plain := startServe(t)
	if status, body := getBody(t, plain.base+"/metrics"); status != 200 || !strings.Contains(body, "# TYPE centavo_") {
		t.Fatalf("GET /metrics from loopback: %d", status)
	}

	a := startServe(t, "--metrics-addr", "127.0.0.1:0")
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, line := range strings.Split(a.logs.String(), "\n") {
			var l struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "metrics serving" {
				addr = l.Addr
			}
		}
	}
	if addr == "" {
		t.Fatalf("no \"metrics serving\" log line:\n%s", a.logs)
	}
	if status, body := getBody(t, a.base+"/metrics"); status != http.StatusNotFound || strings.Contains(body, "centavo_") {
		t.Errorf("GET /metrics on the main listener with --metrics-addr: %d %.200s", status, body)
	}
	getBody(t, a.base+"/healthz")
	if status, body := getBody(t, "http://"+addr+"/metrics"); status != 200 || !strings.Contains(body, `route="GET /healthz",status="200"`) {
		t.Errorf("GET /metrics on --metrics-addr: %d %.300s", status, body)
	}
	if status, _ := getBody(t, "http://"+addr+"/api/v1/me"); status != http.StatusNotFound {
		t.Errorf("the metrics listener serves more than /metrics: %d", status)
	}
}

// TestDataFolderTightened: serve on an existing data folder that others
// may read tightens it to 0700, says so in the log, and keeps the database
// file 0600.
func TestDataFolderTightened(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	a := startServe(t, "--data-dir", dir)
	signUp(t, newClient(t, a.base), "perm@example.com")
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("data folder %v, %v; want 0700", fi.Mode().Perm(), err)
	}
	if !strings.Contains(a.logs.String(), "the data folder was readable by others: tightened to 0700") {
		t.Errorf("no log line about the tightened data folder")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "centavo.db*"))
	for _, f := range append(files, filepath.Join(dir, "centavo.db")) {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want 0600", filepath.Base(f), fi.Mode().Perm(), err)
		}
	}
}
