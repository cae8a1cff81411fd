// Package store is the persistence seam of Centavo: the interfaces a
// service declares to read and change a user's data, with an implementation
// per database engine (sqlite/ for the embedded default, postgres/ for shards
// with replicas), a Cluster that finds the store (shard) holding a user, and
// one conformance suite (storetest/) that every implementation runs.
//
// The interfaces are cut by role, each in a reading and a writing half:
// users (UserReader, UserWriter), accounts, the ledger (transactions, their
// monthly aggregates and the rules that file them), budgets, alerts
// (notification settings, notifications, webhooks and their deliveries) and
// the crowd's votes (CrowdWriter, CrowdReader). A service declares the halves
// it uses. Reader and Writer compose every per-user half; a Store offers the
// reads, and a Tx, given by Store.InTx, offers both. Maintenance holds the few
// queries that span all the users of a shard (CrowdReader's among them); only
// a Store has them.
//
// Implementations are thin: they translate calls to SQL and engine errors to
// ErrNotFound and ErrConflict; a statement whose text is the same on both
// engines is written once, in storesql/. Business rules and authorization
// live in the services. Every user-owned row carries user_id and every query
// on it is scoped by user_id, so a user id is a required argument throughout.
//
// The job queue (River) lives in the same database, behind the small
// interfaces of package queue: a Tx is also a queue.Tx, so that jobs are
// enqueued and completed in the same SQL transaction as the change that
// causes them, and a Store is a queue.Maker. This package names no River type.
package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/store/queue"
)

// ErrNotFound is returned (wrapped) when a row does not exist or does not
// belong to the given user.
var ErrNotFound = &centavo.Error{Code: centavo.ENOTFOUND, Message: "not found"}

// ErrConflict is returned (wrapped) when a unique constraint is violated.
var ErrConflict = &centavo.Error{Code: centavo.ECONFLICT, Message: "already exists"}

// ErrOutOfRange is returned (wrapped) when a change would take a monthly
// aggregate beyond ±centavo.MaxTotalCents; nothing of the change is kept.
var ErrOutOfRange = &centavo.Error{Code: centavo.EINVALID,
	Message: "this change would take a month's total in one category beyond ±" + centavo.FormatMoney(centavo.MaxTotalCents, "") + "; nothing was changed"}

// UserReader finds users, by id, e-mail or API token.
type UserReader interface {
	UserByID(ctx context.Context, id int64) (centavo.User, error)
	UserByEmail(ctx context.Context, email string) (centavo.User, error)
	// UserIDByToken returns the user of an unexpired token with the given hash.
	UserIDByToken(ctx context.Context, hash []byte, now time.Time) (int64, error)
	// TokenByHash returns the unexpired token with the given hash.
	TokenByHash(ctx context.Context, hash []byte, now time.Time) (Token, error)
	// Tokens lists the user's unexpired tokens, newest first.
	Tokens(ctx context.Context, userID int64, now time.Time) ([]Token, error)
	// TOTP returns the user's two-factor setting; ErrNotFound if none.
	TOTP(ctx context.Context, userID int64) (TOTP, error)
}

