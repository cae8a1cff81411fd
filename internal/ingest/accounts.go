package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/connector/file"
	"github.com/centavo/centavo/internal/store"
)

// A statement file may hold several accounts (file.Result.AccountsFound):
// the statements of an OFX file, the !Account blocks of a QIF, the values
// of a CSV's own-account column. Their rows never go into one account
// unasked: the import maps each to an account of the user, a new account,
// or nowhere (docs/0019-connectors-and-imports.md).

// ErrSeveralAccounts is in the chain of the refusal (EINVALID) of a file
// of several accounts imported without a mapping: a caller that can ask
// for one (the web form) knows to.
var ErrSeveralAccounts = errors.New("ingest: the file holds several accounts")

// AccountSample bounds each account's lists in a dry run's answer (the
// answer's own lists hold up to ImportSample of all accounts together).
const AccountSample = 50

// What an import does with a file's account.
const (
	ActionAccount  = "account"  // its rows go into an existing account
	ActionNew      = "new"      // into a new file account
	ActionSkip     = "skip"     // nowhere
	ActionUnmapped = "unmapped" // a dry run without a mapping for it: previewed as a new account
)

// AccountTarget is where one of a file's accounts goes: exactly one of an
// existing account, a new one, or nowhere.
type AccountTarget struct {
	AccountID int64
	New       *NewAccount
	Skip      bool
}

// NewAccount is a file account to create for a file's account.
type NewAccount struct {
	Name     string // "" = the file's name for it, else its type and key
	Currency string // "" = the file's currency for it
}

// AccountImport is what an import did (or, dry, would do) with one of the
// file's accounts.
type AccountImport struct {
	File      file.FileAccount
	Action    string // ActionAccount, ActionNew, ActionSkip, ActionUnmapped
	AccountID int64  // where its rows went; 0 when skipped, and on a dry run for a new or unmapped account
	NewName   string // ActionNew, ActionUnmapped: the name of the account (to be) created
	Added     int
	// Duplicates are rows already stored, or listed twice in the file.
	Duplicates int
	Replaced   int
	// Dry runs: the first AccountSample rows that would be added and of
	// those already stored (KnownCount in all).
	Preview, Known []centavo.Transaction
	KnownCount     int
}

// accountPlan is a file account and, validated, where it goes.
type accountPlan struct {
	file    file.FileAccount
	action  string
	account centavo.Account // ActionAccount: the account; ActionNew, ActionUnmapped: the one to create (no id yet)
}

