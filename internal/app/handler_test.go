package app_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/httpapi"
)

// TestHandler: the root router gives each path to its part — the API (its
// JSON 404 and 405 included) for /api/ and the operations, the sandbox bank
// under /sandbox/, the web UI's pages for everything else — and every
// answer, whichever part gave it, went through the same middleware.
func TestHandler(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t, "--roles", "api")
	draining := new(atomic.Bool)
	h := a.Handler(app.HandlerOptions{Draining: draining})
	serve := func(method, path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(method, path, nil)
		req.RemoteAddr = "127.0.0.1:40000" // a local client: /metrics answers it
		h.ServeHTTP(rec, req)
		return rec
	}
	const (
		jsonType = "application/json"
		htmlType = "text/html"
		textType = "text/plain"
	)
	for _, tc := range []struct {
		method, path string
		status       int
		contentType  string // its prefix
		body         string // a part of it
	}{
		// The API, its router's 404 and 405 in the API's JSON.
		{"GET", "/api/v1/accounts", 401, jsonType, `"code":"unauthorized"`},
		{"PUT", "/api/v1/accounts", 405, jsonType, `{"error":{"code":"method_not_allowed","message":"method PUT is not allowed here (allowed: GET, HEAD, POST)"}}`},
		{"POST", "/api/v1/accounts/3", 405, jsonType, `"code":"method_not_allowed"`},
		{"DELETE", "/api/v1/transactions", 405, jsonType, `"code":"method_not_allowed"`},
		{"GET", "/api/v1/nothing", 404, jsonType, `{"error":{"code":"not_found","message":"no such route: GET /api/v1/nothing"}}`},
		{"GET", "/api/nothing", 404, jsonType, `"code":"not_found"`},
		{"GET", "/api", 404, jsonType, `"code":"not_found"`},
		{"GET", "/api/openapi.json", 200, jsonType, `"openapi": "3.1.0"`},
		// The operations.
		{"GET", "/healthz", 200, jsonType, `{"status":"ok"}`},
		{"GET", "/readyz", 200, jsonType, `{"status":"ready"}`},
		{"POST", "/healthz", 405, jsonType, `"code":"method_not_allowed"`},
		{"GET", "/metrics", 200, textType, "centavo_http_requests_total"},
		// The sandbox bank, its prefix taken off.
		{"GET", "/sandbox/", 200, textType, "Centavo sandbox bank.\n\nOFX Direct Connect: POST /ofx"},
		// The web UI, with its own 404 and 405 pages.
		{"GET", "/signin", 200, htmlType, `<form`},
		{"GET", "/nothing", 404, htmlType, "There is no page at this address."},
		{"POST", "/", 405, htmlType, "This address does not accept that kind of request."},
	} {
		rec := serve(tc.method, tc.path)
		ct := rec.Header().Get("Content-Type")
		if rec.Code != tc.status || !strings.HasPrefix(ct, tc.contentType) || !strings.Contains(rec.Body.String(), tc.body) {
			t.Errorf("%s %s: %d %s, want %d %s with %q:\n%s", tc.method, tc.path, rec.Code, ct, tc.status, tc.contentType, tc.body, rec.Body)
		}
		// The middleware around everything: a request id, the security headers.
		if rec.Header().Get("X-Request-ID") == "" || rec.Header().Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s %s: headers %v", tc.method, tc.path, rec.Header())
		}
	}
	if allow := serve("PUT", "/api/v1/accounts").Header().Get("Allow"); allow != "GET, HEAD, POST" {
		t.Errorf("PUT /api/v1/accounts: Allow %q", allow)
	}

	// No page ever answers an API path: every path of the API's document,
	// with every method it does not list, gets the API's JSON.
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(httpapi.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	for pattern, ops := range doc.Paths {
		path := param.ReplaceAllString(pattern, "1")
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if _, listed := ops[strings.ToLower(m)]; listed {
				continue
			}
			rec := serve(m, path)
			if rec.Code < 400 || rec.Code >= 500 || !strings.HasPrefix(rec.Header().Get("Content-Type"), jsonType) {
				t.Errorf("%s %s: %d %s, want a 4xx in JSON", m, path, rec.Code, rec.Header().Get("Content-Type"))
			}
		}
	}

	// Readiness follows the draining flag serve sets on shutdown.
	draining.Store(true)
	if rec := serve("GET", "/readyz"); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"draining"`) {
		t.Errorf("/readyz while draining: %d %s", rec.Code, rec.Body)
	}

	// Each part's requests are counted under their route.
	metrics := serve("GET", "/metrics").Body.String()
	for _, want := range []string{
		`route="GET /api/openapi.json",status="200"`,
		`method="PUT",route="unmatched",status="405"`,
		`route="GET /healthz",status="200"`,
		`route="/sandbox/",status="200"`,
		`route="GET /signin",status="200"`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics counts no request with %s", want)
		}
	}
}
