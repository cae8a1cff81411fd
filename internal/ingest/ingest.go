// Package ingest brings an account's transactions in, downloaded by its
// connector or imported from a bank's file: raw copy in the object store → categorization → one SQL transaction that
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
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/metrics"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
)

// FirstWindowDays is how far back the first download of an account goes; the
// window is extended to the start of that month so no month is partial.
const FirstWindowDays = 90

// Overlap is how far before the last successful update a refresh starts
// again: banks post late and revise; duplicates are dropped on insert.
const Overlap = 7 * 24 * time.Hour

// Service downloads and imports transactions into accounts.
type Service struct {
	cat        atomic.Pointer[categorize.Categorizer] // set by SetCategorizer: a reload
	lastImport atomic.Int64                           // see importID
	slots      importSlots                            // see ReserveImport
	chunkRows  int                                    // rows per transaction of a big import; 0 = ImportChunkRows
	afterChunk func(done int) error                   // tests: called after each committed chunk (a crash between chunks)
	beforeFix  func()                                 // tests: called before replay describes rows again (a user's edit meanwhile)

	Accounts    *account.Service // the accounts, their credentials and status
	Objects     *objstore.Store
	Categorizer *categorize.Categorizer
	Cache       cache.Cache
	Metrics     *metrics.Metrics
	Logger      *slog.Logger
	Now         func() time.Time
	// ImportSlots is how many imports run at once, all users together;
	// 0 = DefaultImportSlots.
	ImportSlots int
}

// Extract runs an extraction job.
func (s *Service) Extract(ctx context.Context, job *river.Job[jobargs.ExtractAccount]) error {
	userID := job.Args.UserID
	st, a, gone, err := s.Accounts.Load(ctx, userID, job.Args.AccountID)
	if gone || err != nil {
		return err
	}
	if !a.Institution.Discovered() {
		return fmt.Errorf("ingest: account %d is not discovered yet", a.ID)
	}
	conn, creds, err := s.Accounts.Access(a)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	since := FirstWindowStart(now)
	if a.LastUpdate != nil {
		since = a.LastUpdate.Add(-Overlap)
	}
	release, wait, err := s.Accounts.TakeRequest(ctx, conn, a, creds)
	if err != nil {
		return err
	}
	if wait > 0 {
		// Past the institution's limits: come back when its window ends,
		// without spending an attempt.
		s.Logger.InfoContext(ctx, "extraction waits for the institution's quota", "user_id", userID, "account_id", a.ID,
			"job_id", job.ID, "wait", wait.String())
		return river.JobSnooze(wait)
	}
	s.Logger.InfoContext(ctx, "extraction started", "user_id", userID, "account_id", a.ID, "job_id", job.ID,
		"attempt", job.Attempt, "reason", job.Args.Reason)
	stmt, err := conn.Fetch(ctx, a.Institution, creds, since)
	release()
	if err != nil {
		return s.Accounts.Fail(ctx, st, a, job.JobRow, err)
	}

	if len(stmt.Skipped) > 0 {
		s.Logger.WarnContext(ctx, "downloaded transactions left out", "user_id", userID, "account_id", a.ID, "job_id", job.ID,
			"skipped", len(stmt.Skipped), "first", stmt.Skipped[0])
	}
	prep, err := s.prepare(ctx, st, a, stmt.Transactions)
	if err != nil {
		return err
	}
	// Keep the raw answer and the log before anything is stored: what is in
	// SQL can always be traced back to its source.
	txns := prep.txns
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
		if _, err := saveHoldings(ctx, tx, a, stmt.Holdings, now); err != nil {
			return err
		}
		if err := recordBalances(ctx, tx, a, balancesOf(stmt.Balance), now); err != nil {
			return err
		}
		return tx.CompleteJob(ctx, job.JobRow)
	})
	if errors.Is(err, store.ErrNotFound) {
		return s.unarchive(ctx, a, now, job.ID, stmt.RawExt) // deleted while we were downloading
	}
	if err != nil {
		return fmt.Errorf("ingest: store extraction of account %d: %w", a.ID, err)
	}
	s.recorded(ctx, userID, rec)
	s.Logger.InfoContext(ctx, "account extracted", "user_id", userID, "account_id", a.ID, "job_id", job.ID,
		"downloaded", len(txns), "new", len(rec.inserted), "replaced_pending", len(rec.replaced), "reused_ids", prep.reused, "since", since.Format(time.DateOnly))
	return nil
}

