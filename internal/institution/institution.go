// Package institution is the directory of institutions that offer OFX
// Direct Connect: name, server URL, ORG and FID, so that linking needs a
// name rather than three values typed by hand. The directory is embedded
// (directory.json, every entry with the public source it came from) and an
// operator can replace it with a file of the same format.
package institution

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:embed directory.json
var embedded []byte

// Institution is one entry of the directory.
type Institution struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	URL      string `json:"url"`
	Org      string `json:"org"`
	FID      string `json:"fid"`
	Protocol string `json:"protocol"` // "ofx"
	// Source says where the entry's facts were published.
	Source json.RawMessage `json:"source,omitempty"`
}

// Directory is a read-only list of institutions.
type Directory struct {
	list []Institution
	byID map[string]int
}

// Embedded returns the directory built into the binary.
func Embedded() (*Directory, error) { return Parse(embedded) }

// Load reads a directory file ("": the embedded one).
func Load(path string) (*Directory, error) {
	if path == "" {
		return Embedded()
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("institutions: %w", err)
	}
	d, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("institutions: %s: %w", path, err)
	}
	return d, nil
}

// MaxEntries bounds a directory file.
const MaxEntries = 100_000

// Parse reads a directory document: {"institutions":[{"id","name","url",
// "org","fid","protocol","source"}]}. Every entry needs an id (unique), a
// name, an http(s) URL, an ORG and a FID; a bad entry refuses the file.
func Parse(b []byte) (*Directory, error) {
	var doc struct {
		Institutions []Institution `json:"institutions"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("not a directory document: %w", err)
	}
	if len(doc.Institutions) > MaxEntries {
		return nil, fmt.Errorf("%d institutions, at most %d", len(doc.Institutions), MaxEntries)
	}
	d := &Directory{list: doc.Institutions, byID: make(map[string]int, len(doc.Institutions))}
	for i, in := range d.list {
		if err := check(in); err != nil {
			return nil, fmt.Errorf("institution %d (%q): %w", i+1, in.ID, err)
		}
		if _, dup := d.byID[in.ID]; dup {
			return nil, fmt.Errorf("institution %d: id %q is used twice", i+1, in.ID)
		}
		d.byID[in.ID] = i
	}
	sort.SliceStable(d.list, func(i, j int) bool { return strings.ToLower(d.list[i].Name) < strings.ToLower(d.list[j].Name) })
	for i, in := range d.list {
		d.byID[in.ID] = i
	}
	return d, nil
}

func check(in Institution) error {
	for name, v := range map[string]string{"id": in.ID, "name": in.Name, "org": in.Org, "fid": in.FID} {
		if strings.TrimSpace(v) == "" || len(v) > 200 || !utf8.ValidString(v) {
			return fmt.Errorf("%s must be 1 to 200 characters of text", name)
		}
	}
	if len(in.Org) > 64 || len(in.FID) > 64 {
		return fmt.Errorf("org and fid must be at most 64 characters")
	}
	u, err := url.Parse(in.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.URL) > 2048 {
		return fmt.Errorf("url must be an http or https URL")
	}
	if in.Protocol != "ofx" {
		return fmt.Errorf("protocol must be \"ofx\"")
	}
	return nil
}

// Len is how many institutions the directory holds.
func (d *Directory) Len() int { return len(d.list) }

// ByID returns the institution with the id.
func (d *Directory) ByID(id string) (Institution, bool) {
	i, ok := d.byID[id]
	if !ok {
		return Institution{}, false
	}
	return d.list[i], true
}

// Search returns at most limit institutions whose name, id, ORG or FID
// contains every word of q (case-insensitive), by name; an empty q lists
// the first ones.
func (d *Directory) Search(q string, limit int) []Institution {
	words := strings.Fields(strings.ToLower(q))
	out := []Institution{}
	for _, in := range d.list {
		hay := strings.ToLower(in.Name + " " + in.ID + " " + in.Org + " " + in.FID + " " + in.URL)
		match := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				match = false
				break
			}
		}
		if match {
			out = append(out, in)
			if len(out) == limit {
				break
			}
		}
	}
	return out
}
