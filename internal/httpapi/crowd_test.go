package httpapi_test

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/app"
	"github.com/centavo/centavo/internal/app/apptest"
	"github.com/centavo/centavo/internal/clock/clocktest"
)

// crowdFixture is the API on a clock the test moves forward, so accounts
// can age into the crowd's trust (docs/0023-crowd-trust.md).
type crowdFixture struct {
	*fixture
	base   func() time.Time
	offset atomic.Int64 // nanoseconds the clock is ahead of base
}

func setupCrowd(t *testing.T) *crowdFixture {
	t.Helper()
	f := &crowdFixture{base: clocktest.New(t)}
	now := func() time.Time { return f.base().Add(time.Duration(f.offset.Load())) }
	a := apptest.StartAt(t, now)
	f.fixture = &fixture{now: now, draining: new(atomic.Bool)}
	srv := httptest.NewServer(a.Handler(app.HandlerOptions{Draining: f.draining}))
	t.Cleanup(srv.Close)
	f.fixture.base = srv.URL
	return f
}

// advance moves the service's clock forward.
func (f *crowdFixture) advance(d time.Duration) { f.offset.Add(int64(d)) }

// member signs up a user with a file account holding the rows
// (descriptor, amount in dollars, days before now).
func (f *crowdFixture) member(t *testing.T, email string, rows ...csvRow) (*client, int64) {
	t.Helper()
	c := signUp(t, newClient(t, f.fixture.base), email)
	var out accountsOut
	c.Do("POST", "/api/v1/accounts", map[string]string{"connector": "file", "name": "Cash", "currency": "USD"}, 201, &out)
	if len(out.Accounts) != 1 {
		t.Fatalf("file account: %+v", out)
	}
	acct := out.Accounts[0].ID
	f.importRows(t, c, acct, rows...)
	return c, acct
}

type csvRow struct {
	descriptor string
	dollars    string
	daysAgo    int
}

func (f *crowdFixture) importRows(t *testing.T, c *client, acct int64, rows ...csvRow) {
	t.Helper()
	if len(rows) == 0 {
		return
	}
	var b strings.Builder
	b.WriteString("Date,Description,Amount\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s,%s\n", f.now().AddDate(0, 0, -r.daysAgo).Format(time.DateOnly), r.descriptor, r.dollars)
	}
	if status, body := importFile(c, acct, "statement.csv", b.String()); status != 200 {
		t.Fatalf("import: %d %s", status, body)
	}
}

// fileAs files the user's transactions at the merchant (seller containing
// s, of the given amount) under category by hand: a vote.
func fileAs(t *testing.T, c *client, s string, cents int64, category string) {
	t.Helper()
	n := 0
	for _, tx := range c.AllTransactions("") {
		if strings.Contains(tx.Seller, s) && tx.AmountCents == cents {
			c.Do("PATCH", fmt.Sprintf("/api/v1/transactions/%d", tx.ID), map[string]string{"category": category}, 200, nil)
			n++
		}
	}
	if n == 0 {
		t.Fatalf("no transaction of %d at %s to file", cents, s)
	}
}

// filed returns the category and source of the user's transaction at the
// merchant with the given amount.
func filed(t *testing.T, c *client, s string, cents int64) (string, string) {
	t.Helper()
	tx := transactionAt(t, c, s, cents)
	return tx.Category, tx.CategorySource
}

func transactionAt(t *testing.T, c *client, s string, cents int64) txnOut {
	t.Helper()
	for _, tx := range c.AllTransactions("") {
		if strings.Contains(tx.Seller, s) && tx.AmountCents == cents {
			return tx
		}
	}
	t.Fatalf("no transaction of %d at %s", cents, s)
	return txnOut{}
}

