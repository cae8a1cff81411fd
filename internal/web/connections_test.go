package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/store"
)

// TestInstitutionSearchForm: the link form searches the directory and a
// chosen bank fills the server, ORG and FID (and names it to the link).
func TestInstitutionSearchForm(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("banks@example.com")
	body := f.get(a, "/accounts?institution_q=chase").body
	if !strings.Contains(body, `href="/accounts?institution=chase#link"`) || !strings.Contains(body, "Chase (credit card)") {
		t.Fatalf("search results lack Chase:\n%s", body)
	}
	if body := f.get(a, "/accounts?institution_q=zzzz-no-bank").body; !strings.Contains(body, "No bank in the directory matches") {
		t.Error("an empty search says nothing")
	}
	body = f.get(a, "/accounts?institution=chase").body
	for _, want := range []string{`value="https://ofx.chase.com"`, `value="B1"`, `value="10898"`, `name="institution_id" value="chase"`} {
		if !strings.Contains(body, want) {
			t.Errorf("chosen bank: the form lacks %s", want)
		}
	}
	res := f.post(a, "/accounts", withCSRF(a, url.Values{"institution_id": {"nope"}, "login": {"me"}, "password": {"pw"}}))
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.body, "not in the institution directory") {
		t.Errorf("unknown institution: %d", res.Code)
	}
	res = f.post(a, "/accounts", withCSRF(a, url.Values{"institution_id": {"chase"}, "login": {"me"}, "password": {"pw"}}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("link by institution: %d %s", res.Code, res.body)
	}
	list, _ := f.app.Accounts.Accounts(context.Background(), a.id)
	last := list[len(list)-1].Institution
	if last.URL != "https://ofx.chase.com" || last.Org != "B1" || last.FID != "10898" {
		t.Errorf("linked %+v", last)
	}
}

// TestFixConnectionForm: a needs_attention account offers "Fix
// connection"; its form seals the new login and clears the status.
func TestFixConnectionForm(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("fixweb@example.com")
	ctx := context.Background()
	linked, err := f.app.Accounts.Link(ctx, a.id, account.LinkParams{
		Connector: centavo.ConnectorOFX, URL: "https://bank.example/ofx", Org: "BANK", FID: "1", Login: "me", Password: "old",
	})
	if err != nil {
		t.Fatal(err)
	}
	id := linked[0].ID
	f.write(func(tx store.Tx) error {
		return tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: a.id, ID: id, Status: centavo.AccountNeedsAttention, LastError: "refused"})
	})
	body := f.get(a, "/accounts").body
	action := fmt.Sprintf(`action="/accounts/%d/credentials"`, id)
	if !strings.Contains(body, action) || strings.Count(body, "Fix connection") != 1 {
		t.Fatalf("no single Fix connection form for account %d:\n%s", id, body)
	}
	path := fmt.Sprintf("/accounts/%d/credentials", id)
	if res := f.post(a, path, withCSRF(a, url.Values{"login": {"me"}})); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="fix-`+fmt.Sprint(id)+`" open`) {
		t.Errorf("no password: %d", res.Code)
	}
	if res := f.post(a, fmt.Sprintf("/accounts/%d/credentials", a.account.ID+1000), withCSRF(a, url.Values{"login": {"me"}, "password": {"new"}})); res.Code != http.StatusNotFound {
		t.Errorf("no such account: %d", res.Code)
	}
	if res := f.post(a, path, withCSRF(a, url.Values{"login": {"me2"}, "password": {"new"}})); res.Code != http.StatusSeeOther {
		t.Fatalf("fix: %d %s", res.Code, res.body)
	}
	got, err := f.app.Accounts.Account(ctx, a.id, id)
	if err != nil {
		t.Fatal(err)
	}
	_, creds, err := f.app.Accounts.Access(got)
	if err != nil || creds.Login != "me2" || creds.Password != "new" || got.Status != centavo.AccountLinking || got.LastError != "" {
		t.Errorf("after the fix: %+v, %+v, %v", got, creds, err)
	}
}
