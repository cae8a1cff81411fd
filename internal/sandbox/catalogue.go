package sandbox

import (
	"bufio"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/centavo/centavo"
)

//go:embed merchants.tsv
var merchantsTSV string

// Merchant is a real-world merchant of the catalogue the sandbox's customers
// spend at.
type Merchant struct {
	Category    string
	Name        string
	Descriptors []string // templates, see fill
	MinCents    int64
	MaxCents    int64
	Weight      int
	Account     string // card, checking or any
}

var placeholders = []string{"{city}", "{store}", "{n4}", "{n8}", "{ref}", "{mmdd}", "{phone}"}

// Catalogue returns the merchant catalogue. It panics if the embedded file is
// invalid, which a test guards.
var Catalogue = sync.OnceValue(func() []Merchant {
	m, err := parseCatalogue(merchantsTSV)
	if err != nil {
		panic(err)
	}
	return m
})

func parseCatalogue(text string) ([]Merchant, error) {
	var out []Merchant
	names := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 7 {
			return nil, fmt.Errorf("sandbox: merchants line %d: %d fields, want 7", line, len(f))
		}
		m := Merchant{Category: f[0], Name: f[1], Account: f[6]}
		if c, ok := centavo.LookupCategory(m.Category); !ok || c.Kind != centavo.KindSpending {
			return nil, fmt.Errorf("sandbox: merchants line %d: %q is not a spending category", line, m.Category)
		}
		if names[m.Name] {
			return nil, fmt.Errorf("sandbox: merchants line %d: %q listed twice", line, m.Name)
		}
		names[m.Name] = true
		var err error
		if m.MinCents, err = strconv.ParseInt(f[3], 10, 64); err != nil || m.MinCents <= 0 {
			return nil, fmt.Errorf("sandbox: merchants line %d: bad min_cents %q", line, f[3])
		}
		if m.MaxCents, err = strconv.ParseInt(f[4], 10, 64); err != nil || m.MaxCents < m.MinCents {
			return nil, fmt.Errorf("sandbox: merchants line %d: bad max_cents %q", line, f[4])
		}
		if m.Weight, err = strconv.Atoi(f[5]); err != nil || m.Weight < 1 || m.Weight > 100 {
			return nil, fmt.Errorf("sandbox: merchants line %d: bad weight %q", line, f[5])
		}
		if m.Account != "card" && m.Account != "checking" && m.Account != "any" {
			return nil, fmt.Errorf("sandbox: merchants line %d: bad account %q", line, m.Account)
		}
		for _, d := range strings.Split(f[2], "|") {
			if strings.TrimSpace(d) == "" {
				return nil, fmt.Errorf("sandbox: merchants line %d: empty descriptor", line)
			}
			rest := d
			for _, p := range placeholders {
				rest = strings.ReplaceAll(rest, p, "")
			}
			if strings.ContainsAny(rest, "{}") {
				return nil, fmt.Errorf("sandbox: merchants line %d: unknown placeholder in %q", line, d)
			}
			m.Descriptors = append(m.Descriptors, d)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// cityStates fill {city}: where the customers shop, as card networks print
// it (city names are cut to 13 characters).
var cityStates = []string{
	"OAKLAND CA", "SAN FRANCISCO CA", "BERKELEY CA", "SAN JOSE CA", "LOS ANGELES CA", "SAN DIEGO CA",
	"SEATTLE WA", "BELLEVUE WA", "PORTLAND OR", "DENVER CO", "BOULDER CO", "AUSTIN TX", "HOUSTON TX",
	"DALLAS TX", "CHICAGO IL", "EVANSTON IL", "NEW YORK NY", "BROOKLYN NY", "JERSEY CITY NJ",
	"BOSTON MA", "CAMBRIDGE MA", "PHILADELPHIA PA", "PITTSBURGH PA", "ATLANTA GA", "MIAMI FL",
	"ORLANDO FL", "TAMPA FL", "CHARLOTTE NC", "RALEIGH NC", "NASHVILLE TN", "MINNEAPOLIS MN",
	"DETROIT MI", "COLUMBUS OH", "PHOENIX AZ", "LAS VEGAS NV", "SALT LAKE CTY UT", "WASHINGTON DC",
	"ARLINGTON VA", "BALTIMORE MD", "ST LOUIS MO", "KANSAS CITY MO", "MILWAUKEE WI", "NEW ORLEANS LA",
	"SACRAMENTO CA", "PALO ALTO CA", "MOUNTAIN VIEW CA", "SANTA MONICA CA", "PASADENA CA", "IRVINE CA",
	"EMERYVILLE CA", "WALNUT CREEK CA", "FREMONT CA", "TORONTO ON", "VANCOUVER BC",
}
