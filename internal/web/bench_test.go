package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/web"
)

// seedHistory gives the user n transactions spread over the 13 months up
// to testNow, on two accounts, at 40 merchants in every spending category,
// with the monthly aggregates, a few alerts and a budget override.
func seedHistory(tb testing.TB, f *fixture, u *user, n int) {
	tb.Helper()
	ctx := context.Background()
	card := centavo.Account{
		UserID: u.id, Connector: centavo.ConnectorOFX, Name: "Rewards Card", Type: "credit_card", Currency: "USD",
		Institution:       centavo.Institution{URL: "http://bank.example/ofx", Org: "BANK", FID: "1", AccountID: "4111"},
		SealedCredentials: []byte{1}, Status: centavo.AccountOK, CreatedAt: testNow,
	}
	f.write(func(tx store.Tx) error { return tx.CreateAccount(ctx, &card) })
	cats := centavo.SpendingCategories()
	start := testNow.AddDate(-1, 0, 0)
	span := testNow.Sub(start)
	const batch = 1000
	for done := 0; done < n; done += batch {
		var txns []centavo.Transaction
		for i := done; i < min(done+batch, n); i++ {
			acct := u.account.ID
			if i%3 == 0 {
				acct = card.ID
			}
			m := i % 40
			txns = append(txns, centavo.Transaction{
				UserID: u.id, AccountID: acct, InstitutionID: fmt.Sprintf("fit-%d", i),
				PostedAt: start.Add(time.Duration(int64(span) / int64(n) * int64(i))),
				Seller:   fmt.Sprintf("MERCHANT %02d STORE #%d", m, i%97), Merchant: fmt.Sprintf("Merchant %02d", m),
				MerchantKey: fmt.Sprintf("merchant%02d", m), AmountCents: -int64(100 + (i*7919)%20000), Currency: "USD",
				Category: cats[m%len(cats)], CategorySource: centavo.SourceSeed,
			})
		}
		f.write(func(tx store.Tx) error {
			ins, err := tx.InsertTransactions(ctx, txns)
			if err != nil {
				return err
			}
			deltas, err := store.SumDeltas(ins, 1)
			if err != nil {
				return err
			}
			return tx.AddMonthlySpending(ctx, u.id, deltas)
		})
	}
	f.write(func(tx store.Tx) error {
		for i := range 30 {
			if _, err := tx.CreateNotification(ctx, &centavo.Notification{UserID: u.id, Kind: centavo.NotifyBudgetApproaching,
				Category: centavo.CatFood, Month: "2026-05", Threshold: 80, Message: "You have spent a lot.", Key: fmt.Sprint("k", i), CreatedAt: testNow}); err != nil {
				return err
			}
		}
		return nil
	})
	income := int64(650000)
	if _, err := f.app.Auth.UpdateProfile(ctx, u.id, &income, nil); err != nil {
		tb.Fatal(err)
	}
	if err := f.app.Budget.SetOverride(ctx, u.id, centavo.CatFood, 90000); err != nil {
		tb.Fatal(err)
	}
}

var benchPages = []struct{ name, path string }{
	{"dashboard", "/"},
	{"transactions", "/transactions"},
	{"transactions_older", "/transactions?month=2025-11"},
	{"transactions_search", "/transactions?q=merchant+07"},
	{"transactions_category", "/transactions?category=kids&account=0"},
	{"budgets", "/budgets"},
	{"proposal", "/budgets/proposal"},
	{"recurring", "/recurring"},
	{"goals", "/goals"},
	{"accounts", "/accounts"},
	{"alerts", "/alerts"},
	{"settings", "/settings"},
}

// BenchmarkPages renders every page for a user with 20,000 transactions,
// without the read cache (every read goes to SQLite) and with it (as
// serve runs). The goal is under 50 ms a page.
func BenchmarkPages(b *testing.B) {
	for _, mode := range []struct {
		name    string
		noCache bool
	}{{"cache", false}, {"nocache", true}} {
		f := setup(b, options{noCache: mode.noCache})
		u := f.newUser("bench@example.com")
		seedHistory(b, f, u, 20_000)
		for _, p := range benchPages {
			b.Run(mode.name+"/"+p.name, func(b *testing.B) {
				req := httptest.NewRequest("GET", p.path, nil)
				req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: u.token})
				for b.Loop() {
					rec := httptest.NewRecorder()
					f.handler.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Fatalf("GET %s: %d", p.path, rec.Code)
					}
				}
			})
		}
	}
}

// TestPagesWithHistory: every page answers for a user with a year of
// history (a smaller seed than the benchmark, to stay quick).
func TestPagesWithHistory(t *testing.T) {
	t.Parallel()
	f := setup(t)
	u := f.newUser("h@example.com")
	seedHistory(t, f, u, 3000)
	for _, p := range benchPages {
		res := f.get(u, p.path)
		if res.Code != 200 {
			t.Errorf("GET %s: %d", p.path, res.Code)
		}
	}
	// Pagination: following "older" links walks the month without repeats.
	seen := map[string]bool{}
	path := "/transactions?month=2026-03"
	pagesSeen := 0
	for path != "" && pagesSeen < 50 {
		res := f.get(u, path)
		pagesSeen++
		for _, m := range txIDs.FindAllStringSubmatch(res.body, -1) {
			if seen[m[1]] {
				t.Fatalf("transaction %s on two pages", m[1])
			}
			seen[m[1]] = true
		}
		path = ""
		if m := olderLink.FindStringSubmatch(res.body); m != nil {
			path = htmlUnescape(m[1])
		}
	}
	all, err := f.st.Transactions(context.Background(), store.TransactionFilter{UserID: u.id, Month: centavo.Month{Year: 2026, Month: 3}, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(all) || pagesSeen < 2 {
		t.Errorf("pages showed %d transactions in %d pages, the month has %d", len(seen), pagesSeen, len(all))
	}
}

var (
	txIDs     = regexp.MustCompile(`<tr id="tx-(\d+)"`)
	olderLink = regexp.MustCompile(`<a class="btn-quiet" href="([^"]+)" rel="next">Older`)
)

func htmlUnescape(s string) string { return html.UnescapeString(s) }
