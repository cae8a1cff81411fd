// Package ledger serves a user's transactions and monthly spending, and
// applies manual category changes. Summaries are read cache-aside; a change
// commits first and invalidates after.
package ledger

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/store"
	"github.com/centavo/centavo/internal/store/queue"
)

// SummaryTTL bounds how long a cached summary lives (a safety net: changes
// invalidate it at once).
const SummaryTTL = 10 * time.Minute

// Page limits.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Service reads and changes a user's ledger.
type Service struct {
	Cluster store.Cluster
	Cache   cache.Cache // optional
	Metrics *metrics.Metrics
	Logger  *slog.Logger
	Now     func() time.Time
	// Rates converts foreign-currency spending into the user's currency;
	// nil: none converts (other currencies are listed as missing rates).
	Rates rates.Converter
}

// Query selects a page of transactions.
type Query struct {
	Month     centavo.Month // zero: all months
	AccountID int64
	Limit     int
	Cursor    string // from the previous page's NextCursor
	// Search across time (search.go): any of these, or Totals, makes the
	// page a search's.
	Search
}

// Page is a page of transactions, newest first.
type Page struct {
	Transactions []centavo.Transaction
	NextCursor   string // "" on the last page
	// Count and TotalCents are the number and the signed sum of the
	// amounts of every transaction that matches (not only the page's), for
	// a query with Totals.
	Count      int64
	TotalCents int64
}

func encodeCursor(c store.Cursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.PostedAt.UnixMicro(), 10) + "." + strconv.FormatInt(c.ID, 10)))
}

