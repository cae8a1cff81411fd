package auth_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/httpapi"
	"github.com/centavo/centavo/internal/httpapi/apitest"
)

// With every hash slot taken (as 40 concurrent bogus sign-ins take them),
// a sign-in or sign-up through the API answers 503 with a Retry-After once
// the bounded wait is over, instead of queueing for as long as the flood
// lasts.
func TestHashSlotBoundAPI(t *testing.T) {
	t.Parallel()
	a := apptest.Start(t)
	srv := httptest.NewServer(a.Handler(app.HandlerOptions{}))
	t.Cleanup(srv.Close)
	c := apitest.New(t, srv.URL, httpapi.OpenAPI())
	c.SignUp("ana@example.com")
	lim := auth.DefaultLimits
	lim.HashWait = time.Millisecond
	a.Auth.SetLimits(lim)
	release := a.Auth.HoldHashSlots()
	defer release()
	creds := map[string]string{"email": "ana@example.com", "password": "correct horse battery"}
	c.Do("POST", "/api/v1/sessions", creds, 503, nil)
	c.Do("POST", "/api/v1/users", map[string]string{"email": "bo@example.com", "password": "correct horse battery"}, 503, nil)
	res, err := http.Post(srv.URL+"/api/v1/sessions", "application/json", bytes.NewReader([]byte(`{"email":"nobody@example.com","password":"correct horse battery"}`)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "2" {
		t.Fatalf("an unknown e-mail with no hash slot: %d, Retry-After %q; want 503 and 2", res.StatusCode, res.Header.Get("Retry-After"))
	}
}
