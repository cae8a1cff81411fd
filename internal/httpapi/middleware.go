package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/metrics"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyUserID
	keyToken
)

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(keyRequestID).(string)
	return id
}

// userID is the authenticated user of the request (0 if none). The outermost
// middleware puts a slot in the context that authentication fills, so that
// the request log can name the user.
func userID(ctx context.Context) int64 {
	if p, ok := ctx.Value(keyUserID).(*int64); ok {
		return *p
	}
	return 0
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// statusWriter records the status and turns the mux's plain-text 404 and 405
// answers into our JSON errors.
type statusWriter struct {
	http.ResponseWriter
	r         *http.Request
	status    int
	swallow   bool
	wroteHead bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.wroteHead {
		return
	}
	w.wroteHead = true
	w.status = code
	if (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) &&
		strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		w.swallow = true
		w.Header().Del("X-Content-Type-Options")
		ec := centavo.ENOTFOUND
		msg := "no such route: " + w.r.Method + " " + w.r.URL.Path
		if code == http.StatusMethodNotAllowed {
			ec, msg = eMethodNotAllowed, "method "+w.r.Method+" is not allowed here (allowed: "+w.Header().Get("Allow")+")"
		}
		encode(w.ResponseWriter, code, errorBody{Error: errorDetail{Code: ec, Message: msg}})
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wroteHead {
		w.WriteHeader(http.StatusOK)
	}
	if w.swallow {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Observe is the middleware around everything the process serves, the API,
// the sandbox bank and the web UI alike: the root router (internal/app)
// wraps itself in it. It gives each request an id, recovers panics, counts
// and logs requests by route, sets the security headers, and turns a
// router's plain-text 404 and 405 into the API's JSON errors (the web UI
// answers its own with HTML pages, which pass through).
func Observe(log *slog.Logger, m *metrics.Metrics, next http.Handler) http.Handler {
	return observe(log, m, securityHeaders(next))
}

// observe assigns a request id, recovers panics, counts and logs requests.
func observe(log *slog.Logger, m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := clock.Real() // a latency: machine time
		id := r.Header.Get("X-Request-ID")
		if len(id) == 0 || len(id) > 64 || strings.ContainsFunc(id, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
			id = newRequestID()
		}
		ctx := context.WithValue(r.Context(), keyRequestID, id)
		ctx = context.WithValue(ctx, keyUserID, new(int64))
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-ID", id)
		sw := &statusWriter{ResponseWriter: w, r: r}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.ErrorContext(ctx, "panic serving request", "panic", fmt.Sprint(p), "request_id", id, "path", r.URL.Path)
				if !sw.wroteHead {
					writeError(sw, r, log, fmt.Errorf("panic: %v", p))
				}
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			dur := clock.Real().Sub(start)
			if m != nil {
				m.HTTPRequests.WithLabelValues(route, r.Method, strconv.Itoa(sw.status)).Inc()
				m.HTTPDuration.WithLabelValues(route).Observe(dur.Seconds())
			}
			lvl := slog.LevelDebug
			if sw.status >= 500 {
				lvl = slog.LevelWarn
			} else if !strings.HasPrefix(route, "GET /healthz") && !strings.HasPrefix(route, "GET /metrics") && !strings.HasPrefix(route, "GET /readyz") {
				lvl = slog.LevelInfo
			}
			log.Log(ctx, lvl, "http request", "request_id", id, "method", r.Method, "route", route,
				"status", sw.status, "duration_ms", dur.Milliseconds(), "user_id", userID(ctx))
		}()
		next.ServeHTTP(sw, r)
	})
}

// securityHeaders are set on every answer.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}
