package ingest

import (
	"reflect"
	"testing"

	"github.com/centavo/centavo"
)

// TestCarryEdits: when a download replaces a stored pending row by its
// posted version — under the same id or a new one — what the user changed
// on the pending row moves to the posted one: notes, tags, hidden, the
// edited mask, a merchant renamed, a category set by hand, and the splits
// while the amount is the same (dropped, with their edited bit, when a tip
// changed it). A pending row nobody touched passes nothing, and a posted
// row that replaces nothing is left as it came.
func TestCarryEdits(t *testing.T) {
	t.Parallel()
	edited := func(r centavo.Transaction) centavo.Transaction {
		r.Notes, r.Tags, r.Hidden = "with Sam", []string{"Trip"}, true
		r.Merchant, r.Category, r.CategorySource = "Our bistro", centavo.CatTravel, centavo.SourceUser
		r.Edited = centavo.EditedNotes | centavo.EditedTags | centavo.EditedHidden | centavo.EditedMerchant
		return r
	}
	split := func(r centavo.Transaction) centavo.Transaction {
		r.Splits = []centavo.Split{{AmountCents: -1500, Category: centavo.CatRestaurants}, {AmountCents: -500, Category: centavo.CatTravel}}
		r.Edited |= centavo.EditedSplits
		return r
	}
	posted := func(id string, cents int64) centavo.Transaction {
		r := row(0, id, 1, cents, "bistro", false)
		r.Merchant, r.Category, r.CategorySource = "Bistro", centavo.CatRestaurants, centavo.SourceSeed
		return r
	}
	withEdits := func(r centavo.Transaction, splits bool) centavo.Transaction {
		r.Notes, r.Tags, r.Hidden = "with Sam", []string{"Trip"}, true
		r.Merchant, r.Category, r.CategorySource = "Our bistro", centavo.CatTravel, centavo.SourceUser
		r.Edited = centavo.EditedNotes | centavo.EditedTags | centavo.EditedHidden | centavo.EditedMerchant
		if splits {
			r = split(r)
		}
		return r
	}
	postedWith := func(id string, cents int64, notes, tag string) centavo.Transaction {
		r := posted(id, cents)
		r.Notes, r.Tags = notes, []string{tag}
		return r
	}
	pending := row(3, "P1", 0, -2000, "bistro", true)
	for _, tc := range []struct {
		name    string
		pending centavo.Transaction
		batch   []centavo.Transaction
		want    centavo.Transaction // the row inserted
		carried bool
	}{
		{"posted under the same id", edited(pending), []centavo.Transaction{posted("P1", -2000)}, withEdits(posted("P1", -2000), false), true},
		{"posted under a new id with a tip", edited(pending), []centavo.Transaction{posted("B7", -2300)}, withEdits(posted("B7", -2300), false), true},
		{"split, the amount unchanged", split(edited(pending)), []centavo.Transaction{posted("B7", -2000)}, withEdits(posted("B7", -2000), true), true},
		{"split, the amount changed: the splits dropped", split(edited(pending)), []centavo.Transaction{posted("B7", -2100)}, withEdits(posted("B7", -2100), false), true},
		{"nothing changed by hand", pending, []centavo.Transaction{posted("B7", -2000)}, posted("B7", -2000), false},
		{"a category by a rule is the posted row's own", func() centavo.Transaction {
			r := pending
			r.Category, r.CategorySource = centavo.CatTravel, centavo.SourceRule
			return r
		}(), []centavo.Transaction{posted("B7", -2000)}, posted("B7", -2000), false},
		{"notes, tags and hidden a rule gave the pending row are not the user's", func() centavo.Transaction {
			r := pending
			r.Notes, r.Tags, r.Hidden = "from a rule", []string{"Rule"}, true
			return r
		}(), []centavo.Transaction{postedWith("B7", -2000, "from the file", "Card")}, postedWith("B7", -2000, "from the file", "Card"), false},
		{"only the fields edited by hand are carried", func() centavo.Transaction {
			r := pending
			r.Notes, r.Tags, r.Hidden, r.Edited = "with Sam", []string{"Rule"}, true, centavo.EditedNotes
			return r
		}(), []centavo.Transaction{postedWith("B7", -2000, "from the file", "Card")}, func() centavo.Transaction {
			r := postedWith("B7", -2000, "with Sam", "Card")
			r.Edited = centavo.EditedNotes
			return r
		}(), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			batch := append([]centavo.Transaction(nil), tc.batch...)
			p := planBatch(held{pending: []centavo.Transaction{tc.pending}}, batch)
			if !reflect.DeepEqual(p.replace, []int64{3}) || len(p.insert) != 1 {
				t.Fatalf("plan %+v", p)
			}
			if got := p.insert[0]; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("inserted %+v\nwant     %+v", got, tc.want)
			}
			if p.carried[tc.want.InstitutionID] != tc.carried {
				t.Errorf("carried %v, want %v", p.carried, tc.carried)
			}
			if !reflect.DeepEqual(batch, tc.batch) {
				t.Errorf("the batch itself changed: %+v", batch)
			}
		})
	}
	// A posted row that replaces nothing is left as it came.
	p := planBatch(held{pending: []centavo.Transaction{edited(pending)}}, []centavo.Transaction{posted("B8", -9000)})
	if len(p.replace) != 0 || len(p.carried) != 0 || !reflect.DeepEqual(p.insert, []centavo.Transaction{posted("B8", -9000)}) {
		t.Errorf("an unrelated posted row: %+v", p)
	}
}
