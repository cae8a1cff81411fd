package rates

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/sqlite"
)

func openStore(t *testing.T) store.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func fixedNow() time.Time { return time.Date(2027, 3, 1, 0, 0, 30, 0, time.UTC) }

// TestImport: a good file is stored and converts at once; a bad one is
// refused as invalid input and changes nothing.
func TestImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openStore(t)
	s := &Service{Shards: []store.Store{db}, Now: fixedNow}
	// 2025-05-12 is after the snapshot: the snapshot's last USD rate (1.1252) serves.
	before, ok, err := s.Convert(ctx, 10000, "EUR", "USD", time.Date(2025, 5, 12, 0, 0, 0, 0, time.UTC))
	if err != nil || !ok || before != 11252 {
		t.Fatalf("before the import: %d, %v, %v", before, ok, err)
	}
	bad := []byte("Date,USD,\n2025-05-12,1.1,\n2025-05-13,oops,\n")
	if _, err := s.Import(ctx, bad); centavo.ErrorCode(err) != centavo.EINVALID {
		t.Fatalf("a bad file: %v, want invalid", err)
	}
	if got, _ := db.Rates(ctx); len(got) != 0 {
		t.Fatalf("a refused file stored %v", got)
	}
	res, err := s.Import(ctx, []byte("Date, USD, JPY, \n12 May 2025, 1.2000, 170.5, \n"))
	if err != nil {
		t.Fatal(err)
	}
	if res != (ImportResult{Rates: 2, Currencies: 2, First: "2025-05-12", Last: "2025-05-12"}) {
		t.Fatalf("Import = %+v", res)
	}
	after, ok, err := s.Convert(ctx, 10000, "EUR", "USD", time.Date(2025, 5, 13, 0, 0, 0, 0, time.UTC))
	if err != nil || !ok || after != 12000 {
		t.Fatalf("after the import: %d, %v, %v (want the imported 1.2000)", after, ok, err)
	}
}

// TestFetch: --rates-url is fetched and imported; a failing server imports nothing.
func TestFetch(t *testing.T) {
	t.Parallel()
	daily, err := os.ReadFile(filepath.Join("testdata", "eurofxref-daily.xml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/eurofxref-daily.xml" {
			http.Error(w, "no", http.StatusServiceUnavailable)
			return
		}
		w.Write(daily)
	}))
	defer srv.Close()
	ctx := context.Background()
	db := openStore(t)
	s := &Service{Shards: []store.Store{db}, Now: fixedNow, Client: srv.Client(), URL: srv.URL + "/eurofxref-daily.xml"}
	res, err := s.Fetch(ctx)
	if err != nil || res.Rates != 30 || res.Last != "2025-05-09" {
		t.Fatalf("Fetch = %+v, %v", res, err)
	}
	if got, _ := db.Rates(ctx); len(got) != 30 {
		t.Fatalf("stored %d rates, want 30", len(got))
	}
	s.URL = srv.URL + "/down"
	if _, err := s.Fetch(ctx); err == nil {
		t.Fatal("a 503 was imported")
	}
}

// TestInHome: home rows as they are, foreign rows converted per day, a
// currency without a rate listed and left out, never added raw.
func TestInHome(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openStore(t)
	u := centavo.User{Email: "h@example.com", PasswordHash: "x", Currency: "USD", CreatedAt: fixedNow(), LastActiveAt: fixedNow()}
	a := centavo.Account{Connector: centavo.ConnectorFile, Name: "f", Type: "file", Currency: "EUR", Status: centavo.AccountOK, CreatedAt: fixedNow(), SealedCredentials: []byte{}}
	tx := func(id string, d string, cents int64, cur, cat string) centavo.Transaction {
		return centavo.Transaction{AccountID: a.ID, InstitutionID: id, PostedAt: day(d).Add(12 * time.Hour), Seller: id, Merchant: id,
			AmountCents: cents, Currency: cur, Category: cat, CategorySource: centavo.SourceSeed, UserID: u.ID}
	}
	err := db.InTx(ctx, func(t store.Tx) error {
		if err := t.CreateUser(ctx, &u); err != nil {
			return err
		}
		a.UserID = u.ID
		if err := t.CreateAccount(ctx, &a); err != nil {
			return err
		}
		ins, err := t.InsertTransactions(ctx, []centavo.Transaction{
			tx("1", "2025-03-07", -1000, "USD", centavo.CatFood),
			tx("2", "2025-03-07", -1000, "EUR", centavo.CatFood), // Friday: 1.0857 → 1085.7 → 1086
			tx("3", "2025-03-08", -1000, "EUR", centavo.CatFood), // Saturday: Friday's rate, summed per day
			tx("4", "2025-03-10", -2000, "EUR", centavo.CatGas),  // Monday 1.0845 → 2169
			tx("5", "2025-03-10", -5000, "XYZ", centavo.CatGas),  // no rate
			tx("6", "2025-03-10", 300000, "EUR", centavo.CatIncome),
		})
		if err != nil {
			return err
		}
		deltas, err := store.SumDeltas(ins, 1)
		if err != nil {
			return err
		}
		return t.AddMonthlySpending(ctx, u.ID, deltas)
	})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := NewTable(Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	got, err := InHome(ctx, db, tab, u.ID, centavo.MonthOf(day("2025-03-01")), "USD")
	if err != nil {
		t.Fatal(err)
	}
	want := HomeSpending{
		Categories: []centavo.CategorySpending{
			{Category: centavo.CatFood, Currency: "USD", AmountCents: -1000 - 1086 - 1086, Count: 3},
			{Category: centavo.CatGas, Currency: "USD", AmountCents: -2169, Count: 1},
			{Category: centavo.CatIncome, Currency: "USD", AmountCents: 325350, Count: 1},
		},
		ByCurrency: []CurrencySpent{{Currency: "EUR", SpentCents: 4000}, {Currency: "USD", SpentCents: 1000}, {Currency: "XYZ", SpentCents: 5000}},
		Missing:    []string{"XYZ"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("InHome =\n%+v\nwant\n%+v", got, want)
	}
}
