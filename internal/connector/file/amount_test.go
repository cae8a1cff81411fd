package file

import (
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		style decimalStyle
		want  int64
	}{
		{"12.50", decimalPoint, 1250},
		// A ledger's debit and credit marks (issue 18): DR is money out.
		{"12.50 CR", decimalPoint, 1250},
		{"12.50 DR", decimalPoint, -1250},
		{"0.80Dr", decimalPoint, -80},
		{"15.00Cr", decimalPoint, 1500},
		{"£5.00 CR", decimalPoint, 500},
		{"DR 1.234,56", decimalComma, -123456},
		{"12.5", decimalPoint, 1250},
		{"12", decimalPoint, 1200},
		{".5", decimalPoint, 50},
		{"-0", decimalPoint, 0},
		{"-0.00", decimalPoint, 0},
		{"1,234.56", decimalPoint, 123456},
		{"1,234,567.89", decimalPoint, 123456789},
		{"11'373.94", decimalPoint, 1137394},
		{"-1 234.56", decimalPoint, -123456},
		{"(12.50)", decimalPoint, -1250},
		{"$120", decimalPoint, 12000},
		{"-$120.10", decimalPoint, -12010},
		{"$-120.10", decimalPoint, -12010},
		{"+ $73.01", decimalPoint, 7301},
		{"- $12.01", decimalPoint, -1201},
		{"12.50-", decimalPoint, -1250},
		{"USD 12.50", decimalPoint, 1250},
		{"12.50EUR", decimalPoint, 1250},
		{"US$ 5", decimalPoint, 500},
		{"120,50 kr", decimalComma, 12050},
		{"12,50 €", decimalComma, 1250},
		{"R$ 1.234,56", decimalComma, 123456},
		{"1.234,56", decimalComma, 123456},
		{"-98,76", decimalComma, -9876},
		{"155,5", decimalComma, 15550},
		{"2500", decimalComma, 250000},
		{"-30.000", decimalPoint, -3000},
		{"-3.77000", decimalPoint, -377},
		{"1.005", decimalPoint, 101},    // half away from zero
		{"-1.005", decimalPoint, -101},  // half away from zero, negative
		{"1.00499", decimalPoint, 100},  // below half
		{"-2.125", decimalPoint, -213},  // not banker's rounding
		{"0.994999", decimalPoint, 99},  // 99.4999 cents
		{"0.995", decimalPoint, 100},    // rounds up to a whole unit
		{"-200,00", decimalOFX, -20000}, // OFX allows a decimal comma
		{"1,234", decimalOFX, 123},
		{"1.234,5", decimalOFX, 123450},
		{"1,234.5", decimalOFX, 123450},
		{"1,000", decimalQIF, 100000}, // QIF groups thousands
		{"-1,000.00", decimalQIF, -100000},
		{"12,5", decimalQIF, 1250},
		{"10,000,000,000.00", decimalPoint, 1_000_000_000_000}, // the bound, ±10^12 cents
		{"-10000000000.004", decimalPoint, -1_000_000_000_000},
	}
	for _, tt := range tests {
		got, err := parseAmount(tt.in, tt.style)
		if err != nil {
			t.Errorf("parseAmount(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("parseAmount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestParseAmountRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		style decimalStyle
		msg   string // part of the error
	}{
		{"", decimalPoint, "no amount"},
		{"abc", decimalPoint, "not a number"},
		{"12,50", decimalPoint, "decimal comma"},
		{"1.2.3", decimalPoint, "separators"},
		{"1,23,456.00", decimalPoint, "separators"},
		{"1e5", decimalPoint, "not a number"},
		{"--5", decimalPoint, "more than one sign"},
		{"(-5)", decimalPoint, "more than one sign"},
		{"-12.50 DR", decimalPoint, "more than one sign"},
		{"(5.00) CR", decimalPoint, "not a number"},
		{"12.50 CR DR", decimalPoint, "not a number"},
		{"12 50 34", decimalPoint, "separators"},
		{"92233720368547758.07", decimalPoint, "is beyond ±10,000,000,000.00"}, // fits int64, not a transaction
		{"-92233720368547758.07", decimalPoint, "is beyond ±10,000,000,000.00"},
		{"10000000000.005", decimalPoint, "is beyond"},
		{"-10,000,000,000.01", decimalPoint, "is beyond"},
		{"92233720368547758.08", decimalPoint, "too large"},
		{"99999999999999999999999", decimalPoint, "too large"},
		{"1,234.56", decimalComma, "separators"},
		{"$", decimalPoint, "not a number"},
		{"12#5", decimalPoint, "not a number"},
		{"12abc", decimalPoint, "not a number"},
	}
	for _, tt := range tests {
		got, err := parseAmount(tt.in, tt.style)
		if err == nil {
			t.Errorf("parseAmount(%q) = %d, want an error", tt.in, got)
			continue
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("parseAmount(%q) error %q, want it to mention %q", tt.in, err, tt.msg)
		}
	}
}
