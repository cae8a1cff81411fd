package centavo

import (
	"encoding/json"
	"time"
)

// User is a person with a Centavo login.
type User struct {
	ID                 int64
	Email              string
	PasswordHash       string // argon2id, PHC string format
	MonthlyIncomeCents int64
	Currency           string // ISO 4217
	CreatedAt          time.Time
	LastActiveAt       time.Time
}

// Account statuses.
const (
	AccountLinking        = "linking"         // created, first extraction not finished
	AccountOK             = "ok"              // last extraction succeeded
	AccountError          = "error"           // last extraction failed; it is retried
	AccountNeedsAttention = "needs_attention" // the user must act (e.g. wrong password); not retried
)

// Connectors.
const (
	ConnectorOFX       = "ofx"       // OFX Direct Connect
	ConnectorSimpleFIN = "simplefin" // SimpleFIN Bridge
	ConnectorFile      = "file"      // fed by file imports only
)

// Account is one account at a financial institution, linked by a user.
type Account struct {
	ID        int64
	UserID    int64
	Connector string
	Name      string
	Type      string // checking, savings, credit_card, ... ("" while discovering)
	Currency  string
	// Institution holds the non-secret settings needed to reach the account.
	Institution Institution
	// SealedCredentials is the AES-256-GCM sealed login and password; it
	// never leaves the service and is opened only to talk to the bank.
	SealedCredentials []byte
	Status            string
	LastUpdate        *time.Time // last successful extraction
	LastError         string
	CreatedAt         time.Time
	// Kind is the kind the user chose for a manual account (KindAsset or
	// KindLiability); "" for the others, whose kind follows from Type
	// (AccountKind).
	Kind string
}

// Institution is how an account is reached: the OFX server and the account's
// identifiers at the bank. None of it is secret.
type Institution struct {
	URL         string `json:"url"`
	Org         string `json:"org"`
	FID         string `json:"fid"`
	BankID      string `json:"bank_id,omitempty"`
	AccountID   string `json:"account_id,omitempty"`
	AccountType string `json:"account_type,omitempty"` // OFX: CHECKING, SAVINGS, CREDITLINE, CREDITCARD...
	// CSVMapping is the column mapping saved for the account's CSV imports.
	CSVMapping json.RawMessage `json:"csv_mapping,omitempty"`
}

// Discovered reports whether the account's identifiers at the bank are known.
func (i Institution) Discovered() bool { return i.AccountID != "" }

// Credentials are what a connector needs to log in. They exist in clear only
// in memory, between unsealing and the request to the bank.
type Credentials struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// Category sources: which step of categorization decided a transaction's category.
const (
	SourceUser  = "user"  // the user changed it by hand
	SourceRule  = "rule"  // the user's own merchant rule
	SourceSeed  = "seed"  // the seeded seller map
	SourceCrowd = "crowd" // other users' consensus
	SourceMCC   = "mcc"   // the institution's code (MCC, SIC, OFX transaction type)
	SourceNone  = "none"  // nothing matched: uncategorized
	// SourceTransfer: paired with the opposite movement in another of the
	// user's accounts (Transaction.TransferPairID), automatically or by hand.
	SourceTransfer = "transfer"
	// SourceUnpaired: the other side of a pair the user undid by hand: still
	// filed as a transfer, never paired automatically again.
	SourceUnpaired = "unpaired"
	// SourceImport: the category an imported file carried (a Mint or YNAB
	// export, Centavo's own export), as a bank's code would be.
	SourceImport = "import"
)

// KeepsCategory reports whether re-filings that nobody asked for (a replay
// with today's readers, a merchant rule applied to the past) leave a
// transaction of the source alone: a hand-filed one, either side of a
// transfer pair or of one undone, and a category an import carried.
func KeepsCategory(source string) bool {
	switch source {
	case SourceUser, SourceTransfer, SourceUnpaired, SourceImport:
		return true
	}
	return false
}

// Transaction is one posted (or pending) movement of money on an account.
// AmountCents is negative for money going out.
type Transaction struct {
	ID             int64
	UserID         int64
	AccountID      int64
	InstitutionID  string // the bank's unique id (OFX FITID)
	PostedAt       time.Time
	Seller         string // raw descriptor as the bank printed it
	Merchant       string // normalized merchant name
	MerchantKey    string // the merchant key rules and votes are keyed by
	Fingerprint    string // date, amount and merchant: recognizes it without the bank's id
	AmountCents    int64
	Currency       string
	Category       string
	CategorySource string
	Pending        bool
	CreatedAt      time.Time // when Centavo stored it (set by the caller on insert)

	// What the person added (docs/0032-transaction-details.md).
	Notes  string
	Tags   []string // names, as the user wrote them, no duplicates
	Hidden bool     // left out of spending, budgets and cash flow
	// Splits divide the transaction among categories; their amounts sum
	// to AmountCents. Empty: the transaction is one part, its Category.
	Splits []Split
	// TransferPairID is shared by the two transactions of a transfer
	// between the user's own accounts (the lower of their ids); 0: none.
	TransferPairID int64
	Edited         EditMask // fields the user changed by hand
	// TransferWith is the other transaction of the transfer pair (0: none).
	// Not stored: the ledger's reads fill it (ledger.Service.Transactions).
	TransferWith int64
}

// Split is one part of a split transaction.
type Split struct {
	AmountCents int64  `json:"amount_cents"`
	Category    string `json:"category"`
	Notes       string `json:"notes,omitempty"`
}

// EditMask records which of a transaction's fields the user changed by hand
// (the category has its own record: CategorySource "user"). Rules applied
// to past transactions leave those fields alone.
type EditMask uint16

