package account

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/institution"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/store"
)

// LinkParams is what a user gives to link accounts at an institution.
type LinkParams struct {
	Connector   string
	URL         string
	Org         string
	FID         string
	Login       string
	Password    string
	BankID      string
	AccountID   string
	AccountType string
	Name        string
	// SetupToken is a SimpleFIN Bridge setup token (connector "simplefin").
	SetupToken string
	// Currency of an account fed by file imports (connector "file").
	Currency string
	// InstitutionID names an entry of the institution directory (OFX):
	// it fills URL, Org and FID where they are not given.
	InstitutionID string
}

var ofxAccountTypes = map[string]string{
	"CHECKING": "checking", "SAVINGS": "savings", "MONEYMRKT": "money_market", "CREDITLINE": "credit_line",
	"CREDITCARD": "credit_card",
}

func (p *LinkParams) validate() error {
	p.Connector = strings.TrimSpace(p.Connector)
	switch p.Connector {
	case centavo.ConnectorOFX:
	case centavo.ConnectorSimpleFIN:
		p.SetupToken = strings.TrimSpace(p.SetupToken)
		if p.SetupToken == "" {
			return centavo.Errorf(centavo.EINVALID, "setup_token is required: paste the setup token from your SimpleFIN Bridge")
		}
		if len(p.SetupToken) > 4096 {
			return centavo.Errorf(centavo.EINVALID, "setup_token is longer than 4096 characters")
		}
		if len(p.Name) > 100 {
			return centavo.Errorf(centavo.EINVALID, "name is longer than 100 characters")
		}
		return nil
	case centavo.ConnectorFile:
		return nil // CreateFile checks name and currency
	default:
		return centavo.Errorf(centavo.EINVALID, "connector must be %q, %q or %q",
			centavo.ConnectorOFX, centavo.ConnectorSimpleFIN, centavo.ConnectorFile)
	}
	u, err := url.Parse(strings.TrimSpace(p.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(p.URL) > 2048 {
		return centavo.Errorf(centavo.EINVALID, "url must be an http or https URL of the institution's OFX server")
	}
	p.URL = u.String()
	for name, v := range map[string]*string{"org": &p.Org, "fid": &p.FID, "bank_id": &p.BankID, "account_id": &p.AccountID} {
		*v = strings.TrimSpace(*v)
		if len(*v) > 64 {
			return centavo.Errorf(centavo.EINVALID, "%s is longer than 64 characters", name)
		}
	}
	if p.Org == "" || p.FID == "" {
		return centavo.Errorf(centavo.EINVALID, "org and fid are required (any value for the sandbox bank)")
	}
	if p.Login == "" || p.Password == "" {
		return centavo.Errorf(centavo.EINVALID, "login and password are required")
	}
	if len(p.Login) > 256 || len(p.Password) > 256 {
		return centavo.Errorf(centavo.EINVALID, "login and password must be at most 256 bytes")
	}
	if len(p.Name) > 100 {
		return centavo.Errorf(centavo.EINVALID, "name is longer than 100 characters")
	}
	p.AccountType = strings.ToUpper(strings.TrimSpace(p.AccountType))
	if p.AccountID == "" {
		if p.BankID != "" || p.AccountType != "" {
			return centavo.Errorf(centavo.EINVALID, "bank_id and account_type need account_id")
		}
		return nil
	}
	if p.AccountType == "" {
		p.AccountType = "CHECKING"
	}
	if _, ok := ofxAccountTypes[p.AccountType]; !ok {
		return centavo.Errorf(centavo.EINVALID, "account_type must be one of CHECKING, SAVINGS, MONEYMRKT, CREDITLINE, CREDITCARD")
	}
	if p.AccountType != "CREDITCARD" && p.BankID == "" {
		return centavo.Errorf(centavo.EINVALID, "bank_id is required for a bank account")
	}
	return nil
}

// Link stores the sealed credentials in a new account and enqueues its
// discovery (or, when the account is named, its first extraction) in the
// same transaction.
func (s *Service) Link(ctx context.Context, userID int64, p LinkParams) ([]centavo.Account, error) {
	if err := s.fromDirectory(&p); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	switch p.Connector {
	case centavo.ConnectorFile:
		a, err := s.CreateFile(ctx, userID, p.Name, p.Currency)
		if err != nil {
			return nil, err
		}
		return []centavo.Account{a}, nil
	case centavo.ConnectorSimpleFIN:
		if err := s.claimSimpleFIN(ctx, &p); err != nil {
			return nil, err
		}
	case centavo.ConnectorOFX:
		// The outbound policy, now, so that a URL it refuses by its text
		// (plain http, a private address) is an answer, not a failed job.
		if c, ok := s.Connectors[p.Connector].(urlChecker); ok {
			if err := c.CheckURL(p.URL); err != nil {
				return nil, centavo.Errorf(centavo.EINVALID, "%s", connector.MessageOf(err))
			}
		}
	}
	creds, err := json.Marshal(centavo.Credentials{Login: p.Login, Password: p.Password})
	if err != nil {
		return nil, fmt.Errorf("account: link: %w", err)
	}
	sealed, err := s.Keys.Seal(creds, credentialsAAD(userID))
	if err != nil {
		return nil, fmt.Errorf("account: link: %w", err)
	}
	inst := centavo.Institution{URL: p.URL, Org: p.Org, FID: p.FID, BankID: p.BankID, AccountID: p.AccountID, AccountType: p.AccountType}
	a := centavo.Account{
		UserID: userID, Connector: p.Connector, Currency: "USD", Institution: inst, SealedCredentials: sealed,
		Status: centavo.AccountLinking, CreatedAt: s.Now().UTC(),
	}
	if inst.Discovered() {
		a.Type = ofxAccountTypes[p.AccountType]
		a.Name = p.Name
		if a.Name == "" {
			a.Name = fmt.Sprintf("%s %s", p.Org, maskID(p.AccountID))
		}
	} else {
		a.Name = p.Name
		if a.Name == "" {
			a.Name = p.Org + " (discovering accounts)"
		}
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("account: link: %w", err)
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		if inst.Discovered() {
			existing, err := tx.Accounts(ctx, userID)
			if err != nil {
				return err
			}
			for _, e := range existing {
				if sameAccount(e.Institution, inst) {
					return centavo.Errorf(centavo.ECONFLICT, "this account is already linked (account %d)", e.ID)
				}
			}
		}
		if err := tx.CreateAccount(ctx, &a); err != nil {
			return err
		}
		if inst.Discovered() {
			return tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.ExtractAccount{UserID: userID, AccountID: a.ID, Reason: jobargs.ReasonLink}})
		}
		return tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.Discover{UserID: userID, AccountID: a.ID}})
	})
	if err != nil {
		return nil, fmt.Errorf("account: link: %w", err)
	}
	s.Logger.InfoContext(ctx, "account linked", "user_id", userID, "account_id", a.ID, "discover", !inst.Discovered())
	return []centavo.Account{a}, nil
}

