package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/pgtest"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// Verify finds a goal whose contributed_cents is not the sum of its
// contributions.
func TestVerifyGoals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Schema(t), Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	g := goalWithContributions(t, db)
	if rep, err := db.Verify(ctx); err != nil || !rep.OK() {
		t.Fatalf("verify after contributions: %+v, %v", rep, err)
	}
	if _, err := db.primary.Exec(ctx, `UPDATE goals SET contributed_cents = contributed_cents + 1 WHERE id = $1`, g.ID); err != nil {
		t.Fatal(err)
	}
	rep, err := db.Verify(ctx)
	if err != nil || rep.OK() || len(rep.GoalMismatches) != 1 || rep.GoalMismatches[0] != (store.GoalMismatch{UserID: g.UserID, GoalID: g.ID, StoredCents: 7_001, ComputedCents: 7_000}) {
		t.Fatalf("verify missed a goal's wrong sum: %+v, %v", rep, err)
	}
}

func goalWithContributions(t *testing.T, s store.Store) centavo.Goal {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	u := centavo.User{Email: "verify-goals@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: at, LastActiveAt: at}
	g := centavo.Goal{Name: "Trip", TargetCents: 100_000, TargetDate: centavo.DayOf(at) + 100, Currency: "USD", CreatedAt: at}
	err := s.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		g.UserID = u.ID
		if err := tx.CreateGoal(ctx, &g); err != nil {
			return err
		}
		for _, cents := range []int64{5_000, 3_000, -1_000} {
			c := centavo.GoalContribution{UserID: u.ID, GoalID: g.ID, AmountCents: cents, Date: centavo.DayOf(at), CreatedAt: at}
			if err := tx.AddGoalContribution(ctx, &c, 1_000_000); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}
