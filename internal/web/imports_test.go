package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector/file"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/web"
)

// A statement whose header Centavo recognises: three rows in May 2026.
const mayCSV = "Date,Description,Amount\n" +
	"2026-05-02,CORNER BAKERY 12,-4.50\n" +
	"2026-05-03,HARDWARE STORE,-25.00\n" +
	"2026-05-04,PAYROLL ACME,1500.00\n"

// part is one field of a multipart form, in order.
type part struct{ name, value string }

// upload posts a multipart import form: fields in order, then the file
// (when fileName is not ""), with the user's cookie.
func (f *fixture) upload(u *user, path string, fields []part, fileName string, data []byte) response {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range fields {
		if err := mw.WriteField(p.name, p.value); err != nil {
			f.t.Fatal(err)
		}
	}
	if fileName != "" {
		w, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			f.t.Fatal(err)
		}
		_, _ = w.Write(data)
	}
	if err := mw.Close(); err != nil {
		f.t.Fatal(err)
	}
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if u != nil {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: u.token})
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return response{rec, rec.Body.String()}
}

func importPath(a centavo.Account) string {
	return "/accounts/" + strconv.FormatInt(a.ID, 10) + "/import"
}

// stored is every transaction of the user's account.
func (f *fixture) stored(u *user, accountID int64) []centavo.Transaction {
	f.t.Helper()
	list, err := f.st.Transactions(context.Background(), store.TransactionFilter{UserID: u.id, AccountID: accountID, Limit: 1000})
	if err != nil {
		f.t.Fatal(err)
	}
	return list
}

// fileAccount makes an account fed by imports through the form.
func (f *fixture) fileAccount(u *user, name, currency string) centavo.Account {
	f.t.Helper()
	res := f.post(u, "/accounts/file", withCSRF(u, url.Values{"name": {name}, "currency": {currency}}))
	if res.Code != http.StatusSeeOther {
		f.t.Fatalf("create file account: %d %s", res.Code, res.body)
	}
	list, err := f.st.Accounts(context.Background(), u.id)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, a := range list {
		if a.Name == name {
			return a
		}
	}
	f.t.Fatalf("no account %q after creating it", name)
	return centavo.Account{}
}

func TestFileAccount(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	res := f.post(a, "/accounts/file", withCSRF(a, url.Values{"name": {"Savings at Caja Rural"}, "currency": {"eur"}}))
	loc := res.Header().Get("Location")
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/accounts?") || !strings.Contains(loc, "msg=file-account") {
		t.Fatalf("create: %d %s", res.Code, loc)
	}
	acc := f.fileAccount(a, "Cash book", "USD")
	list, _ := f.st.Accounts(context.Background(), a.id)
	if len(list) != 3 {
		t.Fatalf("%d accounts", len(list))
	}
	for _, x := range list {
		if x.Name == "Savings at Caja Rural" && (x.Connector != centavo.ConnectorFile || x.Currency != "EUR" || x.Status != centavo.AccountOK) {
			t.Errorf("file account %+v", x)
		}
	}
	// The redirect opens the new account's import form; it has no refresh.
	id := strconv.FormatInt(acc.ID, 10)
	body := f.get(a, "/accounts?import="+id+"&msg=file-account").body
	if !strings.Contains(body, `<details class="import" id="import-`+id+`" open>`) || strings.Contains(body, "/accounts/"+id+"/refresh") ||
		!strings.Contains(body, "Account created") {
		t.Error("the new account's import form is not open, or it has a refresh button")
	}
	// The other account's form stays closed.
	if !strings.Contains(body, `<details class="import" id="import-`+strconv.FormatInt(a.account.ID, 10)+`">`) {
		t.Error("the bank account's import form is open")
	}
	// A bad form is shown again with the user's input and the reason.
	res = f.post(a, "/accounts/file", withCSRF(a, url.Values{"name": {""}, "currency": {"EUR"}}))
	if res.Code != 422 || !strings.Contains(res.body, "Name is required") {
		t.Errorf("no name: %d", res.Code)
	}
	res = f.post(a, "/accounts/file", withCSRF(a, url.Values{"name": {"Kitty"}, "currency": {"EURO"}}))
	if res.Code != 422 || !strings.Contains(res.body, "three-letter") || !strings.Contains(res.body, `value="Kitty"`) {
		t.Errorf("bad currency: %d", res.Code)
	}
}

