package institution

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmbedded: the bundled directory parses, every entry names its public
// source, and well-known entries are found by name and by FID.
func TestEmbedded(t *testing.T) {
	t.Parallel()
	d, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() < 100 {
		t.Errorf("only %d institutions", d.Len())
	}
	for _, in := range d.Search("", d.Len()+1) {
		var src struct{ Repository, Path, License string }
		if err := json.Unmarshal(in.Source, &src); err != nil || src.Repository == "" || src.Path == "" || src.License == "" {
			t.Errorf("%s: source %s", in.ID, in.Source)
		}
	}
	got := d.Search("chase", 10)
	if len(got) == 0 || got[0].ID != "chase" || got[0].FID != "10898" || got[0].Org != "B1" {
		t.Errorf("search chase: %+v", got)
	}
	if got := d.Search("10898", 10); len(got) != 1 || got[0].ID != "chase" {
		t.Errorf("search by FID: %+v", got)
	}
	if got := d.Search("WELLS fargo", 50); len(got) < 2 {
		t.Errorf("search is not case-insensitive or misses words: %+v", got)
	}
	if got := d.Search("credit union", 3); len(got) != 3 {
		t.Errorf("limit: %d", len(got))
	}
	if _, ok := d.ByID("no-such"); ok {
		t.Error("an unknown id is found")
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	entry := func(change string) string {
		e := map[string]string{"id": "b", "name": "Bank", "url": "https://ofx.bank.example/ofx", "org": "B", "fid": "1", "protocol": "ofx"}
		if k, v, ok := strings.Cut(change, "="); ok {
			e[k] = v
		}
		b, _ := json.Marshal(e)
		return string(b)
	}
	for name, doc := range map[string]string{
		"not json":     `{"institutions":[`,
		"no url":       `{"institutions":[` + entry("url=") + `]}`,
		"ftp url":      `{"institutions":[` + entry("url=ftp://x/y") + `]}`,
		"no fid":       `{"institutions":[` + entry("fid= ") + `]}`,
		"long org":     `{"institutions":[` + entry("org="+strings.Repeat("o", 65)) + `]}`,
		"other":        `{"institutions":[` + entry("protocol=plaid") + `]}`,
		"duplicate id": `{"institutions":[` + entry("") + `,` + entry("") + `]}`,
	} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	d, err := Parse([]byte(`{"institutions":[` + entry("") + `]}`))
	if err != nil || d.Len() != 1 {
		t.Fatalf("a good document: %v", err)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "dir.json")
	if err := os.WriteFile(path, []byte(`{"institutions":[{"id":"x","name":"X Bank","url":"http://127.0.0.1:1/ofx","org":"X","fid":"9","protocol":"ofx"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Load(path)
	if err != nil || d.Len() != 1 {
		t.Fatalf("load: %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file loads")
	}
	if d, err := Load(""); err != nil || d.Len() < 100 {
		t.Errorf("no file: the embedded directory, got %v", err)
	}
}

// FuzzParse: any document is refused with an error or gives a directory
// whose every entry passes the checks and is found by its id.
func FuzzParse(f *testing.F) {
	f.Add(embedded)
	f.Add([]byte(`{"institutions":[{"id":"x","name":"X","url":"https://x.example/ofx","org":"X","fid":"1","protocol":"ofx"}]}`))
	f.Add([]byte(`{"institutions":null}`))
	f.Add([]byte(`{"institutions":[{"id":"x","name":"X","url":"https://x.example/ofx","org":"X","fid":"1","protocol":"ofx"},{"id":"x"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse(b)
		if err != nil {
			return
		}
		for _, in := range d.Search("", d.Len()+1) {
			if err := check(in); err != nil {
				t.Fatalf("accepted %+v: %v", in, err)
			}
			if got, ok := d.ByID(in.ID); !ok || got.ID != in.ID {
				t.Fatalf("%q not found by id", in.ID)
			}
		}
	})
}
