// Package storesql holds the SQL statements whose text is the same on both
// store engines, written once, with PostgreSQL's numbered placeholders ($1,
// $2, …). The postgres store runs them as they are; the sqlite store takes
// them renumbered to SQLite's form (?1, ?2, …) once, when it is initialized.
//
// What differs stays in each engine: the statements that are not here (bulk
// inserts and upserts, month arithmetic, row locks, array arguments against
// IN lists, greatest against max, a boolean against 0 or 1) and the
// conversion of arguments and results (SQLite keeps times as int64
// microseconds). The engines scan rows in the order of the column lists
// below.
package storesql

import (
	"reflect"
	"strconv"
	"strings"
)

// TransactionColumns are the columns of a transaction, in the order the
// engines scan them; the engines' own statements on transactions use them too.
const TransactionColumns = `id, user_id, account_id, institution_id, posted_at, seller, merchant, merchant_key, fingerprint, amount_cents, currency, category, category_source, pending,
	notes, tags, hidden, splits, transfer_pair_id, edited`

const (
	userColumns         = `id, email, password_hash, monthly_income_cents, currency, created_at, last_active_at`
	tokenColumns        = `id, hash, user_id, name, created_at, expires_at, last_used_at`
	accountColumns      = `id, user_id, connector, name, type, currency, institution, sealed_credentials, status, last_update, last_error, created_at, kind`
	ruleColumns         = `id, user_id, merchant_key, merchant, category, created_at`
	notificationColumns = `id, user_id, kind, category, month, threshold, budget_cents, account_id, message, key, created_at, read_at`
	webhookColumns      = `id, user_id, url, sealed_secret, created_at`
	deliveryColumns     = `id, user_id, notification_id, channel, webhook_id, status, attempts, response_code, last_error, created_at, updated_at`
)

// Statements are the shared statements, each named after the store method
// that runs it (and, for a method that runs several, what it does).
type Statements struct {
	// users and tokens
	UserByID          string
	UserByEmail       string
	UserIDByToken     string
	UpdateUserProfile string
	CreateToken       string
	DeleteToken       string
	TokenByHash       string
	Tokens            string
	DeleteTokenByID   string
	DeleteOtherTokens string // DeleteTokensExcept
	TouchToken        string
	SetPasswordHash   string

	// password resets, two-factor, recovery codes
	CreatePasswordReset  string
	TakePasswordReset    string
	DeletePasswordResets string
	TOTP                 string
	CountRecoveryCodes   string // TOTP: the codes left
	SetTOTP              string
	DeleteTOTP           string
	UseTOTPStep          string
	DeleteRecoveryCodes  string // DeleteTOTP, SetRecoveryCodes
	AddRecoveryCode      string // SetRecoveryCodes, once per code
	UseRecoveryCode      string
	// DeleteUser: every table's rows of the user, children first
	// (DeleteUserRows), then the user (DeleteUser).
	DeleteUserRows []string
	DeleteUser     string

	// accounts
	Account                   string
	Accounts                  string
	CreateAccount             string
	UpdateAccountInstitution  string
	SetAccountStatus          string
	SetAccountCredentials     string
	DeleteAccountTransactions string // DeleteAccount: the account's transactions,
	DeleteAccount             string // then the account

	// the ledger
	Transaction               string
	SetTransactionCategory    string
	UpdateTransaction         string
	SetTransactionDescription string
	MonthlySpending           string
	DeleteMonthlySpending     string // ReplaceMonthlySpending: the month's rows, before the new ones
	Rules                     string
	Rule                      string
	UpsertRule                string
	DeleteRule                string
	MerchantNames             string
	SetMerchantName           string

	// search text (docs/0033): one transaction's, after a statement that
	// changed what it is made of, and the rows from before migration 00017
	// that have none, a batch at a time, at open.
	SetSearchText     string
	SearchTextPending string

	// budgets
	BudgetOverrides     string
	SetBudgetOverride   string
	BudgetPlan          string
	SetBudgetPlan       string
	BudgetAlertStates   string
	SetBudgetAlertState string

	// alerts
	NotificationSettings    string
	SetNotificationSettings string
	CreateNotification      string
	Notification            string
	Notifications           string
	UnreadNotifications     string // Notifications with UnreadOnly
	MarkNotificationRead    string
	CreateWebhook           string
	DeleteWebhook           string
	Webhook                 string
	Webhooks                string
	CreateDelivery          string
	UpdateDelivery          string
	Delivery                string
	Deliveries              string
	WebhookDeliveries       string // Deliveries of one webhook

	// the crowd
	Voter       string
	PriorVote   string // Vote: the vote it replaces, read first
	Vote        string // Vote: the vote
	CountVotes  string
	DeleteVotes string

	// holdings
	HoldingAccount        string
	HoldingSnapshotAsOf   string
	UpsertHoldingSnapshot string
	DeleteHoldings        string
	InsertHolding         string
	Holdings              string

	// balances
	RecordBalance       string
	RefreshBalanceBlock string
	Balances            string
	LatestBalances      string
	AccountDays         string
	AddAccountDay       string
	DropEmptyDay        string
	HoldingValues       string

	// maintenance
	VerifyCounts     string
	VerifyDuplicates string
	VerifyPairs      string // transfer pairs that are not two sides of one transfer
	// UnpairAccount (DeleteAccount, before the account's transactions go):
	// the other sides of the account's transfer pairs lose their pair and
	// stay filed as transfers, unpaired.
	UnpairAccount   string
	ActiveAccounts  string
	StaleAccounts   string
	TakeRequest     string
	RequestCount    string
	PruneRequests   string
	CrowdCounts     string
	SpendingOfMonth string
	PutRate         string
	Rates           string

	CategoryStatements      // categories.go
	ConditionRuleStatements // condrules.go
	GoalStatements          // goals.go
	DigestStatements        // digests.go
	RecurringStatements     // recurring.go
}

