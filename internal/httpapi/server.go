// Package httpapi is Centavo's JSON API over HTTP: NewServer wires every
// route (routes.go shows them all), one file per resource, errors mapped to
// statuses in one table (errors.go). Observe (middleware.go) is the
// middleware the process's root router (internal/app) puts around
// everything it serves.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/goal"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/recurring"
)

// Deps are what the API serves from.
type Deps struct {
	Auth       *auth.Service
	Accounts   *account.Service
	Categorize *categorize.Service
	Ingest     *ingest.Service
	Ledger     *ledger.Service
	Budget     *budget.Service
	Notify     *notify.Service
	Goals      *goal.Service
	Recurring  *recurring.Service
	Metrics    *metrics.Metrics
	Logger     *slog.Logger
	Now        func() time.Time
	// Draining is set when the process is shutting down: /readyz fails so
	// that load balancers stop sending traffic.
	Draining *atomic.Bool
	// Ready reports whether every database shard answers; /readyz fails
	// while it returns an error. Nil skips the check.
	Ready func(ctx context.Context) error
}

type server struct {
	Deps
	mux *http.ServeMux
}

// NewServer returns the API's router: the paths under /api/ and the
// operations (/healthz, /readyz, /metrics). Serve it behind Observe, as the
// root router does: Observe gives every request its id and turns the
// router's own 404 and 405 answers into the API's JSON errors.
func NewServer(d Deps) http.Handler {
	if d.Draining == nil {
		d.Draining = new(atomic.Bool)
	}
	s := &server{Deps: d, mux: http.NewServeMux()}
	for _, rt := range s.routes() {
		h := rt.handler
		if rt.auth {
			h = s.authenticate(h)
		}
		s.mux.Handle(rt.method+" "+rt.pattern, h)
	}
	return s.mux
}

// apiFunc is a handler that returns its error; handle writes it.
type apiFunc func(w http.ResponseWriter, r *http.Request) error

func (s *server) handle(fn apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			writeError(w, r, s.Logger, err)
		}
	})
}

// authenticate requires a valid bearer token.
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			writeError(w, r, s.Logger, errorf(centavo.EUNAUTHORIZED, "an Authorization: Bearer <token> header is required"))
			return
		}
		token = strings.TrimSpace(token)
		id, err := s.Auth.Authenticate(r.Context(), token)
		if err != nil {
			writeError(w, r, s.Logger, err)
			return
		}
		if p, ok := r.Context().Value(keyUserID).(*int64); ok {
			*p = id
		}
		ctx := context.WithValue(r.Context(), keyToken, token)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *server) handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		encode(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// handleReadyz reports whether this process should get traffic: not
// draining, and every database shard answers.
func (s *server) handleReadyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Draining.Load() {
			encode(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if s.Ready != nil {
			if err := s.Ready(ctx); err != nil {
				s.Logger.WarnContext(ctx, "readiness: database unreachable", "err", err)
				encode(w, http.StatusServiceUnavailable, map[string]string{"status": "database unreachable"})
				return
			}
		}
		encode(w, http.StatusOK, map[string]string{"status": "ready"})
	})
}
