package ofx

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aclindsa/ofxgo"
	"golang.org/x/text/encoding/charmap"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/sandbox"
)

// compareWithLegacy checks the new statement path against the old one on
// the same answer. When both read a statement, it is the same; when the
// old path gave a status error (auth, transient, rejected), the new one
// gives the same kind or finds the answer malformed.
//
// The two parsers recover differently from broken structure. On fuzzed
// input (strict false), the new path may refuse as malformed an answer
// ofxgo read, and may read statements and transactions ofxgo dropped (a
// STMTRS or STMTTRN inside an unknown element, STMTTRNs left unclosed),
// but every transaction ofxgo read comes out the same and in the same
// order. With strict, on real answers,
// the statements are equal and the new path refuses only answers that
// never close <OFX> (ofxgo took any stray end tag for the end).
func compareWithLegacy(t *testing.T, raw []byte, got connector.Statement, err error, want connector.Statement, wantErr error, strict bool) {
	t.Helper()
	if want.Balance == nil {
		got.Balance = nil // ofxgo misses some balances the new path reads (no DTASOF where it wants one)
	}
	kind, wantKind := connector.KindOf(err), connector.KindOf(wantErr)
	switch {
	case wantErr == nil && err != nil:
		cutShort := strings.Contains(err.Error(), "cut short") && !bytes.Contains(bytes.ToUpper(raw), []byte("</OFX>"))
		if kind != connector.KindMalformed || strict && !cutShort {
			t.Fatalf("the old path read the answer, the new one fails: %v", err)
		}
	case wantErr == nil && strict && !reflect.DeepEqual(got, want):
		for i := range min(len(got.Transactions), len(want.Transactions)) {
			if !reflect.DeepEqual(got.Transactions[i], want.Transactions[i]) {
				t.Fatalf("transaction %d:\n got %+v\nwant %+v", i, got.Transactions[i], want.Transactions[i])
			}
		}
		t.Fatalf("statement:\n got %+v\nwant %+v", got, want)
	case wantErr == nil:
		k := 0
		for _, tx := range got.Transactions {
			if k < len(want.Transactions) && reflect.DeepEqual(tx, want.Transactions[k]) {
				k++
			}
		}
		if k < len(want.Transactions) || len(want.Transactions) > 0 && got.Currency != want.Currency {
			t.Fatalf("the new path lost or changed what the old one read:\n got %+v\nwant %+v", got, want)
		}
	case wantKind != connector.KindMalformed && kind != wantKind && (err == nil || kind != connector.KindMalformed):
		t.Fatalf("the old path gave %v, the new one %v", wantErr, err)
	}
}