// waitCrowdSynced returns once the crowd index has read the vote counts
// stored before the call: two more completed reads, since one may have
// been under way when the votes committed.
func (f *crowdFixture) waitCrowdSynced(t *testing.T) {
	t.Helper()
	want := f.crowdSyncs(t) + 2
	deadline := time.Now().Add(30 * time.Second)
	for f.crowdSyncs(t) < want {
		if time.Now().After(deadline) {
			t.Fatal("the crowd index did not sync within 30s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (f *crowdFixture) crowdSyncs(t *testing.T) float64 {
	t.Helper()
	status, b := newClient(t, f.fixture.base).Raw("GET", "/metrics", nil, "")
	if status != 200 {
		t.Fatalf("/metrics: %d", status)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "centavo_crowd_syncs_total "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	return 0
}

const zorblax = "ZORBLAX WIDGET EMPORIUM"

// TestCrowdPoisoning is the attack of issue 14: three throwaway sign-ups
// import a purchase at a made-up merchant and file it as income. The fourth
// user's purchase there must not be filed as income by the crowd — nor
// under any category three fresh accounts pick.
func TestCrowdPoisoning(t *testing.T) {
	t.Parallel()
	f := setupCrowd(t)
	for i := range 3 {
		// Two months of transactions: only the accounts' age is missing.
		c, _ := f.member(t, fmt.Sprintf("throwaway%d@example.com", i),
			csvRow{zorblax, "-250.00", 0}, csvRow{"QUIBBLE CRAFT SUPPLY", "-12.00", 0}, csvRow{"QUIBBLE CRAFT SUPPLY", "-13.00", 40})
		fileAs(t, c, zorblax, -25000, centavo.CatIncome)
		fileAs(t, c, "QUIBBLE", -1200, centavo.CatGiftsDonations)
	}
	f.waitCrowdSynced(t)
	victim, _ := f.member(t, "victim@example.com", csvRow{zorblax, "-250.00", 0}, csvRow{"QUIBBLE CRAFT SUPPLY", "-12.00", 0})
	if cat, src := filed(t, victim, zorblax, -25000); cat == centavo.CatIncome || src == centavo.SourceCrowd {
		t.Fatalf("three fresh accounts filed the victim's purchase as %s/%s", cat, src)
	}
	if cat, src := filed(t, victim, "QUIBBLE", -1200); src == centavo.SourceCrowd {
		t.Fatalf("three fresh accounts filed the victim's purchase as %s/%s", cat, src)
	}
	var s spendingOut
	month := centavo.MonthOf(transactionAt(t, victim, zorblax, -25000).PostedAt)
	victim.Do("GET", "/api/v1/spending?month="+month.String(), nil, 200, &s)
	if s.TotalSpentCents < 25000 {
		t.Fatalf("the purchase left the victim's spending: %+v", s)
	}
}

// TestCrowdOfEstablishedUsers: users whose accounts are old enough make a
// consensus — their votes from before they were established count with
// their next one — yet even they never file an outflow as income.
func TestCrowdOfEstablishedUsers(t *testing.T) {
	t.Parallel()
	f := setupCrowd(t)
	const noodles = "QUOKKA NOODLE BAR"
	voters := make([]*client, 3)
	for i := range voters {
		voters[i], _ = f.member(t, fmt.Sprintf("regular%d@example.com", i),
			csvRow{noodles, "-18.00", 0}, csvRow{noodles, "-22.00", 35}, csvRow{zorblax, "-250.00", 0})
		fileAs(t, voters[i], noodles, -1800, centavo.CatRestaurants) // fresh: not counted yet
	}
	f.waitCrowdSynced(t)
	early, _ := f.member(t, "early@example.com", csvRow{noodles, "-15.00", 0})
	if cat, src := filed(t, early, noodles, -1500); src == centavo.SourceCrowd {
		t.Fatalf("fresh accounts' votes decided: %s/%s", cat, src)
	}

	f.advance(15 * 24 * time.Hour) // past the trust rule's 14 days
	for _, c := range voters {
		fileAs(t, c, zorblax, -25000, centavo.CatIncome) // counted, and so is the earlier vote
	}
	f.waitCrowdSynced(t)
	newcomer, _ := f.member(t, "newcomer@example.com",
		csvRow{noodles, "-15.00", 0}, csvRow{zorblax, "-250.00", 0}, csvRow{zorblax, "250.00", 0})
	if cat, src := filed(t, newcomer, noodles, -1500); cat != centavo.CatRestaurants || src != centavo.SourceCrowd {
		t.Errorf("three established users' votes: %s/%s, want restaurants/crowd", cat, src)
	}
	if cat, src := filed(t, newcomer, zorblax, 25000); cat != centavo.CatIncome || src != centavo.SourceCrowd {
		t.Errorf("an inflow at a merchant the crowd calls income: %s/%s, want income/crowd", cat, src)
	}
	if cat, src := filed(t, newcomer, zorblax, -25000); cat == centavo.CatIncome || src == centavo.SourceCrowd {
		t.Errorf("an outflow filed by the crowd as %s/%s", cat, src)
	}
	// The earlier user's transaction stays as it was filed.
	if cat, src := filed(t, early, noodles, -1500); src == centavo.SourceCrowd {
		t.Errorf("a stored transaction was re-filed by the crowd: %s/%s", cat, src)
	}
}
