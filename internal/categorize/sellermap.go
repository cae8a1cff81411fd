package categorize

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/centavo/centavo"
)

//go:embed sellers.tsv
var seededSellers string

// SellerMap is the seeded seller → category dictionary. Lookups are exact on
// the merchant key, then by the longest known brand prefix of the key's
// tokens (SHELL OIL 57442660 → SHELL). It is read-only after loading and safe
// for concurrent use.
type SellerMap struct {
	index   map[string]uint32 // merchant key or alias key → entry
	entries []seller
	// Conflicts lists keys claimed by more than one seller; the first
	// claim wins. The shipped map is tested to have none on names.
	Conflicts []string
}

type seller struct {
	name     string
	category uint8 // index into categoryIDs
}

// categoryIDs are the categories a seller can have, by index.
var categoryIDs = func() []string {
	var ids []string
	for _, c := range centavo.Categories() {
		ids = append(ids, c.ID)
	}
	return ids
}()

func categoryIndex(id string) (uint8, bool) {
	for i, c := range categoryIDs {
		if c == id {
			return uint8(i), true
		}
	}
	return 0, false
}

// Seeded returns the seller map shipped with Centavo.
func Seeded() (*SellerMap, error) {
	return LoadSellerMap(strings.NewReader(seededSellers))
}

// LoadSellerMap reads "name<TAB>category<TAB>aliases" lines (aliases separated
// by "|"; "#" starts a comment line). A key claimed by two sellers goes to
// the first and is recorded in Conflicts.
func LoadSellerMap(r io.Reader) (*SellerMap, error) {
	m := &SellerMap{index: map[string]uint32{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("categorize: seller map line %d: want name<TAB>category[<TAB>aliases], got %d fields", line, len(f))
		}
		name, cat := strings.TrimSpace(f[0]), strings.TrimSpace(f[1])
		ci, ok := categoryIndex(cat)
		if !ok {
			return nil, fmt.Errorf("categorize: seller map line %d: unknown category %q", line, cat)
		}
		if err := m.Add(name, ci, aliasesOf(f)); err != nil {
			return nil, fmt.Errorf("categorize: seller map line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("categorize: seller map: %w", err)
	}
	return m, nil
}

func aliasesOf(f []string) []string {
	if len(f) < 3 || strings.TrimSpace(f[2]) == "" {
		return nil
	}
	return strings.Split(f[2], "|")
}

// Add adds a seller with its aliases.
func (m *SellerMap) Add(name string, category uint8, aliases []string) error {
	id := uint32(len(m.entries))
	m.entries = append(m.entries, seller{name: name, category: category})
	added := 0
	for _, k := range append([]string{name}, aliases...) {
		key := Key(k)
		if key == "" {
			continue
		}
		if prev, dup := m.index[key]; dup {
			if prev != id {
				m.Conflicts = append(m.Conflicts, fmt.Sprintf("%q and %q share the key %q", m.entries[prev].name, name, key))
			}
			continue
		}
		m.index[key] = id
		added++
	}
	if added == 0 {
		m.entries = m.entries[:id]
		return fmt.Errorf("seller %q has no key of its own", name)
	}
	return nil
}

// Len is the number of sellers.
func (m *SellerMap) Len() int { return len(m.entries) }

// Lookup finds the seller of a merchant key: exact, then the longest prefix
// of whole tokens. It does not allocate.
func (m *SellerMap) Lookup(key string) (name, category string, ok bool) {
	for k := key; k != ""; {
		if id, found := m.index[k]; found {
			e := m.entries[id]
			return e.name, categoryIDs[e.category], true
		}
		i := strings.LastIndexByte(k, ' ')
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return "", "", false
}
