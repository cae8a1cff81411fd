package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// fill gives the user a row in every table that holds users' data, and
// returns the month of their transactions.
func fill(t *testing.T, s store.Store, u centavo.User, hash []byte) centavo.Month {
	t.Helper()
	ctx := context.Background()
	a := newAccount(t, s, u.ID)
	insert(t, s, txn(u, a, "F1", base, -1200, centavo.CatFood), txn(u, a, "F2", base, -800, centavo.CatFood))
	write(t, s, func(tx store.Tx) error {
		if err := tx.CreateToken(ctx, store.Token{Hash: hash, UserID: u.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)}); err != nil {
			return err
		}
		r := centavo.Rule{UserID: u.ID, MerchantKey: "DELI", Merchant: "Deli", Category: centavo.CatFood, CreatedAt: base}
		if err := tx.UpsertRule(ctx, &r); err != nil {
			return err
		}
		cents := int64(30000)
		if err := tx.SetBudgetOverride(ctx, centavo.BudgetOverride{UserID: u.ID, Category: centavo.CatFood, From: centavo.MonthOf(base), AmountCents: &cents, CreatedAt: base}); err != nil {
			return err
		}
		if err := tx.SetNotificationSettings(ctx, centavo.NotificationSettings{UserID: u.ID, Email: true, Thresholds: []int{90}}); err != nil {
			return err
		}
		w := centavo.Webhook{UserID: u.ID, URL: "https://example.com/hook", SealedSecret: []byte{9}, CreatedAt: base}
		if err := tx.CreateWebhook(ctx, &w); err != nil {
			return err
		}
		n := centavo.Notification{UserID: u.ID, Kind: centavo.NotifyAccountUpdated, Message: "2 new", Key: "k", CreatedAt: base}
		if _, err := tx.CreateNotification(ctx, &n); err != nil {
			return err
		}
		d := centavo.Delivery{UserID: u.ID, NotificationID: n.ID, Channel: centavo.ChannelWebhook, WebhookID: w.ID, Status: centavo.DeliveryPending, CreatedAt: base, UpdatedAt: base}
		if err := tx.CreateDelivery(ctx, &d); err != nil {
			return err
		}
		if err := tx.SetTOTP(ctx, store.TOTP{UserID: u.ID, SealedSecret: []byte{7}, CreatedAt: base}); err != nil {
			return err
		}
		if err := tx.SetRecoveryCodes(ctx, u.ID, [][]byte{append([]byte("rc-"), hash...)}); err != nil {
			return err
		}
		if err := tx.CreatePasswordReset(ctx, store.PasswordReset{Hash: append([]byte("pr-"), hash...), UserID: u.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)}); err != nil {
			return err
		}
		for _, m := range []string{"DELI", "GAS"} {
			if _, err := tx.Vote(ctx, store.CrowdVote{UserID: u.ID, MerchantKey: m, Category: centavo.CatFood, At: base}); err != nil {
				return err
			}
			if err := tx.AddCrowdCount(ctx, store.CrowdCountUpdate{MerchantKey: m, Category: centavo.CatFood, Delta: 1, At: base}); err != nil {
				return err
			}
		}
		return nil
	})
	return centavo.MonthOf(base)
}

// holdings is what the store shows of a user, through every per-user read.
func holdings(t *testing.T, s store.Store, userID int64, month centavo.Month, hash []byte) []int {
	t.Helper()
	ctx := context.Background()
	accounts, err1 := s.Accounts(ctx, userID)
	txns, err2 := s.Transactions(ctx, store.TransactionFilter{UserID: userID, Limit: 100})
	spending, err3 := s.MonthlySpending(ctx, userID, month)
	rules, err4 := s.Rules(ctx, userID)
	overrides, err5 := s.BudgetOverrides(ctx, userID)
	notes, err6 := s.Notifications(ctx, store.NotificationFilter{UserID: userID, Limit: 100})
	hooks, err7 := s.Webhooks(ctx, userID)
	deliveries, err8 := s.Deliveries(ctx, store.DeliveryFilter{UserID: userID, Limit: 100})
	if err := errors.Join(err1, err2, err3, err4, err5, err6, err7, err8); err != nil {
		t.Fatal(err)
	}
	token, totp := 1, 1
	if _, err := s.UserIDByToken(ctx, hash, base); errors.Is(err, store.ErrNotFound) {
		token = 0
	}
	if _, err := s.TOTP(ctx, userID); errors.Is(err, store.ErrNotFound) {
		totp = 0
	}
	return []int{len(accounts), len(txns), len(spending), len(rules), len(overrides), len(notes), len(hooks), len(deliveries), token, totp}
}

// testDeleteUser: DeleteUser removes every row of the user and nothing of
// anyone else's; DeleteVotes hands back the votes it removed, so that the
// counts can lose them.
func testDeleteUser(t *testing.T, s store.Store) {
	ctx := context.Background()
	v := newUser(t, s, "stays@example.com")
	u := newUser(t, s, "gone@example.com") // the highest id
	uHash, vHash := []byte("u-token-hash-0123456789abcdef012"), []byte("v-token-hash-0123456789abcdef012")
	month := fill(t, s, u, uHash)
	fill(t, s, v, vHash)
	want := []int{1, 2, 1, 1, 1, 1, 1, 1, 1, 1}
	if got := holdings(t, s, u.ID, month, uHash); !reflect.DeepEqual(got, want) {
		t.Fatalf("before: %v, want %v", got, want)
	}

	var votes []store.CrowdVote
	write(t, s, func(tx store.Tx) error {
		var err error
		if votes, err = tx.DeleteVotes(ctx, u.ID); err != nil {
			return err
		}
		return tx.DeleteUser(ctx, u.ID)
	})
	if len(votes) != 2 || votes[0].UserID != u.ID || votes[0].Category != centavo.CatFood || !votes[0].At.Equal(base) {
		t.Fatalf("DeleteVotes = %+v, want the user's two votes", votes)
	}
	if got := holdings(t, s, u.ID, month, uHash); !reflect.DeepEqual(got, make([]int, len(want))) {
		t.Fatalf("after: %v, want nothing left", got)
	}
	if _, err := s.UserByID(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("UserByID after DeleteUser: %v", err)
	}
	if _, err := s.UserByEmail(ctx, u.Email); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("UserByEmail after DeleteUser: %v", err)
	}
	if got := holdings(t, s, v.ID, month, vHash); !reflect.DeepEqual(got, want) {
		t.Fatalf("the other user's rows: %v, want %v", got, want)
	}
	if report, err := s.Verify(ctx); err != nil || !report.OK() || report.Users != 1 {
		t.Fatalf("Verify after DeleteUser: %+v, %v", report, err)
	}
	err := s.InTx(ctx, func(tx store.Tx) error { return tx.DeleteUser(ctx, u.ID) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting again: %v, want ErrNotFound", err)
	}
	// The e-mail is free again, and the id is never given again (the
	// object store may still hold objects under it).
	again := newUser(t, s, u.Email)
	if again.ID <= u.ID {
		t.Fatalf("a new user got id %d, not above the deleted user's %d", again.ID, u.ID)
	}
}
