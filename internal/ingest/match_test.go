package ingest

import (
	"slices"
	"testing"
	"time"

	"github.com/centavo/centavo"
)

// row builds a transaction for the matching tables: id is the institution
// id, day counts from a fixed date (the matching only compares dates).
func row(dbID int64, id string, day int, cents int64, merchant string, pending bool) centavo.Transaction {
	posted := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
	return centavo.Transaction{
		ID: dbID, InstitutionID: id, PostedAt: posted, AmountCents: cents, MerchantKey: merchant, Pending: pending,
		Fingerprint: Fingerprint(posted, cents, merchant),
	}
}

func ids(txns []centavo.Transaction) []string {
	out := []string{}
	for _, t := range txns {
		out = append(out, t.InstitutionID)
	}
	return out
}

func TestMatchPending(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		pending     []centavo.Transaction
		batch       []centavo.Transaction
		wantReplace []int64
		wantSkip    []string
	}{
		{"nothing pending", nil, []centavo.Transaction{row(0, "a", 0, -500, "cafe", false)}, nil, nil},
		{"posted under the same id",
			[]centavo.Transaction{row(1, "a", 0, -500, "cafe", true)},
			[]centavo.Transaction{row(0, "a", 1, -500, "cafe", false)},
			[]int64{1}, nil},
		{"posted under a new id with a tip, pending copy still listed",
			[]centavo.Transaction{row(1, "p1", 0, -2000, "bistro", true)},
			[]centavo.Transaction{row(0, "p1", 0, -2000, "bistro", true), row(0, "x9", 2, -2400, "bistro", false)},
			[]int64{1}, []string{"p1"}},
		{"more than 25 % apart is another purchase",
			[]centavo.Transaction{row(1, "p1", 0, -2000, "bistro", true)},
			[]centavo.Transaction{row(0, "x9", 2, -2600, "bistro", false)},
			nil, nil},
		{"small amounts may differ by a dollar",
			[]centavo.Transaction{row(1, "p1", 0, -200, "kiosk", true)},
			[]centavo.Transaction{row(0, "x9", 1, -300, "kiosk", false)},
			[]int64{1}, []string{"p1"}},
		{"posted eleven days later is too late",
			[]centavo.Transaction{row(1, "p1", 0, -2000, "bistro", true)},
			[]centavo.Transaction{row(0, "x9", 11, -2000, "bistro", false)},
			nil, nil},
		{"a refund never replaces a purchase",
			[]centavo.Transaction{row(1, "p1", 0, -2000, "bistro", true)},
			[]centavo.Transaction{row(0, "x9", 1, 2000, "bistro", false)},
			nil, nil},
		{"another merchant",
			[]centavo.Transaction{row(1, "p1", 0, -2000, "bistro", true)},
			[]centavo.Transaction{row(0, "x9", 1, -2000, "garage", false)},
			nil, nil},
		{"the closest amount wins, each pending row once",
			[]centavo.Transaction{row(1, "p1", 0, -1000, "fuel", true), row(2, "p2", 0, -5000, "fuel", true)},
			[]centavo.Transaction{row(0, "x1", 1, -4800, "fuel", false), row(0, "x2", 1, -4900, "fuel", false)},
			[]int64{2}, []string{"p2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			replace, skip, _ := matchPending(tc.pending, tc.batch)
			if !slices.Equal(replace, tc.wantReplace) {
				t.Errorf("replace %v, want %v", replace, tc.wantReplace)
			}
			var skipped []string
			for id := range skip {
				skipped = append(skipped, id)
			}
			slices.Sort(skipped)
			if !slices.Equal(skipped, tc.wantSkip) {
				t.Errorf("skip %v, want %v", skipped, tc.wantSkip)
			}
		})
	}
}

