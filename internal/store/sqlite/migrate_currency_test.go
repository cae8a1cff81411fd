package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestMigrateCurrencies: migration 11 rebuilds monthly_spending per
// currency from the transactions: a month whose EUR and USD rows had been
// summed as one becomes one row per currency.
func TestMigrateCurrencies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec := migratedTo(t, filepath.Join(t.TempDir(), "centavo.db"), 9)
	exec(`INSERT INTO users (id, email, password_hash, created_at, last_active_at) VALUES (1, 'm@example.com', 'x', 0, 0)`)
	exec(`INSERT INTO accounts (id, user_id, connector, name, currency, institution, sealed_credentials, status, created_at) VALUES (1, 1, 'file', 'f', 'EUR', '{}', x'', 'ok', 0)`)
	march := int64(1772452800000000) // 2026-03-02T12:00:00Z in microseconds
	for i, row := range []struct {
		cents int64
		cur   string
	}{{-1000, "EUR"}, {-250, "EUR"}, {-700, "USD"}} {
		exec(`INSERT INTO transactions (user_id, account_id, institution_id, posted_at, seller, merchant, amount_cents, currency, category, category_source, created_at)
			VALUES (1, 1, ?, ?, 's', 'm', ?, ?, 'food', 'seed', 0)`, fmt.Sprint(i), march, row.cents, row.cur)
	}
	exec(`INSERT INTO monthly_spending (user_id, month, category, amount_cents, count) VALUES (1, '2026-03', 'food', -1950, 3)`) // summed raw
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT month, currency, category, amount_cents, count FROM monthly_spending ORDER BY currency`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var month, cur, cat string
		var cents, n int64
		if err := rows.Scan(&month, &cur, &cat, &cents, &n); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %s %d/%d", month, cur, cat, cents, n))
	}
	if fmt.Sprint(got) != "[2026-03 EUR food -1250/2 2026-03 USD food -700/1]" {
		t.Fatalf("after migration 11: %v", got)
	}
}