// Shared returns the shared statements with PostgreSQL's placeholders.
func Shared() Statements {
	s := Statements{
		UserByID:          `SELECT ` + userColumns + ` FROM users WHERE id = $1`,
		UserByEmail:       `SELECT ` + userColumns + ` FROM users WHERE email = $1`,
		UserIDByToken:     `SELECT user_id FROM api_tokens WHERE hash = $1 AND expires_at > $2`,
		UpdateUserProfile: `UPDATE users SET monthly_income_cents = $1, currency = $2 WHERE id = $3`,
		CreateToken:       `INSERT INTO api_tokens (hash, user_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		DeleteToken:       `DELETE FROM api_tokens WHERE user_id = $1 AND hash = $2`,
		DeleteUserRows:    deleteUserRows(),
		DeleteUser:        `DELETE FROM users WHERE id = $1`,

		Account:  `SELECT ` + accountColumns + ` FROM accounts WHERE user_id = $1 AND id = $2`,
		Accounts: `SELECT ` + accountColumns + ` FROM accounts WHERE user_id = $1 ORDER BY id`,
		CreateAccount: `
			INSERT INTO accounts (user_id, connector, name, type, currency, institution, sealed_credentials, status, last_update, last_error, created_at, kind)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		UpdateAccountInstitution: `UPDATE accounts SET name = $1, type = $2, currency = $3, institution = $4 WHERE user_id = $5 AND id = $6`,
		SetAccountStatus: `
			UPDATE accounts SET status = $1, last_error = $2, last_update = coalesce($3, last_update)
			WHERE user_id = $4 AND id = $5`,
		DeleteAccountTransactions: `DELETE FROM transactions WHERE user_id = $1 AND account_id = $2`,
		DeleteAccount:             `DELETE FROM accounts WHERE user_id = $1 AND id = $2`,

		Transaction:            `SELECT ` + TransactionColumns + ` FROM transactions WHERE user_id = $1 AND id = $2`,
		SetTransactionCategory: `UPDATE transactions SET category = $1, category_source = $2 WHERE user_id = $3 AND id = $4`,
		UpdateTransaction: `
			UPDATE transactions SET merchant = $1, category = $2, category_source = $3, notes = $4, tags = $5, hidden = $6, splits = $7,
			       transfer_pair_id = $8, edited = $9, search_text = $12
			WHERE user_id = $10 AND id = $11`,
		SetTransactionDescription: `
			UPDATE transactions SET seller = $1, merchant = $2, merchant_key = $3, fingerprint = $4, category = $5, category_source = $6
			WHERE user_id = $7 AND id = $8 AND seller = $9 AND category = $10 AND category_source = $11
			RETURNING ` + TransactionColumns,
		MonthlySpending: `
			SELECT category, currency, amount_cents, count FROM monthly_spending
			WHERE user_id = $1 AND month = $2 ORDER BY category, currency`,
		DeleteMonthlySpending: `DELETE FROM monthly_spending WHERE user_id = $1 AND month = $2`,
		Rules:                 `SELECT ` + ruleColumns + ` FROM user_rules WHERE user_id = $1 ORDER BY id`,
		Rule:                  `SELECT ` + ruleColumns + ` FROM user_rules WHERE user_id = $1 AND id = $2`,
		UpsertRule: `
			INSERT INTO user_rules (user_id, merchant_key, merchant, category, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (user_id, merchant_key) DO UPDATE SET category = excluded.category, merchant = excluded.merchant, created_at = excluded.created_at
			RETURNING id`,
		DeleteRule: `DELETE FROM user_rules WHERE user_id = $1 AND id = $2`,

		ActiveAccounts: `
			SELECT a.id, a.user_id FROM accounts a JOIN users u ON u.id = a.user_id
			WHERE a.id > $1 AND a.status IN ('ok', 'error') AND a.connector NOT IN ('file', 'manual') AND u.last_active_at >= $2
			ORDER BY a.id LIMIT $3`,
		CrowdCounts: `SELECT merchant_key, category, voters, updated_at FROM crowd_counts WHERE updated_at > $1 ORDER BY updated_at`,
		SpendingOfMonth: `
			SELECT user_id, category, currency, amount_cents, count FROM monthly_spending WHERE month = $1 ORDER BY user_id, category, currency`,
	}
	s.credentials()
	s.budgets()
	s.notifications()
	s.transfers()
	s.holdings()
	s.balances()
	s.connections()
	s.rates()
	s.crowd()
	s.merchantNames()
	s.CategoryStatements, s.ConditionRuleStatements = SharedCategories(), SharedConditionRules()
	s.GoalStatements, s.DigestStatements, s.RecurringStatements = sharedGoals(), sharedDigests(), SharedRecurring()
	s.searchText()
	s.verify()
	return s
}