// UserWriter creates users, keeps their profile and activity, and their
// credentials: password, API tokens, password resets, two-factor secret and
// recovery codes.
type UserWriter interface {
	// CreateUser inserts u with the id it has, or a new one it sets when
	// u.ID is 0 (a Cluster assigns ids across shards); ErrConflict if the
	// e-mail or id is taken.
	CreateUser(ctx context.Context, u *centavo.User) error
	// TouchUser records API activity (users active in the last 30 days are refreshed daily).
	TouchUser(ctx context.Context, userID int64, at time.Time) error
	// UpdateUserProfile sets the user's monthly income and currency.
	UpdateUserProfile(ctx context.Context, p UserProfileUpdate) error
	// CreateToken stores t (its ID is the store's to give).
	CreateToken(ctx context.Context, t Token) error
	DeleteToken(ctx context.Context, userID int64, hash []byte) error
	// DeleteTokenByID removes one of the user's tokens; ErrNotFound if the
	// user has none with that id.
	DeleteTokenByID(ctx context.Context, userID, id int64) error
	// DeleteTokensExcept removes the user's tokens except the one whose
	// hash is keep (nil: every token).
	DeleteTokensExcept(ctx context.Context, userID int64, keep []byte) error
	// TouchToken records that the token was used at the given time.
	TouchToken(ctx context.Context, userID, id int64, at time.Time) error
	SetPasswordHash(ctx context.Context, userID int64, hash string) error
	CreatePasswordReset(ctx context.Context, r PasswordReset) error
	// TakePasswordReset removes the reset with the given hash and returns
	// it, expired or not (the caller judges); ErrNotFound if there is none.
	TakePasswordReset(ctx context.Context, hash []byte) (PasswordReset, error)
	// DeletePasswordResets removes every pending reset of the user.
	DeletePasswordResets(ctx context.Context, userID int64) error
	// SetTOTP creates or replaces the user's two-factor setting.
	SetTOTP(ctx context.Context, t TOTP) error
	// DeleteTOTP removes the user's two-factor setting and recovery codes.
	DeleteTOTP(ctx context.Context, userID int64) error
	// UseTOTPStep records the time step of an accepted code; ErrConflict
	// if that step or a later one was accepted before (a replay).
	UseTOTPStep(ctx context.Context, userID, step int64) error
	// SetRecoveryCodes replaces the user's recovery codes (their hashes).
	SetRecoveryCodes(ctx context.Context, userID int64, hashes [][]byte) error
	// UseRecoveryCode removes the user's recovery code with the given hash;
	// ErrNotFound if there is none (used already, or never given).
	UseRecoveryCode(ctx context.Context, userID int64, hash []byte) error
	// DeleteUser removes the user and every row of theirs in this store:
	// tokens, accounts and their transactions, aggregates, rules, budgets,
	// alerts, votes; ErrNotFound if there is no such user. The crowd's
	// counts are the caller's to follow (CrowdWriter.DeleteVotes first).
	DeleteUser(ctx context.Context, userID int64) error
}

// AccountReader reads a user's bank accounts.
type AccountReader interface {
	Account(ctx context.Context, userID, id int64) (centavo.Account, error)
	Accounts(ctx context.Context, userID int64) ([]centavo.Account, error)
}

// AccountWriter links, updates and removes a user's bank accounts.
type AccountWriter interface {
	// CreateAccount inserts a and sets a.ID and a.CreatedAt.
	CreateAccount(ctx context.Context, a *centavo.Account) error
	// UpdateAccountInstitution records what discovery found out about an account.
	UpdateAccountInstitution(ctx context.Context, p AccountInstitutionUpdate) error
	SetAccountStatus(ctx context.Context, p AccountStatusUpdate) error
	// SetAccountCredentials replaces the account's sealed credentials and
	// sets its status (a repaired connection), clearing its last error.
	SetAccountCredentials(ctx context.Context, p AccountCredentialsUpdate) error
	// DeleteAccount removes the account and its transactions and returns what
	// was removed per month and category, for the aggregates to follow.
	DeleteAccount(ctx context.Context, userID, id int64) ([]SpendingDelta, error)
}

// LedgerReader reads a user's transactions, their monthly aggregates and the
// user's categorization rules.
type LedgerReader interface {
	Transaction(ctx context.Context, userID, id int64) (centavo.Transaction, error)
	Transactions(ctx context.Context, f TransactionFilter) ([]centavo.Transaction, error)
	// SearchTransactions: a page of f's matches and their totals (search.go).
	SearchTransactions(ctx context.Context, f SearchFilter) (SearchResult, error)
	// MonthlySpending returns the stored aggregate rows of one user and month,
	// every category and currency, in category then currency order.
	MonthlySpending(ctx context.Context, userID int64, month centavo.Month) ([]centavo.CategorySpending, error)
	// DailySpending sums the user's transactions of a month per UTC day,
	// currency and category, leaving out f.ExceptCurrency (the home
	// currency, which needs no conversion), in day, currency, category order.
	DailySpending(ctx context.Context, f DailySpendingFilter) ([]DaySpending, error)
	Rules(ctx context.Context, userID int64) ([]centavo.Rule, error)
	Rule(ctx context.Context, userID, id int64) (centavo.Rule, error)
	// MerchantNames: the user's names for merchants' new transactions, by key.
	MerchantNames(ctx context.Context, userID int64) (map[string]string, error)
	TransferReader // transfers.go
}

