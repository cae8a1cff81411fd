package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func exerciseConditionRules(t *testing.T, open Opener) {
	t.Run("ConditionRules", func(t *testing.T) { t.Parallel(); testConditionRules(t, open(t)) })
	t.Run("RuleCandidates", func(t *testing.T) { t.Parallel(); testRuleCandidates(t, open(t)) })
}

func cents(v int64) *int64 { return &v }

func testConditionRules(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "condrules@example.com")
	v := newUser(t, s, "condrules2@example.com")
	yes, no := true, false
	first := centavo.ConditionRule{UserID: u.ID, Position: 2, CreatedAt: base,
		Conditions: centavo.RuleConditions{DescriptorContains: "uber", AmountMaxCents: cents(-100), AccountID: 7},
		Actions:    centavo.RuleActions{Category: centavo.CatTransport, Tags: []string{"work", "taxi"}, Hidden: &no}}
	second := centavo.ConditionRule{UserID: u.ID, Position: 1, CreatedAt: base,
		Conditions: centavo.RuleConditions{Merchant: "Acme", AmountMinCents: cents(-5000)},
		Actions:    centavo.RuleActions{Merchant: "ACME Corp", Hidden: &yes}}
	theirs := centavo.ConditionRule{UserID: v.ID, Position: 1, CreatedAt: base,
		Conditions: centavo.RuleConditions{Merchant: "Acme"}, Actions: centavo.RuleActions{Category: centavo.CatFood}}
	write(t, s, func(tx store.Tx) error {
		for _, r := range []*centavo.ConditionRule{&first, &second, &theirs} {
			if err := tx.CreateConditionRule(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	for _, r := range []centavo.ConditionRule{first, second, theirs} {
		if !centavo.IsConditionRuleID(r.ID) {
			t.Fatalf("id %d is below the rules with conditions' base", r.ID)
		}
	}
	list, err := s.ConditionRules(ctx, u.ID)
	if err != nil || len(list) != 2 || !reflect.DeepEqual(list[0], second) || !reflect.DeepEqual(list[1], first) {
		t.Fatalf("rules: %+v, %v; want %+v, %+v by position", list, err, second, first)
	}
	if _, err := s.ConditionRule(ctx, v.ID, first.ID); centavo.ErrorCode(err) != centavo.ENOTFOUND {
		t.Fatalf("another user's rule: %v", err)
	}
	first.Position, first.Actions = 1, centavo.RuleActions{Merchant: "Uber"} // no hidden action: NULL
	second.Position = 2
	write(t, s, func(tx store.Tx) error {
		if err := tx.UpdateConditionRule(ctx, first); err != nil {
			return err
		}
		return tx.UpdateConditionRule(ctx, second)
	})
	if got, err := s.ConditionRule(ctx, u.ID, first.ID); err != nil || !reflect.DeepEqual(got, first) {
		t.Fatalf("updated: %+v, %v; want %+v", got, err, first)
	}
	wrong := theirs
	wrong.UserID = u.ID
	wantCode(t, s.InTx(ctx, func(tx store.Tx) error { return tx.UpdateConditionRule(ctx, wrong) }), centavo.ENOTFOUND)
	wantCode(t, s.InTx(ctx, func(tx store.Tx) error { return tx.DeleteConditionRule(ctx, u.ID, theirs.ID) }), centavo.ENOTFOUND)
	write(t, s, func(tx store.Tx) error { return tx.DeleteConditionRule(ctx, u.ID, first.ID) })
	if list, _ := s.ConditionRules(ctx, u.ID); len(list) != 1 || list[0].ID != second.ID {
		t.Fatalf("after delete: %+v", list)
	}

	// Removing an own category points the rules that file into it at the parent.
	own := centavo.OwnCategory{UserID: u.ID, Name: "Rides", Parent: centavo.CatTransport, CreatedAt: base}
	write(t, s, func(tx store.Tx) error { return tx.CreateOwnCategory(ctx, &own) })
	into := centavo.ConditionRule{UserID: u.ID, Position: 2, CreatedAt: base,
		Conditions: centavo.RuleConditions{Merchant: "Lyft"}, Actions: centavo.RuleActions{Category: own.ID}}
	write(t, s, func(tx store.Tx) error { return tx.CreateConditionRule(ctx, &into) })
	write(t, s, func(tx store.Tx) error { return tx.DeleteOwnCategory(ctx, u.ID, own.ID) })
	if got, _ := s.ConditionRule(ctx, u.ID, into.ID); got.Actions.Category != centavo.CatTransport {
		t.Fatalf("after removing its category: %+v", got)
	}
}

func testRuleCandidates(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := newUser(t, s, "candidates@example.com")
	v := newUser(t, s, "candidates2@example.com")
	a, b := newAccount(t, s, u.ID), newAccount(t, s, u.ID)
	c := newAccount(t, s, v.ID)
	mk := func(acct centavo.Account, user centavo.User, id, seller, merchant, key string, amount int64) centavo.Transaction {
		t := txn(user, acct, id, base, amount, centavo.CatShopping)
		t.Seller, t.Merchant, t.MerchantKey = seller, merchant, key
		return t
	}
	insert(t, s,
		mk(a, u, "K1", "UBER *TRIP 123", "Uber", "UBER", -1500),
		mk(a, u, "K2", "50% OFF SALE ACME", "Acme", "ACME", -5000),
		mk(b, u, "K3", "uber eats", "Uber Eats", "UBER EATS", -2500),
		mk(b, u, "K4", "SALARY ACME", "Acme", "ACME", 300000),
		mk(a, u, "K5", "500 OFF", "Fivehundred", "FIVEHUNDRED", -100),
	)
	insert(t, s, mk(c, v, "K6", "UBER *TRIP", "Uber", "UBER", -1500))
	for _, tc := range []struct {
		name string
		f    store.RuleCandidateFilter
		want string
	}{
		{"the user's, all", store.RuleCandidateFilter{}, "K1 K2 K3 K4 K5"},
		{"one account", store.RuleCandidateFilter{AccountID: b.ID}, "K3 K4"},
		{"amounts, inclusive", store.RuleCandidateFilter{MinCents: cents(-5000), MaxCents: cents(-1500)}, "K1 K2 K3"},
		{"descriptor, any case", store.RuleCandidateFilter{DescriptorContains: "uber"}, "K1 K3"},
		{"% and _ are letters", store.RuleCandidateFilter{DescriptorContains: "50% off"}, "K2"},
		{"merchant name or key", store.RuleCandidateFilter{Merchant: "uber eats"}, "K3"},
		{"everything at once", store.RuleCandidateFilter{AccountID: a.ID, Merchant: "acme", DescriptorContains: "sale", MaxCents: cents(0), ForUpdate: true}, "K2"},
	} {
		f := tc.f
		f.UserID = u.ID
		var got []centavo.Transaction
		write(t, s, func(tx store.Tx) error {
			var err error
			got, err = tx.RuleCandidates(ctx, f)
			return err
		})
		var ids []string
		for _, g := range got {
			ids = append(ids, g.InstitutionID)
		}
		if strings.Join(ids, " ") != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, ids, tc.want)
		}
	}
}
