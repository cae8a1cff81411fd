package file

import (
	"slices"
	"strings"
	"testing"

	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/ofxparse"
)

// TestCSVDictionaryCoverage checks that the dictionary has, for every
// language it promises, a header for each role a statement needs, and the
// value words the reader looks for.
func TestCSVDictionaryCoverage(t *testing.T) {
	t.Parallel()
	have := map[role]map[string]bool{}
	for _, e := range csvDict.entries {
		if have[e.role] == nil {
			have[e.role] = map[string]bool{}
		}
		have[e.role][e.lang] = true
	}
	need := []role{roleDate, roleAmount, roleDebit, roleCredit, roleDirection, rolePayee, rolePurpose, roleDescription,
		roleBooking, roleBalance, roleStatus, roleCurrency, roleAccount, roleOut, roleIn, rolePending, roleDeclined, roleTotal}
	for m := 1; m <= 12; m++ {
		need = append(need, role("month-"+string(rune('0'+m/10))+string(rune('0'+m%10))))
	}
	for _, r := range need {
		for _, lang := range dictionaryLanguages {
			if !have[r][lang] {
				t.Errorf("the dictionary has no %s entry in %q", r, lang)
			}
		}
	}
	for _, e := range csvDict.entries {
		if e.lang != "*" && !slices.Contains(dictionaryLanguages, e.lang) {
			t.Errorf("entry %+v: unknown language", e)
		}
	}
}

// TestCSVDictionaryConsistent checks that no word means two opposite
// things: a direction word both out and in, a status both pending and
// declined, a month name two months, a header two roles (except the few
// that are meant to be, resolved by the data).
func TestCSVDictionaryConsistent(t *testing.T) {
	t.Parallel()
	for v := range csvDict.values[roleOut] {
		if csvDict.values[roleIn][v] {
			t.Errorf("%q is both money out and money in", v)
		}
	}
	for v := range csvDict.values[rolePending] {
		if csvDict.values[roleDeclined][v] {
			t.Errorf("%q is both pending and declined", v)
		}
	}
	for w, m := range csvDict.months {
		if m < 1 {
			t.Errorf("month word %q names two months", w)
		}
	}
	// A header may be a direction column or, when its values say more,
	// a booking type (Mint's "Transaction Type").
	multi := map[string]bool{"transaction type": true}
	for h, ranks := range csvDict.headers {
		roles := map[role]bool{}
		for _, r := range ranks {
			roles[r.role] = true
		}
		if len(roles) > 1 && !multi[h] {
			t.Errorf("header %q has several roles: %v", h, ranks)
		}
	}
}

func TestCSVDictionaryParseErrors(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"date\ten", "nope\ten\tX", "month-13\ten\tX", "out\ten\t--", "date\ten\t()"} {
		if _, err := parseDictionary(text); err == nil {
			t.Errorf("parseDictionary(%q) accepted it", text)
		}
	}
	if _, err := parseDictionary("# a comment\n\ndate\ten\tWhen\n"); err != nil {
		t.Errorf("a comment and a blank line: %v", err)
	}
}

