package file

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestCSVCodePages (issue 18, item 5): CSV exports in Windows-1251
// (Russian), Windows-1257 (Lithuanian), Windows-1250 (Polish, Czech) and
// Windows-1252 (German) read their descriptions as written.
func TestCSVCodePages(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		cm    *charmap.Charmap
		descs []string
	}{
		{"Russian, Windows-1251", charmap.Windows1251, []string{"Оплата в магазине Пятёрочка", "Зарплата за февраль", "Перевод на карту Сбербанка"}},
		{"Lithuanian, Windows-1257", charmap.Windows1257, []string{"Apmokėjimas kortele parduotuvėje Maxima", "Darbo užmokestis už vasarį", "Mokestis už elektrą, šildymą ir vandenį"}},
		{"Polish, Windows-1250", charmap.Windows1250, []string{"Płatność kartą w sklepie Żabka", "Wynagrodzenie za luty", "Opłata za prąd i gaz"}},
		{"Czech, Windows-1250", charmap.Windows1250, []string{"Platba kartou v obchodě Žabka", "Výplata mzdy za únor", "Převod na spořicí účet"}},
		{"German, Windows-1252", charmap.Windows1252, []string{"Kartenzahlung Bäckerei Müller", "Gehalt März, Überweisung", "Stadtwerke Köln, Grüße"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			csv := "Date,Description,Amount\n"
			for i, d := range c.descs {
				csv += "2012-03-0" + string(rune('1'+i)) + ",\"" + d + "\",-1" + string(rune('0'+i)) + ".50\n"
			}
			raw, err := c.cm.NewEncoder().Bytes([]byte(csv))
			if err != nil {
				t.Fatal(err)
			}
			res := readOK(t, string(raw), Options{})
			if len(res.Transactions) != len(c.descs) {
				t.Fatalf("%d transactions, want %d", len(res.Transactions), len(c.descs))
			}
			for i, tx := range res.Transactions {
				if tx.Descriptor != c.descs[i] {
					t.Errorf("row %d: %q, want %q", i+1, tx.Descriptor, c.descs[i])
				}
			}
		})
	}
}
