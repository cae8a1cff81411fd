package rates

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/centavo/centavo/internal/store"
)

// MaxFileBytes bounds an imported or fetched rates file (the whole ECB
// history since 1999 is about 2 MB as CSV, 7 MB as XML).
const MaxFileBytes = 32 << 20

// Parse reads an ECB reference-rate file in any of its published forms:
// eurofxref-hist.csv (a row per day, newest first), eurofxref.csv (one day,
// "09 May 2025" dates, spaces after commas), and the XML of
// eurofxref-daily.xml, eurofxref-hist-90d.xml and eurofxref-hist.xml. Any
// malformed line, date, code or rate refuses the whole file, with where and
// why; "N/A" and empty cells are days without a rate.
func Parse(data []byte) ([]store.ExchangeRate, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("rates file is %d bytes, over the %d limit", len(data), MaxFileBytes)
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	var out []store.ExchangeRate
	var err error
	switch {
	case len(trimmed) == 0:
		return nil, errors.New("the rates file is empty")
	case trimmed[0] == '<':
		out, err = parseXML(trimmed)
	default:
		out, err = parseCSV(trimmed)
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("the rates file holds no rate")
	}
	return out, nil
}

func parseCSV(data []byte) ([]store.ExchangeRate, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("line 1: %w", err)
	}
	if len(header) < 2 || strings.TrimSpace(header[0]) != "Date" {
		return nil, errors.New(`line 1: not an ECB rates file (the first column must be "Date")`)
	}
	width := len(header)
	codes := header[1:]
	for len(codes) > 0 && strings.TrimSpace(codes[len(codes)-1]) == "" {
		codes = codes[:len(codes)-1] // the trailing comma of every line
	}
	for i, c := range codes {
		c = strings.TrimSpace(c)
		if !codeShaped(c) {
			return nil, fmt.Errorf("line 1, column %d: %q is not a currency code", i+2, c)
		}
		codes[i] = c
	}
	var out []store.ExchangeRate
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		// Every line ends as the header does (with the ECB's trailing comma).
		if len(rec) != width {
			return nil, fmt.Errorf("line %d: %d columns, the header has %d", line, len(rec), width)
		}
		rec = rec[:len(codes)+1]
		day, err := parseDay(strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		for i, cell := range rec[1:] {
			cell = strings.TrimSpace(cell)
			if cell == "" || cell == "N/A" {
				continue
			}
			if _, err := parseRate(cell); err != nil {
				return nil, fmt.Errorf("line %d, %s: %w", line, codes[i], err)
			}
			out = append(out, store.ExchangeRate{Day: day, Currency: codes[i], PerEUR: cell})
		}
	}
	return out, nil
}

// parseDay reads the hist files' 2006-01-02 and the daily CSV's "02 January 2006".
func parseDay(s string) (string, error) {
	for _, layout := range []string{time.DateOnly, "02 January 2006", "2 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1999 {
				return "", fmt.Errorf("date %q is before the euro", s)
			}
			return t.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("%q is not a date", s)
}

// ecbXML is the gesmes envelope: Cube > Cube time= > Cube currency= rate=.
type ecbXML struct {
	XMLName xml.Name
	Cube    struct {
		Days []struct {
			Time  string `xml:"time,attr"`
			Rates []struct {
				Currency string `xml:"currency,attr"`
				Rate     string `xml:"rate,attr"`
			} `xml:"Cube"`
		} `xml:"Cube"`
	} `xml:"Cube"`
}

func parseXML(data []byte) ([]store.ExchangeRate, error) {
	var doc ecbXML
	d := xml.NewDecoder(bytes.NewReader(data))
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not well-formed XML: %w", err)
	}
	if doc.XMLName.Local != "Envelope" {
		return nil, fmt.Errorf("not an ECB rates file (the root is <%s>, not the gesmes <Envelope>)", doc.XMLName.Local)
	}
	var out []store.ExchangeRate
	for _, day := range doc.Cube.Days {
		t, err := time.Parse(time.DateOnly, day.Time)
		if err != nil || t.Year() < 1999 {
			return nil, fmt.Errorf("day %q (Cube time) is not a date since 1999", day.Time)
		}
		for _, r := range day.Rates {
			if !codeShaped(r.Currency) {
				return nil, fmt.Errorf("%s: currency=%q is not a currency code", day.Time, r.Currency)
			}
			if _, err := parseRate(r.Rate); err != nil {
				return nil, fmt.Errorf("%s, %s: %w", day.Time, r.Currency, err)
			}
			out = append(out, store.ExchangeRate{Day: day.Time, Currency: r.Currency, PerEUR: r.Rate})
		}
	}
	return out, nil
}
