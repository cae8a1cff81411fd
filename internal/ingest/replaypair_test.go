package ingest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/objstore"
)

func TestPairReplayed(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	row := func(id string, d int, cents int64, pending bool) centavo.Transaction {
		return centavo.Transaction{InstitutionID: id, PostedAt: day.AddDate(0, 0, d), AmountCents: cents, Pending: pending}
	}
	line := func(id string, d int, cents int64, pending bool) objstore.LogLine {
		return objstore.LogLine{InstitutionID: id, PostedAt: day.AddDate(0, 0, d), AmountCents: cents, Pending: pending}
	}
	tests := []struct {
		name string
		rows []centavo.Transaction
		old  []objstore.LogLine
		want []int
	}{
		{"same ids, any order",
			[]centavo.Transaction{row("B", 1, -200, false), row("A", 0, -100, false)},
			[]objstore.LogLine{line("A", 0, -100, false), line("B", 1, -200, false)}, []int{1, 0}},
		{"a file row's id followed its description: day, amount and state, in order",
			[]centavo.Transaction{row("fp:new1:0", 0, -100, false), row("fp:new1:1", 0, -100, false), row("fp:new2:0", 1, -100, false)},
			[]objstore.LogLine{line("fp:old1:0", 0, -100, false), line("fp:old2:0", 1, -100, false), line("fp:old1:1", 0, -100, false)},
			[]int{0, 2, 1}},
		{"two bank ids are two transactions",
			[]centavo.Transaction{row("NEW", 0, -100, false)},
			[]objstore.LogLine{line("OLD", 0, -100, false)}, []int{-1}},
		{"a bank id and a file row of one day and amount pair",
			[]centavo.Transaction{row("fp:x:0", 0, -100, false)},
			[]objstore.LogLine{line("OLD", 0, -100, false)}, []int{0}},
		{"pending and posted of one id are two rows",
			[]centavo.Transaction{row("A", 0, -100, false)},
			[]objstore.LogLine{line("A", 0, -100, true)}, []int{-1}},
		{"a row the old reader missed (a reused id read as two)",
			[]centavo.Transaction{row("A", 0, -100, false), row("A#2", 0, 30886, false)},
			[]objstore.LogLine{line("A", 0, -100, false)}, []int{0, -1}},
		{"a line read twice pairs once",
			[]centavo.Transaction{row("fp:a:0", 0, -100, false), row("fp:b:0", 0, -100, false)},
			[]objstore.LogLine{line("fp:c:0", 0, -100, false)}, []int{0, -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := pairReplayed(tc.rows, tc.old); !slices.Equal(got, tc.want) {
				t.Fatalf("pairReplayed = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRedescribe(t *testing.T) {
	posted := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	held := centavo.Transaction{ID: 7, InstitutionID: "fp:old:0", PostedAt: posted, AmountCents: -475, Seller: "130722 CB****6516",
		Merchant: "130722 CB 6516", MerchantKey: "CB 6516", Category: centavo.CatUncategorized, CategorySource: centavo.SourceNone}
	fresh := centavo.Transaction{InstitutionID: "fp:new:0", PostedAt: posted, AmountCents: -475, Seller: "STARBUCKS STORE 1234",
		Merchant: "Starbucks", MerchantKey: "STARBUCKS", Category: centavo.CatRestaurants, CategorySource: centavo.SourceSeed}

	after, ok := redescribe(held, fresh)
	want := held
	want.Seller, want.Merchant, want.MerchantKey = fresh.Seller, fresh.Merchant, fresh.MerchantKey
	want.Fingerprint = Fingerprint(posted, -475, "STARBUCKS")
	want.Category, want.CategorySource = centavo.CatRestaurants, centavo.SourceSeed
	if !ok || !reflect.DeepEqual(after, want) {
		t.Fatalf("redescribe = %+v, %v; want %+v (its id stays the stored one)", after, ok, want)
	}

	byHand := held
	byHand.Category, byHand.CategorySource = centavo.CatFood, centavo.SourceUser
	after, ok = redescribe(byHand, fresh)
	if !ok || after.Seller != fresh.Seller || after.Category != centavo.CatFood || after.CategorySource != centavo.SourceUser {
		t.Fatalf("a hand-filed row: %+v, %v; want the new description and the user's category", after, ok)
	}

	renamed := held
	renamed.Merchant, renamed.Edited = "Morning coffee", centavo.EditedMerchant|centavo.EditedNotes
	if after, ok = redescribe(renamed, fresh); !ok || after.Merchant != "Morning coffee" || after.MerchantKey != fresh.MerchantKey || after.Edited != renamed.Edited {
		t.Fatalf("a row renamed by hand: %+v, %v; want the new description under the user's name", after, ok)
	}

	if _, ok := redescribe(want, fresh); ok {
		t.Fatal("a row already described as the reader does changed again")
	}
	// The same description but another category today (a new seller map):
	// no change — replay follows the readers, not the seller map.
	seed := fresh
	seed.Category = centavo.CatFood
	if _, ok := redescribe(want, seed); ok {
		t.Fatal("replay re-filed a row whose description did not change")
	}
}

func TestParseRawKey(t *testing.T) {
	b, ok := parseRawKey("raw/2026/03/02/11/22/1772409600000000000.csv")
	if !ok || b.userID != 11 || b.accountID != 22 || b.id != 1772409600000000000 || b.ext != "csv" || !b.day.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("parseRawKey = %+v, %v", b, ok)
	}
	if b.logKey() != "log/2026/03/02/11/22/1772409600000000000.tsv" {
		t.Fatalf("logKey = %s", b.logKey())
	}
	if !b.imported(centavo.Account{Connector: centavo.ConnectorOFX}) {
		t.Fatal("an import into a linked account was taken for a download")
	}
	d, _ := parseRawKey("raw/2026/03/02/11/22/4512.ofx")
	if d.imported(centavo.Account{Connector: centavo.ConnectorOFX}) || !d.imported(centavo.Account{Connector: centavo.ConnectorFile}) {
		t.Fatal("a download (job id) was taken for an import")
	}
	for _, k := range []string{"log/2026/03/02/11/22/1.tsv", "raw/2026/03/02/11/22/x.ofx", "raw/2026/3/2/11/22/1.ofx", "raw/2026/03/02/11/1.ofx"} {
		if _, ok := parseRawKey(k); ok {
			t.Errorf("parseRawKey(%q) accepted it", k)
		}
	}
}
