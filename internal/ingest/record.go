package ingest

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
)

// recorded is what record did.
type recorded struct {
	inserted   []centavo.Transaction
	replaced   []centavo.Transaction // pending ones their posted version replaced
	duplicates int
	paired     int // transfer pairs filed (transferstep.go)
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

// record stores a batch of one account's transactions in tx: it reads what
// the account holds that the batch may overlap, plans the batch (planBatch:
// pending rows replaced by their posted version, rows another stored row
// stands for dropped), applies the plan, pairs the transfers
// (pairTransfers), and follows with the monthly aggregates, the account's
// status, the budget evaluations, the drop events for recompute and the
// "account updated" notification.
func (s *Service) record(ctx context.Context, tx store.Tx, a centavo.Account, txns []centavo.Transaction, now time.Time, notifyKey string) (recorded, error) {
	rec, deltas, err := s.apply(ctx, tx, a, txns, newBatchIndex(txns), now)
	if err != nil {
		return rec, err
	}
	// Transfers: the batch's rows against the user's other accounts, once
	// the rows and their aggregates are in (pairing re-files them).
	if rec.paired, err = pairTransfers(ctx, tx, a, txns, now); err != nil {
		return rec, err
	}
	if err := tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: a.UserID, ID: a.ID, Status: centavo.AccountOK, LastUpdate: &now}); err != nil {
		return rec, err
	}
	return rec, s.followUp(ctx, tx, a, followUps{months: monthsOf(deltas), dropped: rec.dropped, added: len(rec.inserted), notifyKey: notifyKey, invalidate: rec.changed()}, now)
}

// apply records rows, a batch or the part of one (whole) that a chunked
// import writes last, in tx: it reads what the account holds that they may
// overlap, plans them (planPart), deletes the pending rows they replace,
// inserts the new ones and moves the monthly aggregates by the deltas it
// returns.
func (s *Service) apply(ctx context.Context, tx store.Tx, a centavo.Account, rows []centavo.Transaction, whole *batchIndex, now time.Time) (recorded, []store.SpendingDelta, error) {
	var rec recorded
	// Re-read inside the transaction: the account may have been deleted.
	if _, err := tx.Account(ctx, a.UserID, a.ID); err != nil {
		return rec, nil, err
	}
	held, err := readHeld(ctx, tx, a, rows, whole)
	if err != nil {
		return rec, nil, err
	}
	p := planPart(held, rows, whole)
	for _, t := range p.dropped {
		rec.drop(t)
	}
	rec.duplicates = len(p.dropped)
	if rec.replaced, err = tx.DeleteTransactions(ctx, a.UserID, p.replace); err != nil {
		return rec, nil, err
	}
	for _, t := range rec.replaced {
		rec.drop(t)
	}
	for i := range p.insert {
		p.insert[i].CreatedAt = now
	}
	if rec.inserted, err = tx.InsertTransactions(ctx, p.insert); err != nil {
		return rec, nil, err
	}
	rec.duplicates += len(p.insert) - len(rec.inserted)
	deltas, err := store.ChangeDeltas(rec.replaced, rec.inserted)
	if err != nil {
		return rec, nil, err
	}
	if err := tx.AddMonthlySpending(ctx, a.UserID, deltas); err != nil {
		return rec, nil, err
	}
	return rec, deltas, tx.Enqueue(ctx, insertedEvents(rec.inserted, p.carried, now)...)
}

// insertedEvents tell recompute what inserted rows add beyond what their
// log line says (it holds the category alone): the parts of every row
// inserted hidden or split (partsEvents), and the category set by hand of
// the rows that took over a replaced pending row's edits (carryEdits).
func insertedEvents(inserted []centavo.Transaction, carried map[string]bool, now time.Time) []river.InsertManyParams {
	jobs := partsEvents(inserted, now)
	for _, t := range inserted {
		if carried[t.InstitutionID] && t.CategorySource == centavo.SourceUser {
			jobs = append(jobs, river.InsertManyParams{Args: jobargs.ArchiveEvent{
				Event: objstore.EventCategory, At: now, UserID: t.UserID, AccountID: t.AccountID,
				InstitutionID: t.InstitutionID, PostedAt: t.PostedAt, AmountCents: t.AmountCents, Category: t.Category, Pending: t.Pending,
			}})
		}
	}
	return jobs
}

// partsEvents are the parts events of the rows inserted hidden or split —
// by a rule with conditions, an imported Centavo export, edits carried
// from a pending row: their log line says only their category, which
// recompute would count whole.
func partsEvents(inserted []centavo.Transaction, now time.Time) []river.InsertManyParams {
	var jobs []river.InsertManyParams
	for _, t := range inserted {
		if t.Hidden || len(t.Splits) > 0 {
			jobs = append(jobs, ledger.PartsEvent(t, now))
		}
	}
	return jobs
}

// followUps is what a recorded batch (or chunk) sets off.
type followUps struct {
	months    []centavo.Month // whose budgets to evaluate again
	dropped   []jobargs.Dropped
	added     int    // rows added, for the notification (0: none)
	notifyKey string // the notification's key
	// invalidate: the batch changed what the cached summaries read
	// (recorded.changed); its durable invalidation is enqueued too.
	invalidate bool
}

