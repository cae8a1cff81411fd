package postgres

import (
	"context"
	"testing"

	"github.com/centavo/centavo/internal/store"
)

// TestMigrateSearch: rows from before migration 17 have no search text;
// opening the store fills it (accents stripped in Go) and the term index
// follows.
func TestMigrateSearch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p, _, exec := migratedTo(t, 13)
	for _, q := range []string{
		`INSERT INTO users (id, email, password_hash, created_at, last_active_at) VALUES (1, 'm@example.com', 'x', now(), now())`,
		`INSERT INTO accounts (id, user_id, connector, name, currency, institution, sealed_credentials, status, created_at) OVERRIDING SYSTEM VALUE VALUES (1, 1, 'file', 'f', 'EUR', '{}', '', 'ok', now())`,
		`INSERT INTO transactions (user_id, account_id, institution_id, posted_at, seller, merchant, amount_cents, currency, category, category_source, notes, tags)
			VALUES (1, 1, 'a', '2026-03-02T12:00:00Z', 'CAFE', 'Crème Brûlée Co', -100, 'EUR', 'food', 'seed', 'Noël', '["Fête"]')`,
	} {
		exec(q)
	}
	p.Close()
	s, err := Open(ctx, url, Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range []store.SearchFilter{{Words: []string{"creme", "brul"}}, {Words: []string{"noel"}}, {Tag: "FÊTE"}} {
		f.UserID, f.Totals = 1, true
		r, err := s.SearchTransactions(ctx, f)
		if err != nil || r.Count != 1 || len(r.Transactions) != 1 || r.TotalCents != -100 {
			t.Fatalf("search %+v after the backfill: %+v, %v", f, r, err)
		}
	}
}
