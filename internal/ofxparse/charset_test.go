package ofxparse

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// statementTexts are statement lines in the languages of the code pages
// DetectCharset tells apart, each encoded in its code page by the test.
var statementTexts = []struct {
	name string
	cm   *charmap.Charmap
	text string
}{
	{"Russian, Windows-1251", charmap.Windows1251, "Дата;Сумма;Описание\n01.03.2012;-150,00;Оплата в магазине Пятёрочка\n02.03.2012;25000,00;Зарплата за февраль\n03.03.2012;-1200,50;Перевод на карту Сбербанка\n"},
	{"Russian, KOI8-R", charmap.KOI8R, "Дата;Сумма;Описание\n01.03.2012;-150,00;Оплата в магазине Пятёрочка\n02.03.2012;25000,00;Зарплата за февраль\n"},
	{"Russian, ISO-8859-5", charmap.ISO8859_5, "Дата;Сумма;Описание\n01.03.2012;-150,00;Оплата в магазине Пятёрочка\n02.03.2012;25000,00;Зарплата за февраль\n"},
	{"Russian, short, Windows-1251", charmap.Windows1251, "Date,Payee,Amount\n2012-03-01,Магнит Москва,-5.00\n"},
	{"Ukrainian, Windows-1251", charmap.Windows1251, "Дата;Сума;Призначення\n01.03.2012;-150,00;Оплата в магазині Сільпо, Київ\n02.03.2012;9000,00;Заробітна плата за лютий\n"},
	{"Lithuanian, Windows-1257", charmap.Windows1257, "Data;Suma;Mokėjimo paskirtis\n2012-03-01;-15,00;Apmokėjimas kortele parduotuvėje Maxima\n2012-03-02;1200,00;Darbo užmokestis už vasarį\n2012-03-03;-45,20;Mokestis už elektrą, šildymą ir vandenį\n"},
	{"Lithuanian, short, Windows-1257", charmap.Windows1257, "Date,Payee,Amount\n2012-03-01,Mokėjimas už šildymą,-5.00\n"},
	{"Latvian, Windows-1257", charmap.Windows1257, "Datums;Summa;Apraksts\n01.03.2012;-15,00;Pirkums veikalā Rimi, Rīga\n02.03.2012;900,00;Darba alga par februāri\n03.03.2012;-30,00;Maksājums par elektrību un ūdeni\n04.03.2012;-50,00;Skaidras naudas izņemšana bankomātā\n"},
	{"Polish, Windows-1250", charmap.Windows1250, "Data;Kwota;Opis\n2012-03-01;-15,00;Płatność kartą w sklepie Żabka\n2012-03-02;1200,00;Wynagrodzenie za luty\n2012-03-03;-45,20;Opłata za prąd i gaz, przelew własny\n"},
	{"Polish, short, Windows-1250", charmap.Windows1250, "Date,Payee,Amount\n2012-03-01,Opłata za prąd,-5.00\n"},
	{"Polish, ISO-8859-2", charmap.ISO8859_2, "Data;Kwota;Opis\n2012-03-01;-15,00;Płatność kartą w sklepie Żabka\n2012-03-02;1200,00;Wynagrodzenie za luty, Łódź\n"},
	{"Czech, Windows-1250", charmap.Windows1250, "Datum;Částka;Popis\n01.03.2012;-150,00;Platba kartou v obchodě Žabka\n02.03.2012;25000,00;Výplata mzdy za únor\n03.03.2012;-1200,50;Převod na spořicí účet\n"},
	{"German, Windows-1252", charmap.Windows1252, "Buchungstag;Betrag;Verwendungszweck\n01.03.2012;-15,00;Kartenzahlung Bäckerei Müller\n02.03.2012;1200,00;Gehalt März, Überweisung\n03.03.2012;-45,20;Strom und Gas, Stadtwerke Köln, Grüße\n"},
	{"French, Windows-1252", charmap.Windows1252, "Date;Libellé;Montant\n01/03/2012;Crédit Agricole à Besançon;-5,00\n02/03/2012;Boulangerie Hélène, prélèvement;-3,20\n03/03/2012;Remboursement frais médicaux;45,00\n"},
	{"Spanish, Windows-1252", charmap.Windows1252, "Fecha;Concepto;Importe\n01/03/2012;Pago en comercio Farmacia García;-15,00\n02/03/2012;Nómina de febrero, Compañía Eléctrica;1200,00\n03/03/2012;Recibo de teléfono móvil;-45,20\n"},
	{"Portuguese, Windows-1252", charmap.Windows1252, "Data;Descrição;Valor\n01/03/2012;Pagamento cartão Pão de Açúcar;-15,00\n02/03/2012;Transferência recebida, salário;1200,00\n"},
	{"Icelandic, Windows-1252", charmap.Windows1252, "Dagsetning;Lýsing;Upphæð\n01.03.2012;Greiðsla til Bónus í Reykjavík;-1500\n02.03.2012;Laun fyrir febrúar frá Þjóðleikhúsinu;250000\n"},
	{"Swedish, ISO-8859-1", charmap.ISO8859_1, "Datum;Text;Belopp\n2012-03-01;Kortköp ICA Kvantum Göteborg;-150,00\n2012-03-02;Lön februari, Försäkringskassan;25000,00\n"},
	{"English with one accent, Windows-1252", charmap.Windows1252, "Date,Payee,Amount\n2012-03-01,CAFE RENÉ,-5.00\n2012-03-02,SHELL OIL 12345,-40.00\n"},
	{"pounds and euros, Windows-1252", charmap.Windows1252, "Date,Payee,Amount\n2012-03-01,TESCO STORES,£5.00\n2012-03-02,SHELL OIL,£40.00\n2012-03-03,BOOTS,£4.00\n2012-03-04,FNAC PARIS,12€\n2012-03-05,SNCF,€40\n"},
}

