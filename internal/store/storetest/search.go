package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

// testSearch: SearchTransactions matches word prefixes of merchant, seller,
// notes and tags whatever their case and accents, a tag exactly, the
// ranges and filters; counts and sums everything matching on every page;
// pages by cursor under a filter; follows UpdateTransaction and
// SetTransactionDescription; never matches another user's rows.
func testSearch(t *testing.T, s store.Store) {
	u := newUser(t, s, "search@example.com")
	v := newUser(t, s, "other-search@example.com")
	a, b := newAccount(t, s, u.ID), newAccount(t, s, u.ID)
	w := newAccount(t, s, v.ID)
	day := func(d int) time.Time { return base.AddDate(0, 0, d) }
	cafe := txn(u, a, "S1", day(0), -450, centavo.CatRestaurants)
	cafe.Merchant, cafe.Seller = "Café Nero", "CAFE NERO 123 LONDON"
	cafe.Tags = []string{"Work Trip"}
	grocer := txn(u, a, "S2", day(-40), -8000, centavo.CatFood)
	grocer.Merchant, grocer.Notes = "Grocer", "Weekly SHOP with Zoë"
	refund := txn(u, b, "S3", day(-400), 2500, centavo.CatShopping)
	refund.Merchant, refund.Tags = "Caffè Roma", []string{"work"}
	rent := txn(u, b, "S4", day(-10), -150000, centavo.CatHousing)
	rent.Merchant = "Landlord"
	theirs := txn(v, w, "S5", day(0), -450, centavo.CatRestaurants)
	theirs.Merchant, theirs.Tags = "Café Nero", []string{"work trip"}
	got := insert(t, s, cafe, grocer, refund, rent, theirs)

	ids, search := searchIDs, searchAs(t, s, u.ID)
	cents := func(n int64) *int64 { return &n }
	cases := []struct {
		name  string
		f     store.SearchFilter
		want  []int64
		total int64
	}{
		{"prefix, accents and case", store.SearchFilter{Words: store.SearchWords("CAF")}, []int64{got[0].ID, got[2].ID}, -450 + 2500},
		{"two words all match", store.SearchFilter{Words: store.SearchWords("caf ner")}, []int64{got[0].ID}, -450},
		{"seller", store.SearchFilter{Words: store.SearchWords("london")}, []int64{got[0].ID}, -450},
		{"notes, accented query", store.SearchFilter{Words: store.SearchWords("zoé")}, []int64{got[1].ID}, -8000},
		{"tag words", store.SearchFilter{Words: store.SearchWords("trip")}, []int64{got[0].ID}, -450},
		{"not a prefix", store.SearchFilter{Words: store.SearchWords("ero")}, nil, 0},
		{"tag exact, any case", store.SearchFilter{Tag: "WORK"}, []int64{got[2].ID}, 2500},
		{"tag with a space", store.SearchFilter{Tag: "work trip"}, []int64{got[0].ID}, -450},
		{"tag is not a prefix", store.SearchFilter{Tag: "wor"}, nil, 0},
		{"date range", store.SearchFilter{From: day(-40), To: day(-9)}, []int64{got[3].ID, got[1].ID}, -158000},
		{"absolute amount range", store.SearchFilter{MinCents: cents(2500), MaxCents: cents(8000)}, []int64{got[1].ID, got[2].ID}, -5500},
		{"category", store.SearchFilter{Category: centavo.CatFood}, []int64{got[1].ID}, -8000},
		{"account and words", store.SearchFilter{AccountID: b.ID, Words: store.SearchWords("caf")}, []int64{got[2].ID}, 2500},
		{"everything", store.SearchFilter{}, []int64{got[0].ID, got[3].ID, got[1].ID, got[2].ID}, -450 - 150000 - 8000 + 2500},
	}
	for _, c := range cases {
		r := search(c.f)
		if !equalIDs(ids(r), c.want) || r.Count != int64(len(c.want)) || r.TotalCents != c.total {
			t.Errorf("%s: ids %v count %d total %d, want %v total %d", c.name, ids(r), r.Count, r.TotalCents, c.want, c.total)
		}
	}

	testSearchFollows(t, s, u.ID, got)
}

