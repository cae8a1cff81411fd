package categorize

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/sandbox"
)

// knownDescriptors is a year of one sandbox customer's statement lines whose
// merchant the seeded map knows: the realistic mix a refresh categorizes.
func knownDescriptors(tb testing.TB, c *Categorizer) []Input {
	tb.Helper()
	cust, ok := sandbox.ParseLogin("demo-1")
	if !ok {
		tb.Fatal("sandbox login demo-1 not recognised")
	}
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	var out []Input
	for _, acct := range cust.Accounts() {
		for _, tx := range cust.Transactions(acct.Type, today.AddDate(-1, 0, 0), today, today) {
			in := Input{Descriptor: tx.Name, AmountCents: tx.AmountCents, TrnType: tx.TrnType}
			if r := c.Categorize(in); r.Category != centavo.CatUncategorized {
				out = append(out, in)
			}
		}
	}
	if len(out) < 1000 {
		tb.Fatalf("only %d known descriptors", len(out))
	}
	return out
}

// BenchmarkCategorize measures normalization plus categorization of
// known-merchant descriptors. Run on one core:
//
//	go test -run XXX -bench BenchmarkCategorize -cpu 1 ./internal/categorize/
func BenchmarkCategorize(b *testing.B) {
	sellers, err := Seeded()
	if err != nil {
		b.Fatal(err)
	}
	c := &Categorizer{Sellers: sellers}
	ins := knownDescriptors(b, c)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := c.Categorize(ins[i%len(ins)])
		if r.Category == "" {
			b.Fatal("no category")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "categorizations/s")
}

// syntheticSellers writes n deterministic seller lines with realistic name
// lengths (one to four words, 3–12 letters each) and zero to three aliases.
func syntheticSellers(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	const consonants, vowels = "BCDFGHJKLMNPRSTVWZ", "AEIOU"
	word := func() string {
		var b strings.Builder
		for k := 2 + r.IntN(10); b.Len() < k; {
			b.WriteByte(consonants[r.IntN(len(consonants))])
			b.WriteByte(vowels[r.IntN(len(vowels))])
		}
		return b.String()
	}
	// serial spells i in syllables after an X, which no generated word
	// starts with, so every synthetic name and alias is distinct.
	serial := func(i int) string {
		b := []byte{'X'}
		for {
			b = append(b, consonants[i%len(consonants)], vowels[i/len(consonants)%len(vowels)])
			i /= len(consonants) * len(vowels)
			if i == 0 {
				return string(b)
			}
		}
	}
	cats := categoryIDs[:len(categoryIDs)-1]
	var b strings.Builder
	for i := range n {
		var name []string
		for range 1 + r.IntN(3) {
			name = append(name, word())
		}
		s := serial(i)
		fmt.Fprintf(&b, "%s %s\t%s\t", strings.Join(name, " "), s, cats[r.IntN(len(cats))])
		suffixes := []string{"", " INC", " STORE"}
		for a := range r.IntN(4) {
			if a > 0 {
				b.WriteByte('|')
			}
			b.WriteString(strings.Join(name, "") + s + suffixes[a%len(suffixes)])
			if a == 2 {
				b.WriteString(".COM")
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// sellers50k is the real seeded map plus synthetic sellers up to 50,000.
func sellers50k(tb testing.TB) string {
	tb.Helper()
	seeded, err := Seeded()
	if err != nil {
		tb.Fatal(err)
	}
	return seededSellers + "\n" + syntheticSellers(50_000-seeded.Len())
}

// heapOfSellerMap loads a map from text and returns it with the heap bytes it
// holds (live heap after minus before, each after a full collection).
func heapOfSellerMap(tb testing.TB, text string) (*SellerMap, uint64) {
	tb.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err := LoadSellerMap(strings.NewReader(text))
	if err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	runtime.KeepAlive(text)
	return m, after.HeapAlloc - before.HeapAlloc
}

func BenchmarkSellerMapLoad50k(b *testing.B) {
	text := sellers50k(b)
	var heap uint64
	var n int
	for b.Loop() {
		m, h := heapOfSellerMap(b, text)
		heap, n = h, m.Len()
	}
	b.ReportMetric(float64(heap), "heap-bytes")
	b.ReportMetric(float64(n), "sellers")
}

func BenchmarkLookup(b *testing.B) {
	sellers, err := Seeded()
	if err != nil {
		b.Fatal(err)
	}
	keys := []string{"STARBUCKS STORE", "TRADER JOES", "SHELL OIL", "AMAZON", "UNKNOWN LOCAL DELI", "CHIPOTLE ONLINE", "WHOLE FOODS MARKET", "NETFLIX"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sellers.Lookup(keys[i%len(keys)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}
