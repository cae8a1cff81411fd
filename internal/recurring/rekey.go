package recurring

import (
	"encoding/json"
	"sort"

	"github.com/centavo/centavo/internal/store"
)

// adoptKeys gives each found series whose key no stored row holds the key
// of the stored row it continues: one of the same merchant and direction
// that shares a transaction with it (the most shared wins; each row is
// adopted once). A detected key names the series' first occurrence in the
// history read, so it moves when that occurrence leaves the window read
// (historyDays), when an older statement is imported, or when the cadence
// is re-read; the user's confirmation, name and the alerts already sent
// belong to the stored row, whose id must not change under them.
func adoptKeys(rows []store.RecurringSeries, found []Series) {
	held := make(map[string]bool, len(rows))
	for _, r := range rows {
		held[r.Key] = true
	}
	claimed := make(map[string]bool, len(found))
	for _, sr := range found {
		claimed[sr.Key] = true
	}
	txnsOf := make(map[string]map[int64]bool)
	for i := range found {
		sr := &found[i]
		if held[sr.Key] {
			continue
		}
		best, bestShared := "", 0
		for _, r := range rows {
			if claimed[r.Key] || r.MerchantKey != sr.MerchantKey || r.Income != sr.Income {
				continue
			}
			ids, ok := txnsOf[r.Key]
			if !ok {
				ids = storedTxns(r)
				txnsOf[r.Key] = ids
			}
			shared := 0
			for _, o := range sr.Occurrences {
				if ids[o.TxnID] {
					shared++
				}
			}
			if shared > bestShared {
				best, bestShared = r.Key, shared
			}
		}
		if best != "" {
			sr.Key = best
			claimed[best] = true
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Key < found[j].Key })
}

// storedTxns are the transaction ids of a stored row's occurrences (none
// when its history cannot be read: it is then adopted by nothing).
func storedTxns(r store.RecurringSeries) map[int64]bool {
	var h storedHistory
	if err := json.Unmarshal([]byte(r.History), &h); err != nil {
		return nil
	}
	ids := make(map[int64]bool, len(h.Occurrences))
	for _, o := range h.Occurrences {
		ids[o.TxnID] = true
	}
	return ids
}