// rulesReader is what prepare reads: the user's merchant rules and rules
// with conditions.
type rulesReader interface {
	store.LedgerReader
	store.FilingReader
}

// prepared is a batch ready to record, and what preparing it found.
type prepared struct {
	txns []centavo.Transaction
	// repeats are rows left out because an earlier row of the batch has
	// their id and the same content: the same transaction listed twice.
	repeats int
	// reused are rows kept under a derived id (reusedID) because an earlier
	// row of the batch has their id with another date, amount or
	// description: two transactions the institution gave one id.
	reused int
}

// prepare categorizes a download or an import: the user's rules and
// merchant display names, merchant keys, fingerprints, and ids for the rows the institution gave none. Every
// row of a batch gets its own id (a chunked import relies on it): a row
// whose id an earlier row has is the same transaction listed twice when
// its content is the same (left out, counted in repeats), and another
// transaction when it differs in date, amount or description (kept under
// reusedID, counted in reused). A pending row never takes a derived id: a
// pending and a posted row under one id are one transaction.
func (s *Service) prepare(ctx context.Context, st rulesReader, a centavo.Account, in []connector.Transaction) (prepared, error) {
	p, err := s.newPreparer(ctx, st, a)
	if err != nil {
		return prepared{}, err
	}
	out := prepared{txns: make([]centavo.Transaction, 0, len(in))}
	n := newNumbering(len(in))
	first := func(i int32) (centavo.Transaction, error) { return out.txns[i], nil }
	for _, t := range in {
		tx, err := p.describe(ctx, t)
		if err != nil {
			return prepared{}, err
		}
		keep, err := n.assign(&tx, int32(len(out.txns)), first)
		if err != nil {
			return prepared{}, err
		}
		if keep {
			out.txns = append(out.txns, tx)
		}
	}
	out.repeats, out.reused = n.repeats, n.reused
	return out, nil
}

// preparer describes the rows of one batch: the categorizer, the user's
// rules and merchant names, read once, and the crowd's answers held
// (heldCrowd). Describing a row again gives the same transaction (a big
// import describes its rows twice: twopass.go).
type preparer struct {
	a           centavo.Account
	cz          categorize.Categorizer
	conditional []centavo.ConditionRule
	runner      *categorize.RuleRunner
	names       map[string]string
	own         ownCategories
	// A merchant's name and key are one string each for all its rows,
	// not one per row: a big file repeats few merchants (docs/0041).
	merchants map[string]string
}

