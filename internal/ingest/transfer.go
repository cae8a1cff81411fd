package ingest

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/centavo/centavo"
)

// Transfers between the user's own accounts (docs/0030-transfers.md): an
// outflow in one account and an inflow of the same absolute amount, in the
// same currency, in another account, at most TransferDays apart, are one
// movement of the user's money. planTransfers decides the pairs as a pure
// function over the candidate rows; pairTransfers (transferstep.go) reads
// the candidates after a batch is recorded and files the pairs in the same
// SQL transaction.

// TransferDays is how many days apart the two sides of a transfer may post.
const TransferDays = 5

// transferPair is one transfer: the money going out and coming in.
type transferPair struct {
	Out, In centavo.Transaction
}

// pairable says whether a row may be paired automatically: posted, not
// paired, neither hidden nor split (the user's doing), not filed by the
// user (nor the other side of a pair the user undid), and not filed by an
// import under a category of its own — a
// Mint or YNAB category other than transfer is a person's decision, as a
// hand-filed one is.
func pairable(t centavo.Transaction) bool {
	if t.Pending || t.AmountCents == 0 || t.TransferPairID != 0 || t.Hidden || len(t.Splits) > 0 {
		return false
	}
	switch t.CategorySource {
	case centavo.SourceUser, centavo.SourceUnpaired, centavo.SourceTransfer:
		return false
	case centavo.SourceImport:
		return t.Category == centavo.CatTransfer || t.Category == centavo.CatUncategorized
	}
	return true
}

// transferEdge is a possible pair and how good it is.
type transferEdge struct {
	out, in int   // indexes in the candidates
	days    int   // calendar days apart
	sim     int   // description similarity, 0–1000
	apart   int64 // seconds apart
}

// planTransfers pairs the candidates (the user's unpaired rows in a window,
// stored ones and the batch's alike) so that every pair has a side in the
// account the batch was recorded into. Where several rows could pair, the
// pairs closest in date go first, then those whose descriptions share the
// most words, then the closest in time, then the earliest and lowest ids:
// the same rows always give the same pairs, and what remains unpaired has
// no possible pair left (running it again pairs nothing).
func planTransfers(candidates []centavo.Transaction, accountID int64) []transferPair {
	rows := make([]centavo.Transaction, 0, len(candidates))
	seen := make(map[int64]bool, len(candidates))
	for _, t := range candidates {
		if pairable(t) && !seen[t.ID] {
			seen[t.ID] = true
			rows = append(rows, t)
		}
	}
	// Index the inflows by amount and currency: each outflow looks only at
	// its own amount.
	type key struct {
		cents    int64
		currency string
	}
	inflows := map[key][]int{}
	for i, t := range rows {
		if t.AmountCents > 0 {
			k := key{t.AmountCents, t.Currency}
			inflows[k] = append(inflows[k], i)
		}
	}
	var edges []transferEdge
	words := make([][]string, len(rows))
	for i, o := range rows {
		if o.AmountCents >= 0 {
			continue
		}
		for _, j := range inflows[key{-o.AmountCents, o.Currency}] {
			in := rows[j]
			if in.AccountID == o.AccountID || (o.AccountID != accountID && in.AccountID != accountID) {
				continue
			}
			days := daysApart(o.PostedAt, in.PostedAt)
			if days > TransferDays {
				continue
			}
			if words[i] == nil {
				words[i] = descriptionWords(o.Seller)
			}
			if words[j] == nil {
				words[j] = descriptionWords(in.Seller)
			}
			apart := o.PostedAt.Sub(in.PostedAt)
			if apart < 0 {
				apart = -apart
			}
			edges = append(edges, transferEdge{out: i, in: j, days: days, sim: similarity(words[i], words[j]), apart: int64(apart / time.Second)})
		}
	}
	slices.SortFunc(edges, func(a, b transferEdge) int {
		switch {
		case a.days != b.days:
			return a.days - b.days
		case a.sim != b.sim:
			return b.sim - a.sim
		case a.apart != b.apart:
			if a.apart < b.apart {
				return -1
			}
			return 1
		}
		if c := rows[a.out].PostedAt.Compare(rows[b.out].PostedAt); c != 0 {
			return c
		}
		if c := cmpID(rows[a.out].ID, rows[b.out].ID); c != 0 {
			return c
		}
		return cmpID(rows[a.in].ID, rows[b.in].ID)
	})
	used := make([]bool, len(rows))
	var pairs []transferPair
	for _, e := range edges {
		if used[e.out] || used[e.in] {
			continue
		}
		used[e.out], used[e.in] = true, true
		pairs = append(pairs, transferPair{Out: rows[e.out], In: rows[e.in]})
	}
	return pairs
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// daysApart counts the calendar days (UTC) between two times.
func daysApart(a, b time.Time) int {
	da := a.UTC().Truncate(24 * time.Hour)
	db := b.UTC().Truncate(24 * time.Hour)
	d := int(da.Sub(db) / (24 * time.Hour))
	if d < 0 {
		return -d
	}
	return d
}

// descriptionWords are a description's words, upper-cased, of two letters
// or digits or more, each once, sorted.
func descriptionWords(s string) []string {
	f := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := make([]string, 0, len(f))
	for _, w := range f {
		if len([]rune(w)) >= 2 {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// similarity is how many words two descriptions share, per thousand of the
// words either has (Jaccard).
func similarity(a, b []string) int {
	common, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch c := strings.Compare(a[i], b[j]); {
		case c == 0:
			common++
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - common
	if union == 0 {
		return 0
	}
	return common * 1000 / union
}
