package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/web"
)

// postRow sends a form as the transactions page's script does: the answer
// is the row alone.
func (f *fixture) postRow(u *user, path string, form url.Values) response {
	f.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Centavo-Row", "1")
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: u.token})
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return response{rec, rec.Body.String()}
}

// TestEditForms (issue 17, item 8): the transactions page's forms without
// JavaScript — notes, tags and hidden saved with a redirect back to the
// listing, which shows them; a split made on its own page (refused with
// the form again when the parts do not add up) and undone; several rows
// picked and re-filed, tagged and hidden at once — and the same forms as
// the page's script sends them, answered with the re-rendered row (a
// refused change's message in it, 422). Another user's rows are not
// found; every form needs the CSRF token.
func TestEditForms(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("a@example.com", "Corner Bakery", "Pet Palace", "Book Nook")
	b := f.newUser("b@example.com", "Hardware")
	ctx := context.Background()
	stored := func(tx centavo.Transaction) centavo.Transaction {
		t.Helper()
		got, err := f.st.Transaction(ctx, a.id, tx.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	back := "/transactions?month=2026-05"
	bakery, pets, books := a.txns[0], a.txns[1], a.txns[2]

	// The edit form, posted plainly.
	res := f.post(a, "/transactions/"+idOf(bakery)+"/edit", withCSRF(a, url.Values{
		"notes": {"for the office"}, "tags": {"work, Treats ,work"}, "hidden_set": {"1"}, "hidden": {"1"}, "return": {back}}))
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/transactions?") || !strings.HasSuffix(res.Header().Get("Location"), "#tx-"+idOf(bakery)) {
		t.Fatalf("edit: %d %s", res.Code, res.Header().Get("Location"))
	}
	if got := stored(bakery); got.Notes != "for the office" || !reflect.DeepEqual(got.Tags, []string{"work", "Treats"}) || !got.Hidden {
		t.Fatalf("after the edit form: %+v", got)
	}
	page := f.get(a, back).body
	for _, want := range []string{`data-hidden="1"`, `<span class="tx-notes">for the office</span>`, `<span class="tag">Treats</span>`, `value="work, Treats"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the listing lacks %s", want)
		}
	}
	if sum, _ := f.app.Ledger.Spending(ctx, a.id, centavo.MonthOf(testNow)); sum.TotalSpentCents != 2000+3000 {
		t.Errorf("spending with the bakery hidden: %+v", sum)
	}
	// Unticked, the box shows the row again.
	f.post(a, "/transactions/"+idOf(bakery)+"/edit", withCSRF(a, url.Values{"hidden_set": {"1"}}))
	if got := stored(bakery); got.Hidden || got.Notes != "for the office" {
		t.Errorf("shown again: %+v", got)
	}

	// The same forms as the script sends them: the row comes back.
	res = f.postRow(a, "/transactions/"+idOf(pets)+"/category", withCSRF(a, url.Values{"category": {"pets"}, "return": {back}}))
	if res.Code != 200 || !strings.HasPrefix(strings.TrimSpace(res.body), `<tr id="tx-`+idOf(pets)+`"`) || !strings.Contains(res.body, `data-category="pets"`) ||
		strings.Contains(res.body, "<html") || !strings.Contains(res.body, `name="return" value="`+strings.ReplaceAll(back, "&", "&amp;")+`"`) {
		t.Fatalf("category by script: %d\n%s", res.Code, res.body)
	}
	res = f.postRow(a, "/transactions/"+idOf(pets)+"/edit", withCSRF(a, url.Values{"notes": {"kibble"}}))
	if res.Code != 200 || !strings.Contains(res.body, `<span class="tx-notes">kibble</span>`) {
		t.Fatalf("notes by script: %d\n%s", res.Code, res.body)
	}
	res = f.postRow(a, "/transactions/"+idOf(pets)+"/edit", withCSRF(a, url.Values{"notes": {strings.Repeat("x", 1001)}}))
	if res.Code != 422 || !strings.Contains(res.body, `role="alert"`) || !strings.Contains(res.body, "kibble") {
		t.Fatalf("too long notes by script: %d\n%s", res.Code, res.body)
	}
	if res := f.post(a, "/transactions/"+idOf(pets)+"/edit", withCSRF(a, url.Values{"notes": {strings.Repeat("x", 1001)}})); res.Code != 422 || !strings.Contains(res.body, "1000 characters") {
		t.Errorf("too long notes, plainly: %d", res.Code)
	}

	// The whole form as the page sends it (every field) marks edited by
	// hand only what changed.
	f.post(a, "/transactions/"+idOf(books)+"/edit", withCSRF(a, url.Values{"notes": {"paperback"}, "tags": {""}, "hidden_set": {"1"}, "return": {back}}))
	if got := stored(books); got.Notes != "paperback" || got.Edited != centavo.EditedNotes {
		t.Errorf("the edit form with only the notes changed: %+v", got)
	}

	// A split on its own page.
	res = f.get(a, "/transactions/"+idOf(books)+"/split?return="+url.QueryEscape(back))
	if res.Code != 200 || !strings.Contains(res.body, `name="amount0" value="30.00"`) || !strings.Contains(res.body, `action="/transactions/`+idOf(books)+`/split"`) {
		t.Fatalf("split page: %d", res.Code)
	}
	res = f.post(a, "/transactions/"+idOf(books)+"/split", withCSRF(a, url.Values{
		"amount0": {"20.00"}, "category0": {"shopping"}, "amount1": {"5"}, "category1": {"education"}, "return": {back}}))
	if res.Code != 422 || !strings.Contains(res.body, "The parts add up to $25.00; the transaction is $30.00.") || !strings.Contains(res.body, `value="20.00"`) {
		t.Fatalf("a split that does not add up: %d", res.Code)
	}
	res = f.post(a, "/transactions/"+idOf(books)+"/split", withCSRF(a, url.Values{
		"amount0": {"20.00"}, "category0": {"shopping"}, "amount1": {"10"}, "category1": {"education"}, "notes1": {"textbook"}, "return": {back}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("split: %d %s", res.Code, res.body)
	}
	want := []centavo.Split{{AmountCents: -2000, Category: centavo.CatShopping}, {AmountCents: -1000, Category: centavo.CatEducation, Notes: "textbook"}}
	if got := stored(books); !reflect.DeepEqual(got.Splits, want) {
		t.Fatalf("splits %+v", got.Splits)
	}
	if page := f.get(a, back).body; !strings.Contains(page, `<ul class="tx-splits"`) || !strings.Contains(page, "textbook") || !strings.Contains(page, "/unsplit") {
		t.Error("the listing does not show the split")
	}
	if res := f.post(a, "/transactions/"+idOf(books)+"/unsplit", withCSRF(a, url.Values{"return": {back}})); res.Code != http.StatusSeeOther || len(stored(books).Splits) != 0 {
		t.Errorf("unsplit: %d %+v", res.Code, stored(books))
	}

	// Several rows at once.
	pick := url.Values{"id": {idOf(bakery), idOf(books)}, "return": {back}}
	for _, step := range []url.Values{{"action": {"category"}, "category": {"travel"}}, {"action": {"tag"}, "tag": {"trip"}}, {"action": {"hide"}}} {
		form := withCSRF(a, url.Values{})
		for k, v := range pick {
			form[k] = v
		}
		for k, v := range step {
			form[k] = v
		}
		if res := f.post(a, "/transactions/bulk", form); res.Code != http.StatusSeeOther || !strings.Contains(res.Header().Get("Location"), "msg=bulk") {
			t.Fatalf("bulk %v: %d %s", step, res.Code, res.body)
		}
	}
	for _, tx := range []centavo.Transaction{bakery, books} {
		got := stored(tx)
		if got.Category != centavo.CatTravel || got.CategorySource != centavo.SourceUser || !got.Hidden || !strings.Contains(strings.Join(got.Tags, ","), "trip") {
			t.Errorf("after the bulk changes: %+v", got)
		}
	}
	if got := stored(pets); got.Hidden || got.Category != centavo.CatPets {
		t.Errorf("a row not picked changed: %+v", got)
	}
	if res := f.post(a, "/transactions/bulk", withCSRF(a, url.Values{"action": {"hide"}})); res.Code != http.StatusSeeOther || !strings.Contains(res.Header().Get("Location"), "msg=bulk-none") {
		t.Errorf("bulk without rows: %d %s", res.Code, res.Header().Get("Location"))
	}

	// A transfer pair shows as one: each row names the other account.
	savings := centavo.Account{UserID: a.id, Connector: centavo.ConnectorFile, Name: "Rainy-day savings", Type: "savings", Currency: "USD", Status: centavo.AccountOK, CreatedAt: testNow, SealedCredentials: []byte{}}
	out := centavo.Transaction{UserID: a.id, AccountID: a.account.ID, InstitutionID: "T1", PostedAt: testNow.Add(-time.Minute), Seller: "TRANSFER OUT", Merchant: "Transfer",
		AmountCents: -5000, Currency: "USD", Category: centavo.CatTransfer, CategorySource: centavo.SourceSeed}
	f.write(func(tx store.Tx) error {
		if err := tx.CreateAccount(ctx, &savings); err != nil {
			return err
		}
		in := out
		in.AccountID, in.InstitutionID, in.Seller, in.AmountCents = savings.ID, "T2", "TRANSFER IN", 5000
		both, err := tx.InsertTransactions(ctx, []centavo.Transaction{out, in})
		if err != nil {
			return err
		}
		for _, x := range both {
			x.TransferPairID = both[0].ID
			if err := tx.UpdateTransaction(ctx, x); err != nil {
				return err
			}
		}
		return nil
	})
	page = f.get(a, back).body
	if !strings.Contains(page, "↔ transfer · Rainy-day savings</span>") || !strings.Contains(page, "↔ transfer · Checking of a@example.com</span>") {
		t.Error("the listing does not show the transfer pair with each other's account")
	}

	// B's rows are not A's to change; every form needs the token.
	bt := idOf(b.txns[0])
	for _, p := range []string{"/transactions/" + bt + "/edit", "/transactions/" + bt + "/split", "/transactions/" + bt + "/unsplit"} {
		if res := f.post(a, p, withCSRF(a, url.Values{"notes": {"x"}, "amount0": {"1"}, "amount1": {"1"}})); res.Code != http.StatusNotFound {
			t.Errorf("POST %s as A: %d", p, res.Code)
		}
	}
	if res := f.get(a, "/transactions/"+bt+"/split"); res.Code != http.StatusNotFound {
		t.Errorf("B's split page as A: %d", res.Code)
	}
	if res := f.post(a, "/transactions/bulk", withCSRF(a, url.Values{"id": {bt}, "action": {"hide"}})); res.Code != http.StatusNotFound {
		t.Errorf("bulk on B's row as A: %d", res.Code)
	}
	for _, p := range []string{"/transactions/" + idOf(pets) + "/edit", "/transactions/" + idOf(pets) + "/split", "/transactions/" + idOf(pets) + "/unsplit", "/transactions/bulk"} {
		if res := f.post(a, p, url.Values{"notes": {"x"}, "id": {idOf(pets)}, "action": {"hide"}}); res.Code != http.StatusForbidden {
			t.Errorf("POST %s without the CSRF token: %d", p, res.Code)
		}
	}
	if got := stored(pets); got.Notes != "kibble" || got.Hidden {
		t.Errorf("refused forms changed the row: %+v", got)
	}
}
