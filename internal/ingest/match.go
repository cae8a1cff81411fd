package ingest

import (
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/centavo/centavo"
)

// The matching of a batch against what an account holds, as pure functions
// (stored rows, batch → plan): which pending rows the batch shows posted,
// which of its rows another stored row already stands for. record reads the
// rows (readHeld) and applies the plan in one SQL transaction.

// held is what an account holds that a batch may overlap.
type held struct {
	pending []centavo.Transaction // the account's pending rows
	// fingerprints: the institution ids stored under each fingerprint of
	// the batch's posted rows (none read: no row from a file on either side).
	fingerprints map[string][]string
	posted       []centavo.Transaction // posted rows around the batch's pending ones
	// stored: the batch's posted rows that may have been a pending row
	// (pendingCandidates) and are stored posted already, under their id and
	// fingerprint. They are plain duplicates: they replace nothing again.
	stored map[string]bool
}

// plan is what to do with a batch.
type plan struct {
	insert  []centavo.Transaction // to insert (rows stored under the same id are skipped by the insert)
	replace []int64               // stored pending rows the batch shows posted: deleted
	dropped []centavo.Transaction // the batch's rows that a stored row stands for
	// carried are the ids of the rows of insert that took over what the
	// user changed on the pending row they replace (carryEdits).
	carried map[string]bool
}

// planBatch matches a batch against what the account holds: the stored
// pending rows the batch shows posted are replaced (and the batch's own
// pending copies of them left out); posted rows another source stored
// already, and pending rows already stored posted, are dropped.
func planBatch(h held, batch []centavo.Transaction) plan {
	return planPart(h, batch, newBatchIndex(batch))
}

// planPart plans the rows of a batch that one SQL transaction records: the
// whole batch, or the pending part of a chunked import (chunk.go). whole is
// the batch they belong to: a posted row is deduplicated within its whole
// fingerprint group, in batch order, so that recording the batch in parts
// drops exactly the rows one transaction would.
func planPart(h held, rows []centavo.Transaction, whole *batchIndex) plan {
	var p plan
	replace, skip, from := matchPending(h.pending, withoutIDs(rows, h.stored))
	p.replace = replace
	if len(skip) > 0 {
		kept := make([]centavo.Transaction, 0, len(rows))
		for _, t := range rows {
			if !(t.Pending && skip[t.InstitutionID]) {
				kept = append(kept, t)
			}
		}
		rows = kept
	}
	rows, dupes := whole.dedupe(h.fingerprints, idSet(h.pending), rows)
	p.dropped = append(p.dropped, dupes...)
	rows, stale := dropPostedPending(h.posted, rows)
	p.dropped = append(p.dropped, stale...)
	p.insert = rows
	for i, t := range p.insert {
		old, ok := from[t.InstitutionID]
		if !ok || t.Pending || !edited(old) {
			continue
		}
		if p.carried == nil {
			p.insert, p.carried = slices.Clone(p.insert), map[string]bool{}
		}
		p.insert[i] = carryEdits(old, t)
		p.carried[t.InstitutionID] = true
	}
	return p
}

// edited says whether the user changed anything on t by hand (its edited
// mask, a category set by hand); what a rule or a file gave it is not.
func edited(t centavo.Transaction) bool {
	return t.Edited != 0 || t.CategorySource == centavo.SourceUser
}

// carryEdits is row to, which replaces the stored row from (its posted
// version), with what the user changed by hand on from — only the fields
// whose edited bit is set (notes, tags, hidden, a merchant renamed, the
// splits when the amount is unchanged: otherwise they no longer sum to it
// and the posted row's own stay) and a category set by hand — and the
// edited mask. What the posted row got from its file or a rule stays for
// the fields the user left alone. A refresh never loses an edit.
func carryEdits(from, to centavo.Transaction) centavo.Transaction {
	to.Edited |= from.Edited
	if from.Edited&centavo.EditedNotes != 0 {
		to.Notes = from.Notes
	}
	if from.Edited&centavo.EditedTags != 0 {
		to.Tags = slices.Clone(from.Tags)
	}
	if from.Edited&centavo.EditedHidden != 0 {
		to.Hidden = from.Hidden
	}
	if from.Edited&centavo.EditedMerchant != 0 {
		to.Merchant = from.Merchant
	}
	if from.CategorySource == centavo.SourceUser {
		to.Category, to.CategorySource = from.Category, from.CategorySource
	}
	if from.Edited&centavo.EditedSplits != 0 {
		if from.AmountCents == to.AmountCents {
			to.Splits = slices.Clone(from.Splits) // none: the user undid a split
		} else {
			to.Edited &^= centavo.EditedSplits
		}
	}
	return to
}

