package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/web"
)

// pages are every GET page of a signed-in user.
var pages = []string{"/", "/accounts", "/transactions", "/transactions?q=a&category=shopping", "/search", "/search?q=a&min=1", "/budgets", "/alerts", "/settings"}

func TestSignUpSignInSignOut(t *testing.T) {
	t.Parallel()
	f := setup(t)
	srv := httptest.NewServer(f.handler)
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	// The sign-up page sets a pre-session cookie and a matching CSRF token.
	res, err := client.Get(srv.URL + "/signup")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, res)
	pre := cookieOf(res, web.PreSessionCookie)
	if res.StatusCode != 200 || pre == nil || !pre.HttpOnly {
		t.Fatalf("GET /signup: %d, pre-session cookie %+v", res.StatusCode, pre)
	}
	form := url.Values{"csrf": {csrfOf(t, body)}, "email": {"Ana@Example.com"}, "password": {testPassword}, "password2": {testPassword}}
	postForm := func(path string, form url.Values, cookies ...*http.Cookie) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	// Without the pre-session cookie the form is refused.
	if res := postForm("/signup", form); res.StatusCode != http.StatusForbidden {
		t.Fatalf("sign-up without the pre-session cookie: %d", res.StatusCode)
	}
	res = postForm("/signup", form, pre)
	sess := cookieOf(res, web.SessionCookie)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/accounts?msg=welcome" || sess == nil {
		t.Fatalf("sign-up: %d %s, cookie %+v", res.StatusCode, res.Header.Get("Location"), sess)
	}
	checkSessionCookie(t, sess, false)
	if id, err := f.app.Auth.Authenticate(context.Background(), sess.Value); err != nil || id == 0 {
		t.Fatalf("the session cookie is not an auth token: %v", err)
	}

	// Signed in: the dashboard, with the user's e-mail.
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.AddCookie(sess)
	res, _ = client.Do(req)
	body = readBody(t, res)
	if res.StatusCode != 200 || !strings.Contains(body, "ana@example.com") {
		t.Fatalf("dashboard after sign-up: %d", res.StatusCode)
	}

	// Sign out revokes the token and clears the cookie.
	res = postForm("/signout", url.Values{"csrf": {csrfOf(t, body)}}, sess)
	if c := cookieOf(res, web.SessionCookie); res.StatusCode != http.StatusSeeOther || c == nil || c.MaxAge >= 0 {
		t.Fatalf("sign-out: %d, cookie %+v", res.StatusCode, c)
	}
	if _, err := f.app.Auth.Authenticate(context.Background(), sess.Value); err == nil {
		t.Fatal("the token still works after signing out")
	}
	req, _ = http.NewRequest("GET", srv.URL+"/transactions", nil)
	req.AddCookie(sess)
	res, _ = client.Do(req)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
		t.Fatalf("old cookie after sign-out: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	// Sign in: a wrong password is refused on the form, the right one
	// goes back to where the user was sent from.
	res, _ = client.Get(srv.URL + "/signin?next=%2Fbudgets%3Fmonth%3D2026-04")
	body = readBody(t, res)
	pre = cookieOf(res, web.PreSessionCookie)
	form = url.Values{"csrf": {csrfOf(t, body)}, "email": {"ana@example.com"}, "password": {"wrong password!"}, "next": {"/budgets?month=2026-04"}}
	res = postForm("/signin", form, pre)
	body = readBody(t, res)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Wrong e-mail or password") || cookieOf(res, web.SessionCookie) != nil {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	form.Set("password", testPassword)
	res = postForm("/signin", form, pre)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/budgets?month=2026-04" || cookieOf(res, web.SessionCookie) == nil {
		t.Fatalf("sign-in: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// next never leaves the site.
	form.Set("next", "//evil.example/")
	res = postForm("/signin", form, pre)
	if res.Header.Get("Location") != "/" {
		t.Fatalf("sign-in with an outside next went to %q", res.Header.Get("Location"))
	}

	// Taken e-mail, short password, different passwords: shown on the form.
	res, _ = client.Get(srv.URL + "/signup")
	token := csrfOf(t, readBody(t, res))
	pre = cookieOf(res, web.PreSessionCookie)
	for _, tc := range []struct {
		form url.Values
		want string
		code int
	}{
		{url.Values{"email": {"ana@example.com"}, "password": {testPassword}, "password2": {testPassword}}, "already registered", 409},
		{url.Values{"email": {"bo@example.com"}, "password": {"short"}, "password2": {"short"}}, "at least 10 characters", 422},
		{url.Values{"email": {"bo@example.com"}, "password": {testPassword}, "password2": {testPassword + "x"}}, "passwords differ", 422},
	} {
		tc.form.Set("csrf", token)
		res := postForm("/signup", tc.form, pre)
		if body := readBody(t, res); res.StatusCode != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("sign-up %v: %d, want %d with %q", tc.form, res.StatusCode, tc.code, tc.want)
		}
	}
}

