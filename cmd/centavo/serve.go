package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/config"
)

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// listen opens the listening socket and, if asked, writes the address it
// got to the addr file (for --addr with port 0).
func listen(cfg config.Config) (net.Listener, string, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, "", fmt.Errorf("listen: %w", err)
	}
	addr := ln.Addr().String()
	if cfg.AddrFile != "" {
		if err := os.WriteFile(cfg.AddrFile, []byte(addr), 0o600); err != nil {
			ln.Close()
			return nil, "", fmt.Errorf("addr file: %w", err)
		}
	}
	return ln, addr, nil
}

// crashBeforeInvalidateEnv, set to anything, makes serve SIGKILL itself
// between a change's commit and its immediate cache invalidation: the crash
// test of docs/0040 (TestCrashBeforeInvalidation). Only a binary built with
// the centavo_crashtest tag (the tests' own, helpers_test.go) reads it:
// see testHooks (crashhook.go, crashhook_off.go).
const crashBeforeInvalidateEnv = "CENTAVO_TEST_CRASH_BEFORE_INVALIDATE"

// serve runs the service: app.New wires it on the configured backends, the
// root router (App.Handler) answers on the listener, SIGHUP reloads the
// seller map, and a signal drains it (see drain).
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("serve", args, getenv, stderr,
		config.FlagAddr|config.FlagDataDir|config.FlagServe|config.FlagLog|config.FlagBackends|config.FlagClock, "127.0.0.1:8080")
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	now := cfg.Clock()
	if !cfg.Now.IsZero() {
		log.Warn("the clock is set by --now: this process runs as if it were that instant, not the machine's time", "now", cfg.Now)
	}
	if len(cfg.DatabaseURLs) > 0 && cfg.SecretKey == "" {
		return errors.New("--secret-key (or CENTAVO_SECRET_KEY) is required with --database-url: " +
			"every process must seal and open bank credentials with the same keys")
	}
	a, err := app.New(ctx, cfg, log, now, testHooks(getenv, log)...)
	if err != nil {
		return err
	}
	defer a.Close()
	// Listen before the workers start: the banks' clients serve the
	// sandbox bank at this address in process (the outbound policy).
	ln, addr, err := listen(cfg)
	if err != nil {
		return err
	}
	if err := a.Listening(addr); err != nil {
		ln.Close()
		return err
	}
	if err := a.Start(ctx); err != nil {
		ln.Close()
		return errors.Join(err, a.Stop(context.Background()))
	}
	// SIGHUP reloads the seller map (from --sellers-file, or the embedded one).
	hupCtx, stopHUP := context.WithCancel(context.WithoutCancel(ctx))
	defer stopHUP()
	go reloadSellersOnHUP(hupCtx, a, log)

	draining := new(atomic.Bool)
	srv := &http.Server{
		// serve speaks plain HTTP; users reach it over TLS (through a
		// TLS-terminating proxy) when --public-url is https: then the web
		// UI's cookies are Secure and HSTS is sent.
		Handler:           a.Handler(app.HandlerOptions{Draining: draining, Secure: cfg.Secure()}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	stopMetrics, err := serveMetrics(cfg, a, log)
	if err != nil {
		ln.Close()
		return errors.Join(err, a.Stop(context.Background()))
	}
	defer stopMetrics()
	sandboxURL := ""
	if cfg.SandboxMounted() {
		sandboxURL = "http://" + addr + "/sandbox/ofx"
	}
	log.Info("centavo serving", "addr", addr, "url", "http://"+addr, "public_url", cfg.PublicURL, "secure_cookies", cfg.Secure(),
		"roles", cfg.Roles.String(), "shards", len(a.Shards), "data_dir", cfg.DataDir, "sandbox_ofx_url", sandboxURL)
	if sandboxURL != "" {
		fmt.Fprintf(stdout, "Centavo is running at http://%s (sandbox bank: %s)\n", addr, sandboxURL)
	} else {
		fmt.Fprintf(stdout, "Centavo is running at http://%s\n", addr)
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return errors.Join(fmt.Errorf("http server: %w", err), a.Stop(context.Background()))
	case <-ctx.Done():
	}
	return drain(a, srv, serveErr, draining)
}

// serveMetrics serves /metrics on its own listener when --metrics-addr
// asks for one (the main handler then does not serve it); stop closes it.
func serveMetrics(cfg config.Config, a *app.App, log *slog.Logger) (stop func(), err error) {
	if cfg.MetricsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	srv := &http.Server{Handler: a.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "err", err)
		}
	}()
	log.Info("metrics serving", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String()+"/metrics")
	return func() { _ = srv.Close() }, nil
}

// drain shuts down after a signal: readiness fails, in-flight requests
// finish, then running jobs (cancelled only when the timeout runs out; a
// cancelled job is retried later, and its effects are idempotent).
func drain(a *app.App, srv *http.Server, serveErr <-chan error, draining *atomic.Bool) error {
	log := a.Logger
	log.Info("shutting down: draining requests and jobs", "timeout", a.Config.ShutdownTimeout.String())
	draining.Store(true)
	shutCtx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(shutCtx); err != nil {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	errs = append(errs, a.Stop(shutCtx))
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		errs = append(errs, err)
	}
	log.Info("stopped")
	return errors.Join(errs...)
}