// batchIndex is what the parts of a batch share: every id of the batch,
// its posted rows by fingerprint, in batch order, and whether one of those
// was read from a file (id "fp:…").
type batchIndex struct {
	idOf     func(int32) string // the id of the batch's row i
	ids      map[string]bool
	byFP     map[string][]int32 // indexes in the batch
	fromFile bool
}

func newBatchIndex(batch []centavo.Transaction) *batchIndex {
	x := newIndexOf(len(batch), slices.All(batch))
	x.idOf = func(i int32) string { return batch[i].InstitutionID }
	return x
}

// newIndexOf indexes the n rows of a batch that rows yields, in order; the
// caller sets idOf.
func newIndexOf(n int, rows iter.Seq2[int, centavo.Transaction]) *batchIndex {
	x := &batchIndex{ids: make(map[string]bool, n), byFP: map[string][]int32{}}
	for i, t := range rows {
		x.ids[t.InstitutionID] = true
		if !t.Pending && t.Fingerprint != "" {
			x.byFP[t.Fingerprint] = append(x.byFP[t.Fingerprint], int32(i))
			x.fromFile = x.fromFile || strings.HasPrefix(t.InstitutionID, "fp:")
		}
	}
	return x
}

func idSet(txns []centavo.Transaction) map[string]bool {
	ids := make(map[string]bool, len(txns))
	for _, t := range txns {
		ids[t.InstitutionID] = true
	}
	return ids
}

// dedupe drops the posted rows of rows that a stored row from another
// source already stands for (dedupeGroup), deciding each of their
// fingerprints over its whole group in the batch. stored holds the stored
// institution ids of (at least) the rows' fingerprints.
func (x *batchIndex) dedupe(stored map[string][]string, pendingIDs map[string]bool, rows []centavo.Transaction) (keep, dropped []centavo.Transaction) {
	if len(stored) == 0 {
		return rows, nil
	}
	drop := map[string]bool{}
	for fp := range fingerprintsOf(rows) {
		if ids := stored[fp]; len(ids) > 0 {
			dedupeGroupBy(ids, pendingIDs, x.ids, x.idOf, x.byFP[fp], drop)
		}
	}
	keep = make([]centavo.Transaction, 0, len(rows))
	for _, t := range rows {
		if !t.Pending && drop[t.InstitutionID] {
			dropped = append(dropped, t)
		} else {
			keep = append(keep, t)
		}
	}
	return keep, dropped
}

// fingerprintsOf is the set of the posted rows' fingerprints.
func fingerprintsOf(rows []centavo.Transaction) map[string]bool {
	fps := map[string]bool{}
	for _, t := range rows {
		if !t.Pending && t.Fingerprint != "" {
			fps[t.Fingerprint] = true
		}
	}
	return fps
}

// pendingPart marks the rows of a batch whose fate depends on pending rows:
// its pending rows, the posted rows that a stored or a listed pending row
// may have posted as (postedAs) or that carry a stored pending row's id,
// and every row that shares an id with one of those. The other rows are
// posted rows that no pending row concerns: planPart only deduplicates
// them, so they can be recorded before the rest, in any number of SQL
// transactions (chunk.go), and storing them changes nothing planPart
// decides for the marked ones.
func pendingPart(pending, batch []centavo.Transaction) []bool {
	return pendingPartOf(pending, len(batch), slices.All(batch))
}

// pendingPartOf is pendingPart over the n rows of a batch that batch
// yields, in order (a big import's rows are not all in memory: twopass.go).
func pendingPartOf(pending []centavo.Transaction, n int, batch iter.Seq2[int, centavo.Transaction]) []bool {
	marked := make([]bool, n)
	pendingIDs := idSet(pending)
	candidates := slices.Clip(pending)
	for _, t := range batch {
		if t.Pending {
			candidates = append(candidates, t)
		}
	}
	byMerchant := byMerchantKey(candidates)
	markedIDs := map[string]bool{}
	for i, t := range batch {
		switch {
		case t.Pending, pendingIDs[t.InstitutionID]:
			marked[i] = true
		default:
			for _, p := range byMerchant[t.MerchantKey] {
				if _, ok := postedAs(p, t); ok {
					marked[i] = true
					break
				}
			}
		}
		if marked[i] {
			markedIDs[t.InstitutionID] = true
		}
	}
	for i, t := range batch {
		marked[i] = marked[i] || markedIDs[t.InstitutionID]
	}
	return marked
}

