package ingest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

// side builds a candidate for the transfer tables: a stored row id, its
// account, the day it posted (from a fixed date) and its amount.
func side(id, account int64, day int, cents int64, seller string) centavo.Transaction {
	return centavo.Transaction{
		ID: id, UserID: 1, AccountID: account, PostedAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, day),
		AmountCents: cents, Currency: "USD", Seller: seller, Category: centavo.CatUncategorized, CategorySource: centavo.SourceNone,
	}
}

func with(t centavo.Transaction, f func(*centavo.Transaction)) centavo.Transaction {
	f(&t)
	return t
}

func pairsOf(ps []transferPair) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d→%d", p.Out.ID, p.In.ID))
	}
	return out
}

func TestPlanTransfers(t *testing.T) {
	t.Parallel()
	const checking, card, savings = 10, 20, 30
	for _, tc := range []struct {
		name    string
		account int64 // the account the batch went into
		rows    []centavo.Transaction
		want    []string // out→in
	}{
		{"a card payment in both files", card, []centavo.Transaction{
			side(1, checking, 0, -50000, "CHASE CARD AUTOPAY"), side(2, card, 2, 50000, "PAYMENT THANK YOU"),
		}, []string{"1→2"}},
		{"ambiguous: the nearest date wins", card, []centavo.Transaction{
			side(1, checking, 0, -20000, "TRANSFER"), side(2, checking, 3, -20000, "TRANSFER"),
			side(3, card, 4, 20000, "PAYMENT RECEIVED"),
		}, []string{"2→3"}},
		{"ambiguous by date: the description decides", savings, []centavo.Transaction{
			side(1, checking, 1, -10000, "ONLINE TRANSFER TO SAV 4411"), side(2, checking, 1, -10000, "ZELLE TO ANA"),
			side(3, savings, 2, 10000, "ONLINE TRANSFER FROM CHK 0092 TO SAV 4411"),
		}, []string{"1→3"}},
		{"equal in date and words: the earlier then the lower id", savings, []centavo.Transaction{
			side(2, checking, 1, -10000, "X"), side(1, checking, 1, -10000, "X"), side(3, savings, 1, 10000, "X"),
		}, []string{"1→3"}},
		{"two payments, two credits: each its nearest", card, []centavo.Transaction{
			side(1, checking, 0, -3000, "PAY"), side(2, checking, 10, -3000, "PAY"),
			side(3, card, 1, 3000, "THANK YOU"), side(4, card, 11, 3000, "THANK YOU"),
		}, []string{"1→3", "2→4"}},
		{"six days apart is not a transfer", card, []centavo.Transaction{
			side(1, checking, 0, -50000, "AUTOPAY"), side(2, card, 6, 50000, "PAYMENT"),
		}, []string{}},
		{"five days apart is", card, []centavo.Transaction{
			side(1, checking, 0, -50000, "AUTOPAY"), with(side(2, card, 5, 50000, "PAYMENT"), func(t *centavo.Transaction) { t.PostedAt = t.PostedAt.Add(11 * time.Hour) }),
		}, []string{"1→2"}},
		{"the same account never pairs with itself", checking, []centavo.Transaction{
			side(1, checking, 0, -1000, "REFUND"), side(2, checking, 0, 1000, "REFUND"),
		}, []string{}},
		{"other currencies, other amounts, same signs", card, []centavo.Transaction{
			side(1, checking, 0, -1000, "A"), with(side(2, card, 0, 1000, "B"), func(t *centavo.Transaction) { t.Currency = "EUR" }),
			side(3, checking, 0, -2000, "C"), side(4, card, 0, 2001, "D"), side(5, checking, 0, 3000, "E"), side(6, card, 0, 3000, "F"),
		}, []string{}},
		{"a pair needs a side in the batch's account", savings, []centavo.Transaction{
			side(1, checking, 0, -1000, "A"), side(2, card, 0, 1000, "B"),
		}, []string{}},
		{"pending, paired, by hand, undone, split and hidden rows are left alone", card, []centavo.Transaction{
			side(1, checking, 0, -1000, "A"), with(side(2, card, 0, 1000, "B"), func(t *centavo.Transaction) { t.Pending = true }),
			side(3, checking, 0, -2000, "A"), with(side(4, card, 0, 2000, "B"), func(t *centavo.Transaction) { t.TransferPairID = 4 }),
			side(5, checking, 0, -3000, "A"), with(side(6, card, 0, 3000, "B"), func(t *centavo.Transaction) { t.CategorySource = centavo.SourceUser }),
			side(7, checking, 0, -4000, "A"), with(side(8, card, 0, 4000, "B"), func(t *centavo.Transaction) { t.CategorySource = centavo.SourceUnpaired }),
			side(9, checking, 0, -5000, "A"), with(side(10, card, 0, 5000, "B"), func(t *centavo.Transaction) { t.Splits = []centavo.Split{{AmountCents: 5000}} }),
			side(11, checking, 0, -6000, "A"), with(side(12, card, 0, 6000, "B"), func(t *centavo.Transaction) { t.Hidden = true }),
		}, []string{}},
		{"an import's transfer pairs, an import's groceries do not", card, []centavo.Transaction{
			with(side(1, checking, 0, -1000, "A"), func(t *centavo.Transaction) { t.Category, t.CategorySource = centavo.CatTransfer, centavo.SourceImport }),
			side(2, card, 0, 1000, "B"),
			with(side(3, checking, 0, -2000, "A"), func(t *centavo.Transaction) { t.Category, t.CategorySource = centavo.CatFood, centavo.SourceImport }),
			side(4, card, 0, 2000, "B"),
		}, []string{"1→2"}},
		{"a row listed twice counts once", card, []centavo.Transaction{
			side(1, checking, 0, -1000, "A"), side(2, card, 0, 1000, "B"), side(2, card, 0, 1000, "B"), side(3, card, 0, 1000, "B"),
		}, []string{"1→2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := pairsOf(planTransfers(tc.rows, tc.account))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("pairs %v, want %v", got, tc.want)
			}
			// Any order of the candidates gives the same pairs, and what is
			// left pairs no further.
			rev := slices.Clone(tc.rows)
			slices.Reverse(rev)
			if again := pairsOf(planTransfers(rev, tc.account)); !slices.Equal(again, tc.want) {
				t.Fatalf("reversed: pairs %v, want %v", again, tc.want)
			}
			paired := map[int64]bool{}
			for _, p := range planTransfers(tc.rows, tc.account) {
				paired[p.Out.ID], paired[p.In.ID] = true, true
			}
			var rest []centavo.Transaction
			for _, r := range tc.rows {
				if !paired[r.ID] {
					rest = append(rest, r)
				}
			}
			if more := planTransfers(rest, tc.account); len(more) > 0 {
				t.Fatalf("the rows left pair again: %v", pairsOf(more))
			}
		})
	}
}

func TestDescriptionSimilarity(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"ONLINE TRANSFER TO SAV 4411", "Online transfer from CHK 0092 to SAV 4411", 625},
		{"ZELLE TO ANA", "ONLINE TRANSFER FROM CHK", 0},
		{"", "", 0},
		{"A B", "a-b", 0}, // one-letter words say nothing
	} {
		if got := similarity(descriptionWords(tc.a), descriptionWords(tc.b)); got != tc.want {
			t.Errorf("similarity(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