func (s *Service) newPreparer(ctx context.Context, st rulesReader, a centavo.Account) (*preparer, error) {
	rules, err := st.Rules(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	// The rules with conditions run after the merchant rules, on every row
	// before it is recorded: the aggregates count what they decide from the
	// start (docs/0031-rules.md). Read once per batch.
	conditional, err := st.ConditionRules(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	names, err := st.MerchantNames(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	p := &preparer{a: a, cz: *s.categorizer(), conditional: conditional, runner: categorize.NewRuleRunner(conditional),
		names: names, own: ownCategories{st: st, userID: a.UserID}, merchants: map[string]string{}}
	p.cz.Rules = categorize.RuleSet(rules)
	if p.cz.Crowd != nil {
		p.cz.Crowd = &heldCrowd{live: p.cz.Crowd, answers: map[string]crowdAnswer{}}
	}
	return p, nil
}

// heldCrowd is the crowd's consensus as a batch first asked it about each
// merchant. The crowd's index is synced every few seconds while a big
// import writes its chunks, and describing a row again must give the row
// the first pass decided on (twopass.go): its category and where that
// came from. One answer per merchant of the batch.
type heldCrowd struct {
	live    categorize.Consensus
	answers map[string]crowdAnswer
}

type crowdAnswer struct {
	category string
	ok       bool
}

func (h *heldCrowd) Consensus(key string) (string, bool) {
	if a, ok := h.answers[key]; ok {
		return a.category, a.ok
	}
	cat, ok := h.live.Consensus(key)
	h.answers[key] = crowdAnswer{cat, ok}
	return cat, ok
}

func (p *preparer) intern(s string) string {
	if v, ok := p.merchants[s]; ok {
		return v
	}
	p.merchants[s] = s
	return s
}

// describe prepares one row, but for the ids of the rows the institution
// gave none (numbering).
func (p *preparer) describe(ctx context.Context, t connector.Transaction) (centavo.Transaction, error) {
	a := p.a
	desc := connector.Descriptor(t.Descriptor) // the connectors bound it already; a scripted one may not
	r := p.cz.Categorize(categorize.Input{
		UserID: a.UserID, Descriptor: desc, AmountCents: t.AmountCents, TrnType: t.TrnType, MCC: t.MCC,
	})
	cur := t.Currency
	if cur == "" {
		cur = a.Currency
	}
	tx := centavo.Transaction{
		UserID: a.UserID, AccountID: a.ID, InstitutionID: t.InstitutionID, PostedAt: t.PostedAt.UTC(),
		Seller: desc, Merchant: p.intern(r.Merchant), MerchantKey: p.intern(r.Key), AmountCents: t.AmountCents, Currency: cur,
		Category: r.Category, CategorySource: r.Source, Pending: t.Pending,
		Fingerprint: Fingerprint(t.PostedAt, t.AmountCents, r.Key),
	}
	if err := p.own.imported(ctx, &tx, t); err != nil { // the file's category, tags and notes: the user's rules below still win
		return centavo.Transaction{}, err
	}
	if len(p.conditional) > 0 {
		tx = p.runner.Run(tx)
	}
	if name, ok := p.names[r.Key]; ok && r.Key != "" {
		// The user's display name for the merchant (a rename for its
		// future transactions: docs/0032), after the rules.
		tx.Merchant, tx.Edited = name, tx.Edited|centavo.EditedMerchant
	}
	return tx, nil
}

// numbering gives the rows of a batch, in order, their final ids (see
// prepare).
type numbering struct {
	seen            map[string]int   // occurrences of each fingerprint among the id-less rows
	ids             map[string]int32 // the index among the kept rows of each id's first row
	repeats, reused int
}

func newNumbering(n int) *numbering {
	return &numbering{seen: map[string]int{}, ids: make(map[string]int32, n)}
}

// assign sets tx's final id and says whether the row is kept; next is the
// index the row takes among the kept rows, and first gives a kept row back
// by its index.
func (n *numbering) assign(tx *centavo.Transaction, next int32, first func(int32) (centavo.Transaction, error)) (bool, error) {
	if tx.InstitutionID == "" {
		// No id from the institution: the fingerprint and its occurrence
		// among identical rows (two coffees the same day are two).
		tx.InstitutionID = fmt.Sprintf("fp:%s:%d", tx.Fingerprint, n.seen[tx.Fingerprint])
		n.seen[tx.Fingerprint]++
	}
	if i, ok := n.ids[tx.InstitutionID]; ok {
		f, err := first(i)
		if err != nil {
			return false, err
		}
		if f.Pending || tx.Pending || sameContent(f, *tx) {
			n.repeats++
			return false, nil
		}
		tx.InstitutionID = reusedID(*tx)
		if _, ok := n.ids[tx.InstitutionID]; ok {
			n.repeats++ // the same content as an earlier row under this derived id
			return false, nil
		}
		n.reused++
	}
	n.ids[tx.InstitutionID] = next
	return true, nil
}

// ownCategories are the user's own categories, read once, the first time
// an imported row names one.
type ownCategories struct {
	st     store.CategoryReader
	userID int64
	ids    map[string]bool // nil: not read yet
}

// imported keeps what an app's export says of a row (connector.Transaction
// Category, Tags, Notes, Hidden): its category, as a bank's code would be
// (source "import"), unless the user's own rule filed the row — one of the
// user's own categories as it is, one they do not have (an export of
// someone else's, or removed since) as its fixed parent; its tags, notes
// and hidden flag. The edited mask stays empty: the insert does not store
// it, and these are the file's, not changes by hand.
func (o *ownCategories) imported(ctx context.Context, tx *centavo.Transaction, t connector.Transaction) error {
	tx.Notes, tx.Tags, tx.Hidden = t.Notes, slices.Clone(t.Tags), t.Hidden
	cat := t.Category
	if cat == "" || tx.CategorySource == centavo.SourceRule {
		return nil
	}
	if centavo.IsOwnCategoryID(cat) {
		if o.ids == nil {
			list, err := o.st.OwnCategories(ctx, o.userID)
			if err != nil {
				return err
			}
			o.ids = map[string]bool{}
			for _, c := range list {
				o.ids[c.ID] = true
			}
		}
		if !o.ids[cat] {
			cat = centavo.ParentCategory(cat)
		}
	} else if _, ok := centavo.LookupCategory(cat); !ok {
		return nil
	}
	tx.Category, tx.CategorySource = cat, centavo.SourceImport
	return nil
}

// sameContent says whether two rows with one institution id are the same
// transaction listed twice: the same time, amount and description.
func sameContent(a, b centavo.Transaction) bool {
	return a.PostedAt.Equal(b.PostedAt) && a.AmountCents == b.AmountCents && a.Seller == b.Seller
}

// reusedID is the id of a row whose institution id an earlier row of the
// batch has with other content: that id, "~", and 16 hex digits of a hash
// of the row's time, amount and description. It depends on the row alone,
// so importing the same file again derives the same id (and adds nothing);
// the first row keeps the institution's id, as it was stored before this
// rule existed.
func reusedID(t centavo.Transaction) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%s", t.PostedAt.UTC().Format(time.RFC3339Nano), t.AmountCents, t.Seller)))
	return t.InstitutionID + "~" + hex.EncodeToString(h[:8])
}

// Fingerprint identifies a transaction without the institution's id: its
// day, amount and merchant key.
func Fingerprint(posted time.Time, cents int64, merchantKey string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%s", posted.UTC().Format(time.DateOnly), cents, merchantKey)))
	return hex.EncodeToString(h[:8])
}

// archive writes the raw input and the transaction log to the object store.
func (s *Service) archive(ctx context.Context, a centavo.Account, now time.Time, id int64, raw []byte, ext string, txns []centavo.Transaction) error {
	// The log in one buffer sized for rows of about this length: no copy
	// of the rows, no doubling of a big file's log (docs/0041).
	log := make([]byte, 0, 128*len(txns))
	for _, t := range txns {
		log = appendLog(log, t)
	}
	return s.archiveLog(ctx, a, now, id, raw, ext, log)
}

// appendLog renders one row of a batch's log.
func appendLog(log []byte, t centavo.Transaction) []byte {
	return objstore.AppendLog(log, objstore.LogLine{UserID: t.UserID, PostedAt: t.PostedAt, Seller: t.Seller, AmountCents: t.AmountCents,
		AccountID: t.AccountID, InstitutionID: t.InstitutionID, Category: t.Category, Pending: t.Pending, Currency: t.Currency})
}

// archiveLog writes the raw input and a rendered log to the object store.
func (s *Service) archiveLog(ctx context.Context, a centavo.Account, now time.Time, id int64, raw []byte, ext string, log []byte) error {
	if err := s.Objects.Put(ctx, objstore.RawKey(now, a.UserID, a.ID, id, ext), raw, "application/octet-stream"); err != nil {
		return err
	}
	return s.Objects.Put(ctx, objstore.LogKey(now, a.UserID, a.ID, id), log, "text/tab-separated-values")
}

// unarchive removes what archive wrote, for an account deleted before the
// batch was recorded: the deletion's removal of the account's objects may
// have run before archive wrote them (docs/0025-account-security.md).
func (s *Service) unarchive(ctx context.Context, a centavo.Account, now time.Time, id int64, ext string) error {
	return s.Objects.Delete(ctx, objstore.RawKey(now, a.UserID, a.ID, id, ext), objstore.LogKey(now, a.UserID, a.ID, id))
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

// FirstWindowStart is where an account's first download starts: 90 days
// back, extended to the first day of that month.
func FirstWindowStart(now time.Time) time.Time {
	return centavo.MonthOf(now.AddDate(0, 0, -FirstWindowDays)).Start()
}
