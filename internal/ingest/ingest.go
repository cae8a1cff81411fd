// Package ingest links accounts and extracts their transactions: connector →
// raw copy in the object store → categorization → one SQL transaction that
// inserts the new transactions, updates the monthly aggregates, records the
// account's status, enqueues the follow-up budget evaluation and completes
// the job. Every step after the API runs as a River job, so it is retried and
// never lost, and a retry changes nothing twice (transactions are unique on
// account and institution id; only inserted rows reach the aggregates).
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
)

// FirstWindowDays is how far back the first download of an account goes; the
// window is extended to the start of that month so no month is partial.
const FirstWindowDays = 90

// Overlap is how far before the last successful update a refresh starts
// again: banks post late and revise; duplicates are dropped on insert.
const Overlap = 7 * 24 * time.Hour

// Service links and extracts accounts.
type Service struct {
	cat        atomic.Pointer[categorize.Categorizer] // set by SetCategorizer: a reload
	lastImport atomic.Int64                           // see importID

	Cluster     store.Cluster
	Keys        *seal.Keyring
	Connectors  map[string]connector.Connector
	Objects     *objstore.Store
	Categorizer *categorize.Categorizer
	Cache       cache.Cache
	Metrics     *metrics.Metrics
	Logger      *slog.Logger
	Now         func() time.Time
}

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
		return nil // CreateFileAccount checks name and currency
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

func credentialsAAD(userID int64) []byte {
	return []byte("centavo:credentials:user:" + strconv.FormatInt(userID, 10))
}

// Link stores the sealed credentials in a new account and enqueues its
// discovery (or, when the account is named, its first extraction) in the
// same transaction.
func (s *Service) Link(ctx context.Context, userID int64, p LinkParams) ([]centavo.Account, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	switch p.Connector {
	case centavo.ConnectorFile:
		a, err := s.CreateFileAccount(ctx, userID, p.Name, p.Currency)
		if err != nil {
			return nil, err
		}
		return []centavo.Account{a}, nil
	case centavo.ConnectorSimpleFIN:
		if err := s.claimSimpleFIN(ctx, &p); err != nil {
			return nil, err
		}
	}
	creds, err := json.Marshal(centavo.Credentials{Login: p.Login, Password: p.Password})
	if err != nil {
		return nil, fmt.Errorf("ingest: link: %w", err)
	}
	sealed, err := s.Keys.Seal(creds, credentialsAAD(userID))
	if err != nil {
		return nil, fmt.Errorf("ingest: link: %w", err)
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
		return nil, fmt.Errorf("ingest: link: %w", err)
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
			return tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.ExtractAccount{UserID: userID, AccountID: a.ID, Reason: "link"}})
		}
		return tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.Discover{UserID: userID, AccountID: a.ID}})
	})
	if err != nil {
		return nil, fmt.Errorf("ingest: link: %w", err)
	}
	s.Logger.InfoContext(ctx, "account linked", "user_id", userID, "account_id", a.ID, "discover", !inst.Discovered())
	return []centavo.Account{a}, nil
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
		switch connector.KindOf(err) {
		case connector.KindAuth, connector.KindRejected, connector.KindMalformed:
			return centavo.Errorf(centavo.EINVALID, "the SimpleFIN setup token could not be claimed: %s", msg)
		default:
			return centavo.Errorf(centavo.EUNAVAILABLE, "the SimpleFIN Bridge could not be reached, try again later: %s", msg)
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

// Accounts lists the user's accounts.
func (s *Service) Accounts(ctx context.Context, userID int64) ([]centavo.Account, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("ingest: accounts: %w", err)
	}
	return st.Accounts(ctx, userID)
}

// Account returns one of the user's accounts (not found if it is not theirs).
func (s *Service) Account(ctx context.Context, userID, accountID int64) (centavo.Account, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Account{}, fmt.Errorf("ingest: account: %w", err)
	}
	return st.Account(ctx, userID, accountID)
}