// LedgerWriter records and files a user's transactions and keeps the monthly
// aggregates and rules. It also holds the reads that decide what an ingest
// writes, which belong inside its transaction.
type LedgerWriter interface {
	// InsertTransactions inserts the transactions that are not there yet
	// (unique on account and institution id) and returns those it inserted,
	// with their ids. Duplicates are skipped silently.
	InsertTransactions(ctx context.Context, txns []centavo.Transaction) ([]centavo.Transaction, error)
	// PendingTransactions returns the account's pending transactions.
	PendingTransactions(ctx context.Context, userID, accountID int64) ([]centavo.Transaction, error)
	// DeleteTransactions removes transactions of the user and returns them.
	DeleteTransactions(ctx context.Context, userID int64, ids []int64) ([]centavo.Transaction, error)
	// FingerprintIDs returns, for each of the fingerprints, the institution
	// ids of the account's transactions that have it (none: no entry).
	FingerprintIDs(ctx context.Context, userID, accountID int64, fingerprints []string) (map[string][]string, error)
	// HasImportedRows says whether the account holds rows read from a file
	// without the bank's id (institution ids "fp:…").
	HasImportedRows(ctx context.Context, userID, accountID int64) (bool, error)
	// SetTransactionCategory changes a transaction's category and source.
	SetTransactionCategory(ctx context.Context, p TransactionCategoryUpdate) error
	// UpdateTransaction writes what a person can change on the user's
	// transaction t.ID: merchant, category and source, notes, tags, hidden,
	// splits, transfer pair and the edited mask (ErrNotFound: no such
	// transaction of the user). The caller read the row in the same
	// transaction and moves the aggregates (ledger.Refile).
	UpdateTransaction(ctx context.Context, t centavo.Transaction) error
	TransferWriter // transfers.go
	// SetTransactionDescription rewrites how a transaction is described —
	// seller, merchant, merchant key, fingerprint — and its category and
	// source (centavo replay, after a reader's fix), provided its seller,
	// category and source are still p.Was's: ErrNotFound otherwise (changed
	// meanwhile, or no such transaction of the user).
	SetTransactionDescription(ctx context.Context, p TransactionDescriptionUpdate) error
	// AddMonthlySpending adds the deltas to the user's monthly aggregates,
	// creating rows as needed. A delta or a resulting aggregate beyond
	// ±centavo.MaxTotalCents is ErrOutOfRange (the caller's transaction
	// must then roll back).
	AddMonthlySpending(ctx context.Context, userID int64, deltas []SpendingDelta) error
	// ReplaceMonthlySpending sets the user's aggregate rows of one month to
	// exactly rows (recomputation); a row beyond ±centavo.MaxTotalCents is
	// ErrOutOfRange.
	ReplaceMonthlySpending(ctx context.Context, userID int64, month centavo.Month, rows []centavo.CategorySpending) error
	// UpsertRule creates the user's rule for a merchant or replaces its
	// category; sets r.ID.
	UpsertRule(ctx context.Context, r *centavo.Rule) error
	DeleteRule(ctx context.Context, userID, id int64) error
	// SetMerchantName sets or replaces the name of a merchant's new rows.
	SetMerchantName(ctx context.Context, n MerchantName) error
	// RecategorizeMerchant files the user's transactions of a merchant under
	// a category with the given source, except those whose source is in
	// p.Keep or that are in that category already, and returns them as they
	// were.
	RecategorizeMerchant(ctx context.Context, p MerchantRecategorization) ([]centavo.Transaction, error)
}

// BudgetReader reads the user's changes to the budget that income suggests.
type BudgetReader interface {
	// BudgetOverrides returns all of the user's overrides, by category then month.
	BudgetOverrides(ctx context.Context, userID int64) ([]centavo.BudgetOverride, error)
	// BudgetPlan returns the user's plan (zero TemplateFrom and the default
	// savings target if never set).
	BudgetPlan(ctx context.Context, userID int64) (centavo.BudgetPlan, error)
	// BudgetAlertStates returns the user's alert states of a month, by
	// category then threshold.
	BudgetAlertStates(ctx context.Context, userID int64, month centavo.Month) ([]centavo.BudgetAlertState, error)
}

// BudgetWriter records the user's changes to the budget.
type BudgetWriter interface {
	// SetBudgetOverride creates or replaces the override of (user, category, from).
	SetBudgetOverride(ctx context.Context, o centavo.BudgetOverride) error
	// SetBudgetPlan creates or replaces the user's plan.
	SetBudgetPlan(ctx context.Context, p centavo.BudgetPlan) error
	// SetBudgetAlertState creates or replaces the state of (user, month,
	// category, threshold).
	SetBudgetAlertState(ctx context.Context, s centavo.BudgetAlertState) error
}

