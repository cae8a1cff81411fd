package httpapi

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ingest"
)

// maxAccountsField bounds the "accounts" field of an import: room for a
// mapping of every account a file may hold.
const maxAccountsField = 64 << 10

// importAccountJSON is one account of an imported file and what the
// import did (or, dry, would do) with it.
type importAccountJSON struct {
	Key          string `json:"key"`
	Name         string `json:"name"`
	Type         string `json:"type"`
	Currency     string `json:"currency"`
	Transactions int    `json:"transactions"`
	// Action is account, new, skip or unmapped (ingest.Action*).
	Action string `json:"action"`
	// AccountID is where its rows went; null when skipped, and on a dry
	// run for a new or unmapped account.
	AccountID       *int64 `json:"account_id"`
	NewName         string `json:"new_name,omitempty"`
	Added           int    `json:"added"`
	Duplicates      int    `json:"duplicates"`
	ReplacedPending int    `json:"replaced_pending"`
	// Dry run only: the first ingest.AccountSample of each list.
	WouldAdd             []transactionJSON `json:"would_add,omitempty"`
	AlreadyRecorded      []transactionJSON `json:"already_recorded,omitempty"`
	AlreadyRecordedCount *int              `json:"already_recorded_count,omitempty"`
}

func toImportAccountsJSON(in []ingest.AccountImport, dry bool) []importAccountJSON {
	out := make([]importAccountJSON, 0, len(in))
	for _, a := range in {
		j := importAccountJSON{
			Key: a.File.Key, Name: a.File.Name, Type: a.File.Type, Currency: a.File.Currency, Transactions: a.File.Count,
			Action: a.Action, NewName: a.NewName, Added: a.Added, Duplicates: a.Duplicates, ReplacedPending: a.Replaced,
		}
		if a.AccountID != 0 {
			id := a.AccountID
			j.AccountID = &id
		}
		if dry {
			known := a.KnownCount
			j.AlreadyRecordedCount = &known
		}
		for _, t := range a.Preview {
			j.WouldAdd = append(j.WouldAdd, toTransactionJSON(t))
		}
		for _, t := range a.Known {
			j.AlreadyRecorded = append(j.AlreadyRecorded, toTransactionJSON(t))
		}
		out = append(out, j)
	}
	return out
}

// accountTargetJSON is one entry of the "accounts" field, other than
// "skip".
type accountTargetJSON struct {
	AccountID *int64          `json:"account_id"`
	New       *newAccountJSON `json:"new"`
}

type newAccountJSON struct {
	Name     string `json:"name"`
	Currency string `json:"currency"`
}

// parseAccountsField reads the "accounts" field of an import: a JSON
// object from the keys of the file's accounts to {"account_id":N},
// {"new":{"name","currency"}} or "skip". "" = no mapping.
func parseAccountsField(s string) (map[string]ingest.AccountTarget, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil || raw == nil {
		return nil, errorf(centavo.EINVALID, "accounts must be a JSON object from each account key of the file to {\"account_id\":N}, {\"new\":{\"name\":\"…\"}} or \"skip\"")
	}
	out := make(map[string]ingest.AccountTarget, len(raw))
	for key, v := range raw {
		var word string
		if json.Unmarshal(v, &word) == nil {
			if word != "skip" {
				return nil, errorf(centavo.EINVALID, "accounts[%q] must be \"skip\", {\"account_id\":N} or {\"new\":{…}}", key)
			}
			out[key] = ingest.AccountTarget{Skip: true}
			continue
		}
		var t accountTargetJSON
		dec := json.NewDecoder(bytes.NewReader(v))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&t); err != nil {
			return nil, errorf(centavo.EINVALID, "accounts[%q] must be \"skip\", {\"account_id\":N} or {\"new\":{\"name\",\"currency\"}}: %v", key, err)
		}
		switch {
		case (t.AccountID == nil) == (t.New == nil):
			return nil, errorf(centavo.EINVALID, "accounts[%q] must give exactly one of account_id and new", key)
		case t.AccountID != nil && *t.AccountID <= 0:
			return nil, errorf(centavo.EINVALID, "accounts[%q].account_id must be a positive id", key)
		case t.AccountID != nil:
			out[key] = ingest.AccountTarget{AccountID: *t.AccountID}
		default:
			out[key] = ingest.AccountTarget{New: &ingest.NewAccount{Name: t.New.Name, Currency: t.New.Currency}}
		}
	}
	return out, nil
}
