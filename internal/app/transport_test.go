package app_test

import (
	"net/http/httptest"
	"testing"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
)

// HandlerOptions.Secure sends HSTS on every answer, whichever part gives
// it; without it, none.
func TestStrictTransport(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t, "--roles", "api")
	for _, secure := range []bool{false, true} {
		h := a.Handler(app.HandlerOptions{Secure: secure})
		for _, path := range []string{"/signin", "/api/v1/me", "/healthz", "/sandbox/ofx", "/nowhere"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			got := rec.Header().Get("Strict-Transport-Security")
			if secure && got != "max-age=31536000" || !secure && got != "" {
				t.Errorf("Secure=%v: GET %s: Strict-Transport-Security %q", secure, path, got)
			}
		}
	}
}
