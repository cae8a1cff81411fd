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
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/recompute"
	"github.com/centavo/centavo/internal/seal"
	"github.com/centavo/centavo/internal/store"
)

// Queue names.
const (
	QueueExtract = "extract"
)

// FirstWindowDays is how far back the first download of an account goes; the
// window is extended to the start of that month so no month is partial.
const FirstWindowDays = 90

// Overlap is how far before the last successful update a refresh starts
// again: banks post late and revise; duplicates are dropped on insert.
const Overlap = 7 * 24 * time.Hour

// DiscoverArgs asks for the accounts behind a new login to be listed.
type DiscoverArgs struct {
	UserID    int64 `json:"user_id" river:"unique"`
	AccountID int64 `json:"account_id" river:"unique"` // the placeholder account
}

func (DiscoverArgs) Kind() string { return "discover_accounts" }

func (DiscoverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueExtract, MaxAttempts: 8, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: pendingStates}}
}

// ExtractArgs asks for one account's new transactions to be downloaded.
type ExtractArgs struct {
	UserID    int64  `json:"user_id" river:"unique"`
	AccountID int64  `json:"account_id" river:"unique"`
	Reason    string `json:"reason"` // link, refresh, daily
}

func (ExtractArgs) Kind() string { return "extract_account" }

func (ExtractArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueExtract, MaxAttempts: 8, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: pendingStates}}
}

// pendingStates: a refresh is not enqueued twice while one waits or runs;
// once it finished (or waits for a retry) a new one may be enqueued.
var pendingStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// Service links and extracts accounts.
type Service struct {
	cat atomic.Pointer[categorize.Categorizer] // set by SetCategorizer: a reload

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
}

var ofxAccountTypes = map[string]string{
	"CHECKING": "checking", "SAVINGS": "savings", "MONEYMRKT": "money_market", "CREDITLINE": "credit_line",
	"CREDITCARD": "credit_card",
}