func TestImport(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	acc := f.fileAccount(a, "Cash book", "USD")
	csrf := part{web.CSRFField, web.CSRFToken(a.token)}

	// A real import adds the rows and says so.
	res := f.upload(a, importPath(acc), []part{csrf, {"format", ""}}, "may.csv", []byte(mayCSV))
	if res.Code != 200 {
		t.Fatalf("import: %d %s", res.Code, res.body)
	}
	for _, want := range []string{"Imported into Cash book", `id="import-added">3<`, `id="import-duplicates">0<`, "may.csv", "CSV statement",
		"/transactions?account=" + strconv.FormatInt(acc.ID, 10)} {
		if !strings.Contains(res.body, want) {
			t.Errorf("result page lacks %q", want)
		}
	}
	if got := f.stored(a, acc.ID); len(got) != 3 {
		t.Fatalf("%d transactions stored, want 3", len(got))
	}
	if res.Header().Get("Content-Security-Policy") != web.CSP || strings.Contains(res.body, "<script>") || strings.Contains(res.body, "style=") {
		t.Error("the result page has inline script or style, or no CSP")
	}
	body := f.get(a, "/transactions?month=2026-05").body
	if !strings.Contains(body, "-$25.00") || !strings.Contains(body, "+$1,500.00") {
		t.Error("imported rows not on the transactions page")
	}

	// The same file again, plus a row: one added, three already recorded,
	// and an unreadable row listed with its line and reason.
	again := mayCSV + "2026-05-05,GROCER 7,-12.00\n2026-05-06,BROKEN ROW,twelve\n"
	res = f.upload(a, importPath(acc), []part{csrf}, "may2.csv", []byte(again))
	if res.Code != 200 || !strings.Contains(res.body, `id="import-added">1<`) || !strings.Contains(res.body, `id="import-duplicates">3<`) ||
		!strings.Contains(res.body, `id="import-skipped">1<`) {
		t.Fatalf("second import: %d %s", res.Code, res.body)
	}
	if !regexp.MustCompile(`<th scope="row">6</th><td>[^<]+</td>`).MatchString(res.body) {
		t.Errorf("the skipped row's line and reason are missing:\n%s", res.body)
	}
	if got := f.stored(a, acc.ID); len(got) != 4 {
		t.Errorf("%d transactions stored, want 4", len(got))
	}

	// A bank-linked account takes imports too.
	res = f.upload(a, importPath(a.account), []part{csrf}, "bank.csv", []byte("Date,Description,Amount\n2026-05-07,PET PALACE,-30.00\n"))
	if res.Code != 200 || len(f.stored(a, a.account.ID)) != 1 {
		t.Errorf("import into the bank account: %d", res.Code)
	}
}

func TestImportRefused(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Corner Bakery")
	acc := a.account
	csrf := part{web.CSRFField, web.CSRFToken(a.token)}
	before := len(f.stored(a, acc.ID))
	for _, tc := range []struct {
		name    string
		fields  []part
		file    string
		data    string
		want    string
		mapping bool // the CSV fields are shown open
	}{
		{"pdf", nil, "statement.pdf", "%PDF-1.7 binary", "This is a PDF; download your statement as OFX, QFX, QIF or CSV instead.", false},
		{"empty", nil, "empty.csv", "", "The file is empty.", false},
		{"no file", nil, "", "", "Choose a statement file to import.", false},
		{"unknown columns", nil, "odd.csv", "When,What,HowMuch\n2026-05-01,X,-1\n", "give a mapping", true},
		{"ambiguous dates", []part{{"date", "Date"}, {"amount", "Amount"}, {"has_header", "1"}}, "dates.csv",
			"Date,Description,Amount\n01/02/2026,A,-1\n03/04/2026,B,-2\n", "give the date format in the mapping", true},
		{"bad format", []part{{"format", "xls"}}, "x.csv", mayCSV, "Choose a format from the list", false},
		{"bad skip", []part{{"skip_rows", "many"}}, "x.csv", mayCSV, "Lines to skip must be a whole number", true},
	} {
		res := f.upload(a, importPath(acc), append([]part{csrf, {"dry_run", ""}}, tc.fields...), tc.file, []byte(tc.data))
		if res.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tc.name, res.Code)
			continue
		}
		if !strings.Contains(res.body, `role="alert"`) || !strings.Contains(html.UnescapeString(res.body), tc.want) {
			t.Errorf("%s: the page does not say %q", tc.name, tc.want)
		}
		id := strconv.FormatInt(acc.ID, 10)
		if !strings.Contains(res.body, `<details class="import" id="import-`+id+`" open>`) {
			t.Errorf("%s: the import form is not open", tc.name)
		}
		if open := strings.Contains(res.body, `<details class="mapping wide" open>`); open != tc.mapping {
			t.Errorf("%s: CSV columns open = %v", tc.name, open)
		}
	}
	if got := len(f.stored(a, acc.ID)); got != before {
		t.Errorf("refused files changed the transactions: %d → %d", before, got)
	}
	if got, _ := f.st.Account(context.Background(), a.id, acc.ID); len(got.Institution.CSVMapping) != 0 {
		t.Error("a refused file saved its mapping")
	}
}