// planAccounts checks the mapping against the file's accounts and the
// user's, before anything is written.
func (s *Service) planAccounts(ctx context.Context, st store.Store, a centavo.Account, found []file.FileAccount, o ImportOptions, export file.Export) ([]accountPlan, error) {
	if o.Accounts == nil {
		if len(found) == 1 {
			return []accountPlan{{file: found[0], action: ActionAccount, account: a}}, nil
		}
		if export != "" {
			return exportPlans(ctx, st, a, found)
		}
		if plans, ok := oneBusyAccount(a, found); ok {
			return plans, nil
		}
		if !o.DryRun {
			e := centavo.Errorf(centavo.EINVALID, "%s", needsMapping(found))
			e.Err = ErrSeveralAccounts
			return nil, e
		}
	}
	keys := make(map[string]bool, len(found))
	for _, f := range found {
		keys[f.Key] = true
	}
	var unknown []string
	for k := range o.Accounts {
		if !keys[k] {
			unknown = append(unknown, fmt.Sprintf("%q", k))
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, centavo.Errorf(centavo.EINVALID, "the accounts mapping names %s, which the file does not hold; it holds %s",
			strings.Join(unknown, ", "), listAccounts(found))
	}
	plans := make([]accountPlan, 0, len(found))
	var missing []file.FileAccount
	into := map[int64]string{} // existing account → the file account mapped to it
	for _, f := range found {
		t, ok := o.Accounts[f.Key]
		if !ok {
			missing = append(missing, f)
			plans = append(plans, accountPlan{file: f, action: ActionUnmapped, account: newAccount(a, f, NewAccount{})})
			continue
		}
		p, err := planAccount(ctx, st, a, f, t)
		if err != nil {
			return nil, err
		}
		if p.action == ActionAccount {
			if other, dup := into[p.account.ID]; dup {
				return nil, centavo.Errorf(centavo.EINVALID, "the file's accounts %q and %q are both mapped to account %d; map each to its own account (or skip one): their transaction ids may collide",
					other, f.Key, p.account.ID)
			}
			into[p.account.ID] = f.Key
		}
		plans = append(plans, p)
	}
	if len(missing) > 0 && !o.DryRun {
		return nil, centavo.Errorf(centavo.EINVALID, "the accounts mapping leaves out %s; map every account the file holds (or map it to \"skip\")", listAccounts(missing))
	}
	return plans, nil
}

// exportPlans plans an app's export of several accounts (Mint, YNAB,
// Centavo) imported without a mapping: each of its accounts goes into the
// user's account of the same name (compared without case), else into a
// new file account named after it, so that importing the export again
// finds the same accounts.
func exportPlans(ctx context.Context, st store.Store, a centavo.Account, found []file.FileAccount) ([]accountPlan, error) {
	mine, err := st.Accounts(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	plans := make([]accountPlan, 0, len(found))
	for _, f := range found {
		p := accountPlan{file: f, action: ActionNew, account: newAccount(a, f, NewAccount{})}
		for _, m := range mine {
			if strings.EqualFold(strings.TrimSpace(m.Name), strings.TrimSpace(p.account.Name)) {
				p = accountPlan{file: f, action: ActionAccount, account: m}
				break
			}
		}
		plans = append(plans, p)
	}
	return plans, nil
}

// oneBusyAccount plans a file without a mapping whose transactions are all
// one account's, beside statements with a balance and no rows (a quiet
// savings account): the rows go into the account of the URL, the quiet
// ones are skipped (a mapping records their balances). Not ok when no
// account or more than one has rows.
func oneBusyAccount(a centavo.Account, found []file.FileAccount) ([]accountPlan, bool) {
	busy := -1
	for i, f := range found {
		if f.Count == 0 {
			continue
		}
		if busy >= 0 {
			return nil, false
		}
		busy = i
	}
	if busy < 0 {
		return nil, false
	}
	plans := make([]accountPlan, 0, len(found))
	for i, f := range found {
		if i == busy {
			plans = append(plans, accountPlan{file: f, action: ActionAccount, account: a})
		} else {
			plans = append(plans, accountPlan{file: f, action: ActionSkip})
		}
	}
	return plans, true
}

// planAccount checks one entry of the mapping.
func planAccount(ctx context.Context, st store.Store, a centavo.Account, f file.FileAccount, t AccountTarget) (accountPlan, error) {
	set := 0
	for _, b := range []bool{t.AccountID != 0, t.New != nil, t.Skip} {
		if b {
			set++
		}
	}
	if set != 1 {
		return accountPlan{}, centavo.Errorf(centavo.EINVALID, "the mapping of account %q must give exactly one of account_id, new or \"skip\"", f.Key)
	}
	switch {
	case t.Skip:
		return accountPlan{file: f, action: ActionSkip}, nil
	case t.New != nil:
		na := newAccount(a, f, *t.New)
		if utf8.RuneCountInString(na.Name) > 100 {
			return accountPlan{}, centavo.Errorf(centavo.EINVALID, "the new account for %q: name is at most 100 characters", f.Key)
		}
		if c := na.Currency; len(c) != 3 || strings.Trim(strings.ToUpper(c), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return accountPlan{}, centavo.Errorf(centavo.EINVALID, "the new account for %q: currency must be a three-letter ISO 4217 code such as USD or EUR", f.Key)
		}
		return accountPlan{file: f, action: ActionNew, account: na}, nil
	}
	target, err := st.Account(ctx, a.UserID, t.AccountID)
	if errors.Is(err, store.ErrNotFound) {
		return accountPlan{}, centavo.Errorf(centavo.ENOTFOUND, "the mapping of account %q names account %d, which is not one of yours", f.Key, t.AccountID)
	}
	if err != nil {
		return accountPlan{}, err
	}
	return accountPlan{file: f, action: ActionAccount, account: target}, nil
}

// newAccount is the file account to create for f (not created yet).
func newAccount(a centavo.Account, f file.FileAccount, n NewAccount) centavo.Account {
	name := strings.TrimSpace(n.Name)
	if name == "" {
		name = defaultName(f)
	}
	cur := strings.TrimSpace(n.Currency)
	if cur == "" {
		cur = f.Currency
	}
	if cur == "" {
		cur = a.Currency
	}
	return centavo.Account{UserID: a.UserID, Connector: centavo.ConnectorFile, Name: name, Type: "file", Currency: cur}
}

// defaultName names a new account after the file's name for it, else its
// type and the end of its number ("CHECKING …6789").
func defaultName(f file.FileAccount) string {
	if f.Name != "" {
		return f.Name
	}
	key := f.Key
	if n := utf8.RuneCountInString(key); n > 4 && strings.ContainsAny(key, "0123456789") {
		key = "…" + string([]rune(key)[n-4:])
	}
	name := strings.TrimSpace(f.Type + " " + key)
	if name == "" {
		return "Imported account"
	}
	return name
}

// needsMapping explains the refusal of a file of several accounts sent
// without a mapping.
func needsMapping(found []file.FileAccount) string {
	var ex []string
	for i, f := range found {
		switch i {
		case 0:
			ex = append(ex, fmt.Sprintf("%q:{\"account_id\":ID}", f.Key))
		case 1:
			ex = append(ex, fmt.Sprintf("%q:{\"new\":{\"name\":%q}}", f.Key, defaultName(f)))
		case 2:
			ex = append(ex, fmt.Sprintf("%q:\"skip\"", f.Key))
		}
	}
	return fmt.Sprintf("this file holds %d accounts: %s; say where each goes with the field \"accounts\", e.g. {%s} (a dry run shows each account's transactions)",
		len(found), listAccounts(found), strings.Join(ex, ","))
}

// listAccounts names the file's accounts in a message.
func listAccounts(found []file.FileAccount) string {
	parts := make([]string, 0, min(len(found), 10))
	for i, f := range found {
		if i == 10 {
			parts = append(parts, fmt.Sprintf("and %d more", len(found)-i))
			break
		}
		var about []string
		if f.Name != "" && f.Name != f.Key {
			about = append(about, f.Name)
		}
		if f.Type != "" {
			about = append(about, f.Type)
		}
		about = append(about, fmt.Sprintf("%d transaction%s", f.Count, plural(f.Count)))
		parts = append(parts, fmt.Sprintf("%q (%s)", f.Key, strings.Join(about, ", ")))
	}
	return strings.Join(parts, ", ")
}

// byFileAccount groups a file's rows by their account's key.
func byFileAccount(txns []connector.Transaction) map[string][]connector.Transaction {
	if len(txns) > 0 && !slices.ContainsFunc(txns, func(t connector.Transaction) bool { return t.FileAccount != txns[0].FileAccount }) {
		// One account (the usual file): its rows as they are, not a copy.
		return map[string][]connector.Transaction{txns[0].FileAccount: txns}
	}
	out := map[string][]connector.Transaction{}
	for _, t := range txns {
		out[t.FileAccount] = append(out[t.FileAccount], t)
	}
	return out
}

// createAccounts creates the new accounts of a real import's plan, after
// the whole mapping was checked.
func (s *Service) createAccounts(ctx context.Context, plans []accountPlan) error {
	for i := range plans {
		p := &plans[i]
		if p.action != ActionNew {
			continue
		}
		created, err := s.Accounts.CreateFile(ctx, p.account.UserID, p.account.Name, p.account.Currency)
		if err != nil {
			return fmt.Errorf("ingest: create an account for %q: %w", p.file.Key, err)
		}
		p.account = created
	}
	return nil
}

// importAccount imports one of the file's accounts as its plan says.
func (s *Service) importAccount(ctx context.Context, st store.Store, p accountPlan, rows []connector.Transaction, bals []connector.Balance, data []byte, format file.Format, o ImportOptions) (AccountImport, importTally, error) {
	ai := AccountImport{File: p.file, Action: p.action, AccountID: p.account.ID}
	if p.action == ActionNew || p.action == ActionUnmapped {
		ai.NewName = p.account.Name
	}
	var t importTally
	var err error
	switch {
	case p.action == ActionSkip:
		return ai, t, nil
	case p.account.ID == 0: // dry: a new account holds nothing yet
		t, err = s.previewNew(ctx, st, p.account, rows)
	default:
		t, err = s.importInto(ctx, st, p.account, rows, bals, data, format, o)
	}
	if err != nil {
		return ai, t, err
	}
	if !o.DryRun {
		t.preview, t.known, t.knownCount = nil, nil, 0 // the lists are a dry run's
	}
	ai.Added, ai.Duplicates, ai.Replaced, ai.KnownCount = t.added, t.duplicates, t.replaced, t.knownCount
	ai.Preview = t.preview[:min(len(t.preview), AccountSample)]
	ai.Known = t.known[:min(len(t.known), AccountSample)]
	return ai, t, nil
}

// previewNew is a dry run into an account not created yet: every row is
// new, but for those the file lists twice.
func (s *Service) previewNew(ctx context.Context, st store.Store, a centavo.Account, rows []connector.Transaction) (importTally, error) {
	prep, err := s.prepare(ctx, st, a, rows)
	if err != nil {
		return importTally{}, err
	}
	txns := prep.txns
	t := importTally{added: len(txns), duplicates: prep.repeats, reused: prep.reused, preview: txns[:min(len(txns), ImportSample)]}
	for _, r := range txns {
		if r.PostedAt.After(t.newest) {
			t.newest = r.PostedAt
		}
	}
	return t, nil
}

// add sums one account's import into the answer.
func (r *ImportResult) add(ai AccountImport, t importTally) {
	r.Accounts = append(r.Accounts, ai)
	r.Added += t.added
	r.Duplicates += t.duplicates
	r.Replaced += t.replaced
	r.ReusedIDs += t.reused
	r.KnownCount += t.knownCount
	r.Preview = append(r.Preview, t.preview[:min(len(t.preview), ImportSample-len(r.Preview))]...)
	r.Known = append(r.Known, t.known[:min(len(t.known), ImportSample-len(r.Known))]...)
	r.Newest = maxTime(r.Newest, t.newest)
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