func TestDedupeAcrossSources(t *testing.T) {
	t.Parallel()
	coffee := row(0, "", 0, -450, "cafe", false).Fingerprint
	for _, tc := range []struct {
		name        string
		stored      map[string][]string
		pending     []centavo.Transaction
		batch       []centavo.Transaction
		wantKeep    []string
		wantDropped []string
	}{
		{"nothing stored", nil, nil,
			[]centavo.Transaction{row(0, "fp:"+coffee+":0", 0, -450, "cafe", false)},
			[]string{"fp:" + coffee + ":0"}, nil},
		{"a file row the bank's download stored already",
			map[string][]string{coffee: {"B1"}}, nil,
			[]centavo.Transaction{row(0, "fp:"+coffee+":0", 0, -450, "cafe", false)},
			[]string{}, []string{"fp:" + coffee + ":0"}},
		{"a bank row an earlier import stored",
			map[string][]string{coffee: {"fp:" + coffee + ":0"}}, nil,
			[]centavo.Transaction{row(0, "B1", 0, -450, "cafe", false)},
			[]string{}, []string{"B1"}},
		{"two bank ids are two purchases",
			map[string][]string{coffee: {"B1"}}, nil,
			[]centavo.Transaction{row(0, "B2", 0, -450, "cafe", false)},
			[]string{"B2"}, nil},
		{"two coffees in the file, one stored by the bank: one new",
			map[string][]string{coffee: {"B1"}}, nil,
			[]centavo.Transaction{row(0, "fp:"+coffee+":0", 0, -450, "cafe", false), row(0, "fp:"+coffee+":1", 0, -450, "cafe", false)},
			[]string{"fp:" + coffee + ":1"}, []string{"fp:" + coffee + ":0"}},
		{"a stored row the batch lists itself stands for nothing else",
			map[string][]string{coffee: {"B1"}}, nil,
			[]centavo.Transaction{row(0, "B1", 0, -450, "cafe", false), row(0, "fp:"+coffee+":0", 0, -450, "cafe", false)},
			[]string{"B1", "fp:" + coffee + ":0"}, nil},
		{"a stored pending row is matched as pending, not here",
			map[string][]string{coffee: {"P1"}}, []centavo.Transaction{row(7, "P1", 0, -450, "cafe", true)},
			[]centavo.Transaction{row(0, "fp:"+coffee+":0", 0, -450, "cafe", false)},
			[]string{"fp:" + coffee + ":0"}, nil},
		{"the same id stored is a plain duplicate for the insert",
			map[string][]string{coffee: {"fp:" + coffee + ":0"}}, nil,
			[]centavo.Transaction{row(0, "fp:"+coffee+":0", 0, -450, "cafe", false)},
			[]string{"fp:" + coffee + ":0"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keep, dropped := dedupeAcrossSources(tc.stored, tc.pending, tc.batch)
			if got := ids(keep); !slices.Equal(got, tc.wantKeep) {
				t.Errorf("keep %v, want %v", got, tc.wantKeep)
			}
			if got := ids(dropped); !slices.Equal(got, append([]string{}, tc.wantDropped...)) {
				t.Errorf("dropped %v, want %v", got, tc.wantDropped)
			}
		})
	}
}

func TestPlanBatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		held        held
		batch       []centavo.Transaction
		wantInsert  []string
		wantReplace []int64
		wantDropped []string
	}{
		{"a new account takes everything", held{},
			[]centavo.Transaction{row(0, "a", 0, -100, "m", false), row(0, "b", 1, -200, "m", true)},
			[]string{"a", "b"}, nil, nil},
		{"a stale file's pending row whose posted version is stored",
			held{posted: []centavo.Transaction{row(5, "B1", 2, -2200, "bistro", false)}},
			[]centavo.Transaction{row(0, "fp:x:0", 0, -2000, "bistro", true)},
			[]string{}, nil, []string{"fp:x:0"}},
		{"each stored posted row stands for one pending row",
			held{posted: []centavo.Transaction{row(5, "B1", 2, -2000, "bistro", false)}},
			[]centavo.Transaction{row(0, "fp:x:0", 0, -2000, "bistro", true), row(0, "fp:x:1", 0, -2000, "bistro", true)},
			[]string{"fp:x:1"}, nil, []string{"fp:x:0"}},
		{"a pending row without a merchant waits until it posts",
			held{posted: []centavo.Transaction{row(5, "B1", 0, -2000, "", false)}},
			[]centavo.Transaction{row(0, "fp:x:0", 0, -2000, "", true)},
			[]string{"fp:x:0"}, nil, nil},
		{"the batch posts a stored pending row under a new id and still lists it pending",
			held{pending: []centavo.Transaction{row(3, "P1", 0, -2000, "bistro", true)}},
			[]centavo.Transaction{row(0, "P1", 0, -2000, "bistro", true), row(0, "B7", 1, -2300, "bistro", false)},
			[]string{"B7"}, []int64{3}, nil},
		{"a posted row stored already (a re-import, a download's overlap) replaces no pending row",
			held{pending: []centavo.Transaction{row(3, "P1", 0, -2000, "bistro", true)}, stored: map[string]bool{"B7": true}},
			[]centavo.Transaction{row(0, "P1", 0, -2000, "bistro", true), row(0, "B7", 1, -2300, "bistro", false)},
			[]string{"P1", "B7"}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := planBatch(tc.held, tc.batch)
			if got := ids(p.insert); !slices.Equal(got, tc.wantInsert) {
				t.Errorf("insert %v, want %v", got, tc.wantInsert)
			}
			if !slices.Equal(p.replace, tc.wantReplace) {
				t.Errorf("replace %v, want %v", p.replace, tc.wantReplace)
			}
			if got := ids(p.dropped); !slices.Equal(got, append([]string{}, tc.wantDropped...)) {
				t.Errorf("dropped %v, want %v", got, tc.wantDropped)
			}
		})
	}
}

