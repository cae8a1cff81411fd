package rates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/store"
)

// TestParseECBFormats reads each published form: the daily CSV (spaced,
// "09 May 2025"), the history CSV (N/A cells, trailing commas), the daily
// and history XML.
func TestParseECBFormats(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file       string
		rates      int
		days       int
		usdOfFirst store.ExchangeRate
	}{
		{"eurofxref.csv", 30, 1, store.ExchangeRate{Day: "2025-05-09", Currency: "USD", PerEUR: "1.1252"}},
		{"eurofxref-hist.csv", 90, 3, store.ExchangeRate{Day: "2025-05-09", Currency: "USD", PerEUR: "1.1252"}},
		{"eurofxref-daily.xml", 30, 1, store.ExchangeRate{Day: "2025-05-09", Currency: "USD", PerEUR: "1.1252"}},
		{"eurofxref-hist.xml", 90, 3, store.ExchangeRate{Day: "2025-05-09", Currency: "USD", PerEUR: "1.1252"}},
	}
	for _, c := range cases {
		data, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		rs, err := Parse(data)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		days := map[string]bool{}
		for _, r := range rs {
			days[r.Day] = true
			if r.Currency == "CYP" || r.PerEUR == "N/A" {
				t.Errorf("%s: an N/A cell became a rate: %+v", c.file, r)
			}
		}
		if len(rs) != c.rates || len(days) != c.days || rs[0] != c.usdOfFirst {
			t.Errorf("%s: %d rates over %d days, first %+v; want %d over %d, first %+v", c.file, len(rs), len(days), rs[0], c.rates, c.days, c.usdOfFirst)
		}
	}
}

// TestParseRefuses: every malformed file is refused, saying where.
func TestParseRefuses(t *testing.T) {
	t.Parallel()
	hist, err := os.ReadFile(filepath.Join("testdata", "eurofxref-hist.csv"))
	if err != nil {
		t.Fatal(err)
	}
	good := string(hist)
	cases := []struct{ name, data, says string }{
		{"empty", "", "empty"},
		{"an HTML error page", "<html><body>Service unavailable</body></html>", "not an ECB rates file"},
		{"not XML at all", "<gesmes:Envelope", "XML"},
		{"a header without Date", "Day,USD,\n2025-05-09,1.1,\n", `"Date"`},
		{"a header that is not a code", "Date,US Dollar,\n2025-05-09,1.1,\n", "not a currency code"},
		{"a bad date", strings.Replace(good, "2025-05-08", "2025-13-08", 1), "line 3"},
		{"a date before the euro", "Date,USD,\n1998-12-31,1.1,\n", "before the euro"},
		{"a negative rate", strings.Replace(good, "1.1297", "-1.1297", 1), "line 3, USD"},
		{"a zero rate", strings.Replace(good, "1.1297", "0", 1), "positive"},
		{"an exponent", strings.Replace(good, "1.1297", "1e3", 1), "not a decimal"},
		{"a comma decimal", strings.Replace(good, "1.1297,", `"1,1297",`, 1), "not a decimal"},
		{"a missing column", strings.Replace(good, "1.1297,163.45,", "1.1297,", 1), "columns"},
		{"a header only", "Date,USD,\n", "no rate"},
		{"XML with another root", "<rates><Cube/></rates>", "Envelope"},
		{"XML with a bad day", strings.Replace(xmlOf(t, "eurofxref-daily.xml"), "2025-05-09", "yesterday", 1), "not a date"},
		{"XML with a bad rate", strings.Replace(xmlOf(t, "eurofxref-daily.xml"), "rate='1.1252'", "rate='lots'", 1), "USD"},
		{"XML with a bad code", strings.Replace(xmlOf(t, "eurofxref-daily.xml"), "currency='USD'", "currency='usd'", 1), "currency code"},
		{"XML without rates", strings.ReplaceAll(xmlOf(t, "eurofxref-daily.xml"), "<Cube currency", "<Other currency"), "no rate"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: Parse = %v, want an error saying %q", c.name, err, c.says)
		}
	}
	if _, err := Parse(make([]byte, MaxFileBytes+1)); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("an oversize file: %v", err)
	}
}

func xmlOf(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// FuzzParse: whatever the bytes, Parse does not panic, and what it accepts
// builds a table (every rate a positive exact decimal, every day a date).
func FuzzParse(f *testing.F) {
	for _, name := range []string{"eurofxref.csv", "eurofxref-hist.csv", "eurofxref-daily.xml", "eurofxref-hist.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Date,USD,\n2025-05-09,N/A,\n"))
	f.Add([]byte("\xef\xbb\xbfDate, USD\n09 May 2025, 1.1252\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := Parse(data)
		if err != nil {
			return
		}
		if len(rs) == 0 {
			t.Fatal("accepted a file without rates")
		}
		if _, err := NewTable(rs); err != nil {
			t.Fatalf("accepted rates that do not build a table: %v", err)
		}
		for _, r := range rs {
			if !codeShaped(r.Currency) || len(r.Day) != 10 {
				t.Fatalf("accepted %+v", r)
			}
		}
	})
}
