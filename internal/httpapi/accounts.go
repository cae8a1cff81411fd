package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
)

type linkRequest struct {
	Connector   string `json:"connector"`
	URL         string `json:"url"`
	Org         string `json:"org"`
	FID         string `json:"fid"`
	Login       string `json:"login"`
	Password    string `json:"password"`
	BankID      string `json:"bank_id"`
	AccountID   string `json:"account_id"`
	AccountType string `json:"account_type"`
	Name        string `json:"name"`
	SetupToken  string `json:"setup_token"` // connector "simplefin"
	Currency    string `json:"currency"`    // connector "file"
	// InstitutionID names a directory entry (connector "ofx"): it fills
	// url, org and fid where they are not given.
	InstitutionID string `json:"institution_id"`
	// Kind and BalanceCents describe a manual account (connector "manual").
	Kind         string `json:"kind"`
	BalanceCents *int64 `json:"balance_cents"`
}

type accountJSON struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	Status      string          `json:"status"`
	LastUpdate  *time.Time      `json:"last_update"`
	LastError   string          `json:"last_error"`
	Connector   string          `json:"connector"`
	Currency    string          `json:"currency"`
	Institution institutionJSON `json:"institution"`
	CreatedAt   time.Time       `json:"created_at"`
	// Where it stands: its latest reported balance (null: unknown); a
	// liability's is what is owed.
	Kind           string     `json:"kind"`
	BalanceCents   *int64     `json:"balance_cents"`
	AvailableCents *int64     `json:"available_cents"`
	BalanceAsOf    *time.Time `json:"balance_as_of"`
}

// institutionJSON shows where the account is, never how to log in, and
// only the last digits of the account number.
type institutionJSON struct {
	URL         string `json:"url"`
	Org         string `json:"org"`
	FID         string `json:"fid"`
	BankID      string `json:"bank_id,omitempty"`
	AccountMask string `json:"account_mask,omitempty"`
	AccountType string `json:"account_type,omitempty"`
}

func toAccountJSON(a centavo.Account, bal *centavo.Balance) accountJSON {
	j := accountJSON{
		ID: a.ID, Name: a.Name, Type: a.Type, Status: a.Status, LastUpdate: a.LastUpdate, LastError: a.LastError,
		Connector: a.Connector, Currency: a.Currency, CreatedAt: a.CreatedAt, Kind: centavo.AccountKind(a),
		Institution: institutionJSON{URL: a.Institution.URL, Org: a.Institution.Org, FID: a.Institution.FID,
			BankID: a.Institution.BankID, AccountType: a.Institution.AccountType},
	}
	if id := a.Institution.AccountID; id != "" {
		j.Institution.AccountMask = "…" + id[max(0, len(id)-4):]
	}
	if bal != nil {
		v := account.Owed(a, bal.Cents)
		at := bal.AsOf.UTC()
		j.BalanceCents, j.BalanceAsOf = &v, &at
		if bal.AvailableCents != nil {
			// What can still be spent or drawn, as the source says it: a
			// checking account's available balance, a card's available
			// credit (positive while under the limit) — never flipped
			// like the balance of a liability.
			av := *bal.AvailableCents
			j.AvailableCents = &av
		}
	}
	return j
}

type accountsResponse struct {
	Accounts []accountJSON `json:"accounts"`
}

// accountsResponse shows accounts with their latest balances.
func (s *server) accountsResponse(ctx context.Context, userID int64, list []centavo.Account) (accountsResponse, error) {
	bals, err := s.Accounts.LatestBalances(ctx, userID)
	if err != nil {
		return accountsResponse{}, err
	}
	out := accountsResponse{Accounts: make([]accountJSON, 0, len(list))}
	for _, a := range list {
		var bal *centavo.Balance
		if b, ok := bals[a.ID]; ok {
			bal = &b
		}
		out.Accounts = append(out.Accounts, toAccountJSON(a, bal))
	}
	return out, nil
}

