package recompute_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
)

// TestRunParts: parts events apply in time order with the category events:
// a hidden transaction counts for nothing, a split one for its parts (one
// count each) whatever category events say later, one split then unsplit
// counts whole under its latest category, one hidden then shown counts
// again.
func TestRunParts(t *testing.T) {
	t.Parallel()
	f := setup(t)
	const alice, checking = 1, 10
	logDay := f.month.Start()
	line := func(id string, cents int64, category string) objstore.LogLine {
		return objstore.LogLine{PostedAt: f.day(3), Seller: "SELLER " + id, AmountCents: cents, InstitutionID: id, Category: category, Currency: "USD"}
	}
	f.putLog(logDay, alice, checking, 5,
		line("hidden", -1000, centavo.CatFood),
		line("split", -3000, centavo.CatShopping),
		line("undone", -700, centavo.CatFood),
		line("shown", -200, centavo.CatGas),
	)
	at := func(s int) time.Time { return logDay.Add(time.Duration(s) * time.Second) }
	ev := func(id string, cents int64, s int, kind, text string) jobargs.ArchiveEvent {
		return jobargs.ArchiveEvent{Event: kind, At: at(s), UserID: alice, AccountID: checking, InstitutionID: id, PostedAt: f.day(3), AmountCents: cents, Category: text}
	}
	parts := func(hidden bool, s ...centavo.Split) string { return objstore.FormatParts(hidden, s) }
	for i, e := range []jobargs.ArchiveEvent{
		ev("hidden", -1000, 1, objstore.EventParts, parts(true)),
		ev("split", -3000, 2, objstore.EventParts, parts(false, centavo.Split{AmountCents: -2000, Category: centavo.CatShopping}, centavo.Split{AmountCents: -1000, Category: centavo.CatHealth})),
		ev("split", -3000, 3, objstore.EventCategory, centavo.CatTravel), // the display category: the parts still count
		ev("undone", -700, 4, objstore.EventParts, parts(false, centavo.Split{AmountCents: -500, Category: centavo.CatFood}, centavo.Split{AmountCents: -200, Category: centavo.CatGas})),
		ev("undone", -700, 5, objstore.EventCategory, centavo.CatRestaurants),
		ev("undone", -700, 6, objstore.EventParts, parts(false)),
		ev("shown", -200, 7, objstore.EventParts, parts(true)),
		ev("shown", -200, 8, objstore.EventParts, parts(false)),
	} {
		f.writeEvent(int64(10+i), e)
	}
	want := []store.UserSpending{
		row(alice, centavo.CatGas, -200, 1),
		row(alice, centavo.CatHealth, -1000, 1),
		row(alice, centavo.CatRestaurants, -700, 1),
		row(alice, centavo.CatShopping, -2000, 1),
	}
	if got := f.run(t, f.prev); !reflect.DeepEqual(got, want) {
		t.Errorf("recomputed\n got %+v\nwant %+v", got, want)
	}
}

// TestPartsText: the parts text reads back what was written, categories
// with any character included; anything else is an error.
func TestPartsText(t *testing.T) {
	t.Parallel()
	splits := []centavo.Split{{AmountCents: -5, Category: "a,b=c d%"}, {AmountCents: -7, Category: centavo.CatFood}}
	got, whole, err := objstore.ParseParts(objstore.FormatParts(false, splits))
	if err != nil || whole || !reflect.DeepEqual(got, []centavo.Part{{Category: "a,b=c d%", AmountCents: -5}, {Category: centavo.CatFood, AmountCents: -7}}) {
		t.Errorf("split: %+v %v %v", got, whole, err)
	}
	if got, whole, err := objstore.ParseParts(objstore.FormatParts(true, splits)); err != nil || whole || got != nil {
		t.Errorf("hidden: %+v %v %v", got, whole, err)
	}
	if _, whole, err := objstore.ParseParts(objstore.FormatParts(false, nil)); err != nil || !whole {
		t.Errorf("whole: %v %v", whole, err)
	}
	for _, bad := range []string{"", "split:", "split:food", "split:food=x", "nope"} {
		if _, _, err := objstore.ParseParts(bad); err == nil {
			t.Errorf("%q read without an error", bad)
		}
	}
}
