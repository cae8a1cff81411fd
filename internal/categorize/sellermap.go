package categorize

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/centavo/centavo"
)

//go:embed sellers.tsv
var seededSellers string

// SellerMap is the seeded seller → category dictionary. Lookups are exact on
// the merchant key, then by the longest known brand prefix of the key's
// tokens (SHELL OIL 57442660 → SHELL). It is read-only after loading and safe
// for concurrent use.
//
// It holds tens of thousands of sellers compactly (50,000 in about 7 MB):
// names and keys live back to back in a few 64 KiB string chunks (the
// arena); a seller is 8 bytes (name position, length, category index); the
// index is an open-addressing table of uint32 slots over 8-byte key records.
type SellerMap struct {
	sellers []seller
	keys    []keyEntry
	slots   []uint32 // 0: empty; else the key's hash tag << tagShift | key index + 1
	arena   arena
	// Conflicts lists keys claimed by more than one seller; the first
	// claim wins. The shipped map is tested to have none.
	Conflicts []string
}

// seller is a name in the arena and a category.
type seller struct {
	pos      uint32 // arena position of the name
	nameLen  uint8
	category uint8 // index into categoryIDs
}

// keyEntry is a merchant key (in the arena, after its 2-byte length) and
// the seller it names.
type keyEntry struct {
	pos    uint32
	seller uint32
}

const (
	tagShift = 24
	maxKeys  = 1<<tagShift - 1
	// maxNameBytes bounds a seller's display name.
	maxNameBytes = 255
)

// arena stores strings back to back in chunks of arenaChunk bytes, addressed
// by a uint32 position (chunk << 16 | offset). A chunk is a strings.Builder
// that never grows past the capacity it was given, so the strings already
// taken from it stay valid and unchanged.
type arena struct {
	chunks []string
	cur    strings.Builder
}

const arenaChunk = 64 << 10

// add copies the parts into the arena, one after the other, and returns
// their position.
func (a *arena) add(parts ...[]byte) uint32 {
	size := 0
	for _, p := range parts {
		size += len(p)
	}
	if len(a.chunks) == 0 || a.cur.Cap()-a.cur.Len() < size {
		a.cur = strings.Builder{}
		a.cur.Grow(arenaChunk)
		a.chunks = append(a.chunks, "")
	}
	off := a.cur.Len()
	for _, p := range parts {
		a.cur.Write(p)
	}
	chunk := len(a.chunks) - 1
	a.chunks[chunk] = a.cur.String()
	return uint32(chunk)<<16 | uint32(off)
}

// at returns the n bytes at pos, without copying.
func (a *arena) at(pos uint32, n int) string {
	off := int(pos & 0xFFFF)
	return a.chunks[pos>>16][off : off+n]
}