// searchText: the search text written after a change, and the rows from
// before migration 00017 that have none yet (filled when a store opens).
// budgets: the budget overrides, plans and the alerts' states.
func (s *Statements) budgets() {
	s.BudgetOverrides = `
		SELECT category, from_month, amount_cents, rollover, created_at FROM budget_overrides
		WHERE user_id = $1 ORDER BY category, from_month`
	s.SetBudgetOverride = `
		INSERT INTO budget_overrides (user_id, category, from_month, amount_cents, rollover, created_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (user_id, category, from_month) DO UPDATE SET amount_cents = excluded.amount_cents, rollover = excluded.rollover, created_at = excluded.created_at`
	s.BudgetPlan = `SELECT template_from, savings_target_percent FROM budget_plans WHERE user_id = $1`
	s.SetBudgetPlan = `
		INSERT INTO budget_plans (user_id, template_from, savings_target_percent) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET template_from = excluded.template_from, savings_target_percent = excluded.savings_target_percent`
	s.BudgetAlertStates = `
		SELECT category, threshold, crossed, seq FROM budget_alert_states
		WHERE user_id = $1 AND month = $2 ORDER BY category, threshold`
	s.SetBudgetAlertState = `
		INSERT INTO budget_alert_states (user_id, month, category, threshold, crossed, seq) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (user_id, month, category, threshold) DO UPDATE SET crossed = excluded.crossed, seq = excluded.seq`
}