// followUp enqueues what a recorded batch sets off: the budget evaluations
// of the months it touched, the drop events, and the "account updated"
// notification (the seed's "transactions have completed").
func (s *Service) followUp(ctx context.Context, tx notify.Tx, a centavo.Account, f followUps, now time.Time) error {
	jobs := jobargs.Evaluations(a.UserID, f.months...)
	if len(f.months) > 0 || len(f.dropped) > 0 || f.added > 0 {
		jobs = append(jobs, jobargs.Detection(a.UserID)) // recurring series: docs/0035
	}
	if len(f.dropped) > 0 {
		jobs = append(jobs, river.InsertManyParams{Args: jobargs.ArchiveDrops{At: now, UserID: a.UserID, AccountID: a.ID, Rows: f.dropped}})
	}
	if f.invalidate {
		jobs = append(jobs, jobargs.Invalidation(cache.Shared(s.Cache), a.UserID)...) // docs/0040
	}
	if err := tx.Enqueue(ctx, jobs...); err != nil {
		return err
	}
	if f.added == 0 {
		return nil
	}
	n := centavo.Notification{
		UserID: a.UserID, Kind: centavo.NotifyAccountUpdated, AccountID: a.ID, CreatedAt: now, Key: f.notifyKey,
		Message: fmt.Sprintf("%s: %d new transaction%s.", a.Name, f.added, plural(f.added)),
	}
	_, err := notify.Create(ctx, tx, &n)
	return err
}

func monthsOf(deltas []store.SpendingDelta) []centavo.Month {
	months := make([]centavo.Month, len(deltas))
	for i, d := range deltas {
		months[i] = d.Month
	}
	return months
}

// ledgerTx is the ledger of one store transaction: what a batch overlaps
// is read in the transaction that records it (some of those reads are
// LedgerWriter's for that reason).
type ledgerTx interface {
	store.LedgerReader
	store.LedgerWriter
}

// readHeld reads what the account holds that rows of a batch (whole) may
// overlap: its pending rows; the ids stored under the fingerprints of the
// rows' posted ones (storedUnder); and the posted rows around the rows'
// pending ones.
func readHeld(ctx context.Context, tx ledgerTx, a centavo.Account, rows []centavo.Transaction, whole *batchIndex) (held, error) {
	var h held
	var err error
	if h.pending, err = tx.PendingTransactions(ctx, a.UserID, a.ID); err != nil {
		return h, err
	}
	if h.fingerprints, err = storedUnder(ctx, tx, a, rows, whole.fromFile); err != nil {
		return h, err
	}
	if h.stored, err = storedPosted(ctx, tx, a, pendingCandidates(h.pending, rows), h); err != nil {
		return h, err
	}
	h.posted, err = postedAround(ctx, tx, a, rows)
	return h, err
}

// storedPosted says which of the rows are stored posted already, under
// their id and fingerprint (h.fingerprints, when it was read, holds them).
func storedPosted(ctx context.Context, tx ledgerTx, a centavo.Account, rows []centavo.Transaction, h held) (map[string]bool, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	byFP := h.fingerprints
	if byFP == nil {
		fps := slices.Sorted(maps.Keys(fingerprintsOf(rows)))
		var err error
		if byFP, err = tx.FingerprintIDs(ctx, a.UserID, a.ID, fps); err != nil {
			return nil, err
		}
	}
	pending := idSet(h.pending)
	stored := map[string]bool{}
	for _, t := range rows {
		if !pending[t.InstitutionID] && slices.Contains(byFP[t.Fingerprint], t.InstitutionID) {
			stored[t.InstitutionID] = true
		}
	}
	return stored, nil
}

// storedUnder reads the ids stored under the fingerprints of the rows'
// posted ones — only when a row read from a file is on either side (one in
// the batch: fromFile): only such a row can stand for another, and most
// accounts never had one, which one index probe says.
func storedUnder(ctx context.Context, tx ledgerTx, a centavo.Account, rows []centavo.Transaction, fromFile bool) (map[string][]string, error) {
	var fps []string
	for fp := range fingerprintsOf(rows) {
		fps = append(fps, fp)
	}
	if len(fps) == 0 {
		return nil, nil
	}
	slices.Sort(fps)
	if !fromFile {
		var err error
		if fromFile, err = tx.HasImportedRows(ctx, a.UserID, a.ID); err != nil || !fromFile {
			return nil, err
		}
	}
	return tx.FingerprintIDs(ctx, a.UserID, a.ID, fps)
}

// postedAround reads the account's posted rows from a day before the
// batch's first pending row (with a merchant) to eleven days after its last.
func postedAround(ctx context.Context, tx store.LedgerReader, a centavo.Account, batch []centavo.Transaction) ([]centavo.Transaction, error) {
	var from, to time.Time
	n := 0
	for _, t := range batch {
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
		return nil, nil
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
			return posted, nil
		}
		last := page[len(page)-1]
		after = &store.Cursor{PostedAt: last.PostedAt, ID: last.ID}
	}
}

// changed says whether the batch changed what the cached summaries read.
func (rec recorded) changed() bool {
	return len(rec.inserted) > 0 || len(rec.replaced) > 0 || rec.paired > 0
}

// recorded runs after the commit: invalidate the cache (the fast path;
// followUp enqueued the durable invalidation), count.
func (s *Service) recorded(ctx context.Context, userID int64, rec recorded) {
	if rec.changed() {
		cache.Forget(ctx, s.Cache, s.Logger, userID)
	}
	if s.Metrics != nil {
		s.Metrics.TransactionsIngested.Add(float64(len(rec.inserted)))
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
