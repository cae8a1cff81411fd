package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/config"
	"github.com/centavo/centavo/internal/pgtest"
)

func get(h http.Handler, path, remote string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.RemoteAddr = remote
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// /metrics answers loopback clients only — not other addresses, not a
// request a proxy forwarded (a proxy on this host would make everyone
// local), not a trusted proxy's client; with --metrics-addr it is not on
// the main handler at all, only on MetricsHandler.
func TestMetricsExposure(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t, "--roles", "api", "--trusted-proxies", "10.0.0.0/8")
	h := a.Handler(app.HandlerOptions{})
	for _, tc := range []struct {
		remote string
		header []string
		status int
	}{
		{"127.0.0.1:5000", nil, 200},
		{"[::1]:5000", nil, 200},
		{"127.0.0.2:5000", nil, 200},
		{"192.0.2.1:5000", nil, 403},
		{"[2001:db8::1]:5000", nil, 403},
		{"127.0.0.1:5000", []string{"X-Forwarded-For", "203.0.113.9"}, 403},
		{"127.0.0.1:5000", []string{"Forwarded", "for=203.0.113.9"}, 403},
		{"127.0.0.1:5000", []string{"X-Real-IP", "203.0.113.9"}, 403},
		{"10.1.1.1:5000", []string{"X-Forwarded-For", "203.0.113.9"}, 403},
		{"10.1.1.1:5000", nil, 403},
	} {
		rec := get(h, "/metrics", tc.remote, tc.header...)
		if rec.Code != tc.status {
			t.Errorf("GET /metrics from %s %v: %d, want %d", tc.remote, tc.header, rec.Code, tc.status)
		}
		if tc.status == 200 && !strings.Contains(rec.Body.String(), "# TYPE centavo_") ||
			tc.status == 403 && (strings.Contains(rec.Body.String(), "centavo_") || !strings.Contains(rec.Body.String(), `"code":"forbidden"`)) {
			t.Errorf("GET /metrics from %s %v: body %.200s", tc.remote, tc.header, rec.Body)
		}
	}

	own := apptest.Start(t, "--roles", "api", "--metrics-addr", "127.0.0.1:0")
	main := own.Handler(app.HandlerOptions{})
	if rec := get(main, "/metrics", "127.0.0.1:5000"); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "centavo_") {
		t.Errorf("GET /metrics on the main handler with --metrics-addr: %d %.200s", rec.Code, rec.Body)
	}
	get(main, "/healthz", "127.0.0.1:5000") // counted, then seen on the metrics listener
	rec := get(own.MetricsHandler(), "/metrics", "192.0.2.1:5000")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `centavo_http_requests_total{method="GET",route="GET /healthz",status="200"} 1`) {
		t.Errorf("MetricsHandler: %d %.300s", rec.Code, rec.Body)
	}
}

// The sandbox bank is served on the embedded defaults, and with
// --database-url only when --sandbox asks for it (the accounts page then
// offers it, or not).
func TestSandboxExposure(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args    []string
		mounted bool
	}{
		{nil, true},
		{[]string{"--database-url", pgtest.Schema(t)}, false},
		{[]string{"--database-url", pgtest.Schema(t), "--sandbox"}, true},
	} {
		a := apptest.Start(t, append([]string{"--roles", "api"}, tc.args...)...)
		h := a.Handler(app.HandlerOptions{})
		for _, path := range []string{"/sandbox/", "/sandbox/ofx", "/sandbox/simplefin/setup-token?login=demo-1&password=secret-1"} {
			rec := get(h, path, "127.0.0.1:5000")
			if served := rec.Code != http.StatusNotFound; served != tc.mounted {
				t.Errorf("%v: GET %s: %d, want served=%v", tc.args, path, rec.Code, tc.mounted)
			}
		}
		if a.Config.SandboxMounted() != tc.mounted {
			t.Errorf("%v: SandboxMounted %v", tc.args, a.Config.SandboxMounted())
		}
		// The accounts page offers the sandbox only where it is served.
		ctx := context.Background()
		if _, err := a.Auth.SignUp(ctx, "sb@example.com", "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		token, err := a.Auth.SignIn(ctx, "sb@example.com", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", "/accounts?preset=sandbox", nil)
		req.AddCookie(&http.Cookie{Name: "centavo_session", Value: token})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != 200 || strings.Contains(body, "Use the sandbox bank") != tc.mounted || strings.Contains(body, "Get a sandbox token") != tc.mounted ||
			strings.Contains(body, "/sandbox/ofx") != tc.mounted {
			t.Errorf("%v: the accounts page (%d) offers the sandbox: %v", tc.args, rec.Code, strings.Contains(body, "sandbox bank"))
		}
	}
}

// An existing data folder others may read is tightened to 0700, with a log
// line; the database files are 0600.
func TestDataFolderPermissions(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil { // whatever the umask
		t.Fatal(err)
	}
	// A database file an older version left readable by everyone.
	if err := os.WriteFile(filepath.Join(dir, "centavo.db"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "centavo.db"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("serve", []string{"--data-dir", dir}, func(string) string { return "" }, io.Discard,
		config.FlagDataDir|config.FlagServe|config.FlagBackends, "")
	if err != nil {
		t.Fatal(err)
	}
	logs := &apptest.SyncBuffer{}
	b, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	// A write, so that SQLite makes its -wal and -shm files.
	if err := b.Shards[0].Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Cluster.UserByEmail(context.Background(), "nobody@example.com"); err == nil {
		t.Fatal("a user in a new database")
	}
	defer b.Close()
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("data folder %v, want 0700", fi.Mode().Perm())
	}
	if !strings.Contains(logs.String(), "tightened to 0700") || !strings.Contains(logs.String(), "was=0755") {
		t.Errorf("no log line about the tightened folder:\n%s", logs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "centavo.db*"))
	if len(files) == 0 {
		t.Fatal("no database file")
	}
	for _, f := range files {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v, want 0600", filepath.Base(f), fi.Mode().Perm(), err)
		}
	}
	// A new data folder is made 0700, silently.
	fresh := filepath.Join(t.TempDir(), "new")
	cfg.DataDir = fresh
	logs2 := &apptest.SyncBuffer{}
	b2, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(logs2, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o700 || strings.Contains(logs2.String(), "tightened") {
		t.Errorf("a new data folder: %v, logs %s", fi.Mode().Perm(), logs2)
	}
	if fi, _ := os.Stat(filepath.Join(fresh, "centavo.db")); fi.Mode().Perm() != 0o600 {
		t.Errorf("a new database file: %v", fi.Mode().Perm())
	}
}
