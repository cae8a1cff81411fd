package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func exerciseConnections(t *testing.T, open Opener) {
	t.Run("RequestQuota", func(t *testing.T) { t.Parallel(); testRequestQuota(t, open(t)) })
	t.Run("AccountCredentials", func(t *testing.T) { t.Parallel(); testAccountCredentials(t, open(t)) })
	t.Run("StaleAccounts", func(t *testing.T) { t.Parallel(); testStaleAccounts(t, open(t)) })
}

// testRequestQuota: a window counts up to its limit and no further, even
// under concurrent takers; windows and keys are apart; pruning forgets
// old windows only.
func testRequestQuota(t *testing.T, s store.Store) {
	ctx := context.Background()
	minute := base.Truncate(time.Minute)
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.TakeRequest(ctx, "ofx:host-minute:bank.example", minute, 5)
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if taken != 5 {
		t.Fatalf("%d of 8 concurrent requests counted under a limit of 5", taken)
	}
	if n, err := s.RequestCount(ctx, "ofx:host-minute:bank.example", minute); err != nil || n != 5 {
		t.Fatalf("count %d, %v; want 5", n, err)
	}
	if ok, err := s.TakeRequest(ctx, "ofx:host-minute:bank.example", minute.Add(time.Minute), 5); err != nil || !ok {
		t.Fatalf("the next window refused: %v %v", ok, err)
	}
	if ok, err := s.TakeRequest(ctx, "ofx:host-minute:other.example", minute, 1); err != nil || !ok {
		t.Fatalf("another key refused: %v %v", ok, err)
	}
	if n, err := s.RequestCount(ctx, "nothing", minute); err != nil || n != 0 {
		t.Fatalf("count of an unknown key %d, %v", n, err)
	}
	if err := s.PruneRequests(ctx, minute.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.RequestCount(ctx, "ofx:host-minute:bank.example", minute); n != 0 {
		t.Errorf("a pruned window still counts %d", n)
	}
	if n, _ := s.RequestCount(ctx, "ofx:host-minute:bank.example", minute.Add(time.Minute)); n != 1 {
		t.Errorf("pruning forgot a later window (count %d)", n)
	}
}

// testAccountCredentials: new sealed credentials replace the old, set the
// status and clear the last error, only on the user's own account.
func testAccountCredentials(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "creds@example.com")
	other := newUser(t, s, "creds-other@example.com")
	a := newAccount(t, s, u.ID)
	write(t, s, func(tx store.Tx) error {
		return tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: u.ID, ID: a.ID, Status: centavo.AccountNeedsAttention, LastError: "refused"})
	})
	sealed := []byte{9, 8, 7, 6}
	write(t, s, func(tx store.Tx) error {
		return tx.SetAccountCredentials(ctx, store.AccountCredentialsUpdate{UserID: u.ID, ID: a.ID, SealedCredentials: sealed, Status: centavo.AccountLinking})
	})
	got, err := s.Account(ctx, u.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.SealedCredentials, sealed) || got.Status != centavo.AccountLinking || got.LastError != "" {
		t.Fatalf("after new credentials: %+v", got)
	}
	err = s.InTx(ctx, func(tx store.Tx) error {
		return tx.SetAccountCredentials(ctx, store.AccountCredentialsUpdate{UserID: other.ID, ID: a.ID, SealedCredentials: []byte{1}, Status: centavo.AccountOK})
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another user's account: %v, want not found", err)
	}
}

// testStaleAccounts: linked accounts of active users whose last update (or
// creation) is before the bound, in id order, within the id range.
func testStaleAccounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "stale@example.com")
	idle := newUser(t, s, "stale-idle@example.com")
	write(t, s, func(tx store.Tx) error { return tx.TouchUser(ctx, u.ID, base.AddDate(0, 0, 5)) })
	never := newAccount(t, s, u.ID) // created at base, never updated
	old := newAccount(t, s, u.ID)
	fresh := newAccount(t, s, u.ID)
	for a, at := range map[int64]time.Time{old.ID: base.AddDate(0, 0, 1), fresh.ID: base.AddDate(0, 0, 4)} {
		write(t, s, func(tx store.Tx) error {
			return tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: u.ID, ID: a, Status: centavo.AccountOK, LastUpdate: &at})
		})
	}
	var file centavo.Account
	write(t, s, func(tx store.Tx) error {
		file = centavo.Account{UserID: u.ID, Connector: centavo.ConnectorFile, Name: "Cash", Type: "file", Currency: "USD",
			SealedCredentials: []byte{}, Status: centavo.AccountOK, CreatedAt: base}
		return tx.CreateAccount(ctx, &file)
	})
	newAccount(t, s, idle.ID)
	f := store.StaleAccountFilter{ActiveSince: base.AddDate(0, 0, 3), Before: base.AddDate(0, 0, 2), Limit: 10}
	ids := func(f store.StaleAccountFilter) string {
		list, err := s.StaleAccounts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, a := range list {
			out = append(out, a.ID)
		}
		return fmt.Sprint(out)
	}
	if got, want := ids(f), fmt.Sprint([]int64{never.ID, old.ID}); got != want {
		t.Fatalf("stale accounts %s, want %s", got, want)
	}
	f.UpToID = never.ID
	if got, want := ids(f), fmt.Sprint([]int64{never.ID}); got != want {
		t.Errorf("up to %d: %s, want %s", never.ID, got, want)
	}
	f.UpToID, f.AfterID = 0, never.ID
	if got, want := ids(f), fmt.Sprint([]int64{old.ID}); got != want {
		t.Errorf("after %d: %s, want %s", never.ID, got, want)
	}
}
