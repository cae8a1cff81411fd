package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestMigrateCrowdTrust: upgrading a database whose crowd was steered by
// fresh accounts recounts the crowd from the votes of established users
// only (migration 6). The migration reads the server's clock, as it does in
// production, so the users' ages are set against it here.
func TestMigrateCrowdTrust(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url, p, prov, exec := migratedTo(t, 5)
	// Users 1–3 signed up yesterday, 4–6 a month ago, all with two months
	// of transactions; 7 a month ago with one month only.
	for id := int64(1); id <= 7; id++ {
		age := "30 days"
		if id <= 3 {
			age = "1 day"
		}
		exec(`INSERT INTO users (id, email, password_hash, created_at, last_active_at) VALUES ($1, $2, 'x', now() - $3::interval, now())`,
			id, fmt.Sprintf("u%d@example.com", id), age)
		exec(`INSERT INTO monthly_spending (user_id, month, category, amount_cents, count) VALUES ($1, '2026-01', 'food', -100, 1)`, id)
		if id != 7 {
			exec(`INSERT INTO monthly_spending (user_id, month, category, amount_cents, count) VALUES ($1, '2026-02', 'food', -100, 1)`, id)
		}
	}
	exec(`INSERT INTO monthly_spending (user_id, month, category, amount_cents, count) VALUES (7, '2026-03', 'food', 0, 0)`)
	vote := func(user int64, merchant, category string) {
		exec(`INSERT INTO crowd_votes (user_id, merchant_key, category, updated_at) VALUES ($1, $2, $3, now())`, user, merchant, category)
		exec(`INSERT INTO crowd_counts (merchant_key, category, voters, updated_at) VALUES ($1, $2, 1, now() - interval '1 hour')
			ON CONFLICT (merchant_key, category) DO UPDATE SET voters = crowd_counts.voters + 1`, merchant, category)
	}
	for id := int64(1); id <= 3; id++ {
		vote(id, "ZORBLAX WIDGET EMPORIUM", "income")
	}
	for id := int64(4); id <= 6; id++ {
		vote(id, "HARBOR NOODLE HOUSE", "restaurants")
	}
	vote(7, "HARBOR NOODLE HOUSE", "food")
	prov.Close() // the database/sql handle on the pool, before the pool
	p.Close()

	s, err := Open(ctx, url, Options{MaxConns: 2})
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
	// The recounted rows are newer than the one left alone: running
	// processes read them again.
	var recounted int
	if err := s.primary.QueryRow(ctx, `SELECT count(*) FROM crowd_counts WHERE updated_at > now() - interval '1 minute'`).Scan(&recounted); err != nil || recounted != 2 {
		t.Fatalf("%d counts with a new time (%v), want 2", recounted, err)
	}
	var counted []int64
	rows, err := s.primary.Query(ctx, `SELECT user_id FROM crowd_votes WHERE counted ORDER BY user_id`)
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
