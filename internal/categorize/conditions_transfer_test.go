package categorize

import (
	"testing"

	"github.com/centavo/centavo"
)

// TestApplyActionsKeepsTransfers: a rule applied to past transactions
// leaves the category of a transfer's side (paired or unpaired) and an
// import's alone, as it does a hand-filed one (its other actions still
// apply); at ingest (not past) it files them like any row.
func TestApplyActionsKeepsTransfers(t *testing.T) {
	t.Parallel()
	actions := centavo.RuleActions{Category: centavo.CatShopping, Tags: []string{"checked"}}
	for _, source := range []string{centavo.SourceUser, centavo.SourceTransfer, centavo.SourceUnpaired, centavo.SourceImport} {
		in := centavo.Transaction{Category: centavo.CatTransfer, CategorySource: source, TransferPairID: 7}
		past, changed := ApplyActions(actions, in, true)
		if past.Category != centavo.CatTransfer || past.CategorySource != source || !changed || len(past.Tags) != 1 {
			t.Errorf("%s, past: %+v (changed %v)", source, past, changed)
		}
	}
	for _, source := range []string{centavo.SourceSeed, centavo.SourceRule, centavo.SourceNone} {
		in := centavo.Transaction{Category: centavo.CatTransfer, CategorySource: source}
		if past, _ := ApplyActions(actions, in, true); past.Category != centavo.CatShopping || past.CategorySource != centavo.SourceRule {
			t.Errorf("%s, past: %+v", source, past)
		}
	}
	in := centavo.Transaction{Category: centavo.CatFood, CategorySource: centavo.SourceImport}
	if now, _ := ApplyActions(actions, in, false); now.Category != centavo.CatShopping {
		t.Errorf("at ingest: %+v", now)
	}
}