func checkSessionCookie(t *testing.T, c *http.Cookie, secure bool) {
	t.Helper()
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure != secure || c.MaxAge <= 0 {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, Secure=%v, a Max-Age", c, secure)
	}
}

func TestSecureCookies(t *testing.T) {
	t.Parallel()
	f := setup(t, options{secure: true})
	res := f.get(nil, "/signin")
	pre := cookieOf(res.Result(), web.PreSessionCookie)
	if pre == nil || !pre.Secure {
		t.Fatalf("pre-session cookie under TLS: %+v", pre)
	}
	req := httptest.NewRequest("POST", "/signup", strings.NewReader(url.Values{
		"csrf": {csrfOf(t, res.body)}, "email": {"s@example.com"}, "password": {testPassword}, "password2": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(pre)
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	c := cookieOf(rec.Result(), web.SessionCookie)
	if c == nil {
		t.Fatalf("no session cookie: %d %s", rec.Code, rec.Body)
	}
	checkSessionCookie(t, c, true)
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Bakery")
	b := f.newUser("b@example.com", "Hardware")
	forms := map[string]url.Values{
		"/budgets/income": {"income": {"5000"}},
		"/budgets/food":   {"amount": {"100"}},
		"/transactions/" + idOf(a.txns[0]) + "/category":               {"category": {"food"}},
		"/accounts/" + strconv.FormatInt(a.account.ID, 10) + "/delete": nil,
		"/settings/tokens": nil,
		"/signout":         nil,
	}
	for path, form := range forms {
		// No token, a made-up one, and another user's: all refused.
		for _, token := range []string{"", "forged", web.CSRFToken(b.token)} {
			v := url.Values{}
			for k, x := range form {
				v[k] = x
			}
			if token != "" {
				v.Set(web.CSRFField, token)
			}
			res := f.post(a, path, v)
			if res.Code != http.StatusForbidden || !strings.Contains(res.body, "expired") {
				t.Errorf("POST %s with CSRF token %q: %d, want 403", path, token, res.Code)
			}
		}
	}
	// Nothing happened.
	u, _ := f.st.UserByID(context.Background(), a.id)
	if u.MonthlyIncomeCents != 0 {
		t.Error("income changed by a refused form")
	}
	if _, err := f.st.Account(context.Background(), a.id, a.account.ID); err != nil {
		t.Errorf("account removed by a refused form: %v", err)
	}
	if _, err := f.app.Auth.Authenticate(context.Background(), a.token); err != nil {
		t.Error("signed out by a refused form")
	}
	// With the right token it works.
	if res := f.post(a, "/budgets/income", withCSRF(a, url.Values{"income": {"5,000.50"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("income with CSRF: %d %s", res.Code, res.body)
	}
	if u, _ := f.st.UserByID(context.Background(), a.id); u.MonthlyIncomeCents != 500050 {
		t.Errorf("income = %d", u.MonthlyIncomeCents)
	}
}

func idOf(t centavo.Transaction) string { return strconv.FormatInt(t.ID, 10) }

func TestSignedOut(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for _, p := range pages {
		res := f.get(nil, p)
		if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/signin") {
			t.Errorf("GET %s signed out: %d %s", p, res.Code, res.Header().Get("Location"))
		}
	}
	if res := f.get(nil, "/budgets?month=2026-01"); res.Header().Get("Location") != "/signin?next=%2Fbudgets%3Fmonth%3D2026-01" {
		t.Errorf("redirect %q does not come back", res.Header().Get("Location"))
	}
	if res := f.post(nil, "/budgets/income", url.Values{"income": {"1"}}); res.Code != http.StatusSeeOther {
		t.Errorf("POST signed out: %d", res.Code)
	}
	// A cookie that is not a valid token is no session.
	res := f.get(&user{token: "1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, "/")
	if res.Code != http.StatusSeeOther {
		t.Errorf("forged cookie: %d", res.Code)
	}
}

func TestPages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Corner Bakery", "Hardware Store")
	f.write(func(tx store.Tx) error {
		_, err := tx.CreateNotification(context.Background(), &centavo.Notification{UserID: a.id, Kind: centavo.NotifyBudgetExceeded,
			Category: centavo.CatShopping, Month: "2026-05", Threshold: 100, Message: "You have spent a lot on Shopping.", Key: "k1", CreatedAt: testNow})
		return err
	})
	want := map[string][]string{
		"/":             {"Spent in May 2026", "$30.00", "Corner Bakery", "You have spent a lot on Shopping.", `role="img"`, "<title id=\"donut-title\">"},
		"/accounts":     {"Checking of a@example.com", "Up to date", "Link through OFX Direct Connect", "Use the sandbox bank"},
		"/transactions": {"Corner Bakery", "Hardware Store", "CORNER BAKERY 1234", "-$10.00", "Always for this merchant"},
		"/budgets":      {"Budget and spending by category", "Groceries", "Recommended budgets", "Monthly income"},
		"/alerts":       {"Budget exceeded", "You have spent a lot on Shopping.", "Mark as read"},
		"/settings":     {"Alert thresholds", "80, 100", "Webhooks", "API tokens"},
	}
	for p, texts := range want {
		res := f.get(a, p)
		if res.Code != 200 {
			t.Errorf("GET %s: %d\n%s", p, res.Code, res.body)
			continue
		}
		if ct := res.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", p, ct)
		}
		if !strings.Contains(res.body, `<html lang="en">`) || !strings.Contains(res.body, "<h1") {
			t.Errorf("GET %s: no lang or heading", p)
		}
		for _, s := range texts {
			if !strings.Contains(res.body, s) {
				t.Errorf("GET %s: %q missing", p, s)
			}
		}
	}
	// The other ways in: SimpleFIN, file accounts, imports into any account.
	body := f.get(a, "/accounts").body
	for _, s := range []string{"Link through SimpleFIN Bridge", "Get a sandbox token", "New account for file imports", "Import a statement",
		`enctype="multipart/form-data"`} {
		if !strings.Contains(body, s) {
			t.Errorf("GET /accounts: %q missing", s)
		}
	}
	// The sandbox preset fills the link form with this server's sandbox.
	res := f.get(a, "/accounts?preset=sandbox")
	for _, s := range []string{`value="http://example.com/sandbox/ofx"`, `value="SANDBOX"`, `value="demo-1"`, `value="secret-1"`} {
		if !strings.Contains(res.body, s) {
			t.Errorf("sandbox preset: %s missing", s)
		}
	}
	// Other months, filters and a bad month still answer.
	for _, p := range []string{"/?month=2026-01", "/transactions?month=2025-12&account=" + strconv.FormatInt(a.account.ID, 10), "/budgets?month=2026-04", "/alerts?show=unread", "/transactions?cursor=bogus"} {
		if res := f.get(a, p); res.Code != 200 && res.Code != http.StatusSeeOther {
			t.Errorf("GET %s: %d", p, res.Code)
		}
	}
	// Search is case-insensitive on the merchant and the descriptor.
	res = f.get(a, "/transactions?q=bakERY")
	if !strings.Contains(res.body, "Corner Bakery") || strings.Contains(res.body, "Hardware Store") {
		t.Error("search for bakery")
	}
	res = f.get(a, "/transactions?category=food")
	if strings.Contains(res.body, "Corner Bakery") || !strings.Contains(res.body, "No transactions match") {
		t.Error("category filter")
	}
	// Unknown pages are HTML 404 pages.
	if res := f.get(a, "/nothing-here"); res.Code != 404 || !strings.Contains(res.body, "There is no page at this address") {
		t.Errorf("GET /nothing-here: %d", res.Code)
	}
	if res := f.post(a, "/", nil); res.Code != http.StatusMethodNotAllowed || !strings.Contains(res.Header().Get("Content-Type"), "text/html") {
		t.Errorf("POST /: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Shop")
	check := func(name string, res response) {
		t.Helper()
		if res.Header().Get("Content-Security-Policy") != web.CSP || res.Header().Get("X-Frame-Options") != "DENY" ||
			res.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", name, res.Header())
		}
	}
	for _, p := range pages {
		check(p, f.get(a, p))
	}
	check("signin", f.get(nil, "/signin"))
	check("404", f.get(a, "/nope"))
	check("403", f.post(a, "/budgets/income", nil))
	if !strings.Contains(web.CSP, "script-src 'self';") || !strings.Contains(web.CSP, "style-src 'self';") || !strings.Contains(web.CSP, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", web.CSP)
	}
	// No inline script or style anywhere: the CSP would block it.
	for _, p := range pages {
		body := f.get(a, p).body
		if strings.Contains(body, "<script>") || strings.Contains(body, "style=") || strings.Contains(body, "<style") || strings.Contains(body, "onclick=") {
			t.Errorf("%s has inline script or style", p)
		}
	}

	// Static files: hashed names, cached for a year; a wrong hash is a 404.
	body := f.get(a, "/").body
	for _, name := range []string{"app.css", "app.js", "icon.svg"} {
		i := strings.Index(body, "/static/"+strings.TrimSuffix(name, name[strings.LastIndex(name, "."):]))
		if i < 0 {
			t.Fatalf("%s not linked", name)
		}
		path := body[i : i+strings.IndexByte(body[i:], '"')]
		res := f.get(nil, path)
		if res.Code != 200 || !strings.Contains(res.Header().Get("Cache-Control"), "max-age=31536000") {
			t.Errorf("GET %s: %d %q", path, res.Code, res.Header().Get("Cache-Control"))
		}
	}
	if res := f.get(nil, "/static/app.0000000000.css"); res.Code != 404 {
		t.Errorf("unknown static file: %d", res.Code)
	}
}

// TestIsolation: user A's cookie never shows user B's data, on any page,
// and A's forms cannot touch B's things.
func TestIsolation(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("alice@example.com", "Alice Bakery")
	b := f.newUser("bob@example.com", "Bob Hardware", "Bob Pharmacy")
	ctx := context.Background()
	f.write(func(tx store.Tx) error {
		for _, u := range []*user{a, b} {
			if _, err := tx.CreateNotification(ctx, &centavo.Notification{UserID: u.id, Kind: centavo.NotifyAccountUpdated,
				Message: "New transactions for " + u.email, Key: "n", CreatedAt: testNow}); err != nil {
				return err
			}
		}
		return nil
	})
	bHook, _, err := f.app.Notify.CreateWebhook(ctx, b.id, "https://hooks.bob.example/x")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.app.Budget.SetOverride(ctx, b.id, centavo.CatPets, 424242); err != nil {
		t.Fatal(err)
	}
	bMarkers := []string{"bob@example.com", "Bob Hardware", "Bob Pharmacy", "BOB HARDWARE", "hooks.bob.example", "$4,242.42", "Checking of bob"}
	for _, p := range append(pages, "/transactions?q=bob", "/transactions?account="+strconv.FormatInt(b.account.ID, 10), "/accounts/status") {
		res := f.get(a, p)
		if res.Code != 200 {
			t.Errorf("GET %s as A: %d", p, res.Code)
		}
		for _, m := range bMarkers {
			if strings.Contains(res.body, m) {
				t.Errorf("GET %s as A shows B's %q", p, m)
			}
		}
	}
	// A's cookie on B's ids: not found, nothing changed.
	bt := idOf(b.txns[0])
	for _, tc := range []struct{ path, what string }{
		{"/transactions/" + bt + "/category", "transaction"},
		{"/accounts/" + strconv.FormatInt(b.account.ID, 10) + "/refresh", "account refresh"},
		{"/accounts/" + strconv.FormatInt(b.account.ID, 10) + "/delete", "account removal"},
		{"/settings/webhooks/" + strconv.FormatInt(bHook.ID, 10) + "/delete", "webhook removal"},
		{"/alerts/" + strconv.FormatInt(f.notificationOf(b), 10) + "/read", "mark read"},
	} {
		res := f.post(a, tc.path, withCSRF(a, url.Values{"category": {"food"}}))
		if res.Code != http.StatusNotFound {
			t.Errorf("%s of B's by A: %d", tc.what, res.Code)
		}
	}
	if tx, _ := f.st.Transaction(ctx, b.id, b.txns[0].ID); tx.Category != centavo.CatShopping {
		t.Error("B's transaction changed")
	}
	if _, err := f.st.Account(ctx, b.id, b.account.ID); err != nil {
		t.Error("B's account removed")
	}
	if hooks, _ := f.st.Webhooks(ctx, b.id); len(hooks) != 1 {
		t.Error("B's webhook removed")
	}
	if list, _ := f.st.Notifications(ctx, store.NotificationFilter{UserID: b.id, UnreadOnly: true, Limit: 10}); len(list) != 1 {
		t.Error("B's alert marked read")
	}
}

func (f *fixture) notificationOf(u *user) int64 {
	f.t.Helper()
	list, err := f.st.Notifications(context.Background(), store.NotificationFilter{UserID: u.id, Limit: 1})
	if err != nil || len(list) == 0 {
		f.t.Fatalf("no notification: %v", err)
	}
	return list[0].ID
}

// TestEscaping: bank-provided text is shown as text.
func TestEscaping(t *testing.T) {
	t.Parallel()
	f := setup(t)
	evil := `<script>alert(1)</script>`
	a := f.newUser("a@example.com", evil, `"><img src=x onerror=alert(2)>`)
	f.write(func(tx store.Tx) error {
		return tx.UpdateAccountInstitution(context.Background(), store.AccountInstitutionUpdate{UserID: a.id, ID: a.account.ID,
			Name: evil, Type: "checking", Currency: "USD", Institution: a.account.Institution})
	})
	for _, p := range []string{"/", "/transactions", "/transactions?q=script", "/accounts"} {
		body := f.get(a, p).body
		if strings.Contains(body, evil) || strings.Contains(body, "<img src=x") {
			t.Errorf("GET %s renders the merchant as markup", p)
		}
		if !strings.Contains(body, html.EscapeString(evil)) && !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("GET %s does not show the merchant as text", p)
		}
	}
}

// TestForms: the forms change what they say, through the services.
func TestForms(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Corner Bakery", "Pet Palace")
	ctx := context.Background()

	// Change a category in place, with a rule for the merchant.
	back := "/transactions?month=2026-05&q=pet"
	res := f.post(a, "/transactions/"+idOf(a.txns[1])+"/category", withCSRF(a, url.Values{"category": {"pets"}, "always": {"1"}, "return": {back}}))
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/transactions?") {
		t.Fatalf("set category: %d %s", res.Code, res.Header().Get("Location"))
	}
	if tx, _ := f.st.Transaction(ctx, a.id, a.txns[1].ID); tx.Category != centavo.CatPets || tx.CategorySource != centavo.SourceUser {
		t.Fatalf("transaction %+v", tx)
	}
	if rules, _ := f.st.Rules(ctx, a.id); len(rules) != 1 || rules[0].Category != centavo.CatPets {
		t.Fatalf("rules %+v", rules)
	}
	sum, _ := f.app.Ledger.Spending(ctx, a.id, centavo.MonthOf(testNow))
	body := f.get(a, "/").body
	for _, c := range sum.Categories {
		if !strings.Contains(body, `data-category="`+c.Category+`"`) || !strings.Contains(body, centavo.FormatMoney(c.SpentCents, "USD")) {
			t.Errorf("dashboard lacks %s %d", c.Category, c.SpentCents)
		}
	}
	if len(sum.Categories) != 2 {
		t.Errorf("spending %+v", sum)
	}
	// A return address off the site is not followed; an unknown category is refused.
	res = f.post(a, "/transactions/"+idOf(a.txns[0])+"/category", withCSRF(a, url.Values{"category": {"food"}, "return": {"https://evil.example/"}}))
	if loc := res.Header().Get("Location"); !strings.HasPrefix(loc, "/transactions?") {
		t.Errorf("return to %q", loc)
	}
	if res := f.post(a, "/transactions/"+idOf(a.txns[0])+"/category", withCSRF(a, url.Values{"category": {"yachts"}})); res.Code != 422 {
		t.Errorf("unknown category: %d", res.Code)
	}

	// Budgets: set, shown, reverted.
	res = f.post(a, "/budgets/food", withCSRF(a, url.Values{"amount": {"$123.45"}, "month": {"2026-05"}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("set budget: %d %s", res.Code, res.body)
	}
	body = f.get(a, "/budgets").body
	if !strings.Contains(body, `data-budget-cents="12345"`) || !strings.Contains(body, `value="123.45"`) {
		t.Error("budget not shown")
	}
	for _, bad := range []string{"", "abc", "-5", "1.234", "12,34.5.6"} {
		if res := f.post(a, "/budgets/food", withCSRF(a, url.Values{"amount": {bad}})); res.Code != 422 || !strings.Contains(res.body, "must be an amount") {
			t.Errorf("budget %q: %d", bad, res.Code)
		}
	}
	if res := f.post(a, "/budgets/income/revert", withCSRF(a, nil)); res.Code != 404 {
		t.Errorf("revert a non-category: %d", res.Code)
	}
	if res := f.post(a, "/budgets/food/revert", withCSRF(a, nil)); res.Code != http.StatusSeeOther {
		t.Errorf("revert: %d", res.Code)
	}
	lines, _ := f.app.Budget.Budgets(ctx, a.id, centavo.MonthOf(testNow))
	for _, l := range lines {
		if l.Category == centavo.CatFood && l.Source == "override" { // back to the template (none: this user has no income)
			t.Errorf("after revert: %+v", l)
		}
	}
	if res := f.post(a, "/budgets/recommendation", withCSRF(a, nil)); res.Code != http.StatusSeeOther {
		t.Errorf("accept recommendation: %d", res.Code)
	}

	// Link: a bad form is shown again without the password.
	res = f.post(a, "/accounts", withCSRF(a, url.Values{"url": {"ftp://x"}, "org": {"O"}, "fid": {"1"}, "login": {"me"}, "password": {"hunter22"}}))
	if res.Code != 422 || strings.Contains(res.body, "hunter22") || !strings.Contains(res.body, "url must be") {
		t.Errorf("bad link: %d", res.Code)
	}
	// Plain http to a bank is refused (the outbound policy), with the reason.
	res = f.post(a, "/accounts", withCSRF(a, url.Values{"url": {"http://bank.example/ofx"}, "org": {"B"}, "fid": {"1"}, "login": {"me"}, "password": {"hunter22"}}))
	if res.Code != 422 || strings.Contains(res.body, "hunter22") || !strings.Contains(res.body, "must use https://") {
		t.Errorf("plain http link: %d", res.Code)
	}
	res = f.post(a, "/accounts", withCSRF(a, url.Values{"url": {"https://bank.example/ofx"}, "org": {"SANDBOX"}, "fid": {"9999"}, "login": {"demo-1"}, "password": {"secret-1"}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("link: %d %s", res.Code, res.body)
	}
	body = f.get(a, "/accounts").body
	if !strings.Contains(body, "Finding your accounts at the bank") || !strings.Contains(body, `data-poll="/accounts/status"`) ||
		!strings.Contains(body, `<noscript><meta http-equiv="refresh" content="3"></noscript>`) {
		t.Error("linking progress not shown")
	}
	var st struct {
		Linking   bool
		Signature string
	}
	if err := json.Unmarshal([]byte(f.get(a, "/accounts/status").body), &st); err != nil || !st.Linking || st.Signature == "" {
		t.Errorf("status %+v %v", st, err)
	}

	// Settings: thresholds, a webhook whose secret is shown once, a token.
	if res := f.post(a, "/settings/notifications", withCSRF(a, url.Values{"thresholds": {"50, 90, 100"}, "webhooks": {"1"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", res.Code, res.body)
	}
	if set, _ := f.st.NotificationSettings(ctx, a.id); !set.Webhooks || len(set.Thresholds) != 3 || set.Thresholds[0] != 50 {
		t.Errorf("settings %+v", set)
	}
	if res := f.post(a, "/settings/notifications", withCSRF(a, url.Values{"thresholds": {"lots"}})); res.Code != 422 {
		t.Errorf("bad thresholds: %d", res.Code)
	}
	if res := f.post(a, "/settings/notifications", withCSRF(a, url.Values{"thresholds": {"80"}, "email": {"1"}})); res.Code != 422 || !strings.Contains(res.body, "SMTP") {
		t.Errorf("e-mail without SMTP: %d", res.Code)
	}
	res = f.post(a, "/settings/webhooks", withCSRF(a, url.Values{"url": {"https://hooks.example/a"}}))
	if res.Code != 200 || !strings.Contains(res.body, "whsec_") {
		t.Fatalf("webhook secret not shown: %d", res.Code)
	}
	if strings.Contains(f.get(a, "/settings").body, "whsec_") {
		t.Error("webhook secret shown again")
	}
	res = f.post(a, "/settings/tokens", withCSRF(a, nil))
	i := strings.Index(res.body, `id="new-token" class="mono" readonly value="`)
	if res.Code != 200 || i < 0 {
		t.Fatalf("token not shown: %d", res.Code)
	}
	token := res.body[i+len(`id="new-token" class="mono" readonly value="`):]
	token = token[:strings.IndexByte(token, '"')]
	if id, err := f.app.Auth.Authenticate(ctx, token); err != nil || id != a.id {
		t.Errorf("issued token does not authenticate: %v", err)
	}

	// Alerts: mark one read, then all.
	f.write(func(tx store.Tx) error {
		for _, k := range []string{"x", "y"} {
			if _, err := tx.CreateNotification(ctx, &centavo.Notification{UserID: a.id, Kind: centavo.NotifyAccountUpdated, Message: "m " + k, Key: k, CreatedAt: testNow}); err != nil {
				return err
			}
		}
		return nil
	})
	if res := f.post(a, "/alerts/"+strconv.FormatInt(f.notificationOf(a), 10)+"/read", withCSRF(a, nil)); res.Code != http.StatusSeeOther {
		t.Errorf("mark read: %d", res.Code)
	}
	if list, _ := f.st.Notifications(ctx, store.NotificationFilter{UserID: a.id, UnreadOnly: true, Limit: 10}); len(list) != 1 {
		t.Errorf("unread after one read: %d", len(list))
	}
	f.post(a, "/alerts/read", withCSRF(a, nil))
	if list, _ := f.st.Notifications(ctx, store.NotificationFilter{UserID: a.id, UnreadOnly: true, Limit: 10}); len(list) != 0 {
		t.Errorf("unread after all read: %d", len(list))
	}

	// Rules: apply and remove.
	rules, _ := f.st.Rules(ctx, a.id)
	rid := strconv.FormatInt(rules[0].ID, 10)
	if res := f.post(a, "/settings/rules/"+rid+"/apply", withCSRF(a, nil)); res.Code != http.StatusSeeOther {
		t.Errorf("apply rule: %d", res.Code)
	}
	if res := f.post(a, "/settings/rules/"+rid+"/delete", withCSRF(a, nil)); res.Code != http.StatusSeeOther {
		t.Errorf("delete rule: %d", res.Code)
	}
	if res := f.post(a, "/settings/rules/"+rid+"/delete", withCSRF(a, nil)); res.Code != 404 {
		t.Errorf("delete rule again: %d", res.Code)
	}
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
