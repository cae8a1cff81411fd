package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/centavo/centavo/internal/store"
)

// TestMigrateSearch: rows from before migration 17 have no search text;
// opening the store fills it (accents stripped in Go) and the full-text
// index follows.
func TestMigrateSearch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "centavo.db")
	db, _, exec := migratedTo(t, path, 13)
	for _, q := range []string{
		`INSERT INTO users (id, email, password_hash, created_at, last_active_at) VALUES (1, 'm@example.com', 'x', 0, 0)`,
		`INSERT INTO accounts (id, user_id, connector, name, currency, institution, sealed_credentials, status, created_at) VALUES (1, 1, 'file', 'f', 'EUR', '{}', x'', 'ok', 0)`,
		`INSERT INTO transactions (user_id, account_id, institution_id, posted_at, seller, merchant, amount_cents, currency, category, category_source, created_at, notes, tags)
			VALUES (1, 1, 'a', 0, 'CAFE', 'Crème Brûlée Co', -100, 'EUR', 'food', 'seed', 0, 'Noël', '["Fête"]')`,
	} {
		exec(q)
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range []store.SearchFilter{{Words: []string{"creme", "brul"}}, {Words: []string{"noel"}}, {Tag: "FÊTE"}} {
		f.UserID, f.Totals = 1, true
		r, err := s.SearchTransactions(ctx, f)
		if err != nil || r.Count != 1 || len(r.Transactions) != 1 {
			t.Fatalf("search %+v after the backfill: %+v, %v", f, r, err)
		}
	}
}
