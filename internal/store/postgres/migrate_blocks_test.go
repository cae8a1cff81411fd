package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestMigrateBalanceBlocks: migration 12 packs the reported balances
// already kept into their blocks of 32 days.
func TestMigrateBalanceBlocks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, p, prov, exec := migratedTo(t, 11)
	exec(`INSERT INTO users (id, email, password_hash, created_at, last_active_at) VALUES (1, 'm@example.com', 'x', now(), now())`)
	exec(`INSERT INTO accounts (id, user_id, connector, name, currency, institution, sealed_credentials, status, created_at) OVERRIDING SYSTEM VALUE VALUES (1, 1, 'file', 'f', 'USD', '{}', '', 'ok', now())`)
	for _, r := range []struct {
		day, cents int64
		avail      *int64
	}{{20032, -3, nil}, {20001, 450, new(int64(400))}, {20000, 500, nil}} {
		exec(`INSERT INTO account_balances (account_id, user_id, day, balance_cents, available_cents, as_of) VALUES (1, 1, $1, $2, $3, $4)`,
			r.day, r.cents, r.avail, time.UnixMicro(r.day*86_400_000_000+3_600_000_000).UTC())
	}
	if _, err := prov.Up(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := p.Query(ctx, `SELECT account_id, user_id, block, packed FROM account_balance_blocks ORDER BY block`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var account, user, block int64
		var packed string
		if err := rows.Scan(&account, &user, &block, &packed); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d/%d/%d %s", account, user, block, packed))
	}
	want := "[1/1/625 20000:500::1728003600000000,20001:450:400:1728090000000000 1/1/626 20032:-3::1730768400000000]"
	if fmt.Sprint(got) != want {
		t.Fatalf("after migration 12: %v, want %v", got, want)
	}
}
