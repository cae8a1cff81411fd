package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/centavo/centavo/internal/store"
)

func exerciseSecurity(t *testing.T, open Opener) {
	t.Run("TokenList", func(t *testing.T) { t.Parallel(); testTokenList(t, open(t)) })
	t.Run("PasswordResets", func(t *testing.T) { t.Parallel(); testPasswordResets(t, open(t)) })
	t.Run("TOTP", func(t *testing.T) { t.Parallel(); testTOTP(t, open(t)) })
}

// testTokenList: tokens have ids, names and a last use; a user lists and
// revokes only their own, unexpired ones; revoking all but one keeps it.
func testTokenList(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "list@example.com")
	v := newUser(t, s, "other@example.com")
	mk := func(user int64, hash, name string, ttl time.Duration) {
		write(t, s, func(tx store.Tx) error {
			return tx.CreateToken(ctx, store.Token{Hash: []byte(hash), UserID: user, Name: name, CreatedAt: base, ExpiresAt: base.Add(ttl)})
		})
	}
	mk(u.ID, "hash-one-0123456789abcdef0123456", "laptop", time.Hour)
	mk(u.ID, "hash-two-0123456789abcdef0123456", "script", time.Hour)
	mk(u.ID, "hash-old-0123456789abcdef0123456", "expired", time.Minute)
	mk(v.ID, "hash-vvv-0123456789abcdef0123456", "v's", time.Hour)
	now := base.Add(30 * time.Minute)
	list, err := s.Tokens(ctx, u.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "script" || list[1].Name != "laptop" || list[0].ID == list[1].ID || list[0].ID == 0 {
		t.Fatalf("Tokens = %+v, want script then laptop (newest first, unexpired only)", list)
	}
	if list[0].LastUsedAt != nil || !list[0].CreatedAt.Equal(base) || !list[0].ExpiresAt.Equal(base.Add(time.Hour)) || string(list[0].Hash) != "hash-two-0123456789abcdef0123456" {
		t.Fatalf("token read back as %+v", list[0])
	}
	got, err := s.TokenByHash(ctx, []byte("hash-one-0123456789abcdef0123456"), now)
	if err != nil || got.ID != list[1].ID || got.UserID != u.ID || got.Name != "laptop" {
		t.Fatalf("TokenByHash = %+v, %v", got, err)
	}
	if _, err := s.TokenByHash(ctx, []byte("hash-old-0123456789abcdef0123456"), now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired token by hash: %v", err)
	}
	used := base.Add(10 * time.Minute)
	write(t, s, func(tx store.Tx) error { return tx.TouchToken(ctx, u.ID, got.ID, used) })
	write(t, s, func(tx store.Tx) error { return tx.TouchToken(ctx, v.ID, got.ID, base.Add(50*time.Minute)) }) // not v's
	if got, _ := s.TokenByHash(ctx, []byte("hash-one-0123456789abcdef0123456"), now); got.LastUsedAt == nil || !got.LastUsedAt.Equal(used) {
		t.Fatalf("LastUsedAt = %v, want %v", got.LastUsedAt, used)
	}
	// Another user cannot revoke it; its owner can, once.
	err = s.InTx(ctx, func(tx store.Tx) error { return tx.DeleteTokenByID(ctx, v.ID, got.ID) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another user's DeleteTokenByID: %v", err)
	}
	write(t, s, func(tx store.Tx) error { return tx.DeleteTokenByID(ctx, u.ID, got.ID) })
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.DeleteTokenByID(ctx, u.ID, got.ID) }); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoking twice: %v", err)
	}
	// All but one: the kept one stays, the other user's too.
	mk(u.ID, "hash-3rd-0123456789abcdef0123456", "phone", time.Hour)
	write(t, s, func(tx store.Tx) error {
		return tx.DeleteTokensExcept(ctx, u.ID, []byte("hash-3rd-0123456789abcdef0123456"))
	})
	if list, _ := s.Tokens(ctx, u.ID, now); len(list) != 1 || list[0].Name != "phone" {
		t.Fatalf("after DeleteTokensExcept: %+v, want phone only", list)
	}
	write(t, s, func(tx store.Tx) error { return tx.DeleteTokensExcept(ctx, u.ID, nil) })
	if list, _ := s.Tokens(ctx, u.ID, now); len(list) != 0 {
		t.Fatalf("after DeleteTokensExcept(nil): %+v", list)
	}
	if list, _ := s.Tokens(ctx, v.ID, now); len(list) != 1 {
		t.Fatalf("the other user's tokens: %+v", list)
	}
	// A new password hash.
	write(t, s, func(tx store.Tx) error { return tx.SetPasswordHash(ctx, u.ID, "new-hash") })
	if got, _ := s.UserByID(ctx, u.ID); got.PasswordHash != "new-hash" {
		t.Fatalf("password hash = %q", got.PasswordHash)
	}
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.SetPasswordHash(ctx, 987654, "x") }); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SetPasswordHash of nobody: %v", err)
	}
}

