package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func testActiveAccounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	active := newUser(t, s, "active@example.com")
	idle := newUser(t, s, "idle@example.com")
	write(t, s, func(tx store.Tx) error { return tx.TouchUser(ctx, active.ID, base.AddDate(0, 0, 40)) })
	var want []int64
	for i := range 5 {
		a := newAccount(t, s, active.ID)
		status := []string{centavo.AccountOK, centavo.AccountError, centavo.AccountNeedsAttention, centavo.AccountLinking, centavo.AccountOK}[i]
		write(t, s, func(tx store.Tx) error {
			return tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: active.ID, ID: a.ID, Status: status})
		})
		if status == centavo.AccountOK || status == centavo.AccountError {
			want = append(want, a.ID)
		}
	}
	b := newAccount(t, s, idle.ID)
	write(t, s, func(tx store.Tx) error {
		return tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: idle.ID, ID: b.ID, Status: centavo.AccountOK})
	})
	// Accounts fed by files or by hand have no bank to download from: a
	// refresh of one fails ("not discovered yet").
	for _, connector := range []string{centavo.ConnectorFile, centavo.ConnectorManual} {
		a := centavo.Account{UserID: active.ID, Connector: connector, Name: connector, Type: "checking", Currency: "USD",
			SealedCredentials: []byte{}, Status: centavo.AccountOK, CreatedAt: base}
		write(t, s, func(tx store.Tx) error { return tx.CreateAccount(ctx, &a) })
	}
	since := base.AddDate(0, 0, 10) // the idle user was last active at base
	var got []int64
	after := int64(0)
	for {
		page, err := s.ActiveAccounts(ctx, store.ActiveAccountFilter{ActiveSince: since, AfterID: after, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page {
			if r.UserID != active.ID {
				t.Fatalf("account %d of an idle user listed", r.ID)
			}
			got = append(got, r.ID)
		}
		if len(page) < 2 {
			break
		}
		after = page[len(page)-1].ID
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("active accounts %v, want %v", got, want)
	}
}