// AlertReader reads what a user is told and how: notification settings, the
// notifications, webhooks and the deliveries of notifications to them.
type AlertReader interface {
	// NotificationSettings returns the user's settings (defaults if never set).
	NotificationSettings(ctx context.Context, userID int64) (centavo.NotificationSettings, error)
	Notification(ctx context.Context, userID, id int64) (centavo.Notification, error)
	// Notifications returns the newest first, at most f.Limit.
	Notifications(ctx context.Context, f NotificationFilter) ([]centavo.Notification, error)
	Webhook(ctx context.Context, userID, id int64) (centavo.Webhook, error)
	Webhooks(ctx context.Context, userID int64) ([]centavo.Webhook, error)
	Delivery(ctx context.Context, userID, id int64) (centavo.Delivery, error)
	// Deliveries returns the newest first, at most f.Limit, of one webhook
	// or of every channel.
	Deliveries(ctx context.Context, f DeliveryFilter) ([]centavo.Delivery, error)
}

// AlertWriter keeps notification settings, creates notifications, webhooks
// and deliveries, and records what became of them.
type AlertWriter interface {
	SetNotificationSettings(ctx context.Context, s centavo.NotificationSettings) error
	// CreateNotification inserts n unless the user already has one with the
	// same key; created reports which. Sets n.ID and n.CreatedAt when created.
	CreateNotification(ctx context.Context, n *centavo.Notification) (created bool, err error)
	MarkNotificationRead(ctx context.Context, userID, id int64, at time.Time) error
	CreateWebhook(ctx context.Context, w *centavo.Webhook) error
	DeleteWebhook(ctx context.Context, userID, id int64) error
	CreateDelivery(ctx context.Context, d *centavo.Delivery) error
	// UpdateDelivery records an attempt: status, attempts, response code, error.
	UpdateDelivery(ctx context.Context, d centavo.Delivery) error
}

// CrowdWriter records the users' votes for merchants' categories and the
// shard's running counts of the votes that count. The counts are read across
// users, by CrowdReader. It also holds the read that decides whether a
// user's vote counts (Voter), which belongs inside the vote's transaction.
type CrowdWriter interface {
	// Voter returns what the crowd's trust rule judges the user's votes by,
	// and holds the user's votes until the transaction ends, so that two
	// votes of one user are recorded one after the other (ErrNotFound if
	// there is no such user).
	Voter(ctx context.Context, userID int64) (Voter, error)
	// Vote records the user's vote for a merchant's category (v.Counted
	// says whether it counts) and returns the vote it replaced (Category ""
	// if none).
	Vote(ctx context.Context, v CrowdVote) (CrowdVote, error)
	// CountVotes marks the user's votes that did not count as counting and
	// returns them (At is when each was cast).
	CountVotes(ctx context.Context, userID int64) ([]CrowdVote, error)
	// DeleteVotes removes all the user's votes and returns them (before
	// the user is removed: the counts must follow).
	DeleteVotes(ctx context.Context, userID int64) ([]CrowdVote, error)
	// AddCrowdCount adds p.Delta to the shard's count of votes for (merchant, category).
	AddCrowdCount(ctx context.Context, p CrowdCountUpdate) error
}

// CrowdReader reads the shard's running counts of votes. They span every
// user of the shard, so only a Store has them, through Maintenance.
type CrowdReader interface {
	// CrowdCounts returns the shard's vote counts changed since the given
	// time (all of them for the zero time).
	CrowdCounts(ctx context.Context, since time.Time) ([]CrowdCount, error)
}

// Maintenance holds the queries that span every user of a shard: periodic
// jobs and administrative commands use them, never a user's request.
type Maintenance interface {
	// Verify checks the invariants of the data and reports violations.
	Verify(ctx context.Context) (VerifyReport, error)
	// ActiveAccounts pages through the accounts (in id order) that are due
	// for the daily refresh: status ok or error, of users active since
	// f.ActiveSince.
	ActiveAccounts(ctx context.Context, f ActiveAccountFilter) ([]AccountRef, error)
	// StaleAccounts pages through the linked (not file) accounts, in id
	// order, of users active since f.ActiveSince whose last successful
	// update (or creation, if none) is before f.Before.
	StaleAccounts(ctx context.Context, f StaleAccountFilter) ([]centavo.Account, error)
	Quota
	CrowdReader
	// RebuildAccountDays sets every account's net amounts per day to the
	// sums of its posted rows and its blocks of packed reports to what its
	// reports make (recompute --apply), and reports how many days and blocks
	// it changed.
	RebuildAccountDays(ctx context.Context) (int64, error)
	// SpendingOfMonth returns every user's aggregate rows of a month
	// (recomputation compares them with the logs).
	SpendingOfMonth(ctx context.Context, month centavo.Month) ([]UserSpending, error)
	ExchangeRates
	DigestUsers // goals.go
}

