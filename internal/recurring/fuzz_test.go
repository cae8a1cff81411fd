package recurring

import (
	"sort"
	"testing"

	centavo "github.com/centavo/centavo"
)

// fuzzTxns decodes 5 bytes a row: a merchant (of 4), a day (2 bytes, from
// 2025-01-01) and an amount (2 bytes, signed, in dimes or cents).
func fuzzTxns(data []byte) []Txn {
	keys := []string{"a", "b", "c", ""}
	var out []Txn
	for i := 0; i+5 <= len(data); i += 5 {
		b := data[i : i+5]
		amt := int64(int16(uint16(b[3])<<8 | uint16(b[4])))
		if b[0]&4 != 0 {
			amt *= 10
		}
		out = append(out, Txn{ID: int64(i/5 + 1), AccountID: int64(b[0] >> 4), Date: day("2025-01-01") + centavo.Day(uint16(b[1])<<8|uint16(b[2]))%1500,
			AmountCents: amt, Currency: "USD", MerchantKey: keys[b[0]&3], Merchant: keys[b[0]&3]})
	}
	return out
}

// seedRows encodes rows of merchant k on days from 2025-01-01 every step
// days with the amount, for the seed corpus.
func seedRows(k byte, first, step, n int, amount int16) []byte {
	var out []byte
	for i := range n {
		d := first + i*step
		out = append(out, k, byte(d>>8), byte(d), byte(uint16(amount)>>8), byte(uint16(amount)))
	}
	return out
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte{})
	f.Add(seedRows(0, 0, 30, 14, -1549))                                         // monthly
	f.Add(seedRows(1, 3, 7, 30, -6199))                                          // weekly
	f.Add(append(seedRows(0, 0, 30, 4, -100), seedRows(0, 120, 30, 6, 1799)...)) // a trial, then the other way
	f.Add(append(seedRows(2, 10, 365, 3, -13900), seedRows(2, 11, 1, 40, -500)...))
	f.Add(seedRows(0, 1490, 1, 20, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		txns := fuzzTxns(data)
		today := day("2025-01-01") + 1200
		got := Detect(txns, today)
		if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].Key < got[j].Key }) {
			t.Fatal("not sorted by key")
		}
		seen := map[string]bool{}
		used := map[int64]bool{}
		for _, s := range got {
			if seen[s.Key] {
				t.Fatalf("key %q twice", s.Key)
			}
			seen[s.Key] = true
			if len(s.Occurrences) < 2 || (s.Status != Active && s.Status != Ended) {
				t.Fatalf("%+v", s)
			}
			for i, o := range s.Occurrences {
				if used[o.TxnID] {
					t.Fatalf("txn %d in two series", o.TxnID)
				}
				used[o.TxnID] = true
				if o.Date > today || (i > 0 && o.Date < s.Occurrences[i-1].Date) {
					t.Fatalf("occurrences out of order or after today: %+v", s.Occurrences)
				}
			}
			if s.NextDate <= s.LastDate {
				t.Fatalf("next %s not after last %s", s.NextDate, s.LastDate)
			}
		}
	})
}