// notifications: settings, notifications, webhooks and deliveries.
func (s *Statements) notifications() {
	s.NotificationSettings = `SELECT email, webhooks, thresholds, digest FROM notification_settings WHERE user_id = $1`
	s.SetNotificationSettings = `
		INSERT INTO notification_settings (user_id, email, webhooks, thresholds, digest) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, webhooks = excluded.webhooks, thresholds = excluded.thresholds, digest = excluded.digest`
	s.CreateNotification = `
		INSERT INTO notifications (user_id, kind, category, month, threshold, budget_cents, account_id, message, key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (user_id, key) DO NOTHING RETURNING id`
	s.Notification = `SELECT ` + notificationColumns + ` FROM notifications WHERE user_id = $1 AND id = $2`
	s.Notifications = `SELECT ` + notificationColumns + ` FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2`
	s.UnreadNotifications = `SELECT ` + notificationColumns + ` FROM notifications WHERE user_id = $1 AND read_at IS NULL ORDER BY id DESC LIMIT $2`
	s.MarkNotificationRead = `UPDATE notifications SET read_at = coalesce(read_at, $1) WHERE user_id = $2 AND id = $3`
	s.CreateWebhook = `INSERT INTO webhooks (user_id, url, sealed_secret, created_at) VALUES ($1, $2, $3, $4) RETURNING id`
	s.DeleteWebhook = `DELETE FROM webhooks WHERE user_id = $1 AND id = $2`
	s.Webhook = `SELECT ` + webhookColumns + ` FROM webhooks WHERE user_id = $1 AND id = $2`
	s.Webhooks = `SELECT ` + webhookColumns + ` FROM webhooks WHERE user_id = $1 ORDER BY id`
	s.CreateDelivery = `
		INSERT INTO deliveries (user_id, notification_id, channel, webhook_id, status, attempts, response_code, last_error, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`
	s.UpdateDelivery = `
		UPDATE deliveries SET status = $1, attempts = $2, response_code = $3, last_error = $4, updated_at = $5
		WHERE user_id = $6 AND id = $7`
	s.Delivery = `SELECT ` + deliveryColumns + ` FROM deliveries WHERE user_id = $1 AND id = $2`
	s.Deliveries = `SELECT ` + deliveryColumns + ` FROM deliveries WHERE user_id = $1 ORDER BY id DESC LIMIT $2`
	s.WebhookDeliveries = `SELECT ` + deliveryColumns + ` FROM deliveries WHERE user_id = $1 AND webhook_id = $2 ORDER BY id DESC LIMIT $3`
}

func (s *Statements) searchText() {
	s.SetSearchText = `UPDATE transactions SET search_text = $1 WHERE id = $2`
	s.SearchTextPending = `SELECT ` + TransactionColumns + ` FROM transactions WHERE search_text IS NULL ORDER BY id LIMIT 1000`
}

// verify: Verify's counts and its duplicated institution ids.
func (s *Statements) verify() {
	s.VerifyCounts = `SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM transactions)`
	s.VerifyDuplicates = `
		SELECT account_id, institution_id, count(*) FROM transactions
		GROUP BY account_id, institution_id HAVING count(*) > 1 ORDER BY 1, 2`
}

// transfers: verify's check of the transfer pairs, and what removing an
// account does to them (docs/0030-transfers.md).
func (s *Statements) transfers() {
	s.UnpairAccount = `
		UPDATE transactions SET transfer_pair_id = NULL, category_source = 'unpaired'
		WHERE user_id = $1 AND account_id <> $2 AND transfer_pair_id IN (
			SELECT transfer_pair_id FROM transactions WHERE user_id = $1 AND account_id = $2 AND transfer_pair_id IS NOT NULL)`
	s.VerifyPairs = `
		SELECT user_id, transfer_pair_id, count(*) FROM transactions WHERE transfer_pair_id IS NOT NULL
		GROUP BY user_id, transfer_pair_id
		HAVING count(*) <> 2 OR min(id) <> transfer_pair_id OR count(DISTINCT account_id) <> 2 OR count(DISTINCT currency) <> 1
		    OR min(amount_cents) >= 0 OR max(amount_cents) <= 0 OR min(category) <> 'transfer' OR max(category) <> 'transfer'
		ORDER BY 1, 2`
}

