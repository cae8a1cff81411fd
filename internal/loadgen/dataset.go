package loadgen

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/sandbox"
)

// Dataset is the rows a run ingests, generated once from the sandbox bank's
// deterministic customers demo-<first> … demo-<first+users-1>: what each of
// their accounts returns on its first download (FirstWindowStart to today),
// with the category the seeded seller map gives each row. The end-to-end
// runs download these rows; the baselines write exactly the same ones.
type Dataset struct {
	Now      time.Time
	First    uint64 // first customer number
	Accounts []DataAccount
}

// DataAccount is one sandbox account's statement.
type DataAccount struct {
	Customer  sandbox.Customer
	Account   sandbox.Account
	Statement connector.Statement // as a connector returns it (Raw: the rows as text)
	Cats      []categorize.Result // parallel to Statement.Transactions
	Prints    []string            // fingerprints, parallel to Statement.Transactions
}

// Rows is the number of transactions in the dataset.
func (d *Dataset) Rows() int {
	n := 0
	for _, a := range d.Accounts {
		n += len(a.Statement.Transactions)
	}
	return n
}

// Users is the number of customers.
func (d *Dataset) Users() int {
	if len(d.Accounts) == 0 {
		return 0
	}
	return int(d.Accounts[len(d.Accounts)-1].Customer.N-d.First) + 1
}

// Login is the sandbox login of customer n.
func Login(n uint64) string { return "demo-" + strconv.FormatUint(n, 10) }

// Generate builds the dataset of users customers from first, as of now,
// over the first download's window; workers > 1 generates in parallel.
func Generate(ctx context.Context, first uint64, users int, now time.Time, workers int) (*Dataset, error) {
	return generate(ctx, first, users, now, ingest.FirstWindowStart(now), workers)
}

// GenerateHistory builds customers' whole sandbox history (about 400 days),
// for preloading a database.
func GenerateHistory(ctx context.Context, first uint64, users int, now time.Time, workers int) (*Dataset, error) {
	return generate(ctx, first, users, now, now.AddDate(0, 0, -sandbox.HistoryDays), workers)
}

func generate(ctx context.Context, first uint64, users int, now, since time.Time, workers int) (*Dataset, error) {
	sellers, err := categorize.Seeded()
	if err != nil {
		return nil, err
	}
	cz := &categorize.Categorizer{Sellers: sellers}
	perUser := make([][]DataAccount, users)
	workers = max(1, workers)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				perUser[i] = customerAccounts(cz, first+uint64(i), since, now)
			}
		}()
	}
	for i := range users {
		select {
		case next <- i:
		case <-ctx.Done():
			close(next)
			wg.Wait()
			return nil, ctx.Err()
		}
	}
	close(next)
	wg.Wait()
	d := &Dataset{Now: now, First: first}
	for _, accts := range perUser {
		d.Accounts = append(d.Accounts, accts...)
	}
	return d, nil
}

func customerAccounts(cz *categorize.Categorizer, n uint64, since, now time.Time) []DataAccount {
	cust, _ := sandbox.ParseLogin(Login(n))
	var out []DataAccount
	for _, a := range cust.Accounts() {
		gen := cust.Transactions(a.Type, since, now, now)
		da := DataAccount{Customer: cust, Account: a, Statement: connector.Statement{RawExt: "tsv", Currency: "USD"}}
		var raw strings.Builder
		for _, t := range gen {
			if t.Posted.Before(since) {
				continue
			}
			tx := connector.Transaction{
				InstitutionID: t.FITID, PostedAt: t.Posted.UTC(), AmountCents: t.AmountCents, Currency: "USD",
				Descriptor: t.Name, TrnType: t.TrnType,
			}
			da.Statement.Transactions = append(da.Statement.Transactions, tx)
			c := cz.Categorize(categorize.Input{Descriptor: t.Name, AmountCents: t.AmountCents, TrnType: t.TrnType})
			da.Cats = append(da.Cats, c)
			da.Prints = append(da.Prints, ingest.Fingerprint(tx.PostedAt, tx.AmountCents, c.Key))
			fmt.Fprintf(&raw, "%s\t%s\t%d\t%s\t%s\n", t.FITID, t.Posted.Format(time.RFC3339), t.AmountCents, t.TrnType, t.Name)
		}
		da.Statement.Raw = []byte(raw.String())
		out = append(out, da)
	}
	return out
}

// Transaction is row i of the account as Centavo stores it, for the given
// user and account ids.
func (a *DataAccount) Transaction(i int, userID, accountID int64) centavo.Transaction {
	t, c := a.Statement.Transactions[i], a.Cats[i]
	return centavo.Transaction{
		UserID: userID, AccountID: accountID, InstitutionID: t.InstitutionID, PostedAt: t.PostedAt,
		Seller: t.Descriptor, Merchant: c.Merchant, MerchantKey: c.Key, AmountCents: t.AmountCents, Currency: t.Currency,
		Category: c.Category, CategorySource: c.Source, Pending: t.Pending, Fingerprint: a.Prints[i],
	}
}

// Statements is a connector that serves a dataset's statements from memory:
// the end-to-end pipeline without the cost of generating, sending and
// parsing OFX, so what is measured is the queue, categorization, the object
// store and the database. Discover lists a sandbox login's accounts as the
// sandbox bank would.
type Statements struct {
	byAccount map[string]*DataAccount
}

var _ connector.Connector = (*Statements)(nil)

// NewStatements serves the statements of the given datasets.
func NewStatements(sets ...*Dataset) *Statements {
	s := &Statements{byAccount: map[string]*DataAccount{}}
	for _, d := range sets {
		for i := range d.Accounts {
			s.byAccount[d.Accounts[i].Account.ID] = &d.Accounts[i]
		}
	}
	return s
}

// Discover lists the sandbox customer's accounts.
func (s *Statements) Discover(_ context.Context, inst centavo.Institution, creds centavo.Credentials) ([]connector.Discovered, error) {
	cust, ok := sandbox.ParseLogin(creds.Login)
	if !ok || creds.Password != cust.Password() {
		return nil, connector.Errorf(connector.KindAuth, nil, "the institution refused the login")
	}
	var out []connector.Discovered
	for _, a := range cust.Accounts() {
		d := connector.Discovered{Name: a.Name, Currency: "USD", Institution: inst}
		d.Institution.AccountID, d.Institution.AccountType = a.ID, a.Type
		d.Type = "credit_card"
		if a.Type == "CHECKING" {
			d.Institution.BankID, d.Type = sandbox.BankID, "checking"
		}
		out = append(out, d)
	}
	return out, nil
}

// Fetch returns the account's rows posted since the given time.
func (s *Statements) Fetch(_ context.Context, inst centavo.Institution, _ centavo.Credentials, since time.Time) (connector.Statement, error) {
	a, ok := s.byAccount[inst.AccountID]
	if !ok {
		return connector.Statement{}, connector.Errorf(connector.KindRejected, nil, "no statement generated for account %s", inst.AccountID)
	}
	st := a.Statement
	if i := firstSince(st.Transactions, since); i > 0 {
		st.Transactions = st.Transactions[i:]
	}
	return st, nil
}

// firstSince is the index of the first row posted at or after since (rows
// are in date order).
func firstSince(txns []connector.Transaction, since time.Time) int {
	for i, t := range txns {
		if !t.PostedAt.Before(since) {
			return i
		}
	}
	return len(txns)
}