// sandboxAnswer fetches a statement from the sandbox bank and returns the
// raw answer.
func sandboxAnswer(tb testing.TB, version, login string, card bool, days int) []byte {
	tb.Helper()
	srv := httptest.NewServer(sandbox.NewBank(func() time.Time { return now }, nil).Handler())
	defer srv.Close()
	c := client(version)
	cust, _ := sandbox.ParseLogin(login)
	a := cust.Accounts()[0]
	if card {
		a = cust.Accounts()[1]
	}
	inst := centavo.Institution{URL: srv.URL + "/ofx", Org: "X", FID: "1", BankID: sandbox.BankID, AccountID: a.ID, AccountType: a.Type}
	req, err := c.newRequest(inst, centavo.Credentials{Login: login, Password: cust.Password()})
	if err != nil {
		tb.Fatal(err)
	}
	start := ofxgo.Date{Time: now.AddDate(0, 0, -days)}
	if card {
		req.CreditCard = append(req.CreditCard, &ofxgo.CCStatementRequest{TrnUID: trnUID(), CCAcctFrom: ofxgo.CCAcct{AcctID: ofxgo.String(a.ID)}, DtStart: &start, Include: true})
	} else {
		req.Bank = append(req.Bank, &ofxgo.StatementRequest{TrnUID: trnUID(), DtStart: &start, Include: true,
			BankAcctFrom: ofxgo.BankAcct{BankID: sandbox.BankID, AcctID: ofxgo.String(a.ID), AcctType: ofxgo.AcctTypeChecking}})
	}
	raw, _, err := c.post(context.Background(), inst, req)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// TestReadStatementMatchesLegacy reads sandbox answers (SGML and XML, bank
// and card, wrong password, unknown account) and the real statements of
// the shared test data both ways.
func TestReadStatementMatchesLegacy(t *testing.T) {
	t.Parallel()
	answers := map[string][]byte{}
	for _, version := range []string{"102", "151", "200", "220"} {
		for _, card := range []bool{false, true} {
			answers[fmt.Sprintf("sandbox %s card=%v", version, card)] = sandboxAnswer(t, version, "demo-3", card, 60)
		}
	}
	files, _ := filepath.Glob("../../../../shared/testdata/*/*.*")
	for _, file := range files {
		if ext := strings.ToLower(filepath.Ext(file)); ext != ".ofx" && ext != ".qfx" {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		answers[file] = b
		// ofxgo read only UTF-8: compare Latin-1 files in UTF-8 too.
		if !utf8.Valid(b) {
			if u, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
				answers[file+" in UTF-8"] = u
			}
		}
	}
	read := 0
	for name, raw := range answers {
		got, err := readStatement(raw, "bank.example")
		want, wantErr := legacyStatement(raw, "bank.example")
		t.Run(name, func(t *testing.T) { compareWithLegacy(t, raw, got, err, want, wantErr, true) })
		if wantErr == nil {
			read++
		}
	}
	if read < 8 {
		t.Errorf("the old path read only %d of the %d answers", read, len(answers))
	}
}

func TestReadStatementStatuses(t *testing.T) {
	t.Parallel()
	const head = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
	sonrs := func(code string) string {
		return "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>" + code + "<SEVERITY>ERROR</STATUS><DTSERVER>20260101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>"
	}
	stmt := func(code, txn string) string {
		return "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>" + code + "<SEVERITY>INFO</STATUS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM>" +
			"<BANKTRANLIST><DTSTART>20260101<DTEND>20260201" + txn + "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1>"
	}
	const txn = "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<TRNAMT>-1,005<FITID>A1<NAME>000<MEMO>SQ *CAFE</STMTTRN>"
	tests := []struct {
		name, body string
		kind       connector.Kind
		msg        string
	}{
		{"ok", "<OFX>" + sonrs("0") + stmt("0", txn) + "</OFX>", 0, ""},
		{"two STMTRS in one STMTTRNRS", "<OFX>" + sonrs("0") + strings.Replace(stmt("0", txn), "</STMTRS>", "</STMTRS><STMTRS><CURDEF>EUR<BANKTRANLIST>"+strings.Replace(txn, "A1", "A2", 1)+"</BANKTRANLIST></STMTRS>", 1) + "</OFX>", 0, ""},
		{"wrong password", "<OFX>" + sonrs("15500") + "</OFX>", connector.KindAuth, "refused the login (OFX 15500"},
		{"server busy", "<OFX>" + sonrs("2000") + "</OFX>", connector.KindTransient, "could not answer the sign-on request"},
		{"unknown account", "<OFX>" + sonrs("0") + stmt("2003", "") + "</OFX>", connector.KindRejected, "rejected the statement request (OFX 2003"},
		{"no statement", "<OFX>" + sonrs("0") + "</OFX>", connector.KindMalformed, "holds no statement"},
		{"cut short", "<OFX>" + sonrs("0") + stmt("0", txn), connector.KindMalformed, "not valid OFX"},
		{"no sign-on", "<OFX>" + stmt("0", txn) + "</OFX>", connector.KindMalformed, "not valid OFX"},
		{"bad code", "<OFX>" + sonrs("x") + "</OFX>", connector.KindMalformed, "not valid OFX"},
		{"bad date", "<OFX>" + sonrs("0") + stmt("0", strings.Replace(txn, "20260105", "2026010", 1)) + "</OFX>", connector.KindMalformed, "not valid OFX"},
		{"bad amount", "<OFX>" + sonrs("0") + stmt("0", strings.Replace(txn, "-1,005", "-1.0.5", 1)) + "</OFX>", connector.KindMalformed, "not valid OFX"},
		{"bad type", "<OFX>" + sonrs("0") + stmt("0", strings.Replace(txn, "DEBIT", "DEBT", 1)) + "</OFX>", connector.KindMalformed, "not valid OFX"},
		{"no FITID", "<OFX>" + sonrs("0") + stmt("0", strings.Replace(txn, "<FITID>A1", "", 1)) + "</OFX>", connector.KindMalformed, "transaction 1 of the statement is unreadable: no FITID"},
		{"garbage", "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0\x00\x01\xfe<<<</SONRS>>>>%%% 503", connector.KindMalformed, "not valid OFX"},
		{"not OFX", "<html><body>upstream error</body></html>", connector.KindMalformed, "not valid OFX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := []byte(head + tt.body)
			st, err := readStatement(raw, "bank.example")
			if connector.KindOf(err) != tt.kind && !(tt.kind == 0 && err == nil) || err != nil && !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("error %v, want kind %v with %q", err, tt.kind, tt.msg)
			}
			want, wantErr := legacyStatement(raw, "bank.example")
			compareWithLegacy(t, raw, st, err, want, wantErr, true)
			if connector.KindOf(wantErr) != connector.KindOf(err) || (err == nil) != (wantErr == nil) {
				t.Errorf("the old path gave %v", wantErr)
			}
			if tt.kind == 0 && (len(st.Transactions) == 0 || len(st.Transactions) != strings.Count(tt.body, "<STMTTRN>") || st.Transactions[0].AmountCents != -101 || st.Transactions[0].Descriptor != "SQ *CAFE" || st.Currency != "EUR") {
				t.Errorf("statement %+v", st)
			}
		})
	}
}

