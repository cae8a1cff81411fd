package categorize

import (
	"strings"
	"testing"
)

func TestSeededSellerMap(t *testing.T) {
	t.Parallel()
	m, err := Seeded()
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() < 5000 {
		t.Fatalf("%d sellers", m.Len())
	}
	for _, c := range m.Conflicts {
		t.Errorf("conflict: %s", c)
	}
	for _, tc := range []struct{ key, name, category string }{
		{"STARBUCKS", "Starbucks", "restaurants"},
		{"STARBUCKS STORE", "Starbucks", "restaurants"},
		{"SHELL OIL", "Shell", "gas"},
		{"IKEA", "IKEA", "housing"},
		{"WAYFAIR", "Wayfair", "housing"},
		{"HOMEGOODS", "HomeGoods", "shopping"},
		{"IN N OUT BURGER", "In-N-Out Burger", "restaurants"},
		{"GOOGLE FI", "Google Fi Wireless", "utilities"},
		{"SP PLUS PARKING", "SP Plus Parking", "transport"},
	} {
		name, cat, ok := m.Lookup(tc.key)
		if !ok || name != tc.name || cat != tc.category {
			t.Errorf("Lookup(%q) = %q, %q, %v; want %q, %q", tc.key, name, cat, ok, tc.name, tc.category)
		}
	}
	for _, key := range []string{"", "UNKNOWN LOCAL DELI", "STARBUCK", "SQ"} {
		if name, _, ok := m.Lookup(key); ok {
			t.Errorf("Lookup(%q) found %q", key, name)
		}
	}
}

func TestLoadSellerMapErrors(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"Acme\n",                          // no category
		"Acme\tnot_a_category\t\n",        // unknown category
		"Acme\tfood\tACME\textra\n",       // four fields
		"Acme\tfood\t\nAcme\tgas\tACME\n", // no key of its own
		strings.Repeat("A", 300) + "\tfood\t\n",
	} {
		if _, err := LoadSellerMap(strings.NewReader(text)); err == nil {
			t.Errorf("%.40q: no error", text)
		}
	}
	m, err := LoadSellerMap(strings.NewReader("# comment\n\nAcme\tfood\tACME MARKETS|ACME\nBeta\tgas\tACME MARKETS\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() != 2 || len(m.Conflicts) != 1 {
		t.Fatalf("%d sellers, conflicts %q", m.Len(), m.Conflicts)
	}
}

// TestSellerMapGrows checks the index through several rehashes against a
// plain Go map.
func TestSellerMapGrows(t *testing.T) {
	t.Parallel()
	text := syntheticSellers(5000)
	m, err := LoadSellerMap(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() != 5000 || len(m.Conflicts) != 0 {
		t.Fatalf("%d sellers, %d conflicts", m.Len(), len(m.Conflicts))
	}
	for line := range strings.SplitSeq(strings.TrimSpace(text), "\n") {
		f := strings.Split(line, "\t")
		name, cat, ok := m.Lookup(Key(f[0]))
		if !ok || name != f[0] || cat != f[1] {
			t.Fatalf("Lookup(Key(%q)) = %q, %q, %v", f[0], name, cat, ok)
		}
	}
}

// TestSellerMap50kHeap holds the seller map to its memory budget: 50,000
// sellers (the seeded map and synthetic ones) in at most 12 MB of heap.
func TestSellerMap50kHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: builds a 50,000-seller map")
	}
	m, heap := heapOfSellerMap(t, sellers50k(t))
	t.Logf("%d sellers, %d keys: %.1f MB", m.Len(), len(m.keys), float64(heap)/1e6)
	if m.Len() != 50_000 {
		t.Fatalf("%d sellers, want 50,000", m.Len())
	}
	if heap > 12_000_000 {
		t.Fatalf("50,000 sellers take %d bytes of heap, want at most 12 MB", heap)
	}
}
