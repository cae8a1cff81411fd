package ledger

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/objstore"
)

// TestEdit: the fields of an edit are set together and marked edited by
// hand; hiding and splitting move the month's spending by the parts, and
// enqueue the budget evaluations and a parts event (what recompute
// applies); notes or tags alone move nothing and enqueue nothing; a
// refused edit (one bad field among good ones) changes nothing; the cached
// summary is forgotten.
func TestEdit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, true)
	user, acct := f.newUser("edit@example.com", "USD")
	txns := f.insert(user, txn{acct, f.day(1), -5000, centavo.CatFood, "market"}, txn{acct, f.day(2), -3000, centavo.CatShopping, ""})
	market, plain := txns[0], txns[1]
	partsEvents := func() []jobargs.ArchiveEvent {
		var out []jobargs.ArchiveEvent
		for _, raw := range f.jobArgs("archive_event") {
			var e jobargs.ArchiveEvent
			if err := json.Unmarshal([]byte(raw), &e); err != nil {
				t.Fatal(err)
			}
			if e.Event == objstore.EventParts {
				out = append(out, e)
			}
		}
		return out
	}
	if total, _ := f.spent(user, f.prev); total != 8000 { // cached from here on
		t.Fatalf("spent %d", total)
	}

	notes, tags := "weekly", []string{"Home", " home ", "errands"}
	got, err := f.svc.Edit(ctx, user, market.ID, Edit{Notes: &notes, Tags: &tags})
	if err != nil || got.Notes != "weekly" || !reflect.DeepEqual(got.Tags, []string{"Home", "errands"}) || got.Edited != centavo.EditedNotes|centavo.EditedTags {
		t.Fatalf("notes and tags: %+v, %v", got, err)
	}
	if st := f.stored(user, market.ID); !reflect.DeepEqual(st, got) {
		t.Errorf("stored %+v, answered %+v", st, got)
	}
	if n := len(f.jobArgs("archive_event")) + len(f.jobArgs("evaluate_budgets")); n != 0 {
		t.Errorf("notes and tags enqueued %d jobs", n)
	}

	// Hidden with a new category and a display name, in one change.
	hidden, cat, name := true, centavo.CatShopping, "Corner market"
	got, err = f.svc.Edit(ctx, user, market.ID, Edit{Hidden: &hidden, Category: &cat, Merchant: &name, ApplyToFuture: true})
	if err != nil || !got.Hidden || got.Category != cat || got.CategorySource != centavo.SourceUser || got.Merchant != name ||
		got.Edited != centavo.EditedNotes|centavo.EditedTags|centavo.EditedHidden|centavo.EditedMerchant {
		t.Fatalf("hidden: %+v, %v", got, err)
	}
	if total, _ := f.spent(user, f.prev); total != 3000 {
		t.Errorf("spent with the market hidden: %d", total)
	}
	names, err := f.db.MerchantNames(ctx, user)
	if err != nil || names["market"] != name {
		t.Errorf("merchant names %v, %v", names, err)
	}
	if rules, _ := f.rules.Rules(ctx, user); len(rules) != 1 || rules[0].Category != cat {
		t.Errorf("rules %+v", rules)
	}
	if ev := partsEvents(); len(ev) != 1 || ev[0].Category != objstore.PartsHidden || ev[0].InstitutionID != market.InstitutionID {
		t.Errorf("parts events %+v", ev)
	}

	// A split moves spending by its parts; the category stays as it was.
	split, err := f.svc.SetSplits(ctx, user, plain.ID, []centavo.Split{{AmountCents: -2000, Category: centavo.CatShopping}, {AmountCents: -1000, Category: centavo.CatGas, Notes: "fuel"}})
	if err != nil || split.Category != centavo.CatShopping || split.Edited != centavo.EditedSplits || len(split.Splits) != 2 {
		t.Fatalf("split: %+v, %v", split, err)
	}
	if _, lines := f.spent(user, f.prev); lines[centavo.CatGas] != [2]int64{1000, 1} || lines[centavo.CatShopping] != [2]int64{2000, 1} {
		t.Errorf("spending after the split: %v", lines)
	}
	// Refused: the parts do not add up, a part of the other sign, one
	// part, a bad category, a bad field among good ones.
	for name, try := range map[string]func() error{
		"short": func() error {
			_, err := f.svc.SetSplits(ctx, user, plain.ID, []centavo.Split{{AmountCents: -1000, Category: centavo.CatFood}, {AmountCents: -1000, Category: centavo.CatFood}})
			return err
		},
		"sign": func() error {
			_, err := f.svc.SetSplits(ctx, user, plain.ID, []centavo.Split{{AmountCents: -4000, Category: centavo.CatFood}, {AmountCents: 1000, Category: centavo.CatFood}})
			return err
		},
		"one part": func() error {
			_, err := f.svc.SetSplits(ctx, user, plain.ID, []centavo.Split{{AmountCents: -3000, Category: centavo.CatFood}})
			return err
		},
		"category": func() error {
			_, err := f.svc.SetSplits(ctx, user, plain.ID, []centavo.Split{{AmountCents: -2000, Category: "yachts"}, {AmountCents: -1000, Category: centavo.CatFood}})
			return err
		},
		"bad tag": func() error {
			show, tags := false, []string{"ok", ""}
			_, err := f.svc.Edit(ctx, user, market.ID, Edit{Hidden: &show, Tags: &tags})
			return err
		},
		"no merchant for the future": func() error {
			show := false
			_, err := f.svc.Edit(ctx, user, plain.ID, Edit{Hidden: &show, Category: &cat, ApplyToFuture: true})
			return err
		},
	} {
		if err := try(); centavo.ErrorCode(err) != centavo.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if st := f.stored(user, plain.ID); !reflect.DeepEqual(st, split) {
		t.Errorf("refused changes changed the split row: %+v", st)
	}
	if st := f.stored(user, market.ID); !st.Hidden {
		t.Errorf("a refused edit showed the market again: %+v", st)
	}
	// Unsplit: whole again.
	if got, err := f.svc.SetSplits(ctx, user, plain.ID, nil); err != nil || len(got.Splits) != 0 {
		t.Fatalf("unsplit: %+v, %v", got, err)
	}
	if _, lines := f.spent(user, f.prev); lines[centavo.CatGas] != [2]int64{} || lines[centavo.CatShopping] != [2]int64{3000, 1} {
		t.Errorf("spending after unsplitting: %v", lines)
	}
	if ev := partsEvents(); len(ev) != 3 {
		t.Errorf("%d parts events, want 3 (hidden, split, whole)", len(ev))
	}
	f.verify()
}