// fromDirectory fills the OFX server of the directory's institution
// p.InstitutionID names, where the user did not give them.
func (s *Service) fromDirectory(p *LinkParams) error {
	id := strings.TrimSpace(p.InstitutionID)
	if id == "" {
		return nil
	}
	if strings.TrimSpace(p.Connector) != centavo.ConnectorOFX {
		return centavo.Errorf(centavo.EINVALID, "institution_id is for connector %q", centavo.ConnectorOFX)
	}
	var in institution.Institution
	ok := false
	if s.Institutions != nil {
		in, ok = s.Institutions.ByID(id)
	}
	if !ok {
		return centavo.Errorf(centavo.EINVALID, "institution_id %q is not in the institution directory (GET /api/v1/institutions?q=… searches it)", id)
	}
	if strings.TrimSpace(p.URL) == "" {
		p.URL = in.URL
	}
	if strings.TrimSpace(p.Org) == "" {
		p.Org = in.Org
	}
	if strings.TrimSpace(p.FID) == "" {
		p.FID = in.FID
	}
	return nil
}

// urlChecker is a connector that checks an institution's URL against the
// outbound policy before anything is stored.
type urlChecker interface {
	CheckURL(raw string) error
}

// claimer is a connector that trades a one-time setup token for lasting
// credentials (SimpleFIN Bridge).
type claimer interface {
	Claim(ctx context.Context, setupToken string) (string, error)
	BaseURL(access string) (string, error)
}

// claimSimpleFIN claims the setup token now, while the user waits, so that a
// used or mistyped token is an answer to the request and not a failed job.
// The access URL becomes the (sealed) password; discovery lists the accounts.
func (s *Service) claimSimpleFIN(ctx context.Context, p *LinkParams) error {
	c, ok := s.Connectors[centavo.ConnectorSimpleFIN].(claimer)
	if !ok {
		return centavo.Errorf(centavo.EINVALID, "SimpleFIN is not enabled on this server")
	}
	access, err := c.Claim(ctx, p.SetupToken)
	if err != nil {
		msg := connector.MessageOf(err)
		// The cause (never the token: connectors keep it out) is for the
		// operator; the user reads the message.
		s.Logger.WarnContext(ctx, "simplefin claim failed", "kind", connector.KindOf(err).String(), "err", err)
		switch connector.KindOf(err) {
		case connector.KindAuth, connector.KindRejected, connector.KindMalformed:
			return centavo.Errorf(centavo.EINVALID, "the SimpleFIN setup token could not be claimed: %s", msg)
		default:
			return centavo.Errorf(centavo.EUNAVAILABLE, "%s (the SimpleFIN Bridge), try again later", msg)
		}
	}
	base, err := c.BaseURL(access)
	if err != nil {
		return centavo.Errorf(centavo.EINVALID, "the SimpleFIN Bridge gave an unusable access URL: %s", connector.MessageOf(err))
	}
	p.URL, p.Org, p.Login, p.Password = base, "SimpleFIN", "", access
	p.FID, p.BankID, p.AccountID, p.AccountType = "", "", "", ""
	return nil
}

func maskID(id string) string {
	if len(id) <= 4 {
		return "…" + id
	}
	return "…" + id[len(id)-4:]
}

func sameAccount(a, b centavo.Institution) bool {
	return a.URL == b.URL && a.AccountID == b.AccountID && a.AccountID != "" && a.BankID == b.BankID
}

// CreateFile makes an account fed only by imports.
func (s *Service) CreateFile(ctx context.Context, userID int64, name, currency string) (centavo.Account, error) {
	if name == "" || len(name) > 100 {
		return centavo.Account{}, centavo.Errorf(centavo.EINVALID, "name is required (at most 100 characters)")
	}
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if currency == "" {
		currency = "USD"
	}
	if len(currency) != 3 || strings.Trim(currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return centavo.Account{}, centavo.Errorf(centavo.EINVALID, "currency must be a three-letter ISO 4217 code such as USD or EUR")
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Account{}, err
	}
	now := s.Now().UTC()
	a := centavo.Account{UserID: userID, Connector: centavo.ConnectorFile, Name: name, Type: "file", Currency: currency,
		SealedCredentials: []byte{}, Status: centavo.AccountOK, CreatedAt: now}
	err = st.InTx(ctx, func(tx store.Tx) error { return tx.CreateAccount(ctx, &a) })
	return a, err
}