// Fields a user can change by hand.
const (
	EditedNotes EditMask = 1 << iota
	EditedTags
	EditedHidden
	EditedMerchant
	EditedSplits
)

// Part is what a transaction adds to the monthly aggregates under one
// category.
type Part struct {
	Category    string
	AmountCents int64
}

// Parts is what the transaction adds to the monthly aggregates: nothing
// when hidden, one part per split when split, else itself under its
// category. Every aggregate (monthly spending, budgets, cash flow, verify)
// sums parts.
func (t Transaction) Parts() []Part {
	switch {
	case t.Hidden:
		return nil
	case len(t.Splits) > 0:
		out := make([]Part, len(t.Splits))
		for i, s := range t.Splits {
			out[i] = Part{Category: s.Category, AmountCents: s.AmountCents}
		}
		return out
	}
	return []Part{{Category: t.Category, AmountCents: t.AmountCents}}
}

// CategorySpending is one category's line of a month's spending.
type CategorySpending struct {
	Category    string
	Currency    string // ISO 4217: the aggregates are kept per currency, never summed across
	AmountCents int64  // signed sum of the transactions' amounts
	Count       int64
}

// SpentCents is what was spent: minus the sum of amounts, so refunds reduce it.
func (c CategorySpending) SpentCents() int64 { return -c.AmountCents }

// BudgetOverride is a user's own budget for a category from a month onward.
// A nil AmountCents returns the category to the template from that month.
type BudgetOverride struct {
	UserID      int64
	Category    string
	From        Month
	AmountCents *int64
	// Rollover: what is left (or overspent) of the category's budget at the
	// end of each month from From on carries into the next (docs/0036).
	Rollover  bool
	CreatedAt time.Time
}

// BudgetPlan is what a user's budgets rest on besides income and overrides.
type BudgetPlan struct {
	UserID int64
	// TemplateFrom is the month the income template first applied (the
	// month the income was first set); zero: never.
	TemplateFrom Month
	// SavingsTargetPercent of income the recommendation leaves unbudgeted.
	SavingsTargetPercent int
}

// DefaultSavingsTargetPercent is the savings target of a user who never set one.
const DefaultSavingsTargetPercent = 10

// BudgetAlertState is whether a month's spending in a category is at or over
// one of the user's thresholds, and how many times that threshold re-armed
// (fell back under after being crossed): Seq goes into the notification's
// key, so each crossing notifies at most once (docs/0036).
type BudgetAlertState struct {
	UserID    int64
	Month     Month
	Category  string
	Threshold int
	Crossed   bool
	Seq       int64
}

// NotificationSettings are a user's notification preferences. The in-app
// inbox always receives every notification.
type NotificationSettings struct {
	UserID     int64
	Email      bool
	Webhooks   bool
	Thresholds []int // percent of a budget that alerts, ascending (default 80, 100)
	// Digest: DigestOff (one e-mail per notification), DigestDaily or
	// DigestWeekly (one e-mail per period instead, docs/0037). "" when
	// written: keep the current value.
	Digest string
	// BillReminderDays: bill_upcoming is sent this many days before a
	// confirmed bill (default 3; 0: never). Always set when read; nil in a
	// change leaves it as it is (a client that does not know it).
	BillReminderDays *int
}

// Digest settings (docs/0037-goals-and-digest.md).
const (
	DigestOff    = "off"
	DigestDaily  = "daily"
	DigestWeekly = "weekly"
)

// DefaultThresholds alert when spending reaches 80 % and 100 % of a budget.
var DefaultThresholds = []int{80, 100}

// NotifyBudgetProjected: at its pace, a category's month is heading to
// 110 % of its budget or more (once per category and month, docs/0036).
const NotifyBudgetProjected = "budget_projected"

// Notification kinds.
const (
	NotifyBudgetApproaching = "budget_approaching"
	NotifyBudgetExceeded    = "budget_exceeded"
	NotifyAccountUpdated    = "account_updated"
	NotifyNeedsAttention    = "account_needs_attention"
	// NotifyAccountStale: a linked account has not updated successfully
	// for 3 days (once per such stretch).
	NotifyAccountStale = "account_stale"
	// Recurring series (docs/0035): a new one active now, a charge that
	// rose, a confirmed bill due in the next days, an expected charge or
	// income that did not come.
	NotifyRecurringDetected = "recurring_detected"
	NotifyPriceIncrease     = "price_increase"
	NotifyBillUpcoming      = "bill_upcoming"
	NotifyRecurringMissed   = "recurring_missed"
)

// Notification is one entry of a user's inbox.
type Notification struct {
	ID          int64
	UserID      int64
	Kind        string
	Category    string // budget notifications
	Month       string // budget notifications, YYYY-MM
	Threshold   int    // budget notifications, percent
	BudgetCents int64  // budget notifications: the budget that was crossed
	AccountID   int64  // account notifications
	Message     string
	// Key makes the notification unique per user: the same key is never
	// notified twice, whatever the retries or concurrent jobs.
	Key       string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// Webhook is a URL a user registered for notifications; deliveries are
// signed with its secret (stored sealed).
type Webhook struct {
	ID           int64
	UserID       int64
	URL          string
	SealedSecret []byte
	CreatedAt    time.Time
}

// Delivery channels and statuses.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"

	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed" // the last attempt failed; more may follow
)

// Delivery is one notification sent (or being sent) over one channel.
type Delivery struct {
	ID             int64
	UserID         int64
	NotificationID int64
	Channel        string
	WebhookID      int64 // webhook deliveries
	Status         string
	Attempts       int
	ResponseCode   int
	LastError      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Rule is a user's own "always file this merchant under that category".
type Rule struct {
	ID          int64
	UserID      int64
	MerchantKey string
	Merchant    string // display name
	Category    string
	CreatedAt   time.Time
}