func (p *LinkParams) validate() error {
	p.Connector = strings.TrimSpace(p.Connector)
	if p.Connector != centavo.ConnectorOFX {
		return centavo.Errorf(centavo.EINVALID, "connector must be %q", centavo.ConnectorOFX)
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
			return tx.Enqueue(ctx, river.InsertManyParams{Args: ExtractArgs{UserID: userID, AccountID: a.ID, Reason: "link"}})
		}
		return tx.Enqueue(ctx, river.InsertManyParams{Args: DiscoverArgs{UserID: userID, AccountID: a.ID}})
	})
	if err != nil {
		return nil, fmt.Errorf("ingest: link: %w", err)
	}
	s.Logger.InfoContext(ctx, "account linked", "user_id", userID, "account_id", a.ID, "discover", !inst.Discovered())
	return []centavo.Account{a}, nil
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
			return tx.Enqueue(ctx, river.InsertManyParams{Args: DiscoverArgs{UserID: userID, AccountID: a.ID}})
		}
		return tx.Enqueue(ctx, river.InsertManyParams{Args: ExtractArgs{UserID: userID, AccountID: a.ID, Reason: "refresh"}})
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
		event := river.InsertManyParams{Args: recompute.EventArgs{
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
		out = append(out, river.InsertManyParams{Args: budget.EvaluateArgs{UserID: userID, Month: m.String()}})
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
func (s *Service) Discover(ctx context.Context, job *river.Job[DiscoverArgs]) error {
	st, a, gone, err := s.load(ctx, job.Args.UserID, job.Args.AccountID)
	if gone || err != nil {
		return err
	}
	if a.Institution.Discovered() {
		// Already done by an earlier attempt: just make sure it is extracted.
		return st.InTx(ctx, func(tx store.Tx) error {
			if err := tx.Enqueue(ctx, river.InsertManyParams{Args: ExtractArgs{UserID: a.UserID, AccountID: a.ID, Reason: "link"}}); err != nil {
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
			jobs = append(jobs, river.InsertManyParams{Args: ExtractArgs{UserID: a.UserID, AccountID: id, Reason: "link"}})
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
func (s *Service) Extract(ctx context.Context, job *river.Job[ExtractArgs]) error {
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

	// Categorize, then keep the raw answer and the log before anything is
	// stored: what is in SQL can always be traced back to its source.
	txns := make([]centavo.Transaction, 0, len(stmt.Transactions))
	logLines := make([]objstore.LogLine, 0, len(stmt.Transactions))
	rules, err := st.Rules(ctx, userID)
	if err != nil {
		return err
	}
	cz := *s.categorizer()
	cz.Rules = ruleSet(rules)
	for _, t := range stmt.Transactions {
		r := cz.Categorize(categorize.Input{
			UserID: userID, Descriptor: t.Descriptor, AmountCents: t.AmountCents, TrnType: t.TrnType, MCC: t.MCC,
		})
		cur := t.Currency
		if cur == "" {
			cur = a.Currency
		}
		txns = append(txns, centavo.Transaction{
			UserID: userID, AccountID: a.ID, InstitutionID: t.InstitutionID, PostedAt: t.PostedAt.UTC(),
			Seller: t.Descriptor, Merchant: r.Merchant, MerchantKey: r.Key, AmountCents: t.AmountCents, Currency: cur,
			Category: r.Category, CategorySource: r.Source, Pending: t.Pending,
		})
		logLines = append(logLines, objstore.LogLine{
			UserID: userID, PostedAt: t.PostedAt, Seller: t.Descriptor, AmountCents: t.AmountCents,
			AccountID: a.ID, InstitutionID: t.InstitutionID, Category: r.Category,
		})
	}
	if err := s.Objects.Put(ctx, objstore.RawKey(now, userID, a.ID, job.ID, stmt.RawExt), stmt.Raw, "application/x-ofx"); err != nil {
		return err
	}
	if err := s.Objects.Put(ctx, objstore.LogKey(now, userID, a.ID, job.ID), objstore.FormatLog(logLines), "text/tab-separated-values"); err != nil {
		return err
	}

	var inserted []centavo.Transaction
	err = st.InTx(ctx, func(tx store.Tx) error {
		// Re-read inside the transaction: the account may have been deleted.
		if _, err := tx.Account(ctx, userID, a.ID); err != nil {
			return err
		}
		var err error
		inserted, err = tx.InsertTransactions(ctx, txns)
		if err != nil {
			return err
		}
		deltas := store.SumDeltas(inserted, 1)
		if err := tx.AddMonthlySpending(ctx, userID, deltas); err != nil {
			return err
		}
		if err := tx.SetAccountStatus(ctx, store.AccountStatusUpdate{
			UserID: userID, ID: a.ID, Status: centavo.AccountOK, LastUpdate: &now,
		}); err != nil {
			return err
		}
		var months []centavo.Month
		for _, d := range deltas {
			months = appendMonth(months, d.Month)
		}
		if err := tx.Enqueue(ctx, evaluations(userID, months)...); err != nil {
			return err
		}
		if len(inserted) > 0 {
			// The seed's "transactions have completed" notification.
			n := centavo.Notification{
				UserID: userID, Kind: centavo.NotifyAccountUpdated, AccountID: a.ID, CreatedAt: now,
				Key:     fmt.Sprintf("account_updated:%d:%d", a.ID, job.ID),
				Message: fmt.Sprintf("%s: %d new transaction%s.", a.Name, len(inserted), plural(len(inserted))),
			}
			if _, err := notify.Create(ctx, tx, &n); err != nil {
				return err
			}
		}
		return tx.CompleteJob(ctx, job.JobRow)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted while we were downloading
	}
	if err != nil {
		return fmt.Errorf("ingest: store extraction of account %d: %w", a.ID, err)
	}
	if len(inserted) > 0 {
		s.invalidate(ctx, userID)
	}
	if s.Metrics != nil {
		s.Metrics.TransactionsIngested.Add(float64(len(inserted)))
	}
	s.Logger.InfoContext(ctx, "account extracted", "user_id", userID, "account_id", a.ID, "job_id", job.ID,
		"downloaded", len(txns), "new", len(inserted), "since", since.Format(time.DateOnly))
	return nil
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
