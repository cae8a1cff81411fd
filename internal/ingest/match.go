package ingest

import (
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
}

// plan is what to do with a batch.
type plan struct {
	insert  []centavo.Transaction // to insert (rows stored under the same id are skipped by the insert)
	replace []int64               // stored pending rows the batch shows posted: deleted
	dropped []centavo.Transaction // the batch's rows that a stored row stands for
}

// planBatch matches a batch against what the account holds: the stored
// pending rows the batch shows posted are replaced (and the batch's own
// pending copies of them left out); posted rows another source stored
// already, and pending rows already stored posted, are dropped.
func planBatch(h held, batch []centavo.Transaction) plan {
	var p plan
	replace, skip := matchPending(h.pending, batch)
	p.replace = replace
	rows := batch
	if len(skip) > 0 {
		rows = make([]centavo.Transaction, 0, len(batch))
		for _, t := range batch {
			if !(t.Pending && skip[t.InstitutionID]) {
				rows = append(rows, t)
			}
		}
	}
	rows, dupes := dedupeAcrossSources(h.fingerprints, h.pending, rows)
	p.dropped = append(p.dropped, dupes...)
	rows, stale := dropPostedPending(h.posted, rows)
	p.dropped = append(p.dropped, stale...)
	p.insert = rows
	return p
}

// matchPending finds the stored pending transactions that a batch shows
// posted: the same institution id, or — banks often give the posted
// transaction a new id, a slightly different description or amount (a tip)
// — the same merchant, within ten days after, within 25 % (or $1). It
// returns the pending ids to replace and the batch's own pending rows to
// drop because their posted version replaces them.
func matchPending(pending, batch []centavo.Transaction) (replace []int64, skip map[string]bool) {
	if len(pending) == 0 {
		return nil, nil
	}
	used := map[int64]bool{}
	byID := map[string]centavo.Transaction{}
	for _, p := range pending {
		byID[p.InstitutionID] = p
	}
	skip = map[string]bool{}
	for _, t := range batch {
		if t.Pending {
			continue
		}
		if p, ok := byID[t.InstitutionID]; ok && !used[p.ID] {
			used[p.ID] = true
			replace = append(replace, p.ID)
			continue
		}
		if best, ok := closest(pending, used, func(p centavo.Transaction) (int64, bool) { return postedAs(p, t) }); ok {
			used[best] = true
			replace = append(replace, best)
			for _, p := range pending {
				if p.ID == best {
					skip[p.InstitutionID] = true // the batch may still list it as pending
				}
			}
		}
	}
	return replace, skip
}

// dedupeAcrossSources drops the batch's posted rows that a stored row from
// another source already stands for: same fingerprint (day, amount,
// merchant), different id. Per fingerprint, the stored posted rows this
// batch does not list itself can each stand for one new row of the batch:
// any stored row for a row read from a file (id "fp:…"), only a row read
// from a file for a row with the bank's own id — two bank ids are two
// transactions, so a bank's genuine identical purchases are never merged.
// Re-imports, files overlapping the downloads and downloads overlapping an
// earlier import all add nothing; two coffees on one day stay two.
func dedupeAcrossSources(stored map[string][]string, pending, batch []centavo.Transaction) (keep, dropped []centavo.Transaction) {
	if len(stored) == 0 {
		return batch, nil
	}
	isPending := make(map[string]bool, len(pending))
	for _, p := range pending {
		isPending[p.InstitutionID] = true
	}
	inBatch := make(map[string]bool, len(batch))
	for _, t := range batch {
		inBatch[t.InstitutionID] = true
	}
	// The stored posted rows of each fingerprint that the batch does not
	// list: the ones that may stand for a new row of the batch.
	spare := map[string][]string{}
	storedID := map[string]bool{}
	for fp, ids := range stored {
		for _, id := range ids {
			storedID[id] = true
			if !isPending[id] && !inBatch[id] {
				spare[fp] = append(spare[fp], id)
			}
		}
	}
	keep = make([]centavo.Transaction, 0, len(batch))
	for _, t := range batch {
		if t.Pending || storedID[t.InstitutionID] || len(spare[t.Fingerprint]) == 0 {
			keep = append(keep, t) // stored under its own id (a plain duplicate), or new
			continue
		}
		fromFile := strings.HasPrefix(t.InstitutionID, "fp:")
		ids := spare[t.Fingerprint]
		j := slices.IndexFunc(ids, func(id string) bool { return fromFile || strings.HasPrefix(id, "fp:") })
		if j < 0 {
			keep = append(keep, t)
			continue
		}
		spare[t.Fingerprint] = slices.Delete(ids, j, j+1)
		dropped = append(dropped, t)
	}
	return keep, dropped
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
	keep = make([]centavo.Transaction, 0, len(batch))
	for _, t := range batch {
		if t.Pending && t.MerchantKey != "" {
			if p, ok := closest(posted, used, func(c centavo.Transaction) (int64, bool) { return postedAs(t, c) }); ok {
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
