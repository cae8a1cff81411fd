package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// TestMigrateCrowdTrust: upgrading a database whose crowd was steered by
// fresh accounts recounts the crowd from the votes of established users
// only (migration 6). The migration reads the machine's clock, as it does
// in production, so the users' ages are set against it here.
func TestMigrateCrowdTrust(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "centavo.db")
	db, _, exec := migratedTo(t, path, 5)
	now := time.Now() // the machine's clock, which the migration reads
	day := 24 * time.Hour
	// Users 1–3 signed up yesterday, 4–6 a month ago, all with two months
	// of transactions; 7 a month ago with one month only.
	for id := int64(1); id <= 7; id++ {
		created := now.Add(-30 * day)
		if id <= 3 {
			created = now.Add(-day)
		}
		exec(`INSERT INTO users (id, email, password_hash, created_at, last_active_at) VALUES (?, ?, 'x', ?, ?)`,
			id, fmt.Sprintf("u%d@example.com", id), created.UnixMicro(), created.UnixMicro())
		exec(`INSERT INTO monthly_spending (user_id, month, category, amount_cents, count) VALUES (?, '2026-01', 'food', -100, 1)`, id)
		if id != 7 {
			exec(`INSERT INTO monthly_spending (user_id, month, category, amount_cents, count) VALUES (?, '2026-02', 'food', -100, 1)`, id)
		}
	}
	// An emptied month is no month.
	exec(`INSERT INTO monthly_spending (user_id, month, category, amount_cents, count) VALUES (7, '2026-03', 'food', 0, 0)`)
	vote := func(user int64, merchant, category string) {
		exec(`INSERT INTO crowd_votes (user_id, merchant_key, category, updated_at) VALUES (?, ?, ?, ?)`, user, merchant, category, now.UnixMicro())
		exec(`INSERT INTO crowd_counts (merchant_key, category, voters, updated_at) VALUES (?, ?, 1, ?)
			ON CONFLICT (merchant_key, category) DO UPDATE SET voters = voters + 1`, merchant, category, now.Add(-time.Hour).UnixMicro())
	}
	for id := int64(1); id <= 3; id++ {
		vote(id, "ZORBLAX WIDGET EMPORIUM", "income")
	}
	for id := int64(4); id <= 6; id++ {
		vote(id, "HARBOR NOODLE HOUSE", "restaurants")
	}
	vote(7, "HARBOR NOODLE HOUSE", "food")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	counts, err := s.CrowdCounts(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, c := range counts {
		got[c.MerchantKey+"/"+c.Category] = c.Voters
		if c.Voters != 3 && !c.UpdatedAt.After(now.Add(-time.Minute)) {
			t.Errorf("a recounted count kept its time: %+v", c)
		}
	}
	want := map[string]int64{"ZORBLAX WIDGET EMPORIUM/income": 0, "HARBOR NOODLE HOUSE/restaurants": 3, "HARBOR NOODLE HOUSE/food": 0}
	if len(got) != len(want) {
		t.Fatalf("counts %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Fatalf("counts %v, want %v", got, want)
		}
	}
	var counted []int64
	rows, err := s.writer.QueryContext(ctx, `SELECT user_id FROM crowd_votes WHERE counted = 1 ORDER BY user_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		counted = append(counted, id)
	}
	if len(counted) != 3 || counted[0] != 4 || counted[2] != 6 {
		t.Fatalf("votes that count: users %v, want 4, 5, 6", counted)
	}
}
