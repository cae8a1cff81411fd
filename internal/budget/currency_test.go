package budget

import (
	"context"
	"testing"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/store"
)

// TestEvaluationInHomeCurrency: a USD user's EUR spending counts toward
// the budget converted at its day's rate (fixture: 1 EUR = 1.20 USD), and
// spending in a currency without a rate is never counted raw.
func TestEvaluationInHomeCurrency(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	m := centavo.MonthOf(now)
	tab, err := rates.NewTable([]store.ExchangeRate{{Day: m.Start().AddDate(0, 0, -3).Format("2006-01-02"), Currency: "USD", PerEUR: "1.20"}})
	if err != nil {
		t.Fatal(err)
	}
	f.svc.Rates = tab
	if err := f.svc.SetOverride(ctx, f.user, centavo.CatFood, 10_000); err != nil { // $100
		t.Fatal(err)
	}
	a := centavo.Account{UserID: f.user, Connector: centavo.ConnectorFile, Name: "Konto", Type: "file", Currency: "EUR", Status: centavo.AccountOK, CreatedAt: now, SealedCredentials: []byte{}}
	err = f.st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateAccount(ctx, &a); err != nil {
			return err
		}
		row := func(id string, cents int64, cur string) centavo.Transaction {
			return centavo.Transaction{UserID: f.user, AccountID: a.ID, InstitutionID: id, PostedAt: m.Start().AddDate(0, 0, 2), Seller: id, Merchant: id,
				AmountCents: cents, Currency: cur, Category: centavo.CatFood, CategorySource: centavo.SourceSeed, CreatedAt: now}
		}
		ins, err := tx.InsertTransactions(ctx, []centavo.Transaction{row("E1", -7_000, "EUR"), row("X1", -100_000, "XTS")})
		if err != nil {
			return err
		}
		deltas, err := store.SumDeltas(ins, 1)
		if err != nil {
			return err
		}
		return tx.AddMonthlySpending(ctx, f.user, deltas)
	})
	if err != nil {
		t.Fatal(err)
	}
	// €70.00 = $84.00: 84 % (raw it would be 70 %; with the XTS, over 100 %).
	f.expect(m, "budget:2026-05:food:80:r0")
	lines, err := f.svc.Budgets(ctx, f.user, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if l.Category == centavo.CatFood && (l.SpentCents != 8_400 || l.Percent != 84) {
			t.Fatalf("food: %+v, want $84.00 spent, 84 %%", l)
		}
	}
}