// Reader is every per-user read: what a Store and a Tx both offer.
type Reader interface {
	UserReader
	AccountReader
	LedgerReader
	HoldingReader
	BalanceReader
	BudgetReader
	AlertReader
	FilingReader
	GoalReader      // goals.go
	DigestReader    // goals.go
	RecurringReader // recurring.go
}

// Writer is every change. Changes that belong together run in one Tx.
type Writer interface {
	UserWriter
	AccountWriter
	LedgerWriter
	HoldingWriter
	BalanceWriter
	BudgetWriter
	AlertWriter
	CrowdWriter
	FilingWriter
	Locker          // locks.go
	GoalWriter      // goals.go
	DigestWriter    // goals.go
	RecurringWriter // recurring.go
	Locker          // locks.go
}

// Tx is a database transaction: everything done through it commits or rolls
// back together, including the jobs it enqueues and completes (queue.Tx).
type Tx interface {
	Reader
	Writer
	queue.Tx
}

// Store is one database (one shard): the per-user reads, transactions for
// the changes and, apart from them, the maintenance queries and the clients
// of the job queue that shares the database (queue.Maker).
type Store interface {
	Reader
	// InTx runs fn in a transaction, committing if it returns nil. fn must do
	// all its database work through tx.
	InTx(ctx context.Context, fn func(tx Tx) error) error
	Maintenance
	queue.Maker
	Ping(ctx context.Context) error
	Close() error
}

// CrowdCount is how many of a shard's users voted a category for a merchant.
type CrowdCount struct {
	MerchantKey string
	Category    string
	Voters      int64
	UpdatedAt   time.Time
}

// UserSpending is one aggregate row with its user.
type UserSpending struct {
	UserID int64
	centavo.CategorySpending
}

// AccountRef names an account and its user.
type AccountRef struct {
	ID, UserID int64
}

// UserProfileUpdate sets what a user tells about their money.
type UserProfileUpdate struct {
	UserID             int64
	MonthlyIncomeCents int64
	Currency           string // ISO 4217
}

// Token is a stored API token; only its hash is kept.
type Token struct {
	ID         int64 // given by the store
	Hash       []byte
	UserID     int64
	Name       string // what the user calls it, or where it was made
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time // nil: never
}

