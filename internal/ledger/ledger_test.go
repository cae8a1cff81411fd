package ledger

import (
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
)

func TestCursor(t *testing.T) {
	t.Parallel()
	c := store.Cursor{PostedAt: time.Date(2026, 5, 6, 12, 0, 0, 123000, time.UTC), ID: 987}
	got, err := decodeCursor(encodeCursor(c))
	if err != nil || !got.PostedAt.Equal(c.PostedAt) || got.ID != c.ID {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for _, bad := range []string{"", "!!", "YWJj", "MTIzNA", "MS4w", "eC55"} {
		if _, err := decodeCursor(bad); centavo.ErrorCode(err) != centavo.EBADREQUEST {
			t.Errorf("decodeCursor(%q) = %v", bad, err)
		}
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	m, _ := centavo.ParseMonth("2026-03")
	s := Summarize(m, "USD", []centavo.CategorySpending{
		{Category: centavo.CatFood, AmountCents: -5000, Count: 3},
		{Category: centavo.CatIncome, AmountCents: 400000, Count: 1},
		{Category: centavo.CatTransfer, AmountCents: -1200, Count: 1},
		{Category: centavo.CatShopping, AmountCents: 700, Count: 2}, // refunds exceeded purchases
		{Category: centavo.CatGas, AmountCents: 0, Count: 0},        // emptied by a re-categorization
		{Category: centavo.CatUncategorized, AmountCents: -9000, Count: 1},
	})
	if s.TotalSpentCents != 5000+9000-700 || s.Month != "2026-03" || s.Currency != "USD" {
		t.Fatalf("summary %+v", s)
	}
	if len(s.Categories) != 3 || s.Categories[0].Category != centavo.CatUncategorized || s.Categories[2].SpentCents != -700 {
		t.Fatalf("categories %+v", s.Categories)
	}
}