// crowd sets the statements of the crowd's votes (docs/0023).
func (s *Statements) crowd() {
	s.Voter = `
			SELECT created_at, (SELECT count(DISTINCT month) FROM monthly_spending WHERE user_id = $1 AND count > 0)
			FROM users WHERE id = $1`
	s.PriorVote = `SELECT category, counted, updated_at FROM crowd_votes WHERE user_id = $1 AND merchant_key = $2`
	s.Vote = `
			INSERT INTO crowd_votes (user_id, merchant_key, category, counted, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (user_id, merchant_key) DO UPDATE SET category = excluded.category, counted = excluded.counted, updated_at = excluded.updated_at`
	s.CountVotes = `UPDATE crowd_votes SET counted = $1 WHERE user_id = $2 AND counted = $3 RETURNING merchant_key, category, counted, updated_at`
	s.DeleteVotes = `DELETE FROM crowd_votes WHERE user_id = $1 RETURNING merchant_key, category, counted, updated_at`
}

// rates sets the statements of the exchange rates (docs/0028).
func (s *Statements) rates() {
	s.PutRate = `
			INSERT INTO exchange_rates (currency, day, per_eur) VALUES ($1, $2, $3)
			ON CONFLICT (currency, day) DO UPDATE SET per_eur = excluded.per_eur`
	s.Rates = `SELECT day, currency, per_eur FROM exchange_rates ORDER BY currency, day`
}

// connections sets the statements of linked connections: repaired
// credentials, accounts gone stale, and the requests counted against
// institutions' quotas.
func (s *Statements) connections() {
	s.SetAccountCredentials = `
			UPDATE accounts SET sealed_credentials = $1, status = $2, last_error = ''
			WHERE user_id = $3 AND id = $4`
	s.StaleAccounts = `
			SELECT ` + prefixed("a.", accountColumns) + ` FROM accounts a JOIN users u ON u.id = a.user_id
			WHERE a.id > $1 AND (CAST($2 AS BIGINT) = 0 OR a.id <= CAST($2 AS BIGINT)) AND a.connector NOT IN ('file', 'manual') AND u.last_active_at >= $3
			  AND coalesce(a.last_update, a.created_at) < $4
			ORDER BY a.id LIMIT $5`
	// One statement counts or refuses, so concurrent processes never
	// count past the limit: the update happens only under it.
	s.TakeRequest = `
			INSERT INTO connector_requests (key, window_start, count) VALUES ($1, $2, 1)
			ON CONFLICT (key, window_start) DO UPDATE SET count = connector_requests.count + 1
			WHERE connector_requests.count < $3
			RETURNING count`
	s.RequestCount = `SELECT coalesce(sum(count), 0) FROM connector_requests WHERE key = $1 AND window_start = $2`
	s.PruneRequests = `DELETE FROM connector_requests WHERE window_start < $1`
}