// PasswordReset is a pending password reset; only its token's hash is kept.
type PasswordReset struct {
	Hash      []byte
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// TOTP is a user's two-factor setting.
type TOTP struct {
	UserID       int64
	SealedSecret []byte     // the shared secret, sealed with the keyring
	ConfirmedAt  *time.Time // nil: set up but not confirmed by a code yet
	LastStep     int64      // the last time step accepted (codes work once)
	CreatedAt    time.Time
	// RecoveryCodesLeft is read, never written through SetTOTP.
	RecoveryCodesLeft int
}

// AccountInstitutionUpdate sets what discovery learned about an account.
type AccountInstitutionUpdate struct {
	UserID      int64
	ID          int64
	Name        string
	Type        string
	Currency    string
	Institution centavo.Institution
}

// AccountStatusUpdate records the outcome of an extraction.
type AccountStatusUpdate struct {
	UserID     int64
	ID         int64
	Status     string
	LastError  string
	LastUpdate *time.Time // set only on success; nil leaves it unchanged
}

// TransactionDescriptionUpdate describes one transaction again.
type TransactionDescriptionUpdate struct {
	UserID      int64
	ID          int64
	Seller      string
	Merchant    string
	MerchantKey string
	Fingerprint string
	Category    string
	Source      string
	// Was is what the caller read: the seller, category and source the
	// row must still have.
	Was struct{ Seller, Category, Source string }
}

// TransactionCategoryUpdate files one transaction under a category.
type TransactionCategoryUpdate struct {
	UserID   int64
	ID       int64
	Category string
	Source   string // who filed it: centavo.SourceUser, SourceRule, …
}

// MerchantRecategorization files a user's transactions of one merchant under
// a category.
type MerchantRecategorization struct {
	UserID      int64
	MerchantKey string
	Category    string
	Source      string
	// Keep lists the sources whose transactions stay where they are (those
	// the user filed by hand, for a rule).
	Keep []string
}

// CrowdVote is a user's vote for a merchant's category.
type CrowdVote struct {
	UserID      int64
	MerchantKey string
	Category    string
	At          time.Time
	// Counted: the vote is in the shard's counts (its voter was trusted,
	// see categorize.Established).
	Counted bool
}

// Voter is what the crowd's trust rule judges a user's votes by.
type Voter struct {
	UserID    int64
	CreatedAt time.Time // when the user signed up
	// Months is how many months hold at least one of the user's
	// transactions (their monthly aggregates with a non-zero count).
	Months int64
}

// CrowdCountUpdate moves a shard's count of votes for (merchant, category).
type CrowdCountUpdate struct {
	MerchantKey string
	Category    string
	Delta       int64 // +1 for a vote that counts, -1 for one replaced or withdrawn
	At          time.Time
}

// TransactionFilter selects a page of a user's transactions, newest first.
type TransactionFilter struct {
	UserID    int64
	AccountID int64         // 0: all accounts
	Month     centavo.Month // zero: all months
	Limit     int
	// After is the position of the last row of the previous page; the page
	// holds rows strictly older than it.
	After *Cursor
}

// Cursor is a position in the newest-first order of transactions.
type Cursor struct {
	PostedAt time.Time
	ID       int64
}

// NotificationFilter selects a user's notifications, newest first.
type NotificationFilter struct {
	UserID     int64
	UnreadOnly bool
	Limit      int // at most this many (0: none)
}

// DeliveryFilter selects a user's deliveries, newest first.
type DeliveryFilter struct {
	UserID    int64
	WebhookID int64 // 0: every channel
	Limit     int   // at most this many (0: none)
}

// ActiveAccountFilter selects a page of the accounts due for the daily
// refresh, in id order.
type ActiveAccountFilter struct {
	ActiveSince time.Time // the users' last API activity is at or after it
	AfterID     int64     // the last account of the previous page
	Limit       int
}

// VerifyReport lists invariant violations; empty means all hold.
type VerifyReport struct {
	// SpendingMismatches: aggregate rows that differ from the sum of the
	// transactions they summarise (including rows missing on either side).
	SpendingMismatches []SpendingMismatch
	// DuplicateTransactions: (account, institution id) pairs stored more than once.
	DuplicateTransactions []DuplicateTransaction
	// DayMismatches: accounts' net amounts per day that differ from the
	// sum of their posted rows.
	DayMismatches []DayMismatch
	// BlockMismatches: blocks of packed reports that differ from the
	// reported balances.
	BlockMismatches     []BlockMismatch
	PairMismatches      []PairMismatch // transfer pairs that are not one transfer (transfers.go)
	GoalMismatches      []GoalMismatch // goals whose contributed_cents is not their contributions' sum (transfers.go)
	Users, Transactions int64
}

// OK reports whether no violation was found.
func (r VerifyReport) OK() bool {
	return len(r.SpendingMismatches) == 0 && len(r.DuplicateTransactions) == 0 && len(r.DayMismatches) == 0 && len(r.BlockMismatches) == 0 && len(r.PairMismatches) == 0 && len(r.GoalMismatches) == 0
}

// SpendingMismatch is one aggregate row that does not match its transactions.
type SpendingMismatch struct {
	UserID                     int64
	Month                      string
	Currency                   string
	Category                   string
	StoredCents, ComputedCents int64
	StoredCount, ComputedCount int64
}

// DuplicateTransaction is an institution id stored more than once on an account.
type DuplicateTransaction struct {
	AccountID     int64
	InstitutionID string
	Count         int64
}

// EncodePlanMonth stores a plan's TemplateFrom as YYYY-MM ("" for never).
func EncodePlanMonth(p centavo.BudgetPlan) string {
	if p.TemplateFrom.IsZero() {
		return ""
	}
	return p.TemplateFrom.String()
}

// DecodePlanMonth reads what EncodePlanMonth wrote into p.TemplateFrom.
func DecodePlanMonth(s string, p *centavo.BudgetPlan) error {
	if s == "" {
		return nil
	}
	m, err := centavo.ParseMonth(s)
	p.TemplateFrom = m
	return err
}

// EncodeThresholds stores percents as "80,100".
func EncodeThresholds(t []int) string {
	parts := make([]string, len(t))
	for i, v := range t {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ",")
}

// DecodeThresholds reads what EncodeThresholds wrote.
func DecodeThresholds(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		if v, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			out = append(out, v)
		}
	}
	return out
}