// TestPendingPart: the rows a chunked import writes last are the file's
// pending rows, the posted rows that a stored or listed pending row may
// have posted as or whose id a stored pending row has, and every row
// sharing an id with one of those; the others only ever need
// deduplicating.
func TestPendingPart(t *testing.T) {
	t.Parallel()
	stored := []centavo.Transaction{row(1, "P1", 0, -2000, "bistro", true), row(2, "P2", 0, -500, "kiosk", true)}
	batch := []centavo.Transaction{
		row(0, "a", 1, -2300, "bistro", false), // a tip on stored P1
		row(0, "b", 1, -9000, "bistro", false), // too far from any pending amount
		row(0, "P2", 3, -500, "cafe", false),   // stored P2 posted under its id, another merchant name
		row(0, "c", 5, -700, "taco", true),     // pending in the file
		row(0, "d", 6, -700, "taco", false),    // may be c posted
		row(0, "e", 20, -700, "taco", false),   // too late for c
		row(0, "f", 1, -450, "", false),        // no merchant
	}
	got := pendingPart(stored, batch)
	want := []bool{true, false, true, true, true, false, false}
	if !slices.Equal(got, want) {
		t.Fatalf("pendingPart = %v, want %v", got, want)
	}
}

// TestDedupeGroupInParts: deciding a fingerprint's group again once part of
// it is stored (the rows of the earlier chunks, under their own ids)
// drops exactly the rows the decision over the whole group dropped.
func TestDedupeGroupInParts(t *testing.T) {
	t.Parallel()
	fp := row(0, "", 0, -450, "cafe", false).Fingerprint
	group := []centavo.Transaction{
		row(0, "fp:"+fp+":0", 0, -450, "cafe", false), row(0, "N1", 0, -450, "cafe", false),
		row(0, "fp:"+fp+":1", 0, -450, "cafe", false), row(0, "N2", 0, -450, "cafe", false),
		row(0, "fp:"+fp+":2", 0, -450, "cafe", false), row(0, "fp:"+fp+":3", 0, -450, "cafe", false),
	}
	batchIDs := idSet(group)
	indexes := []int32{0, 1, 2, 3, 4, 5}
	stored := []string{"B1", "fp:x:9", "B2"} // another source's rows: a bank's two, a file's one
	whole := map[string]bool{}
	dedupeGroup(stored, nil, batchIDs, group, indexes, whole)
	for k := range group {
		// The first k rows were recorded: those not dropped are stored.
		partStored := slices.Clone(stored)
		for _, t := range group[:k] {
			if !whole[t.InstitutionID] {
				partStored = append(partStored, t.InstitutionID)
			}
		}
		again := map[string]bool{}
		dedupeGroup(partStored, nil, batchIDs, group, indexes, again)
		for _, r := range group[k:] {
			if again[r.InstitutionID] != whole[r.InstitutionID] {
				t.Errorf("after %d rows stored, %s dropped=%v; over the whole group %v", k, r.InstitutionID, again[r.InstitutionID], whole[r.InstitutionID])
			}
		}
	}
	if len(whole) != 3 || !whole["fp:"+fp+":0"] || !whole["N1"] || !whole["fp:"+fp+":1"] {
		t.Errorf("dropped %v: want the first file row (for B1), the first bank row (for the file's fp:x:9) and the next file row (for B2)", whole)
	}
}