// testPasswordResets: a reset is taken once; taking it returns it even
// when expired (the service judges); a user's resets can all be dropped.
func testPasswordResets(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "reset@example.com")
	r := store.PasswordReset{Hash: []byte("reset-hash-1"), UserID: u.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)}
	write(t, s, func(tx store.Tx) error {
		if err := tx.CreatePasswordReset(ctx, r); err != nil {
			return err
		}
		return tx.CreatePasswordReset(ctx, store.PasswordReset{Hash: []byte("reset-hash-2"), UserID: u.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)})
	})
	var got store.PasswordReset
	write(t, s, func(tx store.Tx) error {
		var err error
		got, err = tx.TakePasswordReset(ctx, []byte("reset-hash-1"))
		return err
	})
	if got.UserID != u.ID || !got.ExpiresAt.Equal(r.ExpiresAt) || !got.CreatedAt.Equal(base) {
		t.Fatalf("TakePasswordReset = %+v", got)
	}
	err := s.InTx(ctx, func(tx store.Tx) error { _, err := tx.TakePasswordReset(ctx, []byte("reset-hash-1")); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("taking a reset twice: %v", err)
	}
	write(t, s, func(tx store.Tx) error { return tx.DeletePasswordResets(ctx, u.ID) })
	err = s.InTx(ctx, func(tx store.Tx) error { _, err := tx.TakePasswordReset(ctx, []byte("reset-hash-2")); return err })
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a reset left after DeletePasswordResets: %v", err)
	}
}

// testTOTP: the two-factor setting is set, confirmed and removed with its
// recovery codes; a time step is accepted once; a recovery code works once.
func testTOTP(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "totp@example.com")
	v := newUser(t, s, "nototp@example.com")
	if _, err := s.TOTP(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("TOTP before any: %v", err)
	}
	write(t, s, func(tx store.Tx) error {
		return tx.SetTOTP(ctx, store.TOTP{UserID: u.ID, SealedSecret: []byte{1, 2, 3}, CreatedAt: base})
	})
	got, err := s.TOTP(ctx, u.ID)
	if err != nil || got.ConfirmedAt != nil || string(got.SealedSecret) != "\x01\x02\x03" || !got.CreatedAt.Equal(base) || got.RecoveryCodesLeft != 0 {
		t.Fatalf("TOTP being set up = %+v, %v", got, err)
	}
	confirmed := base.Add(time.Minute)
	got.ConfirmedAt = &confirmed
	write(t, s, func(tx store.Tx) error {
		if err := tx.SetTOTP(ctx, got); err != nil {
			return err
		}
		return tx.SetRecoveryCodes(ctx, u.ID, [][]byte{[]byte("code-a"), []byte("code-b")})
	})
	write(t, s, func(tx store.Tx) error { return tx.SetRecoveryCodes(ctx, v.ID, [][]byte{[]byte("code-a")}) })
	got, err = s.TOTP(ctx, u.ID)
	if err != nil || got.ConfirmedAt == nil || !got.ConfirmedAt.Equal(confirmed) || got.RecoveryCodesLeft != 2 {
		t.Fatalf("confirmed TOTP = %+v, %v", got, err)
	}
	// A time step once, and never an earlier one.
	write(t, s, func(tx store.Tx) error { return tx.UseTOTPStep(ctx, u.ID, 1000) })
	for _, step := range []int64{1000, 999} {
		if err := s.InTx(ctx, func(tx store.Tx) error { return tx.UseTOTPStep(ctx, u.ID, step) }); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("step %d after 1000: %v, want ErrConflict", step, err)
		}
	}
	write(t, s, func(tx store.Tx) error { return tx.UseTOTPStep(ctx, u.ID, 1001) })
	// A recovery code once; another user's equal code is theirs.
	write(t, s, func(tx store.Tx) error { return tx.UseRecoveryCode(ctx, u.ID, []byte("code-a")) })
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.UseRecoveryCode(ctx, u.ID, []byte("code-a")) }); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a recovery code twice: %v", err)
	}
	if got, _ := s.TOTP(ctx, u.ID); got.RecoveryCodesLeft != 1 || got.LastStep != 1001 {
		t.Fatalf("after use: %+v", got)
	}
	write(t, s, func(tx store.Tx) error { return tx.DeleteTOTP(ctx, u.ID) })
	if _, err := s.TOTP(ctx, u.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("TOTP after DeleteTOTP: %v", err)
	}
	if err := s.InTx(ctx, func(tx store.Tx) error { return tx.UseRecoveryCode(ctx, u.ID, []byte("code-b")) }); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a recovery code left after DeleteTOTP: %v", err)
	}
	write(t, s, func(tx store.Tx) error { return tx.UseRecoveryCode(ctx, v.ID, []byte("code-a")) })
}