func TestImportMapping(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	acc := f.fileAccount(a, "Girokonto", "EUR")
	csv := "Kontoauszug\nBuchung;Text;Soll;Haben\n02.05.2026;BÄCKEREI;4,50;\n03.05.2026;GEHALT;;2.000,00\n"
	fields := []part{{web.CSRFField, web.CSRFToken(a.token)}, {"format", "csv"}, {"has_header", "1"}, {"date", "Buchung"},
		{"date_format", "DD.MM.YYYY"}, {"description", "Text"}, {"debit", "Soll"}, {"credit", "Haben"}, {"decimal_comma", "1"},
		{"delimiter", ";"}, {"skip_rows", "1"}}
	res := f.upload(a, importPath(acc), fields, "konto.csv", []byte(csv))
	if res.Code != 200 || !strings.Contains(res.body, `id="import-added">2<`) {
		t.Fatalf("mapped import: %d %s", res.Code, res.body)
	}
	got := f.stored(a, acc.ID)
	if len(got) != 2 {
		t.Fatalf("%d stored", len(got))
	}
	for _, tx := range got {
		if tx.AmountCents != -450 && tx.AmountCents != 200000 {
			t.Errorf("amount %d", tx.AmountCents)
		}
	}
	// The mapping is saved on the account and fills the form next time.
	body := f.get(a, "/accounts").body
	for _, want := range []string{"saved from your last import", `name="date" value="Buchung"`, `name="debit" value="Soll"`,
		`name="date_format" value="DD.MM.YYYY"`, `<option value=";" selected>`, `name="skip_rows" type="number" min="0" max="1000" step="1" inputmode="numeric" value="1"`} {
		if !strings.Contains(body, want) {
			t.Errorf("accounts page lacks %q", want)
		}
	}
}

