package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testGoals: goals are created, listed, updated and removed per user;
// contributions add to a goal's sum, never below zero or past the limit;
// a removed account leaves its goals to their contributions; the user's
// removal takes goals and contributions.
func testGoals(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "goals@example.com")
	other := newUser(t, s, "goals-other@example.com")
	acct := newAccount(t, s, u.ID)
	day := centavo.DayOf(base)
	trip := centavo.Goal{UserID: u.ID, Name: "Trip", TargetCents: 300000, TargetDate: day + 200, Currency: "USD", CreatedAt: base}
	house := centavo.Goal{UserID: u.ID, Name: "House", TargetCents: 5000000, TargetDate: day + 900, AccountID: acct.ID, Currency: "USD", CreatedAt: base}
	write(t, s, func(tx store.Tx) error {
		if err := tx.CreateGoal(ctx, &trip); err != nil {
			return err
		}
		return tx.CreateGoal(ctx, &house)
	})
	got, err := s.Goals(ctx, u.ID)
	if err != nil || len(got) != 2 || got[0] != trip || got[1] != house {
		t.Fatalf("goals %+v, %v; want %+v, %+v", got, err, trip, house)
	}
	if list, err := s.Goals(ctx, other.ID); err != nil || len(list) != 0 {
		t.Fatalf("the other user's goals: %+v, %v", list, err)
	}
	if _, err := s.Goal(ctx, other.ID, trip.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another user's goal: %v", err)
	}

	add := func(userID, goalID, cents int64) error {
		c := centavo.GoalContribution{UserID: userID, GoalID: goalID, AmountCents: cents, Date: day, CreatedAt: base}
		return s.InTx(ctx, func(tx store.Tx) error { return tx.AddGoalContribution(ctx, &c, 1_000_000) })
	}
	for _, c := range []int64{50000, 25000, -10000} {
		if err := add(u.ID, trip.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := add(u.ID, trip.ID, -70000); !errors.Is(err, store.ErrOutOfRange) {
		t.Errorf("a withdrawal below zero: %v", err)
	}
	if err := add(u.ID, trip.ID, 1_000_000); !errors.Is(err, store.ErrOutOfRange) {
		t.Errorf("past the limit: %v", err)
	}
	if err := add(other.ID, trip.ID, 100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another user's contribution: %v", err)
	}
	g, err := s.Goal(ctx, u.ID, trip.ID)
	if err != nil || g.ContributedCents != 65000 {
		t.Fatalf("contributed %d, %v; want 65000", g.ContributedCents, err)
	}
	cs, err := s.GoalContributions(ctx, u.ID, trip.ID)
	if err != nil || len(cs) != 3 || cs[2].AmountCents != -10000 {
		t.Fatalf("contributions %+v, %v", cs, err)
	}
	if cs, _ := s.GoalContributions(ctx, other.ID, trip.ID); len(cs) != 0 {
		t.Errorf("another user reads the contributions: %+v", cs)
	}

	g.Name, g.TargetCents, g.UpdatedAt = "Trip to Lisbon", 400000, base.Add(3600e9)
	write(t, s, func(tx store.Tx) error { return tx.UpdateGoal(ctx, g) })
	if back, _ := s.Goal(ctx, u.ID, trip.ID); back != g {
		t.Errorf("updated %+v, want %+v", back, g)
	}
	g.UserID = other.ID
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.UpdateGoal(ctx, g) }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another user's update: %v", err)
	}
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.DeleteGoal(ctx, other.ID, trip.ID) }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another user's delete: %v", err)
	}

	write(t, s, func(tx store.Tx) error { _, err := tx.DeleteAccount(ctx, u.ID, acct.ID); return err })
	if h, err := s.Goal(ctx, u.ID, house.ID); err != nil || h.AccountID != 0 {
		t.Errorf("the house goal after its account went: %+v, %v", h, err)
	}
	write(t, s, func(tx store.Tx) error { return tx.DeleteGoal(ctx, u.ID, house.ID) })
	if _, err := s.Goal(ctx, u.ID, house.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a removed goal: %v", err)
	}
	write(t, s, func(tx store.Tx) error { return tx.DeleteUser(ctx, u.ID) })
	if list, _ := s.Goals(ctx, u.ID); len(list) != 0 {
		t.Errorf("goals after the user's removal: %+v", list)
	}
}

