package account

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/store"
)

// credentialsAAD binds sealed credentials to their user: a sealed blob
// copied into another user's account does not open.
func credentialsAAD(userID int64) []byte {
	return []byte("centavo:credentials:user:" + strconv.FormatInt(userID, 10))
}

// Access returns the account's connector and its unsealed credentials.
func (s *Service) Access(a centavo.Account) (connector.Connector, centavo.Credentials, error) {
	conn, ok := s.Connectors[a.Connector]
	if !ok {
		return nil, centavo.Credentials{}, fmt.Errorf("account: account %d: no connector %q", a.ID, a.Connector)
	}
	plain, err := s.Keys.Open(a.SealedCredentials, credentialsAAD(a.UserID))
	if err != nil {
		return nil, centavo.Credentials{}, fmt.Errorf("account: account %d: %w", a.ID, err)
	}
	var c centavo.Credentials
	if err := json.Unmarshal(plain, &c); err != nil {
		return nil, centavo.Credentials{}, fmt.Errorf("account: account %d: credentials: %w", a.ID, err)
	}
	return conn, c, nil
}

// RepairParams are new credentials for a connection: a login and password
// (OFX), or a new setup token (SimpleFIN).
type RepairParams struct {
	Login      string
	Password   string
	SetupToken string
}

// Repair gives every account of the account's connection (same OFX server
// and login, or same SimpleFIN access) the new credentials, sealed, clears
// their needs_attention status, and enqueues their refresh, in one
// transaction. It returns the accounts repaired.
func (s *Service) Repair(ctx context.Context, userID, accountID int64, p RepairParams) ([]centavo.Account, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("account: repair: %w", err)
	}
	a, err := st.Account(ctx, userID, accountID)
	if err != nil {
		return nil, err
	}
	var creds centavo.Credentials
	switch a.Connector {
	case centavo.ConnectorOFX:
		if p.Login == "" || p.Password == "" {
			return nil, centavo.Errorf(centavo.EINVALID, "login and password are required")
		}
		if len(p.Login) > 256 || len(p.Password) > 256 {
			return nil, centavo.Errorf(centavo.EINVALID, "login and password must be at most 256 bytes")
		}
		creds = centavo.Credentials{Login: p.Login, Password: p.Password}
	case centavo.ConnectorSimpleFIN:
		lp := LinkParams{Connector: centavo.ConnectorSimpleFIN, SetupToken: p.SetupToken}
		if err := lp.validate(); err != nil {
			return nil, err
		}
		if err := s.claimSimpleFIN(ctx, &lp); err != nil {
			return nil, err
		}
		creds = centavo.Credentials{Login: lp.Login, Password: lp.Password}
	default:
		return nil, centavo.Errorf(centavo.EINVALID, "account %d is fed by file imports: it has no connection to repair", a.ID)
	}
	plain, err := json.Marshal(creds)
	if err != nil {
		return nil, fmt.Errorf("account: repair: %w", err)
	}
	sealed, err := s.Keys.Seal(plain, credentialsAAD(userID))
	if err != nil {
		return nil, fmt.Errorf("account: repair: %w", err)
	}
	var repaired []centavo.Account
	err = st.InTx(ctx, func(tx store.Tx) error {
		repaired = repaired[:0]
		all, err := tx.Accounts(ctx, userID)
		if err != nil {
			return err
		}
		var jobs []river.InsertManyParams
		for _, e := range s.connection(a, all) {
			if err := tx.SetAccountCredentials(ctx, store.AccountCredentialsUpdate{
				UserID: userID, ID: e.ID, SealedCredentials: sealed, Status: centavo.AccountLinking,
			}); err != nil {
				return err
			}
			e.SealedCredentials, e.Status, e.LastError = sealed, centavo.AccountLinking, ""
			repaired = append(repaired, e)
			jobs = append(jobs, refreshJob(e))
		}
		return tx.Enqueue(ctx, jobs...)
	})
	if err != nil {
		return nil, fmt.Errorf("account: repair: %w", err)
	}
	s.Logger.InfoContext(ctx, "connection repaired", "user_id", userID, "account_id", a.ID, "accounts", len(repaired))
	return repaired, nil
}

// connection returns the accounts that share a's connection: the same
// connector and server and, by their unsealed credentials, the same login
// (OFX) or access (SimpleFIN). a is always among them.
func (s *Service) connection(a centavo.Account, all []centavo.Account) []centavo.Account {
	_, mine, err := s.Access(a)
	var out []centavo.Account
	for _, e := range all {
		if e.ID == a.ID {
			out = append(out, e)
			continue
		}
		if err != nil || e.Connector != a.Connector {
			continue // a's own credentials do not open: repair a alone
		}
		if a.Connector == centavo.ConnectorOFX && (e.Institution.URL != a.Institution.URL ||
			e.Institution.Org != a.Institution.Org || e.Institution.FID != a.Institution.FID) {
			continue
		}
		_, theirs, err := s.Access(e)
		if err != nil || theirs.Login != mine.Login || (a.Connector == centavo.ConnectorSimpleFIN && theirs.Password != mine.Password) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// refreshJob downloads the account, or discovers it if that never finished.
func refreshJob(a centavo.Account) river.InsertManyParams {
	if !a.Institution.Discovered() {
		return river.InsertManyParams{Args: jobargs.Discover{UserID: a.UserID, AccountID: a.ID}}
	}
	return river.InsertManyParams{Args: jobargs.ExtractAccount{UserID: a.UserID, AccountID: a.ID, Reason: jobargs.ReasonRefresh}}
}