// key returns the key stored at pos after its length.
func (a *arena) key(pos uint32) string {
	b := a.at(pos, 2)
	return a.at(pos+2, int(b[0])<<8|int(b[1]))
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
	m := &SellerMap{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	var aliases []string
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		name, rest, ok := strings.Cut(text, "\t")
		cat, aliasText, _ := strings.Cut(rest, "\t")
		if !ok || strings.Contains(aliasText, "\t") {
			return nil, fmt.Errorf("categorize: seller map line %d: want name<TAB>category[<TAB>aliases]", line)
		}
		name, cat = strings.TrimSpace(name), strings.TrimSpace(cat)
		ci, ok := categoryIndex(cat)
		if !ok {
			return nil, fmt.Errorf("categorize: seller map line %d: unknown category %q", line, cat)
		}
		aliases = aliases[:0]
		if strings.TrimSpace(aliasText) != "" {
			for a := range strings.SplitSeq(aliasText, "|") {
				aliases = append(aliases, a)
			}
		}
		if err := m.Add(name, ci, aliases); err != nil {
			return nil, fmt.Errorf("categorize: seller map line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("categorize: seller map: %w", err)
	}
	// Give back what append reserved beyond the last record.
	m.sellers = slices.Clone(m.sellers)
	m.keys = slices.Clone(m.keys)
	return m, nil
}

// Add adds a seller with its aliases. Names and aliases are indexed by their
// key with any processor mark kept (IN-N-OUT BURGER → IN N OUT BURGER): a
// brand never carries a processor's mark, so a leading SQ, IN or BT in a name
// is part of it.
func (m *SellerMap) Add(name string, category uint8, aliases []string) error {
	if int(category) >= len(categoryIDs) {
		return fmt.Errorf("seller %q: category index %d out of range", name, category)
	}
	if len(name) > maxNameBytes || name == "" {
		return fmt.Errorf("seller name %q: want 1 to %d bytes", name, maxNameBytes)
	}
	id := uint32(len(m.sellers))
	n := normalizers.Get().(*normalizer)
	defer normalizers.Put(n)
	n.keepProcessor = true
	added := 0
	for i := -1; i < len(aliases); i++ {
		k := name
		if i >= 0 {
			k = aliases[i]
		}
		n.normalize(k)
		key := n.key[:n.nkey]
		if len(key) == 0 {
			continue
		}
		if prev, _, dup := exact(m, key); dup {
			if prev != id {
				m.Conflicts = append(m.Conflicts, fmt.Sprintf("%q and %q share the key %q", m.name(prev), name, key))
			}
			continue
		}
		if len(m.keys) == maxKeys {
			return fmt.Errorf("seller %q: the map is full (%d keys)", name, maxKeys)
		}
		m.insert(key)
		m.keys[len(m.keys)-1].seller = id
		added++
	}
	if added == 0 {
		return fmt.Errorf("seller %q has no key of its own", name)
	}
	pos := m.arena.add([]byte(name))
	m.sellers = append(m.sellers, seller{pos: pos, nameLen: uint8(len(name)), category: category})
	return nil
}

// insert appends a key record for key and indexes it.
func (m *SellerMap) insert(key []byte) {
	var length [2]byte
	length[0], length[1] = byte(len(key)>>8), byte(len(key))
	m.keys = append(m.keys, keyEntry{pos: m.arena.add(length[:], key)})
	if len(m.keys)*4 > len(m.slots)*3 {
		m.rehash(max(1024, 2*len(m.slots)))
		return
	}
	m.place(hashKey(key), uint32(len(m.keys)))
}

func (m *SellerMap) rehash(size int) {
	m.slots = make([]uint32, size)
	for i, e := range m.keys {
		m.place(hashKey(m.arena.key(e.pos)), uint32(i+1))
	}
}

// place puts key record number ref (1-based) in the first free slot for h.
func (m *SellerMap) place(h uint64, ref uint32) {
	mask := uint32(len(m.slots) - 1)
	for i := uint32(h) & mask; ; i = (i + 1) & mask {
		if m.slots[i] == 0 {
			m.slots[i] = uint32(h>>56)<<tagShift | ref
			return
		}
	}
}

// hashKey hashes a key eight bytes at a time (multiply and fold, in the
// manner of FNV), on strings and bytes alike.
func hashKey[K string | []byte](key K) uint64 {
	const prime = 0x9E3779B97F4A7C15
	h := uint64(len(key)) * prime
	i := 0
	for ; i+8 <= len(key); i += 8 {
		v := uint64(key[i]) | uint64(key[i+1])<<8 | uint64(key[i+2])<<16 | uint64(key[i+3])<<24 |
			uint64(key[i+4])<<32 | uint64(key[i+5])<<40 | uint64(key[i+6])<<48 | uint64(key[i+7])<<56
		h = (h ^ v) * prime
		h ^= h >> 32
	}
	var v uint64
	for k := 0; i < len(key); i, k = i+1, k+8 {
		v |= uint64(key[i]) << k
	}
	h = (h ^ v) * prime
	h ^= h >> 29
	h *= prime
	return h ^ h>>32
}

// exact finds the seller of exactly key, and the map's copy of the key.
func exact[K string | []byte](m *SellerMap, key K) (uint32, string, bool) {
	if len(m.slots) == 0 {
		return 0, "", false
	}
	h := hashKey(key)
	tag := uint32(h >> 56)
	mask := uint32(len(m.slots) - 1)
	for i := uint32(h) & mask; ; i = (i + 1) & mask {
		s := m.slots[i]
		if s == 0 {
			return 0, "", false
		}
		if s>>tagShift == tag {
			e := m.keys[s&maxKeys-1]
			if k := m.arena.key(e.pos); k == string(key) {
				return e.seller, k, true
			}
		}
	}
}

func (m *SellerMap) name(id uint32) string {
	s := m.sellers[id]
	return m.arena.at(s.pos, int(s.nameLen))
}

// Len is the number of sellers.
func (m *SellerMap) Len() int { return len(m.sellers) }

// Lookup finds the seller of a merchant key: exact, then the longest prefix
// of whole tokens. It does not allocate.
func (m *SellerMap) Lookup(key string) (name, category string, ok bool) {
	id, _, ok := find(m, key, 0)
	if !ok {
		return "", "", false
	}
	return m.name(id), categoryIDs[m.sellers[id].category], true
}

// find is Lookup returning the seller's index and the key that matched (the
// map's copy), trying only prefixes of at least minLen bytes.
func find[K string | []byte](m *SellerMap, key K, minLen int) (uint32, string, bool) {
	for k := key; len(k) >= max(minLen, 1); {
		if id, matched, found := exact(m, k); found {
			return id, matched, true
		}
		i := len(k) - 1
		for i >= 0 && k[i] != ' ' {
			i--
		}
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0, "", false
}