func TestImportDryRun(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	acc := f.fileAccount(a, "Cash book", "USD")
	csrf := part{web.CSRFField, web.CSRFToken(a.token)}
	f.upload(a, importPath(acc), []part{csrf}, "first.csv", []byte("Date,Description,Amount\n2026-05-02,CORNER BAKERY 12,-4.50\n"))

	// The preview lists what would be added and what is already there,
	// and changes nothing.
	res := f.upload(a, importPath(acc), []part{csrf, {"dry_run", "1"}}, "may.csv", []byte(mayCSV))
	if res.Code != 200 {
		t.Fatalf("dry run: %d %s", res.Code, res.body)
	}
	for _, want := range []string{"Preview: import into Cash book", `id="import-added">2<`, `id="import-duplicates">1<`, "Would be added",
		"HARDWARE STORE", "Already recorded", "CORNER BAKERY 12", "Import 2 transactions", "nothing has changed yet"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if got := f.stored(a, acc.ID); len(got) != 1 {
		t.Fatalf("the dry run stored rows: %d", len(got))
	}
	m := regexp.MustCompile(`name="preview" value="([^"]+)"`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatal("no confirmation form")
	}
	confirm := "/accounts/" + strconv.FormatInt(acc.ID, 10) + "/import/confirm"

	// Another session of the same user, or another user, cannot confirm it.
	other, err := f.app.Auth.SignIn(context.Background(), a.email, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	a2 := &user{id: a.id, email: a.email, token: other}
	if res := f.post(a2, confirm, withCSRF(a2, url.Values{"preview": {m[1]}})); res.Code != 422 || !strings.Contains(res.body, "Choose the file again") {
		t.Errorf("confirm from another session: %d", res.Code)
	}
	b := f.newUser("b@example.com")
	if res := f.post(b, confirm, withCSRF(b, url.Values{"preview": {m[1]}})); res.Code != 404 {
		t.Errorf("confirm of A's account by B: %d", res.Code)
	}
	if got := f.stored(a, acc.ID); len(got) != 1 {
		t.Fatalf("refused confirmations stored rows: %d", len(got))
	}

	// The confirmation imports the previewed file, once.
	res = f.post(a, confirm, withCSRF(a, url.Values{"preview": {m[1]}}))
	if res.Code != 200 || !strings.Contains(res.body, `id="import-added">2<`) || !strings.Contains(res.body, "month=2026-05") {
		t.Fatalf("confirm: %d %s", res.Code, res.body)
	}
	if got := f.stored(a, acc.ID); len(got) != 3 {
		t.Fatalf("%d stored after confirming, want 3", len(got))
	}
	if res := f.post(a, confirm, withCSRF(a, url.Values{"preview": {m[1]}})); res.Code != 422 || !strings.Contains(res.body, "Choose the file again") {
		t.Errorf("second confirmation: %d", res.Code)
	}
	// A file with nothing new offers nothing to confirm.
	res = f.upload(a, importPath(acc), []part{csrf, {"dry_run", "1"}}, "may.csv", []byte(mayCSV))
	if res.Code != 200 || strings.Contains(res.body, `name="preview"`) || !strings.Contains(res.body, "nothing to import") {
		t.Errorf("preview of a known file: %d", res.Code)
	}
}

// TestImportCSRF: the multipart form needs the session's token like any
// form, wherever it comes in the body; refused, it changes nothing.
func TestImportCSRF(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	b := f.newUser("b@example.com")
	acc := f.fileAccount(a, "Cash book", "USD")
	for _, fields := range [][]part{nil, {{web.CSRFField, ""}}, {{web.CSRFField, "forged"}}, {{web.CSRFField, web.CSRFToken(b.token)}},
		{{"format", ""}, {web.CSRFField, "forged"}}} {
		res := f.upload(a, importPath(acc), fields, "may.csv", []byte(mayCSV))
		if res.Code != http.StatusForbidden || !strings.Contains(res.body, "expired") {
			t.Errorf("import with %v: %d, want 403", fields, res.Code)
		}
	}
	// A token after the file is read and checked too.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", "may.csv")
	_, _ = io.WriteString(w, mayCSV)
	_ = mw.WriteField(web.CSRFField, "forged")
	_ = mw.Close()
	req := httptest.NewRequest("POST", importPath(acc), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: a.token})
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("token after the file: %d", rec.Code)
	}
	// Not multipart, or signed out: refused too.
	if res := f.post(a, importPath(acc), withCSRF(a, nil)); res.Code != http.StatusBadRequest {
		t.Errorf("urlencoded import: %d", res.Code)
	}
	if res := f.upload(nil, importPath(acc), []part{{web.CSRFField, web.CSRFToken(a.token)}}, "may.csv", []byte(mayCSV)); res.Code != http.StatusSeeOther {
		t.Errorf("signed-out import: %d", res.Code)
	}
	// The confirmation is a form like the others.
	confirm := "/accounts/" + strconv.FormatInt(acc.ID, 10) + "/import/confirm"
	if res := f.post(a, confirm, url.Values{"preview": {"x"}}); res.Code != http.StatusForbidden {
		t.Errorf("confirm without CSRF: %d", res.Code)
	}
	if got := f.stored(a, acc.ID); len(got) != 0 {
		t.Errorf("refused forms stored %d rows", len(got))
	}
}

func TestImportIsolation(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	b := f.newUser("b@example.com", "Bob Hardware")
	bFile := f.fileAccount(b, "Bob's cash", "USD")
	for _, acc := range []centavo.Account{b.account, bFile} {
		res := f.upload(a, importPath(acc), []part{{web.CSRFField, web.CSRFToken(a.token)}}, "may.csv", []byte(mayCSV))
		if res.Code != http.StatusNotFound {
			t.Errorf("A importing into B's account %d: %d", acc.ID, res.Code)
		}
		if got := f.stored(b, acc.ID); len(got) > 1 {
			t.Errorf("B's account %d got A's rows", acc.ID)
		}
	}
	for _, p := range []string{"/accounts/0/import", "/accounts/x/import", "/accounts/999999/import"} {
		if res := f.upload(a, p, []part{{web.CSRFField, web.CSRFToken(a.token)}}, "may.csv", []byte(mayCSV)); res.Code != http.StatusNotFound {
			t.Errorf("POST %s: %d", p, res.Code)
		}
	}
}