func searchIDs(r store.SearchResult) []int64 {
	var out []int64
	for _, x := range r.Transactions {
		out = append(out, x.ID)
	}
	return out
}

// searchAs searches the user's transactions with totals, 10 a page unless
// the filter says.
func searchAs(t *testing.T, s store.Store, userID int64) func(store.SearchFilter) store.SearchResult {
	return func(f store.SearchFilter) store.SearchResult {
		t.Helper()
		f.UserID, f.Totals = userID, true
		if f.Limit == 0 {
			f.Limit = 10
		}
		r, err := s.SearchTransactions(context.Background(), f)
		if err != nil {
			t.Fatalf("search %+v: %v", f, err)
		}
		return r
	}
}

// testSearchFollows: pages under a filter, and the search text following
// updates and removals (testSearch's rows).
func testSearchFollows(t *testing.T, s store.Store, userID int64, got []centavo.Transaction) {
	ctx := context.Background()
	ids, search := searchIDs, searchAs(t, s, userID)
	cents := func(n int64) *int64 { return &n }
	// Pages under a filter: each page carries the totals of everything.
	f := store.SearchFilter{MaxCents: cents(10000), Limit: 1}
	var seen []int64
	for page := 0; page < 5; page++ {
		r := search(f)
		if r.Count != 3 || r.TotalCents != -450-8000+2500 {
			t.Fatalf("page %d totals %d, %d", page, r.Count, r.TotalCents)
		}
		if len(r.Transactions) == 0 {
			break
		}
		seen = append(seen, ids(r)...)
		last := r.Transactions[len(r.Transactions)-1]
		f.After = &store.Cursor{PostedAt: last.PostedAt, ID: last.ID}
	}
	if !equalIDs(seen, []int64{got[0].ID, got[1].ID, got[2].ID}) {
		t.Fatalf("pages under a filter gave %v", seen)
	}

	// The search text follows UpdateTransaction and SetTransactionDescription.
	edited := got[3]
	edited.Notes, edited.Tags = "Deposit für Wohnung", []string{"Home"}
	write(t, s, func(tx store.Tx) error { return tx.UpdateTransaction(ctx, edited) })
	if r := search(store.SearchFilter{Words: store.SearchWords("FUR wohn"), Tag: "home"}); !equalIDs(ids(r), []int64{got[3].ID}) {
		t.Errorf("after UpdateTransaction: %v", ids(r))
	}
	if r := search(store.SearchFilter{Words: store.SearchWords("landl")}); !equalIDs(ids(r), []int64{got[3].ID}) {
		t.Errorf("merchant lost from the search text after UpdateTransaction: %v", ids(r))
	}
	p := store.TransactionDescriptionUpdate{UserID: userID, ID: got[1].ID, Seller: "MARKET 9", Merchant: "Marché Bio", MerchantKey: "marche bio",
		Category: got[1].Category, Source: got[1].CategorySource}
	p.Was.Seller, p.Was.Category, p.Was.Source = got[1].Seller, got[1].Category, got[1].CategorySource
	write(t, s, func(tx store.Tx) error { return tx.SetTransactionDescription(ctx, p) })
	if r := search(store.SearchFilter{Words: store.SearchWords("marche zoe")}); !equalIDs(ids(r), []int64{got[1].ID}) {
		t.Errorf("after SetTransactionDescription: %v", ids(r))
	}
	if r := search(store.SearchFilter{Words: store.SearchWords("groc")}); r.Count != 0 {
		t.Errorf("the old merchant still matches: %v", ids(r))
	}
	// Removed rows leave the index.
	write(t, s, func(tx store.Tx) error { _, err := tx.DeleteTransactions(ctx, userID, []int64{got[0].ID}); return err })
	if r := search(store.SearchFilter{Words: store.SearchWords("nero")}); r.Count != 0 {
		t.Errorf("a deleted row matches: %v", ids(r))
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
