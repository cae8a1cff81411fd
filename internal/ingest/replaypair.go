package ingest

import (
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/objstore"
)

// What replay decides for one archived batch, as pure functions: which
// stored row each row read again stands for, and what to change of it.

// pairReplayed pairs each row of a batch read again (rows) with the line of
// the batch's log that the old reader wrote for it (old), and returns, per
// row, the index of its line or -1. A row pairs with the line of its own
// institution id; failing that — the id of a row without the bank's id
// ("fp:…") follows its description, which a reader's fix changes — with the
// next unpaired line of the same day, amount and pending state, in order,
// when one of the two has no bank id (two bank ids are two transactions).
func pairReplayed(rows []centavo.Transaction, old []objstore.LogLine) []int {
	pair := make([]int, len(rows))
	used := make([]bool, len(old))
	byID := map[string][]int{}
	for j, l := range old {
		byID[l.InstitutionID] = append(byID[l.InstitutionID], j)
	}
	for i, t := range rows {
		pair[i] = -1
		for _, j := range byID[t.InstitutionID] {
			if !used[j] && old[j].Pending == t.Pending {
				pair[i], used[j] = j, true
				break
			}
		}
	}
	type shape struct {
		day     string
		cents   int64
		pending bool
	}
	free := map[shape][]int{}
	for j, l := range old {
		if !used[j] {
			k := shape{l.PostedAt.UTC().Format(time.DateOnly), l.AmountCents, l.Pending}
			free[k] = append(free[k], j)
		}
	}
	for i, t := range rows {
		if pair[i] >= 0 {
			continue
		}
		k := shape{t.PostedAt.UTC().Format(time.DateOnly), t.AmountCents, t.Pending}
		list := free[k]
		for n, j := range list {
			if used[j] || (!fromFile(t.InstitutionID) && !fromFile(old[j].InstitutionID)) {
				continue
			}
			pair[i], used[j] = j, true
			free[k] = append(list[:n:n], list[n+1:]...)
			break
		}
	}
	return pair
}

func fromFile(institutionID string) bool { return strings.HasPrefix(institutionID, "fp:") }

// redescribe is what replay changes of a stored row (held) that a row read
// again (fresh) stands for: nothing unless the reader now gives another
// description; then the description, merchant, merchant key and fingerprint
// of fresh (the merchant's name not when the user renamed it), and its
// category and source unless the user filed the row by hand or it is
// filed as a transfer's side or by an import (centavo.KeepsCategory). ok
// is false when nothing changes.
func redescribe(held, fresh centavo.Transaction) (after centavo.Transaction, ok bool) {
	if held.Seller == fresh.Seller {
		return held, false
	}
	after = held
	after.Seller, after.Merchant, after.MerchantKey = fresh.Seller, fresh.Merchant, fresh.MerchantKey
	after.Fingerprint = Fingerprint(held.PostedAt, held.AmountCents, fresh.MerchantKey)
	if !centavo.KeepsCategory(held.CategorySource) { // by hand, a transfer's side, an import's
		after.Category, after.CategorySource = fresh.Category, fresh.CategorySource
	}
	if held.Edited&centavo.EditedMerchant != 0 {
		after.Merchant = held.Merchant // the user's name for it stays
	}
	return after, true
}