func TestImportTooLarge(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	acc := f.fileAccount(a, "Cash book", "USD")
	big := bytes.Repeat([]byte("2026-05-02,CORNER BAKERY 12,-4.50\n"), file.DefaultMaxBytes/30)
	res := f.upload(a, importPath(acc), []part{{web.CSRFField, web.CSRFToken(a.token)}}, "big.csv", append([]byte("Date,Description,Amount\n"), big...))
	if res.Code != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, "larger than 10 MiB") {
		t.Errorf("big file: %d", res.Code)
	}
	// Without a valid token first, a big body is refused as a forged form.
	res = f.upload(a, importPath(acc), nil, "big.csv", big)
	if res.Code != http.StatusForbidden {
		t.Errorf("big file without a token: %d", res.Code)
	}
	if got := f.stored(a, acc.ID); len(got) != 0 {
		t.Errorf("%d rows stored", len(got))
	}
}

func TestSimpleFINForm(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	// A token that is not one: the reason on the form, nothing linked, the
	// token not shown again.
	res := f.post(a, "/accounts/simplefin", withCSRF(a, url.Values{"setup_token": {"bm90IGEgdG9rZW4gYXQgYWxs"}, "name": {"My bridge"}}))
	if res.Code != 422 || !strings.Contains(res.body, "could not be claimed") || strings.Contains(res.body, "bm90IGEgdG9rZW4gYXQgYWxs") ||
		!strings.Contains(res.body, `value="My bridge"`) {
		t.Errorf("bad token: %d %s", res.Code, res.body)
	}
	if res := f.post(a, "/accounts/simplefin", withCSRF(a, url.Values{"setup_token": {" "}})); res.Code != 422 || !strings.Contains(res.body, "Setup_token is required") {
		t.Errorf("no token: %d", res.Code)
	}
	// Without a listener (a recorder), there is no sandbox to ask: the
	// page says where to get a token by hand.
	res = f.post(a, "/accounts/simplefin/sandbox", withCSRF(a, nil))
	if res.Code != http.StatusServiceUnavailable || !strings.Contains(res.body, "/sandbox/simplefin/setup-token?login=demo-1&amp;password=secret-1") {
		t.Errorf("sandbox token without a listener: %d", res.Code)
	}
	if list, _ := f.st.Accounts(context.Background(), a.id); len(list) != 1 {
		t.Errorf("%d accounts after refused links", len(list))
	}
	if res := f.post(a, "/accounts/simplefin", url.Values{"setup_token": {"x"}}); res.Code != http.StatusForbidden {
		t.Errorf("SimpleFIN link without CSRF: %d", res.Code)
	}
}

// TestSimpleFINSandbox: served by the root router, as serve serves it, the
// sandbox button fills the form with a demo-1 token from this server's own
// sandbox bank, and the form links it.
func TestSimpleFINSandbox(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com")
	srv := httptest.NewServer(f.handler)
	defer srv.Close()
	// As serve does: the connectors reach this server's sandbox in process.
	if err := f.app.Listening(srv.Listener.Addr().String()); err != nil {
		t.Fatal(err)
	}
	client := srv.Client()
	client.Timeout = 10 * time.Second
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(withCSRF(a, form).Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// A Host the client chose is never dialled.
		req.Host = "attacker.example:1"
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: a.token})
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, body := post("/accounts/simplefin/sandbox", nil)
	m := regexp.MustCompile(`<textarea id="sf-token"[^>]*>([A-Za-z0-9+/=]+)</textarea>`).FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil || !strings.Contains(body, "demo-1") {
		t.Fatalf("sandbox token: %d\n%s", res.StatusCode, body)
	}
	res, body = post("/accounts/simplefin", url.Values{"setup_token": {m[1]}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/accounts?msg=linking" {
		t.Fatalf("link: %d %s", res.StatusCode, body)
	}
	list, _ := f.st.Accounts(context.Background(), a.id)
	var linked *centavo.Account
	for i := range list {
		if list[i].Connector == centavo.ConnectorSimpleFIN {
			linked = &list[i]
		}
	}
	if linked == nil || linked.Status != centavo.AccountLinking {
		t.Fatalf("accounts after linking: %+v", list)
	}
	// The token was claimed: it does not work twice.
	res, body = post("/accounts/simplefin", url.Values{"setup_token": {m[1]}})
	if res.StatusCode != 422 || !strings.Contains(body, "could not be claimed") {
		t.Errorf("second claim: %d", res.StatusCode)
	}
}