// testDigests: a period's digest is created once; the last digest is the
// one that covers the newest notification; the shard's digest users are
// those with e-mail on and a digest, paged in id order.
func testDigests(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "digest@example.com")
	quiet := newUser(t, s, "digest-quiet@example.com")
	noMail := newUser(t, s, "digest-nomail@example.com")
	got, err := s.NotificationSettings(ctx, u.ID)
	if err != nil || got.Digest != centavo.DigestOff {
		t.Fatalf("default digest %q, %v", got.Digest, err)
	}
	write(t, s, func(tx store.Tx) error {
		if err := tx.SetNotificationSettings(ctx, centavo.NotificationSettings{UserID: u.ID, Email: true, Thresholds: []int{80}, Digest: centavo.DigestWeekly}); err != nil {
			return err
		}
		if err := tx.SetNotificationSettings(ctx, centavo.NotificationSettings{UserID: quiet.ID, Email: true, Thresholds: []int{80}}); err != nil {
			return err
		}
		return tx.SetNotificationSettings(ctx, centavo.NotificationSettings{UserID: noMail.ID, Thresholds: []int{80}, Digest: centavo.DigestDaily})
	})
	if got, _ := s.NotificationSettings(ctx, u.ID); got.Digest != centavo.DigestWeekly {
		t.Errorf("digest %q, want weekly", got.Digest)
	}
	if got, _ := s.NotificationSettings(ctx, quiet.ID); got.Digest != centavo.DigestOff {
		t.Errorf("digest written empty reads %q, want off", got.Digest)
	}
	users, err := s.DigestUsers(ctx, 0, 10)
	if err != nil || len(users) != 1 || users[0] != (store.DigestUser{UserID: u.ID, Digest: centavo.DigestWeekly}) {
		t.Fatalf("digest users %+v, %v", users, err)
	}
	if users, _ := s.DigestUsers(ctx, u.ID, 10); len(users) != 0 {
		t.Errorf("digest users after the last: %+v", users)
	}

	if _, err := s.LastDigest(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("last digest of none: %v", err)
	}
	create := func(period string, through int64) (centavo.Digest, bool) {
		t.Helper()
		d := centavo.Digest{UserID: u.ID, Period: period, ThroughNotificationID: through, Status: centavo.DeliveryPending,
			Subject: "s", Text: "t", HTML: "h", CreatedAt: base}
		var created bool
		write(t, s, func(tx store.Tx) (err error) { created, err = tx.CreateDigest(ctx, &d); return err })
		return d, created
	}
	first, created := create("weekly:2026-03-09", 7)
	if !created {
		t.Fatal("the first digest was not created")
	}
	if _, again := create("weekly:2026-03-09", 9); again {
		t.Error("a period's digest was created twice")
	}
	create("weekly:2026-03-16", 12)
	first.Status, first.Attempts, first.UpdatedAt = centavo.DeliveryDelivered, 1, base.Add(60e9)
	write(t, s, func(tx store.Tx) error { return tx.UpdateDigest(ctx, first) })
	back, err := s.Digest(ctx, u.ID, "weekly:2026-03-09")
	if err != nil || back != first {
		t.Errorf("digest %+v, %v; want %+v", back, err, first)
	}
	if last, err := s.LastDigest(ctx, u.ID); err != nil || last.ThroughNotificationID != 12 {
		t.Errorf("last digest %+v, %v", last, err)
	}
	if _, err := s.Digest(ctx, quiet.ID, "weekly:2026-03-09"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another user's digest: %v", err)
	}
	write(t, s, func(tx store.Tx) error { return tx.DeleteUser(ctx, u.ID) })
}
