package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/web"
)

// testNow is the injected clock: mid-month, so "this month" has data.
var testNow = time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)

const testPassword = "correct horse battery"

// fixture is the web UI on real services over a SQLite store in a temp
// dir, served as serve serves it: through the process's root router
// (app.Handler), beside the API and the sandbox bank (an insert-only job
// queue: no workers run).
type fixture struct {
	t       testing.TB
	st      store.Store
	app     *app.App
	handler http.Handler
}

type options struct {
	secure  bool
	noCache bool
	args    []string // more serve flags
}

func setup(t testing.TB, opts ...options) *fixture {
	t.Helper()
	var o options
	if len(opts) > 0 {
		o = opts[0]
	}
	// The API role only: the job queue inserts, no worker runs.
	a := apptest.StartAt(t, clock.Frozen(testNow), append([]string{"--roles", "api"}, o.args...)...)
	if o.noCache {
		a.Ingest.Cache, a.Ledger.Cache = nil, nil
	}
	return &fixture{t: t, st: a.Shards[0], app: a, handler: a.Handler(app.HandlerOptions{Secure: o.secure})}
}

// user is a signed-up user with a session.
type user struct {
	id      int64
	email   string
	token   string
	account centavo.Account
	txns    []centavo.Transaction
}

// newUser signs a user up through the service, gives them a session
// token, an account and transactions (merchants from the list), spending
// this month.
func (f *fixture) newUser(email string, merchants ...string) *user {
	f.t.Helper()
	ctx := context.Background()
	u, err := f.app.Auth.SignUp(ctx, email, testPassword)
	if err != nil {
		f.t.Fatal(err)
	}
	token, err := f.app.Auth.SignIn(ctx, email, testPassword)
	if err != nil {
		f.t.Fatal(err)
	}
	a := centavo.Account{
		UserID: u.ID, Connector: centavo.ConnectorOFX, Name: "Checking of " + email, Type: "checking", Currency: "USD",
		Institution:       centavo.Institution{URL: "http://bank.example/ofx", Org: "BANK", FID: "1", BankID: "1", AccountID: "99" + email},
		SealedCredentials: []byte{1}, Status: centavo.AccountOK, CreatedAt: testNow,
	}
	f.write(func(tx store.Tx) error { return tx.CreateAccount(ctx, &a) })
	var txns []centavo.Transaction
	for i, m := range merchants {
		txns = append(txns, centavo.Transaction{
			UserID: u.ID, AccountID: a.ID, InstitutionID: email + m, PostedAt: testNow.Add(-time.Duration(i+1) * time.Hour),
			Seller: strings.ToUpper(m) + " 1234", Merchant: m, MerchantKey: strings.ToLower(m), AmountCents: -int64(1000 * (i + 1)),
			Currency: "USD", Category: centavo.CatShopping, CategorySource: centavo.SourceSeed,
		})
	}
	if len(txns) > 0 {
		f.write(func(tx store.Tx) error {
			var err error
			txns, err = tx.InsertTransactions(ctx, txns)
			if err != nil {
				return err
			}
			deltas, err := store.SumDeltas(txns, 1)
			if err != nil {
				return err
			}
			return tx.AddMonthlySpending(ctx, u.ID, deltas)
		})
	}
	return &user{id: u.ID, email: email, token: token, account: a, txns: txns}
}

func (f *fixture) write(fn func(tx store.Tx) error) {
	f.t.Helper()
	if err := f.st.InTx(context.Background(), fn); err != nil {
		f.t.Fatal(err)
	}
}

// response is a recorded answer.
type response struct {
	*httptest.ResponseRecorder
	body string
}

// get fetches a path, with the user's session cookie when u is not nil.
func (f *fixture) get(u *user, path string) response {
	f.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if u != nil {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: u.token})
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return response{rec, rec.Body.String()}
}

// post sends a form with the user's cookie and, unless the form has one,
// their CSRF token.
func (f *fixture) post(u *user, path string, form url.Values) response {
	f.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if u != nil {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: u.token})
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return response{rec, rec.Body.String()}
}

// withCSRF adds the user's CSRF token to a form.
func withCSRF(u *user, form url.Values) url.Values {
	if form == nil {
		form = url.Values{}
	}
	form.Set(web.CSRFField, web.CSRFToken(u.token))
	return form
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf reads the CSRF token of the first form of a page.
func csrfOf(t testing.TB, body string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF field in the page:\n%s", body)
	}
	return m[1]
}

func cookieOf(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
