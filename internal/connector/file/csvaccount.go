package file

import (
	"strings"

	"github.com/centavo/centavo/internal/connector"
)

// A CSV exported for several accounts at once (Mint's, a brokerage's
// all-accounts download, a German bank's "Auftragskonto" column) names
// each row's own account in a column. Those rows must not land in one
// account, so the column splits the file into accounts (Result.
// AccountsFound).

// Own-account columns are the dictionary's account role (csvdictionary.tsv),
// best first. The role does not tell a number from a name, nor the
// statement's own account from the other party's where one word means
// both: these lists do, by normalized header.
var (
	// accountNameHeaders name the account ("Checking") rather than number it.
	accountNameHeaders = map[string]bool{"account name": true, "accountname": true, "kontoname": true, "konto name": true, "kontobezeichnung": true}
	// otherPartyAccountHeaders are account words that, in some languages,
	// head the other party's account: German "Kontonummer" beside
	// "Auftragskonto" (in Swedish, Danish and Norwegian it is one's own).
	otherPartyAccountHeaders = map[string]bool{"kontonummer": true}
)

// Bounds on an inferred own-account column: a column with more distinct
// values than this, or (past a few accounts) with a value for less than
// every second row on average, names the other party, not the account.
const (
	maxFileAccounts    = 50
	fewFileAccounts    = 5
	rowsPerFileAccount = 2
)

// csvAccounts says which columns name a row's own account; -1 for none.
type csvAccounts struct {
	number, name int
	seen         map[string]bool // the keys listed in Result.AccountsFound
}

// findAccounts sets the plan's own-account columns: the one the mapping
// names, else one recognised by its header whose values look like the
// statement's own accounts (ownAccountColumn).
func (p *csvPlan) findAccounts(header []string, data []csvRow, spec string) error {
	p.accounts = csvAccounts{number: -1, name: -1, seen: map[string]bool{}}
	if strings.TrimSpace(spec) != "" {
		i, err := resolveColumn(spec, header, len(header) > 0, "account")
		p.accounts.number = i
		return err
	}
	if len(header) == 0 {
		return nil
	}
	used := map[int]bool{p.date: true, p.amount: true, p.debit: true, p.credit: true, p.direction: true, p.currencyCol: true, p.status: true, p.id: true}
	for _, alt := range p.desc {
		for _, c := range alt {
			used[c] = true
		}
	}
	var numbers, names []int
	for _, c := range readHeader(header).roles[roleAccount] {
		switch n := normalizeHeader(header[c.col]); {
		case used[c.col] || otherPartyAccountHeaders[n]:
		case accountNameHeaders[n]:
			names = append(names, c.col)
		default:
			numbers = append(numbers, c.col)
		}
	}
	pick := func(cols []int) int {
		for _, i := range cols {
			if p.ownAccountColumn(data, i) {
				return i
			}
		}
		return -1
	}
	p.accounts.number = pick(numbers)
	p.accounts.name = pick(names)
	return nil
}

// ownAccountColumn reports whether a column reads as the statement's own
// account: a value on every row that holds a date, and few distinct ones.
// Rows whose date cell is not a date (a disclaimer footer, "Date
// downloaded …") are not transactions and say nothing about the column.
func (p *csvPlan) ownAccountColumn(data []csvRow, col int) bool {
	distinct := map[string]bool{}
	rows := 0
	for _, r := range data {
		if d, ok := splitDate(cell(r, p.date)); !ok || !plausibleRest(d.rest) {
			continue // a total, a footer or a blank row
		}
		v := cell(r, col)
		if v == "" {
			return false
		}
		rows++
		distinct[v] = true
		if len(distinct) > maxFileAccounts {
			return false
		}
	}
	n := len(distinct)
	return n > 0 && (n <= fewFileAccounts || n*rowsPerFileAccount <= rows)
}

// noteAccount tags a transaction with its row's account and lists the
// account in res when it is new; it refuses a column of more than
// maxFileAccounts accounts (a mapping naming the wrong column).
func (p *csvPlan) noteAccount(r csvRow, tx *connector.Transaction, res *Result) error {
	number, name := cell(r, p.accounts.number), cell(r, p.accounts.name)
	key := number
	if key == "" {
		key = name
	}
	key = clipN(key, 64)
	tx.FileAccount = key
	if key == "" || p.accounts.seen[key] {
		return nil
	}
	if len(p.accounts.seen) == maxFileAccounts {
		return refuse(CodeNeedsMapping, "the account column names more than %d accounts; is it the column of your own account?", maxFileAccounts)
	}
	p.accounts.seen[key] = true
	if name == "" && p.accounts.name < 0 && p.accounts.number >= 0 && !looksLikeAccountNumber(number) {
		name = number // "Account": a name such as "Checking"
	}
	res.AccountsFound = append(res.AccountsFound, FileAccount{Key: key, Name: clipN(name, 100), Currency: tx.Currency})
	return nil
}

// looksLikeAccountNumber tells an account number or IBAN ("DE89 3704…",
// "1234-5678") from an account's name.
func looksLikeAccountNumber(v string) bool {
	digits := 0
	for _, c := range v {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	return digits >= 4 && digits*2 >= len(strings.ReplaceAll(v, " ", ""))
}