func decodeCursor(s string) (*store.Cursor, error) {
	bad := centavo.Errorf(centavo.EBADREQUEST, "cursor is not one this server gave out")
	if len(s) > 64 {
		return nil, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	ts, id, ok := strings.Cut(string(raw), ".")
	if !ok {
		return nil, bad
	}
	us, err1 := strconv.ParseInt(ts, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n <= 0 {
		return nil, bad
	}
	return &store.Cursor{PostedAt: time.UnixMicro(us).UTC(), ID: n}, nil
}

// Transactions returns a page of the user's transactions.
func (s *Service) Transactions(ctx context.Context, userID int64, q Query) (Page, error) {
	return s.transactions(ctx, userID, q, true)
}

// transactions is Transactions; cachePage false leaves the cache of pages
// (as structs) alone, for TransactionsJSON, which caches their bytes.
func (s *Service) transactions(ctx context.Context, userID int64, q Query, cachePage bool) (Page, error) {
	limit, after, err := pageArgs(q)
	if err != nil {
		return Page{}, err
	}
	if q.Search.set() {
		return s.search(ctx, userID, q, limit, after, cachePage)
	}
	f := store.TransactionFilter{UserID: userID, AccountID: q.AccountID, Month: q.Month, Limit: limit + 1, After: after}
	// The first page of a month (or of everything) is what people look at:
	// it is cached like the summaries. Later pages and account filters go
	// to the database.
	var c cachedPage
	if cachePage {
		var hit bool
		if c, hit = s.firstPage(ctx, userID, "tx", q); hit {
			return c.page, nil
		}
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return Page{}, err
	}
	txns, err := st.Transactions(ctx, f)
	if err != nil {
		return Page{}, err
	}
	if err := withPartners(ctx, st, userID, txns); err != nil {
		return Page{}, err
	}
	p := pageOf(Page{Transactions: txns}, limit)
	s.storeValue(ctx, userID, c.name, c.gen, p)
	return p, nil
}

// pageArgs checks a query's limit and cursor.
func pageArgs(q Query) (int, *store.Cursor, error) {
	limit := q.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 1 || limit > MaxLimit {
		return 0, nil, centavo.Errorf(centavo.EBADREQUEST, "limit must be between 1 and %d", MaxLimit)
	}
	if q.Cursor == "" {
		return limit, nil, nil
	}
	after, err := decodeCursor(q.Cursor)
	return limit, after, err
}

// firstPageName is the cache name of the query's page when it is the first
// page of a month (or of everything) with no account filter and no
// condition but, for a search (kind "txt"), the totals; "" when the page
// is not cached.
func firstPageName(kind string, q Query) string {
	if q.Cursor != "" || q.AccountID != 0 || (q.Search.set() && !q.Search.only()) {
		return ""
	}
	limit := q.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	return fmt.Sprintf("%s:%s:%d", kind, q.Month, limit)
}

// cachedPage is where a page read from the database is cached: its name
// and the generation read before ("" for either: not cached).
type cachedPage struct {
	name, gen string
	page      Page
}

// firstPage looks up in the cache the first page of a month (or of
// everything) named kind ("tx", "txt"). It returns where to store the page
// computed on a miss, and the cached page on a hit.
func (s *Service) firstPage(ctx context.Context, userID int64, kind string, q Query) (cachedPage, bool) {
	name := firstPageName(kind, q)
	if s.Cache == nil || name == "" {
		return cachedPage{}, false
	}
	c := cachedPage{name: name}
	hit := s.readValue(ctx, userID, name, &c.gen, &c.page)
	return c, hit
}

// pageOf cuts p to limit rows read as limit+1: when there are more, the
// cursor points after its last row.
func pageOf(p Page, limit int) Page {
	if len(p.Transactions) > limit {
		p.Transactions = p.Transactions[:limit]
		last := p.Transactions[limit-1]
		p.NextCursor = encodeCursor(store.Cursor{PostedAt: last.PostedAt, ID: last.ID})
	}
	return p
}

// Transaction returns one of the user's transactions (not found if it is
// not theirs).
func (s *Service) Transaction(ctx context.Context, userID, txID int64) (centavo.Transaction, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Transaction{}, err
	}
	t, err := st.Transaction(ctx, userID, txID)
	if err != nil {
		return t, err
	}
	one := []centavo.Transaction{t}
	err = withPartners(ctx, st, userID, one)
	return one[0], err
}

// readBytes reads the user's cached bytes named name and the generation
// to store them under on a miss ("" if the cache failed: store nothing).
func (s *Service) readBytes(ctx context.Context, userID int64, name string) (b []byte, gen string, hit bool) {
	b, gen, hit, err := cache.Read(ctx, s.Cache, userID, name)
	switch {
	case err != nil:
		s.count("error")
		return nil, "", false
	case !hit:
		s.count("miss")
		return nil, gen, false
	}
	s.count("hit")
	return b, gen, true
}

// readValue reads the user's cached value named name into v, and sets
// *gen to the generation to store it under on a miss.
func (s *Service) readValue(ctx context.Context, userID int64, name string, gen *string, v any) bool {
	b, g, hit := s.readBytes(ctx, userID, name)
	*gen = g
	return hit && json.Unmarshal(b, v) == nil
}

// storeBytes caches b as the user's value named name under gen (if any);
// failures only cost the next read.
func (s *Service) storeBytes(ctx context.Context, userID int64, name, gen string, b []byte) {
	if name == "" || gen == "" {
		return
	}
	if err := cache.Write(ctx, s.Cache, userID, name, gen, b, SummaryTTL); err != nil {
		s.count("error")
	}
}

// storeValue caches v's JSON as the user's value named name under gen.
func (s *Service) storeValue(ctx context.Context, userID int64, name, gen string, v any) {
	if name == "" || gen == "" {
		return
	}
	if b, err := json.Marshal(v); err == nil {
		s.storeBytes(ctx, userID, name, gen, b)
	}
}

// Summary is a month's spending by category.
type Summary struct {
	Month           string            `json:"month"`
	Currency        string            `json:"currency"`
	TotalSpentCents int64             `json:"total_spent_cents"`
	Categories      []CategorySummary `json:"categories"`
	// ByCurrency is the spending per currency, each in its own minor units.
	ByCurrency []rates.CurrencySpent `json:"by_currency"`
	// MissingRates names the currencies that could not be converted: they
	// are left out of the totals, never added unconverted.
	MissingRates []string `json:"missing_rates"`
}

// CategorySummary is one category's line. A user's own category has its
// own line, with its Parent for roll-up: the parent's line holds only what
// was filed under the parent itself.
type CategorySummary struct {
	Category   string `json:"category"`
	SpentCents int64  `json:"spent_cents"`
	Count      int64  `json:"count"`
}

// MarshalJSON writes the line with "parent" after "category" for a user's
// own category.
func (c CategorySummary) MarshalJSON() ([]byte, error) {
	line := struct {
		Category   string `json:"category"`
		Parent     string `json:"parent,omitempty"`
		SpentCents int64  `json:"spent_cents"`
		Count      int64  `json:"count"`
	}{Category: c.Category, SpentCents: c.SpentCents, Count: c.Count}
	if p := centavo.ParentCategory(c.Category); p != c.Category {
		line.Parent = p
	}
	return json.Marshal(line)
}

// Spending returns the month's spending by category: every category except
// income and transfers, spent = minus the sum of amounts (refunds reduce it).
func (s *Service) Spending(ctx context.Context, userID int64, month centavo.Month) (Summary, error) {
	t, err := (&months{s: s, userID: userID}).month(ctx, month)
	return t.Summary, err
}

// monthTotals is what a month's aggregates say: the spending summary
// (GET /spending) and the income (GET /cashflow), from one read.
type monthTotals struct {
	Summary     Summary `json:"summary"`
	IncomeCents int64   `json:"income_cents"`
}

// months reads a user's months, cache-aside; it opens the user's shard and
// reads the user (for the currency) at the first month the cache misses.
type months struct {
	s        *Service
	userID   int64
	st       store.Store
	currency string
}

// month is the one place where a month's aggregate rows become the totals
// that /spending and /cashflow report.
func (m *months) month(ctx context.Context, month centavo.Month) (monthTotals, error) {
	s := m.s
	name, gen := "", ""
	if s.Cache != nil {
		name = s.monthName(ctx, "month", month)
		var t monthTotals
		if s.readValue(ctx, m.userID, name, &gen, &t) {
			return t, nil
		}
	}
	if m.st == nil {
		st, err := s.Cluster.ForUser(ctx, m.userID)
		if err != nil {
			return monthTotals{}, err
		}
		u, err := st.UserByID(ctx, m.userID)
		if err != nil {
			return monthTotals{}, err
		}
		m.st, m.currency = st, u.Currency
	}
	home, err := rates.InHome(ctx, m.st, s.Rates, m.userID, month, m.currency)
	if err != nil {
		return monthTotals{}, err
	}
	sum := Summarize(month, m.currency, home.Categories)
	sum.ByCurrency, sum.MissingRates = home.ByCurrency, home.Missing
	if sum.ByCurrency == nil {
		sum.ByCurrency = []rates.CurrencySpent{}
	}
	if sum.MissingRates == nil {
		sum.MissingRates = []string{}
	}
	t := monthTotals{Summary: sum, IncomeCents: Income(home.Categories)}
	s.storeValue(ctx, m.userID, name, gen, t)
	return t, nil
}

// monthName is the cache name of a month's value of the kind: with the
// rates' stamp, so new rates make new conversions.
func (s *Service) monthName(ctx context.Context, kind string, month centavo.Month) string {
	name := kind + ":" + month.String()
	if st, ok := s.Rates.(interface{ Stamp(context.Context) string }); ok {
		name += ":" + st.Stamp(ctx)
	}
	return name
}

func (s *Service) count(result string) {
	if s.Metrics != nil {
		s.Metrics.CacheRequests.WithLabelValues(result).Inc()
	}
}

// Income is the income category's total with the user's own categories
// under it (positive when money came in).
func Income(rows []centavo.CategorySpending) int64 {
	var sum int64
	for _, r := range rows {
		if centavo.ParentCategory(r.Category) == centavo.CatIncome {
			sum += r.AmountCents
		}
	}
	return sum
}

// Summarize turns aggregate rows into a summary, largest spending first.
func Summarize(month centavo.Month, currency string, rows []centavo.CategorySpending) Summary {
	sum := Summary{Month: month.String(), Currency: currency, Categories: []CategorySummary{}}
	for _, r := range rows {
		if !centavo.CountsAsSpending(r.Category) || (r.Count == 0 && r.AmountCents == 0) {
			continue
		}
		sum.Categories = append(sum.Categories, CategorySummary{Category: r.Category, SpentCents: r.SpentCents(), Count: r.Count})
		sum.TotalSpentCents += r.SpentCents()
	}
	sort.SliceStable(sum.Categories, func(i, j int) bool {
		a, b := sum.Categories[i], sum.Categories[j]
		if a.SpentCents != b.SpentCents {
			return a.SpentCents > b.SpentCents
		}
		return a.Category < b.Category
	})
	return sum
}

// Change is a manual category change.
type Change struct {
	Category string
	// ApplyToFuture also makes a rule: the user's new transactions of this
	// merchant go to Category.
	ApplyToFuture bool
}

// SetCategory files a transaction under a category by hand. The change is
// kept: nothing later re-categorizes it automatically. It is also the user's
// vote for the merchant's category (one vote per user and merchant: the
// latest counts), and with ApplyToFuture a rule for the user's new
// transactions of that merchant.
func (s *Service) SetCategory(ctx context.Context, userID, txID int64, ch Change) (centavo.Transaction, *centavo.Rule, error) {
	category := ch.Category
	if err := categoryShape(category); err != nil {
		return centavo.Transaction{}, nil, err
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Transaction{}, nil, err
	}
	var out centavo.Transaction
	var rule *centavo.Rule
	changed := false
	now := s.Now().UTC()
	err = st.InTx(ctx, func(tx store.Tx) error {
		var err error
		if out, rule, changed, err = s.setCategory(ctx, tx, userID, txID, ch, now); err != nil || !changed {
			return err
		}
		return s.owe(ctx, tx, userID)
	})
	if err != nil {
		return centavo.Transaction{}, nil, fmt.Errorf("ledger: set category: %w", err)
	}
	if changed {
		s.invalidate(ctx, userID)
	}
	return out, rule, nil
}

// setCategory is SetCategory's work in tx; changed says whether it changed
// what the user's summaries read.
func (s *Service) setCategory(ctx context.Context, tx store.Tx, userID, txID int64, ch Change, now time.Time) (out centavo.Transaction, rule *centavo.Rule, changed bool, err error) {
	category := ch.Category
	t, err := tx.TransactionForUpdate(ctx, userID, txID)
	if err != nil {
		return out, rule, changed, err
	}
	if err := categorize.CheckCategory(ctx, tx, userID, category); err != nil {
		return out, rule, changed, err
	}
	out = t
	if rule, err = byHand(ctx, tx, userID, t, category, ch.ApplyToFuture, now); err != nil {
		return out, rule, changed, err
	}
	if t.TransferPairID != 0 {
		// Filing either side of a transfer by hand undoes the pair.
		if t, err = unpair(ctx, tx, t); err != nil {
			return out, rule, changed, err
		}
		out, changed = t, true
	}
	if t.Category == category && t.CategorySource == centavo.SourceUser {
		return out, rule, changed, nil
	}
	if err := tx.SetTransactionCategory(ctx, store.TransactionCategoryUpdate{UserID: userID, ID: txID, Category: category, Source: centavo.SourceUser}); err != nil {
		return out, rule, changed, err
	}
	if t.Category != category {
		changed = true
		if err := s.refile(ctx, tx, userID, []centavo.Transaction{t}, category, now); err != nil {
			return out, rule, changed, err
		}
	}
	out.Category, out.CategorySource = category, centavo.SourceUser
	return out, rule, changed, nil
}

// RefileTx is the part of a store transaction that Refile works in: the
// ledger's aggregates and the job queue.
type RefileTx interface {
	store.LedgerWriter
	queue.Tx
}

// refile moves transactions (as they were before) to category in the
// monthly aggregates, and enqueues the budget evaluations and change events,
// in tx.
func (s *Service) refile(ctx context.Context, tx RefileTx, userID int64, before []centavo.Transaction, category string, now time.Time) error {
	after := make([]centavo.Transaction, len(before))
	for i, t := range before {
		after[i] = t
		after[i].Category = category
	}
	return Refile(ctx, tx, userID, before, after, now)
}

// Refile moves transactions from their category before to the one after
// (the same transactions, in the same order) in the monthly aggregates, and
// enqueues the budget evaluations of their months, a category event each
// and a parts event for each hidden, shown, split or unsplit (recompute applies them to the logs), in tx. Every category change of a
// stored transaction goes through it.
func Refile(ctx context.Context, tx RefileTx, userID int64, before, after []centavo.Transaction, now time.Time) error {
	if len(before) != len(after) {
		return fmt.Errorf("ledger: refile: %d transactions before, %d after", len(before), len(after))
	}
	deltas, err := store.ChangeDeltas(before, after)
	if err != nil {
		return err
	}
	if err := tx.AddMonthlySpending(ctx, userID, deltas); err != nil {
		return err
	}
	months := make([]centavo.Month, len(before))
	for i, t := range before {
		months[i] = centavo.MonthOf(t.PostedAt)
	}
	jobs := jobargs.Evaluations(userID, months...)
	if detectionReads(before, after) {
		jobs = append(jobs, jobargs.Detection(userID)) // recurring series (docs/0035)
	}
	for i, t := range before {
		jobs = append(jobs, river.InsertManyParams{Args: jobargs.ArchiveEvent{
			Event: objstore.EventCategory, At: now, UserID: userID, AccountID: t.AccountID,
			InstitutionID: t.InstitutionID, PostedAt: t.PostedAt, AmountCents: t.AmountCents, Category: after[i].Category, Pending: t.Pending,
		}})
		if !sameParts(t, after[i]) {
			jobs = append(jobs, PartsEvent(after[i], now))
		}
	}
	return tx.Enqueue(ctx, jobs...)
}

// PartsEvent is the change event that tells recompute what t now adds to
// the aggregates (hidden, whole or split).
func PartsEvent(t centavo.Transaction, now time.Time) river.InsertManyParams {
	return river.InsertManyParams{Args: jobargs.ArchiveEvent{
		Event: objstore.EventParts, At: now, UserID: t.UserID, AccountID: t.AccountID, InstitutionID: t.InstitutionID,
		PostedAt: t.PostedAt, AmountCents: t.AmountCents, Category: objstore.FormatParts(t.Hidden, t.Splits), Pending: t.Pending,
	}}
}

// sameParts says whether two versions of a transaction are hidden or split
// alike (their parts texts are equal).
func sameParts(a, b centavo.Transaction) bool {
	return objstore.FormatParts(a.Hidden, a.Splits) == objstore.FormatParts(b.Hidden, b.Splits)
}

// invalidate is the fast path of a change's cache invalidation, after its
// commit; owe, in its transaction, is the durable one (docs/0040).
func (s *Service) invalidate(ctx context.Context, userID int64) {
	cache.Forget(ctx, s.Cache, s.Logger, userID)
}

// owe enqueues in tx the durable invalidation of the user's cached values
// (a job, when the cache is shared by processes; nothing otherwise).
func (s *Service) owe(ctx context.Context, tx queue.Tx, userID int64) error {
	return tx.Enqueue(ctx, jobargs.Invalidation(cache.Shared(s.Cache), userID)...)
}

// ApplyRule re-files the user's past transactions of the rule's merchant
// under its category — except those the user changed by hand — and moves the
// monthly aggregates with them, in one transaction. It returns how many
// transactions moved.
func (s *Service) ApplyRule(ctx context.Context, userID, id int64) (centavo.Rule, int, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return centavo.Rule{}, 0, err
	}
	var r centavo.Rule
	var moved []centavo.Transaction
	now := s.Now().UTC()
	err = st.InTx(ctx, func(tx store.Tx) error {
		var err error
		r, err = tx.Rule(ctx, userID, id)
		if err != nil {
			return err
		}
		moved, err = tx.RecategorizeMerchant(ctx, store.MerchantRecategorization{
			UserID: userID, MerchantKey: r.MerchantKey, Category: r.Category, Source: centavo.SourceRule,
			Keep: []string{centavo.SourceUser, centavo.SourceTransfer, centavo.SourceUnpaired, centavo.SourceImport}, // centavo.KeepsCategory
		})
		if err != nil || len(moved) == 0 {
			return err
		}
		if err := s.owe(ctx, tx, userID); err != nil {
			return err
		}
		return s.refile(ctx, tx, userID, moved, r.Category, now)
	})
	if err != nil {
		return centavo.Rule{}, 0, fmt.Errorf("ledger: apply rule: %w", err)
	}
	if len(moved) > 0 {
		s.invalidate(ctx, userID)
	}
	return r, len(moved), nil
}

// detectionReads reports whether a refile changes what recurring detection
// reads of the transactions: their category (a transfer is left out), or
// whether they are hidden or paired.
func detectionReads(before, after []centavo.Transaction) bool {
	for i, t := range before {
		a := after[i]
		if t.Category != a.Category || t.Hidden != a.Hidden || t.TransferPairID != a.TransferPairID {
			return true
		}
	}
	return false
}
