// Package connector defines how Centavo talks to financial institutions: a
// Connector discovers the accounts behind a login and fetches statements.
// Implementations live in subpackages: ofx/ (OFX Direct Connect),
// simplefin/ (the SimpleFIN bridge) and file/ (statement files a user
// uploads: OFX/QFX, QIF, CSV). They never touch the store, and never import
// one another: the OFX reader they share is internal/ofxparse.
package connector

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/centavo/centavo"
)

// Connector reaches one kind of institution interface.
type Connector interface {
	// Discover lists the accounts the credentials give access to.
	Discover(ctx context.Context, inst centavo.Institution, creds centavo.Credentials) ([]Discovered, error)
	// Fetch downloads the account's transactions posted since the given time.
	Fetch(ctx context.Context, inst centavo.Institution, creds centavo.Credentials, since time.Time) (Statement, error)
}

// Rereader reads again a raw answer that an earlier Fetch returned
// (Statement.Raw, kept in the object store) with today's code, without
// asking the institution: centavo replay re-reads the archive after a
// reader's fix. The statement has no Raw.
type Rereader interface {
	Reread(raw []byte, inst centavo.Institution) (Statement, error)
}

// Discovered is an account found behind a login.
type Discovered struct {
	Name        string
	Type        string // checking, savings, money_market, credit_line, credit_card
	Currency    string
	Institution centavo.Institution // with the account's identifiers filled in
}

// Statement is what one download returned.
type Statement struct {
	Raw          []byte // the institution's response, unchanged
	RawExt       string // file extension for the raw copy: "ofx", "json"…
	Currency     string
	Transactions []Transaction
	// Skipped says why transactions were left out: an amount beyond
	// ±centavo.MaxTransactionCents, an id over MaxIDBytes.
	Skipped []string
	// Holdings are the account's positions, for an investment account;
	// nil when the institution said nothing about positions.
	Holdings *Holdings
	// Balance is the account's balance as the institution reported it
	// with the statement; nil when it reported none.
	Balance *Balance
}

// Balance is an account's balance as a source reported it, in the sign of
// its transactions (an OFX card statement's LEDGERBAL is negative when
// owing, as its purchases are).
type Balance struct {
	LedgerCents int64
	// AvailableCents is the available balance (OFX AVAILBAL, SimpleFIN
	// available-balance); nil when the source did not say.
	AvailableCents *int64
	// AsOf is when the source said it, UTC; zero when it did not say
	// (the caller takes the time of the download or import).
	AsOf time.Time
}

// Holdings is a snapshot of an investment account's positions. The
// holdings' UserID, AccountID and AsOf are left for the caller to set.
type Holdings struct {
	AsOf      time.Time // UTC
	Positions []centavo.Holding
}

// Transaction is one transaction as the institution reported it.
type Transaction struct {
	InstitutionID string
	PostedAt      time.Time // UTC
	AmountCents   int64
	Currency      string
	Descriptor    string
	TrnType       string // institution's transaction type (OFX TRNTYPE)
	MCC           string // merchant category code or SIC, when given
	Pending       bool
	// FileAccount is the key of the account a statement file lists this
	// row under (file.FileAccount.Key); "" for downloads and files that
	// name no account.
	FileAccount string
	// Category, Tags, Notes and Hidden are what an export of another
	// finance app (Mint, YNAB) or of Centavo itself says of the row:
	// Category one of Centavo's categories ("" = let the categorizer
	// decide), Tags its labels, Notes its memo. Banks give none of them.
	Category string
	Tags     []string
	Notes    string
	Hidden   bool
	// Raw is the record as the source held it, for a later reader to
	// re-derive what this one made of it (a CSV row's line, text after
	// decoding), cut to MaxRawBytes by RawText. Empty when the source
	// has no such text (OFX, QIF, SimpleFIN, Direct Connect).
	Raw string
}

// Kind classifies a connector failure; it decides what Centavo does next.
type Kind int

const (
	// KindTransient: network trouble, timeouts, 5xx. Retried with backoff.
	KindTransient Kind = iota + 1
	// KindAuth: the institution refused the credentials. The user must act;
	// retrying would only lock the account.
	KindAuth
	// KindMalformed: the institution answered with something we cannot read.
	KindMalformed
	// KindRejected: the institution understood and said no (unknown
	// account, unsupported request). The user must act.
	KindRejected
)

func (k Kind) String() string {
	switch k {
	case KindTransient:
		return "transient"
	case KindAuth:
		return "auth"
	case KindMalformed:
		return "malformed"
	case KindRejected:
		return "rejected"
	}
	return "unknown"
}

// Error is a classified connector failure. Message is safe to show to the
// user (it never contains credentials).
type Error struct {
	Kind    Kind
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("connector %s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("connector %s: %s", e.Kind, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf makes a classified error.
func Errorf(kind Kind, err error, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...), Err: err}
}

// KindOf returns the kind of err; unclassified errors count as transient.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindTransient
}

// MessageOf returns the user-facing message of err.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return Unreachable
}

// Limits are what an institution interface allows one client to ask of it.
// A zero field sets no limit. Centavo keeps every download, discovery and
// retry within them (internal/account's quota), counted where every process
// sees the same numbers.
type Limits struct {
	// PerAccessPerDay: requests a UTC day with one set of credentials (the
	// SimpleFIN Bridge allows 24 a day per access).
	PerAccessPerDay int
	// PerHostPerMinute: requests a minute to one host, all users together.
	PerHostPerMinute int
	// OneAtATimePerHost: at most one request in flight to a host.
	OneAtATimePerHost bool
}

// Limited is a connector that declares its limits.
type Limited interface {
	Limits() Limits
}