func TestOFXDateMatchesOfxgo(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"20260105", "2026010512", "202601051230", "20260105123045", "20260105123045.123", "20260105123045.1",
		"20260105123045.123[-5:EST]", "20260105123045[+5.30:IST]", "20260105[0:GMT]", "20260105[-3]", "20260105[0]",
		"20260105[-0.30]", "20260105120000.000[0:UTC]", "20260105[-5:EASTERN]", "20260105[-5:ABCT]", "20260105[x]",
		"20260105[-5:est]", "20260105 [-5:EST]", "20260105[-5:EST", "2026010", "20261305", "20260105]junk", "00010101",
		"20260105[99:EST]", "20260105[+14]", "20260105[-12.45:X]",
	} {
		got, err := ofxDate(s)
		want, wantErr := ofxgoDate(s)
		if (err == nil) != (wantErr == nil) || !got.Equal(want) || (err == nil && got.Location() != time.UTC) {
			t.Errorf("ofxDate(%q) = %v, %v; ofxgo: %v, %v", s, got, err, want, wantErr)
		}
	}
}

func FuzzOFXDate(f *testing.F) {
	for _, s := range []string{"20260105", "20260105123045.123[-5:EST]", "20260105[+5.30:IST]", "20260105[-0.30]", "2026010512[1:X]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The scanner hands over trimmed text without markup.
		s = strings.TrimSpace(s)
		if s == "" || strings.ContainsAny(s, "<>&\x00") || !utf8.ValidString(s) {
			return
		}
		got, err := ofxDate(s)
		want, wantErr := ofxgoDate(s)
		if (err == nil) != (wantErr == nil) || !got.Equal(want) || (err == nil && got.Location() != time.UTC) {
			t.Fatalf("ofxDate(%q) = %v, %v; ofxgo: %v, %v", s, got, err, want, wantErr)
		}
	})
}

// ofxgoDate reads a date with ofxgo, through the DTSERVER of a response.
func ofxgoDate(s string) (time.Time, error) {
	doc := "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n" +
		"<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>" + s + "</DTSERVER><LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1></OFX>"
	resp, err := ofxgo.DecodeResponse(strings.NewReader(doc))
	if err != nil {
		return time.Time{}, err
	}
	return resp.Signon.DtServer.UTC(), nil
}

func TestAmountCentsMatchesRat(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"-12.34", "12,34", "+1.005", "-1.005", "0.004", "-0.005", "-0", "007.50", "5.", ".5", "1e3", "1/3", "-2.49999",
		"123456789012345.99", "1234567890123456.99", "92233720368547758.07", "92233720368547758.08", "0x10", "1_000", "1,234.5", "", "abc",
	} {
		checkAmount(t, s)
	}
}