// TestDecodeTextCodePages (issue 18, item 5): statement text in Russian,
// Ukrainian, Lithuanian, Latvian, Polish, Czech, German, French, Spanish,
// Portuguese, Icelandic and Swedish, encoded in its code page, reads back
// as written.
func TestDecodeTextCodePages(t *testing.T) {
	t.Parallel()
	for _, c := range statementTexts {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			raw, err := c.cm.NewEncoder().Bytes([]byte(c.text))
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeText(raw)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.text {
				t.Errorf("read as %s:\n%s\nwant:\n%s", DetectCharset(raw), got, c.text)
			}
		})
	}
}

// TestDecodeTextDeclared: an OFX CHARSET header or an XML encoding
// declaration says the code page of bytes that are not UTF-8; valid UTF-8
// stays UTF-8 whatever is declared; too little evidence reads as
// Windows-1252.
func TestDecodeTextDeclared(t *testing.T) {
	t.Parallel()
	enc := func(cm *charmap.Charmap, s string) string {
		b, err := cm.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, c := range []struct {
		name, raw, want string
	}{
		// "Мир" alone is too little to detect; the header says 1251.
		{"OFX CHARSET:1251", "OFXHEADER:100\nENCODING:USASCII\nCHARSET:1251\n\n<OFX><NAME>" + enc(charmap.Windows1251, "Мир") + "</OFX>", "<NAME>Мир<"},
		{"OFX CHARSET:1257", "OFXHEADER:100\r\nCHARSET:1257\r\n\r\n<OFX><NAME>" + enc(charmap.Windows1257, "Ūkis") + "</OFX>", "<NAME>Ūkis<"},
		{"OFX CHARSET:ISO-8859-1", "OFXHEADER:100\nCHARSET:ISO-8859-1\n\n<OFX><NAME>" + enc(charmap.ISO8859_1, "Café") + "</OFX>", "<NAME>Café<"},
		{"XML encoding", "<?xml version=\"1.0\" encoding=\"windows-1250\"?><?OFX OFXHEADER=\"200\"?><OFX><NAME>" + enc(charmap.Windows1250, "Łódź") + "</NAME></OFX>", "<NAME>Łódź<"},
		{"XML encoding, single quotes", "<?xml version='1.0' encoding='KOI8-R'?><OFX><NAME>" + enc(charmap.KOI8R, "Мир") + "</NAME></OFX>", "<NAME>Мир<"},
		{"declared 1252, sent UTF-8", "OFXHEADER:100\nCHARSET:1252\n\n<OFX><NAME>Мир Café</OFX>", "<NAME>Мир Café<"},
		{"CHARSET:NONE: fallback", "OFXHEADER:100\nCHARSET:NONE\n\n<OFX><NAME>" + enc(charmap.Windows1252, "Café") + "</OFX>", "<NAME>Café<"},
		{"unknown name: fallback", "OFXHEADER:100\nCHARSET:EBCDIC-XYZ\n\n<OFX><NAME>" + enc(charmap.Windows1252, "Café") + "</OFX>", "<NAME>Café<"},
	} {
		got, err := DecodeText([]byte(c.raw))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want it to hold %q", c.name, got, c.want)
		}
	}
}

func TestCharsetByName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]*charmap.Charmap{
		"1252": charmap.Windows1252, "CP1251": charmap.Windows1251, "windows-1257": charmap.Windows1257,
		"ISO-8859-2": charmap.ISO8859_2, "8859-1": charmap.Windows1252, "ISO8859-15": charmap.ISO8859_15,
		"KOI8-R": charmap.KOI8R, "latin1": charmap.Windows1252, "IBM866": charmap.CodePage866,
		"UTF-8": nil, "NONE": nil, "": nil, "USASCII": nil,
	} {
		if got := charsetByName(name); got != want {
			t.Errorf("charsetByName(%q) = %v, want %v", name, got, want)
		}
	}
}
