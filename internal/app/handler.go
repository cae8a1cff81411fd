package app

import (
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/sandbox"
	"github.com/centavo/centavo/internal/web"
)

// HandlerOptions are what the HTTP handler needs beyond the App.
type HandlerOptions struct {
	// Draining is set when the process starts shutting down: /readyz fails
	// from then on, so that load balancers stop sending traffic. Nil: never.
	Draining *atomic.Bool
	// Secure marks the web UI's cookies Secure and sends HSTS: set it when
	// users reach the server over TLS (directly or through a TLS-terminating
	// proxy); serve sets it when --public-url is https.
	Secure bool
}

// hstsMaxAge is HSTS's max-age: a year, this host only (subdomains may be
// other services).
const hstsMaxAge = "max-age=31536000"

// Handler is the process's one root router, the whole HTTP surface:
//
//	/api/…, /api                  the JSON API (internal/httpapi)
//	/healthz, /readyz, /metrics   the operations, served by the API's router
//	                              (/metrics to loopback clients only, and not
//	                              at all with --metrics-addr: MetricsHandler)
//	/sandbox/…                    the sandbox bank (internal/sandbox), on the
//	                              embedded defaults or with --sandbox
//	/ and everything else         the web UI (internal/web)
//
// The API's paths never reach the web UI, so an unknown /api/ path or a
// wrong method answers the API's JSON 404 or 405, never a page. Every
// request, whichever part answers it, goes through httpapi.Observe: one
// request id, log line and metrics count per request, and the same
// security headers; and carries its client's address (the connection's, or
// a trusted proxy's X-Forwarded-For), by which sign-in is throttled.
func (a *App) Handler(opts HandlerOptions) http.Handler {
	api := httpapi.NewServer(httpapi.Deps{
		Auth: a.Auth, Accounts: a.Accounts, Categorize: a.Categorize, Ingest: a.Ingest, Ledger: a.Ledger, Budget: a.Budget, Notify: a.Notify, Goals: a.Goals,
		Recurring: a.Recurring, Metrics: a.Metrics, Logger: a.Logger, Now: a.Now, Draining: opts.Draining, Ready: a.Ping,
	})
	ui := web.New(web.Deps{
		Auth: a.Auth, Accounts: a.Accounts, Categorize: a.Categorize, Ingest: a.Ingest, Ledger: a.Ledger, Budget: a.Budget, Notify: a.Notify,
		Logger: a.Logger.With("component", "web"), Now: a.Now, Secure: opts.Secure, Sandbox: a.Config.SandboxMounted(),
		Recurring: a.Recurring,
		Goals:     a.Goals,
	})
	mux := http.NewServeMux()
	mux.Handle("/api/", api)
	// "/api" itself too: the API's JSON 404 rather than the mux's redirect
	// to "/api/".
	mux.Handle("/api", api)
	for _, op := range []string{"/healthz", "/readyz"} {
		mux.Handle(op, api)
	}
	if a.Config.MetricsAddr == "" {
		mux.Handle("/metrics", localOnly(a.Config.TrustedProxies, api))
	}
	if a.sandbox != nil { // the embedded defaults, or --sandbox
		mux.Handle("/sandbox/", a.sandbox)
	}
	mux.Handle("/", ui)
	// The client's address goes in the context outside Observe: Observe
	// reads the route the mux sets on the request it hands the mux.
	h := withClient(a.Config.TrustedProxies, httpapi.Observe(a.Logger, a.Metrics, mux))
	if opts.Secure {
		h = strictTransport(h)
	}
	return h
}

// strictTransport tells browsers to reach this host only over TLS.
func strictTransport(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", hstsMaxAge)
		next.ServeHTTP(w, r)
	})
}

// SandboxBank is the handler of the sandbox-bank command: the sandbox bank
// alone, its OFX endpoint at /ofx and at /sandbox/ofx (the path it has in
// Handler), on the clock now.
func SandboxBank(now func() time.Time, log *slog.Logger) http.Handler {
	bank := sandbox.NewBank(now, log)
	mux := http.NewServeMux()
	mux.Handle("/sandbox/", http.StripPrefix("/sandbox", bank.Handler()))
	mux.Handle("/", bank.Handler())
	return mux
}
