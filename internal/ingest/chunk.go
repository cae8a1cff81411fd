package ingest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/store"
)

// A big import is written in chunks, each its own short SQL transaction, so
// that it never holds the database's writer for long (SQLite has one) and
// its answer arrives in time; the result is the one transaction's
// (docs/0024-import-limits.md):
//
//   - The rows whose fate depends on pending rows (pendingPart: the file's
//     pending rows, the posted ones that a pending row may have posted as)
//     are recorded together, last, in one transaction, exactly as a whole
//     batch is.
//   - Every other row is posted and only deduplicated: stored unless its id
//     is, or a stored row of another source stands for it. That decision is
//     made over the row's whole fingerprint group of the file (dedupeGroup),
//     in file order, and the file's own rows never stand for another, so
//     chunk after chunk — or a second run after a crash — drops exactly the
//     rows one transaction would. The occurrence numbers of the rows
//     without an id ("fp:<fp>:<n>") are counted over the whole file first
//     (prepare), so they are the same in every run.
//
// A crash, a deadline (ImportOptions.StopBy) or an error between chunks
// leaves the chunks before it stored, each whole with its aggregates;
// importing the same file again adds the rest and nothing twice.

const (
	// ImportChunkRows is how many rows one transaction of a big import
	// writes: about a tenth of a second of the writer on SQLite.
	ImportChunkRows = 2000
	// maxPendingPart bounds the rows a chunked import must write in one
	// transaction (its pending part), and maxPendingRows the pending rows
	// (stored and in the file) that part is matched against: no statement
	// comes near either, and beyond them that one transaction would hold
	// the writer for seconds.
	maxPendingPart = 10_000
	maxPendingRows = 2_000
	// chunkPause is how long an import leaves the writer to others between
	// two chunks. database/sql hands a released connection to a random
	// waiter, and without a pause the import's next chunk often took it
	// back at once: another user's write waited several chunks instead of
	// at most one (docs/BENCHMARKS.md, imports). It costs 1 s in 100 chunks.
	chunkPause = 10 * time.Millisecond
)

// pause waits d, or until ctx is done.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (s *Service) importChunkRows() int {
	if s.chunkRows > 0 {
		return s.chunkRows
	}
	return ImportChunkRows
}