// Refresh enqueues a download of the account (or of its discovery, if that
// never finished).
func (s *Service) Refresh(ctx context.Context, userID, accountID int64) error {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("ingest: refresh: %w", err)
	}
	return st.InTx(ctx, func(tx store.Tx) error {
		a, err := tx.Account(ctx, userID, accountID)
		if err != nil {
			return err
		}
		if !a.Institution.Discovered() {
			return tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.Discover{UserID: userID, AccountID: a.ID}})
		}
		return tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.ExtractAccount{UserID: userID, AccountID: a.ID, Reason: "refresh"}})
	})
}

// Delete removes an account and its transactions; the monthly aggregates
// lose them in the same transaction.
func (s *Service) Delete(ctx context.Context, userID, accountID int64) error {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("ingest: delete: %w", err)
	}
	var months []centavo.Month
	err = st.InTx(ctx, func(tx store.Tx) error {
		removed, err := tx.DeleteAccount(ctx, userID, accountID)
		if err != nil {
			return err
		}
		neg := make([]store.SpendingDelta, len(removed))
		for i, d := range removed {
			neg[i] = store.SpendingDelta{Month: d.Month, Category: d.Category, AmountCents: -d.AmountCents, Count: -d.Count}
			months = appendMonth(months, d.Month)
		}
		if err := tx.AddMonthlySpending(ctx, userID, neg); err != nil {
			return err
		}
		event := river.InsertManyParams{Args: jobargs.ArchiveEvent{
			Event: objstore.EventDeleteAccount, At: s.Now().UTC(), UserID: userID, AccountID: accountID,
		}}
		return tx.Enqueue(ctx, append(evaluations(userID, months), event)...)
	})
	if err != nil {
		return err
	}
	s.invalidate(ctx, userID)
	return nil
}

func appendMonth(ms []centavo.Month, m centavo.Month) []centavo.Month {
	for _, x := range ms {
		if x == m {
			return ms
		}
	}
	return append(ms, m)
}

func evaluations(userID int64, months []centavo.Month) []river.InsertManyParams {
	out := make([]river.InsertManyParams, 0, len(months))
	for _, m := range months {
		out = append(out, river.InsertManyParams{Args: jobargs.EvaluateBudgets{UserID: userID, Month: m.String()}})
	}
	return out
}

func (s *Service) invalidate(ctx context.Context, userID int64) {
	if s.Cache == nil {
		return
	}
	if err := cache.InvalidateUser(ctx, s.Cache, userID); err != nil {
		// The generation could not be bumped: cached summaries of this user
		// may be stale until their TTL. Reads never fail because of it.
		s.Logger.WarnContext(ctx, "cache invalidation failed", "user_id", userID, "err", err)
	}
}

// load finds a job's account; gone reports that the user deleted it
// meanwhile (the job then has nothing left to do).
func (s *Service) load(ctx context.Context, userID, accountID int64) (st store.Store, a centavo.Account, gone bool, err error) {
	st, err = s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return nil, a, false, err
	}
	a, err = st.Account(ctx, userID, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return st, a, true, nil
	}
	return st, a, false, err
}

// access returns the account's connector and its unsealed credentials.
func (s *Service) access(a centavo.Account) (connector.Connector, centavo.Credentials, error) {
	conn, ok := s.Connectors[a.Connector]
	if !ok {
		return nil, centavo.Credentials{}, fmt.Errorf("ingest: account %d: no connector %q", a.ID, a.Connector)
	}
	plain, err := s.Keys.Open(a.SealedCredentials, credentialsAAD(a.UserID))
	if err != nil {
		return nil, centavo.Credentials{}, fmt.Errorf("ingest: account %d: %w", a.ID, err)
	}
	var c centavo.Credentials
	if err := json.Unmarshal(plain, &c); err != nil {
		return nil, centavo.Credentials{}, fmt.Errorf("ingest: account %d: credentials: %w", a.ID, err)
	}
	return conn, c, nil
}