func checkAmount(t *testing.T, s string) {
	t.Helper()
	got, err := amountCents(s)
	// ofxgo's Amount: the first ',' is the decimal point, then big.Rat.
	r, ok := new(big.Rat).SetString(strings.Replace(s, ",", ".", 1))
	switch {
	case s == "":
		if err != nil || got.v != 0 || got.overflow != nil {
			t.Errorf("amountCents(%q) = %+v, %v; want 0", s, got, err)
		}
	case !ok:
		if err == nil {
			t.Errorf("amountCents(%q) = %+v; big.Rat refuses it", s, got)
		}
	default:
		want, wantErr := Cents(r)
		if err != nil || got.v != want || (got.overflow == nil) != (wantErr == nil) {
			t.Errorf("amountCents(%q) = %+v, %v; want %d, %v", s, got, err, want, wantErr)
		}
	}
}

func FuzzAmountCents(f *testing.F) {
	for _, s := range []string{"-12.34", "1,005", "+0.125", "123456789012345.995", "1e2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.TrimSpace(s)
		if len(s) > 64 {
			if _, err := amountCents(s); err == nil {
				t.Errorf("amountCents of %d characters: no error", len(s))
			}
			return
		}
		checkAmount(t, s)
	})
}

// BenchmarkParseStatement reads a sandbox statement of a few hundred
// transactions the old way (ofxgo) and the new way, in SGML and XML.
func BenchmarkParseStatement(b *testing.B) {
	for _, version := range []string{"102", "220"} {
		raw := sandboxAnswer(b, version, "demo-7", true, 180)
		st, err := readStatement(raw, "bank.example")
		if err != nil {
			b.Fatal(err)
		}
		rows := len(st.Transactions)
		for _, path := range []struct {
			name string
			read func([]byte, string) (connector.Statement, error)
		}{{"ofxgo", legacyStatement}, {"scanner", readStatement}} {
			b.Run(fmt.Sprintf("%s/%s/rows=%d", version, path.name, rows), func(b *testing.B) {
				b.SetBytes(int64(len(raw)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := path.read(raw, "bank.example"); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
			})
		}
	}
}

// TestAmountExponents: amounts in exponent form are decided by their size
// without expanding a huge power of ten, and agree with big.Rat otherwise.
func TestAmountExponents(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		err  bool
	}{
		{"1e999999", 0, true},
		{"-1E999999999", 0, true},
		{"1e-999999", 0, false},
		{"-0.0001e-999999", 0, false},
		{"12.345e1", 12345, false},
		{"1.5e-2", 2, false},
		{"0e99999999", 0, false},
		{"1e29", 0, true},
		{"1e99999999999999999999", 0, true},
		{strings.Repeat("9", 100_000), 0, true},
		{"1/" + strings.Repeat("7", 100_000), 0, true},
		{"-0000000000000000000000000000000000000000000000000000000012.345", -1235, false},
	} {
		got, err := amountCents(c.in)
		if err == nil {
			err = got.overflow
		}
		if (err != nil) != c.err || (err == nil && got.v != c.want) {
			t.Errorf("amountCents(%q) = %d, %v; want %d, error %v", c.in, got.v, err, c.want, c.err)
		}
	}
}

// TestReadStatementDescriptor: the Direct Connect connector describes a
// transaction by the rule the file import uses (ofxparse.Descriptor).
func TestReadStatementDescriptor(t *testing.T) {
	t.Parallel()
	const head = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
	raw := head + "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>" +
		"<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><CCSTMTRS><CURDEF>EUR<CCACCTFROM><ACCTID>2</CCACCTFROM><BANKTRANLIST>" +
		"<STMTTRN><TRNTYPE>POS<DTPOSTED>20220713<TRNAMT>-4.00<FITID>1<NAME>130722 CB****6516<MEMO>CARREFOUR CITY PARIS</STMTTRN>" +
		"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20220714<TRNAMT>-5.00<FITID>2<NAME>ACME<MEMO>Invoice 7</STMTTRN>" +
		"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20220715<TRNAMT>-6.00<FITID>3<NAME>NETFLIX<MEMO>card 1234</STMTTRN>" +
		"</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>"
	st, err := readStatement([]byte(raw), "bank.example")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tx := range st.Transactions {
		got = append(got, tx.Descriptor)
	}
	want := []string{"CARREFOUR CITY PARIS", "ACME — Invoice 7", "NETFLIX"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("descriptors %q, want %q", got, want)
	}
}
