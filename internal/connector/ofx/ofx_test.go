package ofx

import (
	"context"
	"math/big"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/outbound"
	"github.com/centavo/centavo/internal/sandbox"
)

var now = time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)

func setup(t *testing.T) string {
	t.Helper()
	bank := sandbox.NewBank(func() time.Time { return now }, nil)
	bank.SlowDelay = 2 * time.Second
	srv := httptest.NewServer(bank.Handler())
	t.Cleanup(srv.Close)
	return srv.URL + "/ofx"
}

// client reaches the tests' banks on loopback: private banks allowed.
func client(version string) *Client {
	c := New(5*time.Second, func() time.Time { return now }, outbound.Banks(true, nil))
	c.Version = version
	return c
}

func TestDiscoverAndFetch(t *testing.T) {
	t.Parallel()
	url := setup(t)
	for _, version := range []string{"102", "103", "151", "200", "211", "220"} {
		t.Run(version, func(t *testing.T) {
			c := client(version)
			inst := centavo.Institution{URL: url, Org: "ANY", FID: "42"}
			found, err := c.Discover(context.Background(), inst, centavo.Credentials{Login: "demo-4", Password: "secret-4"})
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != 2 || found[0].Type != "checking" || found[1].Type != "credit_card" || found[0].Institution.BankID != sandbox.BankID {
				t.Fatalf("discovered %+v", found)
			}
			cust, _ := sandbox.ParseLogin("demo-4")
			since := now.AddDate(0, -2, 0)
			for i, d := range found {
				st, err := c.Fetch(context.Background(), d.Institution, centavo.Credentials{Login: "demo-4", Password: "secret-4"}, since)
				if err != nil {
					t.Fatal(err)
				}
				want := cust.Transactions(cust.Accounts()[i].Type, since, now, now)
				if len(st.Transactions) != len(want) || st.Currency != "USD" || len(st.Raw) == 0 {
					t.Fatalf("%s: %d transactions (want %d), currency %q", d.Name, len(st.Transactions), len(want), st.Currency)
				}
				for k, tx := range st.Transactions {
					w := want[k]
					if tx.InstitutionID != w.FITID || tx.AmountCents != w.AmountCents || tx.Descriptor != w.Name || !tx.PostedAt.Equal(w.Posted) || tx.TrnType != w.TrnType {
						t.Fatalf("transaction %d = %+v, want %+v", k, tx, w)
					}
				}
			}
		})
	}
}

func TestFailures(t *testing.T) {
	t.Parallel()
	url := setup(t)
	cust, _ := sandbox.ParseLogin("demo-1")
	acct := centavo.Institution{URL: url, Org: "X", FID: "1", BankID: sandbox.BankID, AccountID: cust.Accounts()[0].ID, AccountType: "CHECKING"}
	ctx := context.Background()
	fetch := func(c *Client, inst centavo.Institution, login, pw string) error {
		_, err := c.Fetch(ctx, inst, centavo.Credentials{Login: login, Password: pw}, now.AddDate(0, 0, -10))
		return err
	}
	c := client("102")
	if err := fetch(c, acct, "demo-1", "hunter2-nope"); connector.KindOf(err) != connector.KindAuth {
		t.Fatalf("wrong password: %v", err)
	} else if strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error message leaks the password: %v", err)
	}
	other := acct
	other.AccountID = "123"
	if err := fetch(c, other, "demo-1", "secret-1"); connector.KindOf(err) != connector.KindRejected {
		t.Fatalf("unknown account: %v", err)
	}
	if err := fetch(c, acct, "garbage-1", "secret-1"); connector.KindOf(err) != connector.KindMalformed {
		t.Fatalf("garbage: %v", err)
	}
	kinds := []connector.Kind{}
	for range 2 {
		kinds = append(kinds, connector.KindOf(fetch(c, acct, "flaky-1", "secret-1")))
	}
	if !(kinds[0] == connector.KindTransient) && !(kinds[1] == connector.KindTransient) {
		t.Fatalf("flaky: %v", kinds)
	}
	quick := client("102")
	quick.HTTP.Timeout = 200 * time.Millisecond
	if err := fetch(quick, acct, "slow-1", "secret-1"); connector.KindOf(err) != connector.KindTransient {
		t.Fatalf("timeout: %v", err)
	}
	bad := acct
	bad.URL = "ftp://example.com/ofx"
	if err := fetch(c, bad, "demo-1", "secret-1"); connector.KindOf(err) != connector.KindRejected {
		t.Fatalf("bad URL: %v", err)
	}
	closed := acct
	closed.URL = "http://127.0.0.1:1/ofx"
	if err := fetch(c, closed, "demo-1", "secret-1"); connector.KindOf(err) != connector.KindTransient || connector.MessageOf(err) != connector.Unreachable {
		t.Fatalf("closed port: %v", err)
	}
}

func TestCents(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		"-12.5": -1250, "12.34": 1234, "0": 0, "-0": 0, "100": 10000, "1.005": 101, "-1.005": -101,
		"1.004": 100, "-2.49999": -250, "0.125": 13, "92233720368547758.07": 9223372036854775807,
	} {
		r, ok := new(big.Rat).SetString(in)
		if !ok {
			t.Fatalf("bad test input %q", in)
		}
		got, err := Cents(r)
		if err != nil || got != want {
			t.Errorf("Cents(%s) = %d, %v; want %d", in, got, err, want)
		}
	}
	r, _ := new(big.Rat).SetString("92233720368547758.08")
	if _, err := Cents(r); err == nil {
		t.Error("overflow accepted")
	}
}