// fail records a failed attempt. Transient and malformed answers leave the
// account in "error" and return the error so River retries with backoff;
// refused credentials or a rejected request put it in "needs_attention" and
// complete the job: retrying would not help (and could lock the login).
func (s *Service) fail(ctx context.Context, st store.Store, a centavo.Account, job *rivertype.JobRow, cause error) error {
	kind := connector.KindOf(cause)
	msg := connector.MessageOf(cause)
	status := centavo.AccountError
	if kind == connector.KindAuth || kind == connector.KindRejected {
		status = centavo.AccountNeedsAttention
	}
	s.Logger.WarnContext(ctx, "extraction failed", "user_id", a.UserID, "account_id", a.ID, "job_id", job.ID,
		"attempt", job.Attempt, "kind", kind.String(), "err", cause)
	err := st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: a.UserID, ID: a.ID, Status: status, LastError: msg}); err != nil {
			return err
		}
		if status == centavo.AccountNeedsAttention {
			now := s.Now().UTC()
			n := centavo.Notification{
				UserID: a.UserID, Kind: centavo.NotifyNeedsAttention, AccountID: a.ID, CreatedAt: now,
				Key:     fmt.Sprintf("needs_attention:%d:%s", a.ID, now.Format(time.DateOnly)),
				Message: fmt.Sprintf("%s needs your attention: %s", a.Name, msg),
			}
			if _, err := notify.Create(ctx, tx, &n); err != nil {
				return err
			}
			return tx.CompleteJob(ctx, job)
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted meanwhile
	}
	if err != nil {
		return fmt.Errorf("ingest: record failure: %w (after %v)", err, cause)
	}
	if status == centavo.AccountNeedsAttention {
		return nil
	}
	return cause
}