// TestEditAddTags: AddTags (the web's bulk "tag") adds to the tags the row
// has when the change runs, read in the change's store transaction — not
// to a copy read before it, which lost a concurrent edit of the tags.
func TestEditAddTags(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, false)
	user, acct := f.newUser("addtags@example.com", "USD")
	row := f.insert(user, txn{acct, f.day(1), -5000, centavo.CatFood, "market"})[0]
	tags := []string{"home"}
	if _, err := f.svc.Edit(ctx, user, row.ID, Edit{Tags: &tags}); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.Edit(ctx, user, row.ID, Edit{AddTags: []string{"errands", "HOME"}})
	if err != nil || !reflect.DeepEqual(got.Tags, []string{"home", "errands"}) || got.Edited != centavo.EditedTags {
		t.Fatalf("added tags: %+v, %v", got, err)
	}
	if _, err := f.svc.Edit(ctx, user, row.ID, Edit{AddTags: []string{" "}}); centavo.ErrorCode(err) != centavo.EINVALID {
		t.Errorf("an empty tag added: %v, want invalid", err)
	}
}

// TestEditUnchanged: fields given with the values the row has already (a
// form that sends every field) are not marked edited by hand, and nothing
// is written.
func TestEditUnchanged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := setup(t, false)
	user, acct := f.newUser("unchanged@example.com", "USD")
	row := f.insert(user, txn{acct, f.day(1), -5000, centavo.CatFood, "market"})[0]
	notes, tags, hidden, merchant := "", []string{}, false, row.Merchant
	got, err := f.svc.Edit(ctx, user, row.ID, Edit{Notes: &notes, Tags: &tags, Hidden: &hidden, Merchant: &merchant})
	if err != nil || got.Edited != 0 {
		t.Fatalf("an edit that changes nothing: %+v, %v", got, err)
	}
	notes = "weekly"
	if got, err = f.svc.Edit(ctx, user, row.ID, Edit{Notes: &notes, Tags: &tags, Hidden: &hidden}); err != nil || got.Edited != centavo.EditedNotes {
		t.Fatalf("only the notes changed: %+v, %v", got, err)
	}
	if st := f.stored(user, row.ID); st.Edited != centavo.EditedNotes {
		t.Errorf("stored %+v", st)
	}
}