// withoutIDs is rows without those whose id is in ids.
func withoutIDs(rows []centavo.Transaction, ids map[string]bool) []centavo.Transaction {
	if len(ids) == 0 {
		return rows
	}
	out := make([]centavo.Transaction, 0, len(rows))
	for _, t := range rows {
		if !ids[t.InstitutionID] {
			out = append(out, t)
		}
	}
	return out
}

// pendingCandidates are the posted rows of rows that may be a stored pending
// row posted: the same id, or postedAs.
func pendingCandidates(pending, rows []centavo.Transaction) []centavo.Transaction {
	if len(pending) == 0 {
		return nil
	}
	ids := idSet(pending)
	byMerchant := byMerchantKey(pending)
	var out []centavo.Transaction
	for _, t := range rows {
		if t.Pending {
			continue
		}
		fits := ids[t.InstitutionID]
		for _, p := range byMerchant[t.MerchantKey] {
			if fits {
				break
			}
			_, fits = postedAs(p, t)
		}
		if fits {
			out = append(out, t)
		}
	}
	return out
}

// matchPending finds the stored pending transactions that a batch shows
// posted: the same institution id, or — banks often give the posted
// transaction a new id, a slightly different description or amount (a tip)
// — the same merchant, within ten days after, within 25 % (or $1). It
// returns the pending ids to replace and the batch's own pending rows to
// drop because their posted version replaces them, and by the id of each
// posted row that replaces one, the pending row it replaces.
func matchPending(pending, batch []centavo.Transaction) (replace []int64, skip map[string]bool, from map[string]centavo.Transaction) {
	if len(pending) == 0 {
		return nil, nil, nil
	}
	from = map[string]centavo.Transaction{}
	byDBID := map[int64]centavo.Transaction{}
	for _, p := range pending {
		byDBID[p.ID] = p
	}
	used := map[int64]bool{}
	byID := map[string]centavo.Transaction{}
	for _, p := range pending {
		byID[p.InstitutionID] = p
	}
	byMerchant := byMerchantKey(pending)
	skip = map[string]bool{}
	for _, t := range batch {
		if t.Pending {
			continue
		}
		if p, ok := byID[t.InstitutionID]; ok && !used[p.ID] {
			used[p.ID] = true
			replace = append(replace, p.ID)
			setOnce(from, t.InstitutionID, p)
			continue
		}
		candidates := byMerchant[t.MerchantKey]
		if best, ok := closest(candidates, used, func(p centavo.Transaction) (int64, bool) { return postedAs(p, t) }); ok {
			used[best] = true
			replace = append(replace, best)
			setOnce(from, t.InstitutionID, byDBID[best])
			for _, p := range candidates {
				if p.ID == best {
					skip[p.InstitutionID] = true // the batch may still list it as pending
				}
			}
		}
	}
	return replace, skip, from
}

func setOnce(m map[string]centavo.Transaction, id string, t centavo.Transaction) {
	if _, ok := m[id]; !ok {
		m[id] = t
	}
}

// byMerchantKey groups rows with a merchant key by it, in their order: only
// rows of one merchant can be one purchase pending and posted (postedAs), so
// the matching looks at those alone.
func byMerchantKey(txns []centavo.Transaction) map[string][]centavo.Transaction {
	out := map[string][]centavo.Transaction{}
	for _, t := range txns {
		if t.MerchantKey != "" {
			out[t.MerchantKey] = append(out[t.MerchantKey], t)
		}
	}
	return out
}

// dedupeAcrossSources drops the batch's posted rows that a stored row from
// another source already stands for: same fingerprint (day, amount,
// merchant), different id (see dedupeGroup). Re-imports, files overlapping
// the downloads and downloads overlapping an earlier import all add
// nothing; two coffees on one day stay two.
func dedupeAcrossSources(stored map[string][]string, pending, batch []centavo.Transaction) (keep, dropped []centavo.Transaction) {
	return newBatchIndex(batch).dedupe(stored, idSet(pending), batch)
}