// Discover runs a discovery job: list the accounts behind the login, turn
// the placeholder into the first and add the others, and enqueue their
// extraction — in one transaction with the job's completion.
func (s *Service) Discover(ctx context.Context, job *river.Job[jobargs.Discover]) error {
	st, a, gone, err := s.load(ctx, job.Args.UserID, job.Args.AccountID)
	if gone || err != nil {
		return err
	}
	if a.Institution.Discovered() {
		// Already done by an earlier attempt: just make sure it is extracted.
		return st.InTx(ctx, func(tx store.Tx) error {
			if err := tx.Enqueue(ctx, river.InsertManyParams{Args: jobargs.ExtractAccount{UserID: a.UserID, AccountID: a.ID, Reason: "link"}}); err != nil {
				return err
			}
			return tx.CompleteJob(ctx, job.JobRow)
		})
	}
	conn, creds, err := s.access(a)
	if err != nil {
		return err
	}
	s.Logger.InfoContext(ctx, "discovery started", "user_id", a.UserID, "account_id", a.ID, "job_id", job.ID, "attempt", job.Attempt)
	found, err := conn.Discover(ctx, a.Institution, creds)
	if err != nil {
		return s.fail(ctx, st, a, job.JobRow, err)
	}
	var created []int64
	err = st.InTx(ctx, func(tx store.Tx) error {
		created = created[:0]
		existing, err := tx.Accounts(ctx, a.UserID)
		if err != nil {
			return err
		}
		var jobs []river.InsertManyParams
		placeholderUsed := false
		for _, d := range found {
			dup := false
			for _, e := range existing {
				if e.ID != a.ID && sameAccount(e.Institution, d.Institution) {
					dup = true
				}
			}
			if dup {
				continue // linked before: never count an account twice
			}
			cur := d.Currency
			if cur == "" {
				cur = "USD"
			}
			id := a.ID
			if !placeholderUsed {
				placeholderUsed = true
				err = tx.UpdateAccountInstitution(ctx, store.AccountInstitutionUpdate{
					UserID: a.UserID, ID: a.ID, Name: d.Name, Type: d.Type, Currency: cur, Institution: d.Institution,
				})
			} else {
				na := centavo.Account{
					UserID: a.UserID, Connector: a.Connector, Name: d.Name, Type: d.Type, Currency: cur,
					Institution: d.Institution, SealedCredentials: a.SealedCredentials, Status: centavo.AccountLinking,
					CreatedAt: s.Now().UTC(),
				}
				err = tx.CreateAccount(ctx, &na)
				id = na.ID
			}
			if err != nil {
				return err
			}
			created = append(created, id)
			jobs = append(jobs, river.InsertManyParams{Args: jobargs.ExtractAccount{UserID: a.UserID, AccountID: id, Reason: "link"}})
		}
		if !placeholderUsed {
			// Everything behind this login is linked already; say so on the
			// placeholder rather than make it vanish.
			if err := tx.SetAccountStatus(ctx, store.AccountStatusUpdate{
				UserID: a.UserID, ID: a.ID, Status: centavo.AccountNeedsAttention,
				LastError: "every account behind this login is already linked; you can remove this one",
			}); err != nil {
				return err
			}
		}
		if err := tx.Enqueue(ctx, jobs...); err != nil {
			return err
		}
		return tx.CompleteJob(ctx, job.JobRow)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	s.Logger.InfoContext(ctx, "accounts discovered", "user_id", a.UserID, "found", len(found), "linked", created, "job_id", job.ID)
	return nil
}

// Extract runs an extraction job.
func (s *Service) Extract(ctx context.Context, job *river.Job[jobargs.ExtractAccount]) error {
	userID := job.Args.UserID
	st, a, gone, err := s.load(ctx, userID, job.Args.AccountID)
	if gone || err != nil {
		return err
	}
	if !a.Institution.Discovered() {
		return fmt.Errorf("ingest: account %d is not discovered yet", a.ID)
	}
	conn, creds, err := s.access(a)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	since := FirstWindowStart(now)
	if a.LastUpdate != nil {
		since = a.LastUpdate.Add(-Overlap)
	}
	s.Logger.InfoContext(ctx, "extraction started", "user_id", userID, "account_id", a.ID, "job_id", job.ID,
		"attempt", job.Attempt, "reason", job.Args.Reason)
	stmt, err := conn.Fetch(ctx, a.Institution, creds, since)
	if err != nil {
		return s.fail(ctx, st, a, job.JobRow, err)
	}

	txns, err := s.prepare(ctx, st, a, stmt.Transactions)
	if err != nil {
		return err
	}
	// Keep the raw answer and the log before anything is stored: what is in
	// SQL can always be traced back to its source.
	if err := s.archive(ctx, a, now, job.ID, stmt.Raw, stmt.RawExt, txns); err != nil {
		return err
	}
	var rec recorded
	err = st.InTx(ctx, func(tx store.Tx) error {
		var err error
		rec, err = s.record(ctx, tx, a, txns, now, fmt.Sprintf("account_updated:%d:%d", a.ID, job.ID))
		if err != nil {
			return err
		}
		return tx.CompleteJob(ctx, job.JobRow)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted while we were downloading
	}
	if err != nil {
		return fmt.Errorf("ingest: store extraction of account %d: %w", a.ID, err)
	}
	s.recorded(ctx, userID, rec)
	s.Logger.InfoContext(ctx, "account extracted", "user_id", userID, "account_id", a.ID, "job_id", job.ID,
		"downloaded", len(txns), "new", len(rec.inserted), "replaced_pending", len(rec.replaced), "since", since.Format(time.DateOnly))
	return nil
}

// prepare categorizes a download or an import: the user's rules, merchant
// keys, fingerprints, and ids for the rows the institution gave none.
func (s *Service) prepare(ctx context.Context, st store.Store, a centavo.Account, in []connector.Transaction) ([]centavo.Transaction, error) {
	rules, err := st.Rules(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	cz := *s.categorizer()
	cz.Rules = ruleSet(rules)
	out := make([]centavo.Transaction, 0, len(in))
	seen := map[string]int{} // occurrences of each fingerprint among the id-less rows
	for _, t := range in {
		r := cz.Categorize(categorize.Input{
			UserID: a.UserID, Descriptor: t.Descriptor, AmountCents: t.AmountCents, TrnType: t.TrnType, MCC: t.MCC,
		})
		cur := t.Currency
		if cur == "" {
			cur = a.Currency
		}
		tx := centavo.Transaction{
			UserID: a.UserID, AccountID: a.ID, InstitutionID: t.InstitutionID, PostedAt: t.PostedAt.UTC(),
			Seller: t.Descriptor, Merchant: r.Merchant, MerchantKey: r.Key, AmountCents: t.AmountCents, Currency: cur,
			Category: r.Category, CategorySource: r.Source, Pending: t.Pending,
			Fingerprint: Fingerprint(t.PostedAt, t.AmountCents, r.Key),
		}
		if tx.InstitutionID == "" {
			// No id from the institution: the fingerprint and its occurrence
			// among identical rows (two coffees the same day are two).
			tx.InstitutionID = fmt.Sprintf("fp:%s:%d", tx.Fingerprint, seen[tx.Fingerprint])
			seen[tx.Fingerprint]++
		}
		out = append(out, tx)
	}
	return out, nil
}

// Fingerprint identifies a transaction without the institution's id: its
// day, amount and merchant key.
func Fingerprint(posted time.Time, cents int64, merchantKey string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%s", posted.UTC().Format(time.DateOnly), cents, merchantKey)))
	return hex.EncodeToString(h[:8])
}

// archive writes the raw input and the transaction log to the object store.
func (s *Service) archive(ctx context.Context, a centavo.Account, now time.Time, id int64, raw []byte, ext string, txns []centavo.Transaction) error {
	lines := make([]objstore.LogLine, 0, len(txns))
	for _, t := range txns {
		lines = append(lines, objstore.LogLine{UserID: t.UserID, PostedAt: t.PostedAt, Seller: t.Seller, AmountCents: t.AmountCents,
			AccountID: t.AccountID, InstitutionID: t.InstitutionID, Category: t.Category, Pending: t.Pending})
	}
	if err := s.Objects.Put(ctx, objstore.RawKey(now, a.UserID, a.ID, id, ext), raw, "application/octet-stream"); err != nil {
		return err
	}
	return s.Objects.Put(ctx, objstore.LogKey(now, a.UserID, a.ID, id), objstore.FormatLog(lines), "text/tab-separated-values")
}

// recorded is what record did.
type recorded struct {
	inserted   []centavo.Transaction
	replaced   []centavo.Transaction // pending ones their posted version replaced
	duplicates int
	// dropped are the batch's rows that another stored row stands for, and
	// the replaced pending rows: the object store's logs list them, so
	// recompute is told to leave them out.
	dropped []jobargs.Dropped
}

func (r *recorded) drop(t centavo.Transaction) {
	r.dropped = append(r.dropped, jobargs.Dropped{
		InstitutionID: t.InstitutionID, PostedAt: t.PostedAt, AmountCents: t.AmountCents, Pending: t.Pending,
	})
}

// record stores a batch of one account's transactions in tx: the pending
// transactions the batch shows posted are replaced; rows stored before
// (same institution id, or the same fingerprint from another source) are
// skipped; the monthly aggregates, the account's status, the budget
// evaluations, the drop events for recompute and the "account updated"
// notification follow.
func (s *Service) record(ctx context.Context, tx store.Tx, a centavo.Account, txns []centavo.Transaction, now time.Time, notifyKey string) (recorded, error) {
	var rec recorded
	// Re-read inside the transaction: the account may have been deleted.
	if _, err := tx.Account(ctx, a.UserID, a.ID); err != nil {
		return rec, err
	}
	pending, err := tx.PendingTransactions(ctx, a.UserID, a.ID)
	if err != nil {
		return rec, err
	}
	replace, skip := matchPending(pending, txns)
	if len(skip) > 0 {
		kept := txns[:0:0]
		for _, t := range txns {
			if !(t.Pending && skip[t.InstitutionID]) {
				kept = append(kept, t)
			}
		}
		txns = kept
	}
	if txns, err = dedupeAcrossSources(ctx, tx, a, txns, pending, &rec); err != nil {
		return rec, err
	}
	if txns, err = dropPostedPending(ctx, tx, a, txns, &rec); err != nil {
		return rec, err
	}
	if rec.replaced, err = tx.DeleteTransactions(ctx, a.UserID, replace); err != nil {
		return rec, err
	}
	for _, t := range rec.replaced {
		rec.drop(t)
	}
	for i := range txns {
		txns[i].CreatedAt = now
	}
	if rec.inserted, err = tx.InsertTransactions(ctx, txns); err != nil {
		return rec, err
	}
	rec.duplicates += len(txns) - len(rec.inserted)
	deltas := append(store.SumDeltas(rec.replaced, -1), store.SumDeltas(rec.inserted, 1)...)
	if err := tx.AddMonthlySpending(ctx, a.UserID, deltas); err != nil {
		return rec, err
	}
	if err := tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: a.UserID, ID: a.ID, Status: centavo.AccountOK, LastUpdate: &now}); err != nil {
		return rec, err
	}
	var months []centavo.Month
	for _, d := range deltas {
		months = appendMonth(months, d.Month)
	}
	jobs := evaluations(a.UserID, months)
	if len(rec.dropped) > 0 {
		jobs = append(jobs, river.InsertManyParams{Args: jobargs.ArchiveDrops{At: now, UserID: a.UserID, AccountID: a.ID, Rows: rec.dropped}})
	}
	if err := tx.Enqueue(ctx, jobs...); err != nil {
		return rec, err
	}
	if len(rec.inserted) > 0 {
		// The seed's "transactions have completed" notification.
		n := centavo.Notification{
			UserID: a.UserID, Kind: centavo.NotifyAccountUpdated, AccountID: a.ID, CreatedAt: now, Key: notifyKey,
			Message: fmt.Sprintf("%s: %d new transaction%s.", a.Name, len(rec.inserted), plural(len(rec.inserted))),
		}
		if _, err := notify.Create(ctx, tx, &n); err != nil {
			return rec, err
		}
	}
	return rec, nil
}

// dedupeAcrossSources drops the batch's posted rows that a stored row from
// another source already stands for: same fingerprint (day, amount,
// merchant), different id. Per fingerprint, the stored posted rows this
// batch does not list itself can each stand for one new row of the batch:
// any stored row for a row read from a file (id "fp:…"), only a row read
// from a file for a row with the bank's own id — two bank ids are two
// transactions, so a bank's genuine identical purchases are never merged.
// Re-imports, files overlapping the downloads and downloads overlapping an
// earlier import all add nothing; two coffees on one day stay two.
func dedupeAcrossSources(ctx context.Context, tx store.Tx, a centavo.Account, txns []centavo.Transaction, pending []centavo.Transaction, rec *recorded) ([]centavo.Transaction, error) {
	var fps []string
	fromFiles := false
	for _, t := range txns {
		if !t.Pending && t.Fingerprint != "" {
			fps = append(fps, t.Fingerprint)
			fromFiles = fromFiles || strings.HasPrefix(t.InstitutionID, "fp:")
		}
	}
	if len(fps) == 0 {
		return txns, nil
	}
	if !fromFiles {
		// Only rows read from files can stand for a bank's row: most
		// accounts never had one, and one index probe says so.
		has, err := tx.HasImportedRows(ctx, a.UserID, a.ID)
		if err != nil || !has {
			return txns, err
		}
	}
	stored, err := tx.FingerprintIDs(ctx, a.UserID, a.ID, fps)
	if err != nil {
		return nil, err
	}
	if len(stored) == 0 {
		return txns, nil
	}
	isPending := make(map[string]bool, len(pending))
	for _, p := range pending {
		isPending[p.InstitutionID] = true
	}
	inBatch := make(map[string]bool, len(txns))
	for _, t := range txns {
		inBatch[t.InstitutionID] = true
	}
	// The stored posted rows of each fingerprint that the batch does not
	// list: the ones that may stand for a new row of the batch.
	spare := map[string][]string{}
	storedID := map[string]bool{}
	for fp, ids := range stored {
		for _, id := range ids {
			storedID[id] = true
			if !isPending[id] && !inBatch[id] {
				spare[fp] = append(spare[fp], id)
			}
		}
	}
	out := txns[:0:0]
	for _, t := range txns {
		if t.Pending || storedID[t.InstitutionID] || len(spare[t.Fingerprint]) == 0 {
			out = append(out, t) // stored under its own id (a plain duplicate), or new
			continue
		}
		fromFile := strings.HasPrefix(t.InstitutionID, "fp:")
		ids := spare[t.Fingerprint]
		j := slices.IndexFunc(ids, func(id string) bool { return fromFile || strings.HasPrefix(id, "fp:") })
		if j < 0 {
			out = append(out, t)
			continue
		}
		spare[t.Fingerprint] = slices.Delete(ids, j, j+1)
		rec.duplicates++
		rec.drop(t)
	}
	return out, nil
}

// matchPending finds the stored pending transactions that a batch shows
// posted: the same institution id, or — banks often give the posted
// transaction a new id, a slightly different description or amount (a tip)
// — the same merchant, within ten days after, within 25 % (or $1). It
// returns the pending ids to replace and the batch's own pending rows to
// drop because their posted version replaces them.
func matchPending(pending, batch []centavo.Transaction) (replace []int64, skip map[string]bool) {
	if len(pending) == 0 {
		return nil, nil
	}
	used := map[int64]bool{}
	byID := map[string]centavo.Transaction{}
	for _, p := range pending {
		byID[p.InstitutionID] = p
	}
	skip = map[string]bool{}
	for _, t := range batch {
		if t.Pending {
			continue
		}
		if p, ok := byID[t.InstitutionID]; ok && !used[p.ID] {
			used[p.ID] = true
			replace = append(replace, p.ID)
			continue
		}
		if best, ok := closest(pending, used, func(p centavo.Transaction) (int64, bool) { return postedAs(p, t) }); ok {
			used[best] = true
			replace = append(replace, best)
			for _, p := range pending {
				if p.ID == best {
					skip[p.InstitutionID] = true // the batch may still list it as pending
				}
			}
		}
	}
	return replace, skip
}

// dropPostedPending drops the batch's pending rows whose posted version is
// stored already — a stale file imported again, or a bank that still lists
// an item it posted: a posted row of the same merchant, from a day before to
// ten days after, within 25 % (or $1), each posted row matching one pending
// row at most. Erring this way can only delay a genuine pending purchase
// until it posts (then it is added); the other way would count one twice.
func dropPostedPending(ctx context.Context, tx store.Tx, a centavo.Account, txns []centavo.Transaction, rec *recorded) ([]centavo.Transaction, error) {
	var from, to time.Time
	n := 0
	for _, t := range txns {
		if !t.Pending || t.MerchantKey == "" {
			continue
		}
		if n == 0 || t.PostedAt.Before(from) {
			from = t.PostedAt
		}
		if n == 0 || t.PostedAt.After(to) {
			to = t.PostedAt
		}
		n++
	}
	if n == 0 {
		return txns, nil
	}
	from, to = from.Add(-24*time.Hour), to.Add(11*24*time.Hour)
	var posted []centavo.Transaction
	after := &store.Cursor{PostedAt: to, ID: math.MaxInt64}
	for {
		page, err := tx.Transactions(ctx, store.TransactionFilter{UserID: a.UserID, AccountID: a.ID, Limit: 500, After: after})
		if err != nil {
			return nil, err
		}
		for _, t := range page {
			if !t.Pending && !t.PostedAt.Before(from) {
				posted = append(posted, t)
			}
		}
		if len(page) < 500 || page[len(page)-1].PostedAt.Before(from) {
			break
		}
		last := page[len(page)-1]
		after = &store.Cursor{PostedAt: last.PostedAt, ID: last.ID}
	}
	used := map[int64]bool{}
	out := txns[:0:0]
	for _, t := range txns {
		if t.Pending && t.MerchantKey != "" {
			if p, ok := postedTwin(t, posted, used); ok {
				used[p] = true
				rec.duplicates++
				rec.drop(t)
				continue
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// postedTwin finds the stored posted row that pending p became.
func postedTwin(p centavo.Transaction, list []centavo.Transaction, used map[int64]bool) (int64, bool) {
	return closest(list, used, func(t centavo.Transaction) (int64, bool) { return postedAs(p, t) })
}

// closest returns the unused candidate that fits with the smallest
// difference.
func closest(candidates []centavo.Transaction, used map[int64]bool, fit func(centavo.Transaction) (diff int64, ok bool)) (int64, bool) {
	best, bestDiff := int64(0), int64(-1)
	for _, c := range candidates {
		diff, ok := fit(c)
		if !ok || used[c.ID] {
			continue
		}
		if bestDiff < 0 || diff < bestDiff {
			best, bestDiff = c.ID, diff
		}
	}
	return best, bestDiff >= 0
}

// postedAs says whether pending p may have posted as t — the same merchant,
// from a day before to ten days after, within 25 % (or $1): a tip, a hotel's
// incidentals, a fuel pre-authorisation — and how far apart the amounts are.
func postedAs(p, t centavo.Transaction) (diff int64, ok bool) {
	if p.MerchantKey == "" || p.MerchantKey != t.MerchantKey || (p.AmountCents < 0) != (t.AmountCents < 0) {
		return 0, false
	}
	if t.PostedAt.Before(p.PostedAt.Add(-24*time.Hour)) || t.PostedAt.After(p.PostedAt.Add(10*24*time.Hour)) {
		return 0, false
	}
	diff = abs(t.AmountCents - p.AmountCents)
	return diff, diff <= max(abs(p.AmountCents)/4, 100)
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// recorded runs after the commit: invalidate the cache, count.
func (s *Service) recorded(ctx context.Context, userID int64, rec recorded) {
	if len(rec.inserted) > 0 || len(rec.replaced) > 0 {
		s.invalidate(ctx, userID)
	}
	if s.Metrics != nil {
		s.Metrics.TransactionsIngested.Add(float64(len(rec.inserted)))
	}
}

// SetCategorizer replaces the categorizer (a reloaded seller map); safe
// while extractions run.
func (s *Service) SetCategorizer(c *categorize.Categorizer) { s.cat.Store(c) }

func (s *Service) categorizer() *categorize.Categorizer {
	if c := s.cat.Load(); c != nil {
		return c
	}
	return s.Categorizer
}

// ruleSet is one user's rules, for the categorizer.
type ruleSet []centavo.Rule

func (rs ruleSet) UserRule(userID int64, key string) (string, bool) {
	for _, r := range rs {
		if r.UserID == userID && r.MerchantKey == key {
			return r.Category, true
		}
	}
	return "", false
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// FirstWindowStart is where an account's first download starts: 90 days
// back, extended to the first day of that month.
func FirstWindowStart(now time.Time) time.Time {
	return centavo.MonthOf(now.AddDate(0, 0, -FirstWindowDays)).Start()
}