// recordChunked records a big import in chunks, then its pending part.
func (s *Service) recordChunked(ctx context.Context, st store.Store, run *importRun) error {
	a, keyed := run.a, run.keyed
	whole := newIndexOf(len(keyed.keys), keyed.all())
	whole.idOf = func(i int32) string { return keyed.keys[i].id }
	// What the plan needs to know of the account, read once (a short
	// transaction: those reads are the writer's).
	var pending []centavo.Transaction
	fromFile := whole.fromFile
	err := st.InTx(ctx, func(tx store.Tx) error {
		var err error
		if pending, err = tx.PendingTransactions(ctx, a.UserID, a.ID); err != nil || fromFile {
			return err
		}
		fromFile, err = tx.HasImportedRows(ctx, a.UserID, a.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("ingest: import into account %d: %w", a.ID, err)
	}
	listed := 0
	for i := range keyed.keys {
		if keyed.keys[i].pending {
			listed++
		}
	}
	if len(pending)+listed > maxPendingRows {
		return centavo.Errorf(centavo.EINVALID, "the file holds %d pending transactions and the account %d; at most %d together can be matched in one import of this size: import a shorter period, or wait until they post",
			listed, len(pending), maxPendingRows)
	}
	related := pendingPartOf(pending, len(keyed.keys), keyed.all())
	var last, rest []int32 // indexes in keyed.keys: the chunks prepare their rows again when they write them
	for i, r := range related {
		if r {
			last = append(last, int32(i))
		} else {
			rest = append(rest, int32(i))
		}
	}
	if len(last) > maxPendingPart {
		return centavo.Errorf(centavo.EINVALID, "%d transactions of the file are pending or may be the posted version of a pending one; at most %d can be matched in one import: import a shorter period",
			len(last), maxPendingPart)
	}
	if err := checkTotals(ctx, st, a.UserID, keyed.values(), pending); err != nil {
		return err
	}
	c := chunker{s: s, st: st, run: run, whole: whole, pendingIDs: idSet(pending), evaluated: map[centavo.Month]bool{}}
	if fromFile {
		if c.stored, err = c.readStored(ctx, rest); err != nil {
			return err
		}
	}
	size := s.importChunkRows()
	rows := make([]centavo.Transaction, 0, min(size, len(rest)))
	for start := 0; start < len(rest); start += size {
		if err := c.checkTime(len(rest) - start); err != nil {
			return err
		}
		if rows, err = keyed.rows(ctx, rows[:0], rest[start:min(start+size, len(rest))], false); err != nil {
			return err
		}
		if err := c.chunk(ctx, rows); err != nil {
			return err
		}
		if err := pause(ctx, chunkPause); err != nil {
			return err
		}
	}
	rows, err = keyed.rows(ctx, nil, last, false)
	if err != nil {
		return err
	}
	return c.finish(ctx, rows)
}

// chunker writes the chunks of one import.
type chunker struct {
	s          *Service
	st         store.Store
	run        *importRun
	whole      *batchIndex
	pendingIDs map[string]bool // the account's pending rows: never spare (dedupeGroup)
	// stored holds, per fingerprint of the chunked rows, the ids stored
	// under it before the import that a chunk's deduplication needs: those
	// not of the file, and those of the file (stored by an earlier import
	// or run). nil: no row from a file on either side, nothing to drop.
	stored    map[string][]string
	evaluated map[centavo.Month]bool
	slowest   time.Duration // the longest chunk so far
}

// readStored reads what the chunks' deduplication needs to know (stored)
// before the first chunk, a chunk's worth of fingerprints per transaction:
// the rows the chunks add are the file's own, which never stand for
// another row, so what is stored under a fingerprint that matters does not
// change while the import runs — and a chunk need not read again the ids
// the chunks before it stored.
func (c *chunker) readStored(ctx context.Context, rows []int32) (map[string][]string, error) {
	a := c.run.a
	var fps []string
	seen := map[string]bool{}
	for _, i := range rows {
		if fp := c.run.keyed.keys[i].fingerprint; fp != "" && !seen[fp] {
			seen[fp] = true
			fps = append(fps, fp)
		}
	}
	slices.Sort(fps)
	stored := map[string][]string{}
	size := c.s.importChunkRows()
	for start := 0; start < len(fps); start += size {
		part := fps[start:min(start+size, len(fps))]
		err := c.st.InTx(ctx, func(tx store.Tx) error {
			ids, err := tx.FingerprintIDs(ctx, a.UserID, a.ID, part)
			for fp, list := range ids {
				stored[fp] = list
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("ingest: import into account %d: %w", a.ID, err)
		}
	}
	return stored, nil
}

// chunk records rows no pending row concerns, in one transaction:
// deduplicated over their whole fingerprint groups, inserted, added to the
// aggregates; the months it touched first get a budget evaluation now (the
// last transaction evaluates every month again), the rows it dropped their
// drop events.
func (c *chunker) chunk(ctx context.Context, rows []centavo.Transaction) error {
	a, now := c.run.a, c.run.now
	began := clock.Real()
	var rec recorded
	err := c.st.InTx(ctx, func(tx store.Tx) error {
		rec = recorded{}
		if _, err := tx.Account(ctx, a.UserID, a.ID); err != nil {
			return err
		}
		keep, dropped := c.whole.dedupe(c.stored, c.pendingIDs, rows)
		for _, t := range dropped {
			rec.drop(t)
		}
		for i := range keep {
			keep[i].CreatedAt = now
		}
		var err error
		if rec.inserted, err = tx.InsertTransactions(ctx, keep); err != nil {
			return err
		}
		rec.duplicates = len(dropped) + len(keep) - len(rec.inserted)
		deltas, err := store.SumDeltas(rec.inserted, 1)
		if err != nil {
			return err
		}
		if err := tx.AddMonthlySpending(ctx, a.UserID, deltas); err != nil {
			return err
		}
		if err := tx.Enqueue(ctx, partsEvents(rec.inserted, now)...); err != nil {
			return err
		}
		var months []centavo.Month
		for _, d := range deltas {
			if !c.evaluated[d.Month] {
				months = append(months, d.Month)
			}
		}
		if err := c.s.followUp(ctx, tx, a, followUps{months: months, dropped: rec.dropped, invalidate: rec.changed()}, now); err != nil {
			return err
		}
		if c.run.opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return fmt.Errorf("ingest: import into account %d, chunk %d: %w", a.ID, c.run.tally.chunks+1, err)
	}
	c.slowest = max(c.slowest, clock.Real().Sub(began))
	c.run.tally.add(rec, rows)
	c.run.tally.chunks++
	if c.run.opts.DryRun {
		return nil
	}
	for _, t := range rec.inserted {
		c.evaluated[centavo.MonthOf(t.PostedAt)] = true
	}
	c.s.recorded(ctx, a.UserID, rec)
	if c.s.afterChunk != nil {
		return c.s.afterChunk(c.run.tally.chunks)
	}
	return nil
}

// finish records the pending part (apply, as a whole batch is recorded),
// the account's status, the CSV mapping, the budget evaluations of every
// month the import changed, and the one "account updated" notification.
func (c *chunker) finish(ctx context.Context, rows []centavo.Transaction) error {
	a, now := c.run.a, c.run.now
	// The whole file's transfers, once: one read of the candidates instead
	// of one per chunk, and that only when the other accounts hold some.
	pair, err := othersMayPair(ctx, c.st, a, c.run.keyed.values())
	if err != nil {
		return fmt.Errorf("ingest: import into account %d: %w", a.ID, err)
	}
	var rec recorded
	err = c.st.InTx(ctx, func(tx store.Tx) error {
		var deltas []store.SpendingDelta
		var err error
		rec, deltas, err = c.s.apply(ctx, tx, a, rows, c.whole, now)
		if err != nil {
			return err
		}
		if pair {
			if rec.paired, err = pairTransfersOf(ctx, tx, a, c.run.keyed.values(), now); err != nil {
				return err
			}
		}
		if err := tx.SetAccountStatus(ctx, store.AccountStatusUpdate{UserID: a.UserID, ID: a.ID, Status: centavo.AccountOK, LastUpdate: &now}); err != nil {
			return err
		}
		months := monthsOf(deltas)
		for m := range c.evaluated {
			months = append(months, m)
		}
		f := followUps{months: months, dropped: rec.dropped, added: c.run.tally.added + len(rec.inserted), notifyKey: c.run.notifyKey, invalidate: rec.changed()}
		if err := c.s.followUp(ctx, tx, a, f, now); err != nil {
			return err
		}
		if err := recordBalances(ctx, tx, a, c.run.balances, now); err != nil {
			return err
		}
		if c.run.opts.DryRun {
			return errDryRun
		}
		return saveMapping(ctx, tx, a, c.run.opts.CSV)
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return fmt.Errorf("ingest: import into account %d: %w", a.ID, err)
	}
	c.run.tally.add(rec, rows)
	c.run.tally.chunks++
	if !c.run.opts.DryRun {
		c.s.recorded(ctx, a.UserID, rec)
	}
	return nil
}

// checkTime stops the import before a chunk that might not end before
// StopBy (the slowest chunk so far, three times over, and room for the
// last transaction): what is stored stays, and the answer says to send
// the file again.
func (c *chunker) checkTime(left int) error {
	margin := 5*time.Second + 3*c.slowest
	if clock.Real().Add(margin).Before(c.run.opts.StopBy) {
		return nil
	}
	done := c.run.tally.added + c.run.tally.duplicates
	total := len(c.run.keyed.keys)
	if c.run.opts.DryRun {
		return &centavo.Error{Code: centavo.EUNAVAILABLE, Err: RetryLater(ImportRetryAfter),
			Message: fmt.Sprintf("the preview of this file (%d transactions) could not finish in time; try again in a moment, or import a shorter period", total)}
	}
	c.s.Logger.Warn("import stopped to answer in time", "user_id", c.run.a.UserID, "account_id", c.run.a.ID,
		"rows", total, "left", left, "chunks", c.run.tally.chunks, "slowest_chunk", c.slowest.String())
	return &centavo.Error{Code: centavo.EUNAVAILABLE, Err: RetryLater(time.Second),
		Message: fmt.Sprintf("the import stopped after %d of the file's %d transactions to answer in time; send the same file again to import the rest (nothing is added twice)", done, total)}
}

// checkTotals refuses, before anything is written, an import whose rows
// could take a month's total in one category beyond ±centavo.MaxTotalCents
// (counting every row of the file and every pending row it may replace at
// its full size), so that a chunk cannot fail on it halfway.
func checkTotals(ctx context.Context, st store.LedgerReader, userID int64, txns iter.Seq[centavo.Transaction], pending []centavo.Transaction) error {
	type cell struct {
		m   centavo.Month
		cur string
		cat string
	}
	size := map[cell]int64{} // each row is within ±10^12, 200,000 rows within int64
	months := map[centavo.Month]bool{}
	for _, list := range []iter.Seq[centavo.Transaction]{txns, slices.Values(pending)} {
		for t := range list {
			m := centavo.MonthOf(t.PostedAt)
			size[cell{m, t.Currency, t.Category}] += abs(t.AmountCents)
			months[m] = true
		}
	}
	stored := map[cell]int64{}
	for m := range months {
		rows, err := st.MonthlySpending(ctx, userID, m)
		if err != nil {
			return err
		}
		for _, r := range rows {
			stored[cell{m, r.Currency, r.Category}] = r.AmountCents
		}
	}
	for c, n := range size {
		if n > centavo.MaxTotalCents || abs(stored[c]) > centavo.MaxTotalCents-n {
			return fmt.Errorf("ingest: spending of %s in %s: %w", c.m, c.cat, store.ErrOutOfRange)
		}
	}
	return nil
}