func TestFoldText(t *testing.T) {
	t.Parallel()
	for _, c := range [][2]string{
		{"Währung", "wahrung"}, {"AÇIKLAMA", "acıklama"}, {"Açıklama", "aciklama"}, {"Straße", "strasse"},
		{"Beløb", "belob"}, {"Księgowania", "ksiegowania"}, {"Сумма", "сумма"}, {"Счёт", "счет"}, {"Kvæg", "kvaeg"},
	} {
		if got, want := foldText(c[0]), foldText(c[1]); got != want {
			t.Errorf("foldText(%q) = %q, foldText(%q) = %q; want them equal", c[0], got, c[1], want)
		}
	}
	for _, c := range [][2]string{{"Amount (EUR)", "amount"}, {"#Data operacji", "data operacji"}, {"Naam / Omschrijving", "naam/omschrijving"},
		{"  Buchungs-Tag ", "buchungs tag"}, {"İşlem Tarihi", "islem tarihi"}} {
		if got := normalizeHeader(c[0]); got != c[1] {
			t.Errorf("normalizeHeader(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestCSVStatusWords(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		v                string
		pending, decline bool
	}{
		{"PENDING", true, false}, {"Umsatz vorgemerkt", true, false}, {"Umsatz gebucht", false, false}, {"Venter", true, false},
		{"Udført", false, false}, {"в обработке", true, false}, {"FAILED", false, true}, {"Отклонено", false, true},
		{"Non contabilizzato", true, false}, {"Contabilizzato", false, false}, {"Függőben", true, false}, {"İptal edildi", false, true},
		{"oczekująca", true, false}, {"Zamítnuto", false, true}, {"COMPLETED", false, false}, {"", false, false},
	} {
		pending, skip := statusOf(c.v)
		if pending != c.pending || (skip != "") != c.decline {
			t.Errorf("statusOf(%q) = %v, %q; want pending %v, declined %v", c.v, pending, skip, c.pending, c.decline)
		}
	}
}

func TestCSVDirectionWords(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		v   string
		out bool
	}{
		{"D", true}, {"K", false}, {"S", true}, {"H", false}, {"DR", true}, {"CR", false}, {"Debit", true}, {"credit", false},
		{"Soll", true}, {"Haben", false}, {"Débit", true}, {"CREDIT", false}, {"Af", true}, {"Bij", false}, {"Kredit", false},
		{"Debet", true}, {"Приход", false}, {"Расход", true}, {"Borç", true}, {"Alacak", false}, {"T", true}, {"J", false},
		{"-", true}, {"+", false}, {"Deebet", true}, {"Kreedit", false},
	} {
		out, ok := direction(c.v)
		if !ok || out != c.out {
			t.Errorf("direction(%q) = %v, %v; want out %v", c.v, out, ok, c.out)
		}
	}
	for _, v := range []string{"POS", "Sale", "", "/", "Payment"} {
		if _, ok := direction(v); ok {
			t.Errorf("direction(%q) is a direction", v)
		}
	}
	// Czech MD/D: "D" is "dal", money in, when the column also says "MD".
	res := readOK(t, "Datum;Popis;Částka;MD/D\n14.03.2024;Nákup;100,00;MD\n15.03.2024;Mzda;2000,00;D\n", Options{})
	checkCSVWant(t, res, []csvWant{{"2024-03-14", -10000, "USD", "Nákup", false}, {"2024-03-15", 200000, "USD", "Mzda", false}})
}

func TestCSVTotalRows(t *testing.T) {
	t.Parallel()
	for _, c := range []string{"Opening balance", "CLOSING BALANCE", "Anfangssaldo per 01.01.2024", "Saldo", "Saldo: 1.234,56",
		"Saldo 31.12.2023", "Likutis pradžiai", "Итого за период", "Apyvarta", "Solde au 31/03/2024", "Toplam"} {
		if !isTotal(c) {
			t.Errorf("isTotal(%q) = false", c)
		}
	}
	// A payee or purpose that only starts like a total word is not one.
	for _, c := range []string{"TOTAL", "TOTAL ACCESS PARIS", "Saldo fattura 123", "Balance Transfer Fee", "BALANCE-3817426642", "Saldo_2", "Umsatzsteuer", "Summer camp", ""} {
		if isTotal(c) {
			t.Errorf("isTotal(%q) = true", c)
		}
	}
}

// TestCSVRaw checks that every row keeps its whole original text, as the
// file wrote it (quotes and all), bounded in length.
func TestCSVRaw(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 3000)
	doc := "Date,Description,Amount\r\n2024-01-05,\"Say \"\"hi\"\",\r\nthen leave\",-1\r\n2024-01-06,plain,2\r\n2024-01-07," + long + ",3"
	res := readOK(t, doc, Options{})
	if len(res.Transactions) != 3 {
		t.Fatalf("got %d transactions", len(res.Transactions))
	}
	if got, want := res.Transactions[0].Raw, "2024-01-05,\"Say \"\"hi\"\",\r\nthen leave\",-1"; got != want {
		t.Errorf("raw = %q, want %q", got, want)
	}
	if got, want := res.Transactions[1].Raw, "2024-01-06,plain,2"; got != want {
		t.Errorf("raw = %q, want %q", got, want)
	}
	if raw := res.Transactions[2].Raw; len(raw) > 2048 || !strings.HasPrefix(raw, "2024-01-07,xxx") || !strings.HasSuffix(raw, "…") {
		t.Errorf("long raw = %d bytes %q…, want at most 2048 ending in an ellipsis", len(raw), raw[:20])
	}
	// Other formats have no raw text.
	qif := readOK(t, "!Type:Bank\nD01/02/2024\nT-1\nPx\n^\n", Options{})
	if qif.Transactions[0].Raw != "" {
		t.Errorf("QIF raw = %q", qif.Transactions[0].Raw)
	}
}

// TestCSVAccountColumn checks that an account column is recognised as one
// (so that a file holding several accounts can be split by it) and taken
// for nothing else: not the description, not a payee.
func TestCSVAccountColumn(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		header string
		want   int
	}{
		{"Account Name,Date,Amount,Notes", 0},
		{"Auftragskonto;Buchungstag;Betrag;Verwendungszweck", 0},
		{"Date;Sąskaitos Nr.;Suma;Paaiškinimai", 1},
		{"Дата;Номер счета;Сумма;Описание", 1},
	} {
		delim := byte(',')
		if strings.Contains(c.header, ";") {
			delim = ';'
		}
		rows, _ := parseCSV(c.header+"\n", delim, 10)
		h := readHeader(rows[0].cells)
		if got := h.best(roleAccount); got != c.want {
			t.Errorf("%q: account column %d, want %d", c.header, got, c.want)
		}
	}
	res := readOK(t, "Account Name,Date,Amount,Notes\nChecking,2024-01-05,-1,\nSavings,2024-01-06,2,interest\n", Options{})
	checkCSVWant(t, res, []csvWant{{"2024-01-05", -100, "USD", "", false}, {"2024-01-06", 200, "USD", "interest", false}})
}

// TestDescriptorSeparatorIsTheCategorizers: the merchant key is the part
// of a joined descriptor before the separator (categorize.Key), so the
// readers must join with that very separator.
func TestDescriptorSeparatorIsTheCategorizers(t *testing.T) {
	if ofxparse.DescriptorSeparator != categorize.PartSeparator {
		t.Fatalf("readers join with %q, the categorizer splits at %q", ofxparse.DescriptorSeparator, categorize.PartSeparator)
	}
}
