package main

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

func TestStatement(t *testing.T) {
	t.Parallel()
	end := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	rows := Statement(5000, end, 20)
	if len(rows) != 5000 {
		t.Fatalf("%d rows, want 5000", len(rows))
	}
	first := end.AddDate(0, 0, -364)
	names := map[string]bool{}
	credits := 0
	for i, r := range rows {
		if r.Date.Before(first) || r.Date.After(end) {
			t.Fatalf("row %d on %s, outside %s…%s", i, r.Date, first, end)
		}
		if i > 0 && r.Date.Before(rows[i-1].Date) {
			t.Fatalf("row %d on %s before row %d on %s", i, r.Date, i-1, rows[i-1].Date)
		}
		if r.Cents == 0 {
			t.Fatalf("row %d has no amount", i)
		}
		if r.Cents > 0 {
			credits++
		}
		names[strings.SplitN(r.Description, " #", 2)[0]] = true
	}
	if len(names) < 40 || credits == 0 || credits > len(rows)/10 {
		t.Errorf("%d merchants and %d credits in 5000 rows: want a varied statement", len(names), credits)
	}

	var a, b bytes.Buffer
	if err := WriteCSV(&a, rows); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&b, Statement(5000, end, 20)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed gave another statement")
	}
	records, err := csv.NewReader(&a).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 5001 || strings.Join(records[0], ",") != "Date,Description,Amount" {
		t.Fatalf("%d records, header %q", len(records), records[0])
	}
}

func TestQuote(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{`A B`: `A B`, `A, B`: `"A, B"`, `A "B"`: `"A ""B"""`} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %q, want %q", in, got, want)
		}
	}
}