// dedupeGroup decides one fingerprint: storedIDs are the institution ids
// stored under it, group the indexes in batch of its posted rows that have
// it, in batch order. The stored posted rows the batch does not list itself (spare) can
// each stand for one new row of the group: any stored row for a row read
// from a file (id "fp:…"), only a row read from a file for a row with the
// bank's own id — two bank ids are two transactions, so a bank's genuine
// identical purchases are never merged. A row stored under its own id is a
// plain duplicate and stands for nothing. The ids of the rows dropped are
// added to drop.
//
// The decision depends on the group alone, and the batch's own rows are
// never spare, so a group decided again after part of the batch was stored
// (the next chunk of an import, a retry) drops the same rows.
func dedupeGroup(storedIDs []string, pendingIDs, batchIDs map[string]bool, batch []centavo.Transaction, group []int32, drop map[string]bool) {
	dedupeGroupBy(storedIDs, pendingIDs, batchIDs, func(i int32) string { return batch[i].InstitutionID }, group, drop)
}

// dedupeGroupBy is dedupeGroup with the batch's ids given by idOf.
func dedupeGroupBy(storedIDs []string, pendingIDs, batchIDs map[string]bool, idOf func(int32) string, group []int32, drop map[string]bool) {
	own := make(map[string]bool, len(storedIDs))
	var spare []string
	for _, id := range storedIDs {
		own[id] = true
		if !pendingIDs[id] && !batchIDs[id] {
			spare = append(spare, id)
		}
	}
	if len(spare) == 0 {
		return
	}
	// The first spare row still free, and the first free one read from a
	// file: each cursor only moves forward.
	used := make([]bool, len(spare))
	anyAt, fileAt := 0, 0
	advance := func() {
		for anyAt < len(spare) && used[anyAt] {
			anyAt++
		}
		for fileAt < len(spare) && (used[fileAt] || !strings.HasPrefix(spare[fileAt], "fp:")) {
			fileAt++
		}
	}
	advance()
	for _, i := range group {
		id := idOf(i)
		if own[id] {
			continue
		}
		j := fileAt
		if strings.HasPrefix(id, "fp:") {
			j = anyAt
		}
		if j >= len(spare) {
			continue
		}
		used[j] = true
		drop[id] = true
		advance()
	}
}

// dropPostedPending drops the batch's pending rows whose posted version is
// stored already — a stale file imported again, or a bank that still lists
// an item it posted: a posted row of the same merchant, from a day before to
// ten days after, within 25 % (or $1), each posted row matching one pending
// row at most. Erring this way can only delay a genuine pending purchase
// until it posts (then it is added); the other way would count one twice.
func dropPostedPending(posted, batch []centavo.Transaction) (keep, dropped []centavo.Transaction) {
	if len(posted) == 0 {
		return batch, nil
	}
	used := map[int64]bool{}
	byMerchant := byMerchantKey(posted)
	keep = make([]centavo.Transaction, 0, len(batch))
	for _, t := range batch {
		if t.Pending && t.MerchantKey != "" {
			if p, ok := closest(byMerchant[t.MerchantKey], used, func(c centavo.Transaction) (int64, bool) { return postedAs(t, c) }); ok {
				used[p] = true
				dropped = append(dropped, t)
				continue
			}
		}
		keep = append(keep, t)
	}
	return keep, dropped
}

// closest returns the unused candidate that fits with the smallest
// difference.
func closest(candidates []centavo.Transaction, used map[int64]bool, fit func(centavo.Transaction) (diff int64, ok bool)) (int64, bool) {
	best, bestDiff := int64(0), int64(-1)
	for _, c := range candidates {
		diff, ok := fit(c)
		if !ok || used[c.ID] {
			continue
		}
		if bestDiff < 0 || diff < bestDiff {
			best, bestDiff = c.ID, diff
		}
	}
	return best, bestDiff >= 0
}

// postedAs says whether pending p may have posted as t — the same merchant,
// from a day before to ten days after, within 25 % (or $1): a tip, a hotel's
// incidentals, a fuel pre-authorisation — and how far apart the amounts are.
func postedAs(p, t centavo.Transaction) (diff int64, ok bool) {
	if p.MerchantKey == "" || p.MerchantKey != t.MerchantKey || (p.AmountCents < 0) != (t.AmountCents < 0) {
		return 0, false
	}
	if t.PostedAt.Before(p.PostedAt.Add(-24*time.Hour)) || t.PostedAt.After(p.PostedAt.Add(10*24*time.Hour)) {
		return 0, false
	}
	diff = abs(t.AmountCents - p.AmountCents)
	return diff, diff <= max(abs(p.AmountCents)/4, 100)
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
