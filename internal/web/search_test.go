package web_test

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// TestSearchPage (issue 17, item 8): the search page finds by word prefix
// whatever the accents, by amount range (absolute) and category, shows the
// count and total of everything matching, says what is wrong with a bad
// amount, and exports the same matches as CSV and JSON behind the session.
func TestSearchPage(t *testing.T) {
	t.Parallel()
	f := setup(t)
	a := f.newUser("search@example.com", "Café Nero", "Corner Bakery", "Hardware Store")
	f.newUser("other@example.com", "Café Nero")

	cases := []struct {
		path string
		want []string
		not  []string
	}{
		{"/search?q=CAFE", []string{`data-count="1"`, `data-total="-1000"`, "Café Nero", "CAFÉ NERO 1234", "-$10.00"}, []string{"Corner Bakery"}},
		{"/search?min=15&max=40", []string{`data-count="2"`, "-$50.00", "Corner Bakery", "Hardware Store"}, []string{"Café Nero"}},
		{"/search?q=nothing+here", []string{`data-count="0"`, "No transactions match."}, nil},
		{"/search", []string{`data-count="3"`, "-$60.00", `href="/search/export?format=csv"`}, nil},
	}
	for _, c := range cases {
		res := f.get(a, c.path)
		if res.Code != 200 {
			t.Fatalf("GET %s: %d\n%s", c.path, res.Code, res.body)
		}
		for _, s := range c.want {
			if !strings.Contains(res.body, s) {
				t.Errorf("GET %s: %q missing", c.path, s)
			}
		}
		for _, s := range c.not {
			if strings.Contains(res.body, s) {
				t.Errorf("GET %s: %q shown", c.path, s)
			}
		}
	}
	if res := f.get(a, "/search?min=ten"); res.Code != 400 || !strings.Contains(res.body, "Min is not an amount") {
		t.Errorf("a bad amount: %d", res.Code)
	}
	if res := f.get(a, "/search?from=2026-05-01&to=2026-04-01"); res.Code != 400 || !strings.Contains(res.body, "From is after to.") {
		t.Errorf("dates the wrong way round: %d", res.Code)
	}

	res := f.get(a, "/search/export?format=csv&q=corn")
	rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if res.Code != 200 || err != nil || len(rows) != 2 || rows[1][4] != "Corner Bakery" || rows[1][6] != "-20.00" ||
		!strings.Contains(res.Header().Get("Content-Disposition"), `filename="centavo-transactions-2026-05-20.csv"`) {
		t.Fatalf("csv export: %d %v %q %v", res.Code, err, rows, res.Header())
	}
	res = f.get(a, "/search/export?format=json&max=15")
	var out struct{ Transactions []struct{ Merchant string } }
	if res.Code != 200 || json.Unmarshal([]byte(res.body), &out) != nil || len(out.Transactions) != 1 || out.Transactions[0].Merchant != "Café Nero" {
		t.Fatalf("json export: %d %s", res.Code, res.body)
	}
	if res := f.get(nil, "/search/export?format=csv"); res.Code != 303 && res.Code != 302 {
		t.Errorf("export without a session: %d", res.Code)
	}
}