// encodeAccounts answers with accounts and their latest balances.
func (s *server) encodeAccounts(w http.ResponseWriter, r *http.Request, status int, list []centavo.Account) error {
	out, err := s.accountsResponse(r.Context(), userID(r.Context()), list)
	if err != nil {
		return err
	}
	encode(w, status, out)
	return nil
}

// pathID reads the {id} path segment.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errorf(centavo.ENOTFOUND, "no such resource: %q is not an id", r.PathValue("id"))
	}
	return id, nil
}

func (s *server) handleListAccounts() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		list, err := s.Accounts.Accounts(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		return s.encodeAccounts(w, r, http.StatusOK, list)
	})
}

func (s *server) handleLinkAccount() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[linkRequest](w, r)
		if err != nil {
			return err
		}
		if strings.TrimSpace(req.Connector) == centavo.ConnectorManual {
			return s.createManual(w, r, req)
		}
		if req.Kind != "" || req.BalanceCents != nil {
			return errorf(centavo.EINVALID, "kind and balance_cents are for manual accounts (connector %q)", centavo.ConnectorManual)
		}
		list, err := s.Accounts.Link(r.Context(), userID(r.Context()), account.LinkParams{
			Connector: req.Connector, URL: req.URL, Org: req.Org, FID: req.FID, Login: req.Login, Password: req.Password,
			BankID: req.BankID, AccountID: req.AccountID, AccountType: req.AccountType, Name: req.Name,
			SetupToken: req.SetupToken, Currency: req.Currency, InstitutionID: req.InstitutionID,
		})
		if err != nil {
			return err
		}
		status := http.StatusAccepted // discovery and the first download follow
		if strings.TrimSpace(req.Connector) == centavo.ConnectorFile {
			status = http.StatusCreated // ready for imports
		}
		return s.encodeAccounts(w, r, status, list)
	})
}

func (s *server) handleGetAccount() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		a, err := s.Accounts.Account(r.Context(), userID(r.Context()), id)
		if err != nil {
			return err
		}
		out, err := s.accountsResponse(r.Context(), userID(r.Context()), []centavo.Account{a})
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, out.Accounts[0])
		return nil
	})
}

func (s *server) handleDeleteAccount() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.Accounts.Delete(r.Context(), userID(r.Context()), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

func (s *server) handleRefreshAccount() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.Accounts.Refresh(r.Context(), userID(r.Context()), id); err != nil {
			return err
		}
		encode(w, http.StatusAccepted, map[string]string{"status": "queued"})
		return nil
	})
}

type repairRequest struct {
	Login      string `json:"login"`
	Password   string `json:"password"`
	SetupToken string `json:"setup_token"`
}

// handleRepairAccount gives the account's connection new credentials and
// refreshes its accounts.
func (s *server) handleRepairAccount() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		req, err := decode[repairRequest](w, r)
		if err != nil {
			return err
		}
		list, err := s.Accounts.Repair(r.Context(), userID(r.Context()), id, account.RepairParams{
			Login: req.Login, Password: req.Password, SetupToken: req.SetupToken,
		})
		if err != nil {
			return err
		}
		return s.encodeAccounts(w, r, http.StatusAccepted, list)
	})
}

type institutionsResponse struct {
	Institutions []institutionEntry `json:"institutions"`
}

type institutionEntry struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	URL      string `json:"url"`
	Org      string `json:"org"`
	FID      string `json:"fid"`
	Protocol string `json:"protocol"`
}

// handleInstitutions searches the institution directory (?q=, at most 50).
func (s *server) handleInstitutions() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query().Get("q")
		if len(q) > 200 {
			return errorf(centavo.EINVALID, "q is longer than 200 characters")
		}
		out := institutionsResponse{Institutions: []institutionEntry{}}
		if d := s.Accounts.Institutions; d != nil {
			for _, in := range d.Search(q, 50) {
				out.Institutions = append(out.Institutions, institutionEntry{
					ID: in.ID, Name: in.Name, URL: in.URL, Org: in.Org, FID: in.FID, Protocol: in.Protocol,
				})
			}
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}