// holdings sets the statements of investment accounts' positions.
func (s *Statements) holdings() {
	s.HoldingAccount = `SELECT id FROM accounts WHERE user_id = $1 AND id = $2`
	s.HoldingSnapshotAsOf = `SELECT as_of FROM holding_snapshots WHERE user_id = $1 AND account_id = $2`
	s.UpsertHoldingSnapshot = `
		INSERT INTO holding_snapshots (account_id, user_id, as_of) VALUES ($1, $2, $3)
		ON CONFLICT (account_id) DO UPDATE SET as_of = excluded.as_of`
	s.DeleteHoldings = `DELETE FROM holdings WHERE user_id = $1 AND account_id = $2`
	s.InsertHolding = `
		INSERT INTO holdings (account_id, position, user_id, security_id, security_name, ticker, units, price_cents, market_value_cents, currency)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
	s.Holdings = `
		SELECT security_id, security_name, ticker, units, price_cents, market_value_cents, currency
		FROM holdings WHERE user_id = $1 AND account_id = $2 ORDER BY position`
}

// credentials sets the statements of tokens, password resets, two-factor
// settings and recovery codes.
func (s *Statements) credentials() {
	s.TokenByHash = `SELECT ` + tokenColumns + ` FROM api_tokens WHERE hash = $1 AND expires_at > $2`
	s.Tokens = `SELECT ` + tokenColumns + ` FROM api_tokens WHERE user_id = $1 AND expires_at > $2 ORDER BY id DESC`
	s.DeleteTokenByID = `DELETE FROM api_tokens WHERE user_id = $1 AND id = $2`
	s.DeleteOtherTokens = `DELETE FROM api_tokens WHERE user_id = $1 AND hash <> $2`
	s.TouchToken = `UPDATE api_tokens SET last_used_at = $1 WHERE user_id = $2 AND id = $3`
	s.SetPasswordHash = `UPDATE users SET password_hash = $1 WHERE id = $2`
	s.CreatePasswordReset = `INSERT INTO password_resets (hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`
	s.TakePasswordReset = `DELETE FROM password_resets WHERE hash = $1 RETURNING user_id, created_at, expires_at`
	s.DeletePasswordResets = `DELETE FROM password_resets WHERE user_id = $1`
	s.TOTP = `SELECT sealed_secret, confirmed_at, last_step, created_at FROM user_totp WHERE user_id = $1`
	s.CountRecoveryCodes = `SELECT count(*) FROM recovery_codes WHERE user_id = $1`
	s.SetTOTP = `
		INSERT INTO user_totp (user_id, sealed_secret, confirmed_at, last_step, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, confirmed_at = excluded.confirmed_at,
			last_step = excluded.last_step, created_at = excluded.created_at`
	s.DeleteTOTP = `DELETE FROM user_totp WHERE user_id = $1`
	s.UseTOTPStep = `UPDATE user_totp SET last_step = $1 WHERE user_id = $2 AND last_step < $1`
	s.DeleteRecoveryCodes = `DELETE FROM recovery_codes WHERE user_id = $1`
	s.AddRecoveryCode = `INSERT INTO recovery_codes (user_id, hash) VALUES ($1, $2)`
	s.UseRecoveryCode = `DELETE FROM recovery_codes WHERE user_id = $1 AND hash = $2`
}

// prefixed qualifies each of a column list's names with a table alias.
func prefixed(alias, columns string) string {
	names := strings.Split(columns, ", ")
	for i, n := range names {
		names[i] = alias + n
	}
	return strings.Join(names, ", ")
}

// userTables are the tables that hold a user's rows (by user_id), children
// before their parents.
var userTables = []string{
	"recovery_codes", "user_totp", "password_resets", "digests", "goal_contributions", "goals", "deliveries", "notifications", "webhooks", "notification_settings",
	"budget_overrides", "budget_plans", "budget_alert_states", "recurring_series",
	"own_categories", "condition_rules", "user_rules", "merchant_names", "crowd_votes", "holdings", "holding_snapshots", "transactions", "monthly_spending", "account_days", "account_balance_blocks", "account_balances", "accounts", "api_tokens",
}

func deleteUserRows() []string {
	out := make([]string, len(userTables))
	for i, t := range userTables {
		out[i] = `DELETE FROM ` + t + ` WHERE user_id = $1`
	}
	return out
}

// Renumbered returns the statements with every placeholder $n written as
// mark(n) instead. Quoted literals are left as they are.
func (s Statements) Renumbered(mark func(n int) string) Statements {
	renumberFields(reflect.ValueOf(&s).Elem(), mark)
	return s
}

// renumberFields renumbers every field of a struct of statements: each is a
// statement, a list of them or an embedded struct of them.
func renumberFields(v reflect.Value, mark func(n int) string) {
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Struct {
			renumberFields(f, mark)
			continue
		}
		if f.Kind() == reflect.Slice {
			list := make([]string, f.Len())
			for j := range list {
				list[j] = renumber(f.Index(j).String(), mark)
			}
			f.Set(reflect.ValueOf(list))
			continue
		}
		f.SetString(renumber(f.String(), mark))
	}
}

func renumber(query string, mark func(n int) string) string {
	var b strings.Builder
	b.Grow(len(query))
	quoted := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c == '\'' {
			quoted = !quoted // '' inside a literal toggles twice
		}
		if c != '$' || quoted {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(query) && '0' <= query[j] && query[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(query[i+1 : j])
		if err != nil { // a lone $: not a placeholder
			b.WriteByte(c)
			continue
		}
		b.WriteString(mark(n))
		i = j - 1
	}
	return b.String()
}
