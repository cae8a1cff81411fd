package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ingest"
)

// A file of several accounts (QIF !Account blocks, OFX statements, a CSV
// with an account column) is previewed account by account; the preview's
// confirmation form says where each goes: an existing account, a new one
// (named on the form), or nowhere.

// importAccountRow is one account of a previewed file.
type importAccountRow struct {
	Index                    int // the form fields' suffix: keys may hold any text
	Key, Name, Type, Display string
	Currency                 string
	Count                    int
	Added                    int // would be added to a new account
	Preview                  []txRow
	NewName                  string
	// After the import: what happened to it.
	Action     string // ingest.Action*
	Target     string // the name of the account its rows went to
	Duplicates int
}

// multiImport is the part of the preview page about the file's accounts.
type multiImport struct {
	Accounts []importAccountRow
	Choices  []centavo.Account // the user's accounts, to map onto
}

// multiImportData describes the accounts of a dry run's answer; nil for a
// file of one account.
func multiImportData(res ingest.ImportResult, choices []centavo.Account) *multiImport {
	if len(res.Accounts) < 2 {
		return nil
	}
	m := &multiImport{Choices: choices}
	for i, a := range res.Accounts {
		display := a.File.Name
		if display == "" {
			display = a.File.Key
		}
		if display == "" {
			display = "Without an account name"
		}
		m.Accounts = append(m.Accounts, importAccountRow{
			Index: i, Key: a.File.Key, Name: a.File.Name, Type: a.File.Type, Display: display, Currency: a.File.Currency,
			Count: a.File.Count, Added: a.Added, Preview: txRows(a.Preview, nil), NewName: a.NewName,
			Action: a.Action, Duplicates: a.Duplicates,
		})
		for _, c := range choices {
			if c.ID == a.AccountID && a.AccountID != 0 {
				m.Accounts[i].Target = c.Name
			}
		}
	}
	return m
}

// fileAccountKeys are the keys of a previewed file's accounts, in order:
// what the confirmation's fields refer to by index.
func fileAccountKeys(res ingest.ImportResult) []string {
	if len(res.Accounts) < 2 {
		return nil
	}
	keys := make([]string, len(res.Accounts))
	for i, a := range res.Accounts {
		keys[i] = a.File.Key
	}
	return keys
}

// accountsFromForm reads the confirmation's mapping: for account i,
// "account-i" is "new" (named "name-i"), "skip" or an account's id.
func accountsFromForm(r *http.Request, keys []string) (map[string]ingest.AccountTarget, string) {
	out := make(map[string]ingest.AccountTarget, len(keys))
	for i, key := range keys {
		n := strconv.Itoa(i)
		switch v := r.PostFormValue("account-" + n); v {
		case "new":
			out[key] = ingest.AccountTarget{New: &ingest.NewAccount{Name: strings.TrimSpace(r.PostFormValue("name-" + n))}}
		case "skip":
			out[key] = ingest.AccountTarget{Skip: true}
		default:
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				return nil, "Choose where each account of the file goes."
			}
			out[key] = ingest.AccountTarget{AccountID: id}
		}
	}
	return out, ""
}

// multiImport describes the accounts of an import's answer, with the
// user's accounts to choose from; nil for a file of one account.
func (s *server) multiImport(r *http.Request, u *session, res ingest.ImportResult) (*multiImport, error) {
	if len(res.Accounts) < 2 {
		return nil, nil
	}
	choices, err := s.Accounts.Accounts(r.Context(), u.userID)
	if err != nil {
		return nil, err
	}
	return multiImportData(res, choices), nil
}
