package ingest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/cache"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
)

// replayRun reconciles one account with its archive.
type replayRun struct {
	s   *Service
	st  store.Store
	a   centavo.Account
	now time.Time
	rep *AccountReplay

	held map[string]centavo.Transaction // the stored rows by institution id, kept current
	// decided: stored rows an earlier batch stood for. The first batch
	// that lists a row describes it, as the first sighting stored it.
	decided map[int64]bool
	dropped map[dropKey]bool // the drop events of the batches' days: rows left out on purpose
}

type dropKey struct {
	id      string
	pending bool
}

// fix is one stored row described again: as it was read, as described
// again, and as today's reader gives it (what the description comes from).
type fix struct{ before, after, read centavo.Transaction }

// account replays the account's batches in the order they were archived.
func (r *replayRun) account(ctx context.Context, batches []archivedBatch) error {
	if err := r.readHeld(ctx); err != nil {
		return err
	}
	days := map[time.Time]bool{r.now.UTC().Truncate(24 * time.Hour): true}
	for _, b := range batches {
		days[b.day] = true
	}
	if err := r.readDrops(ctx, days); err != nil {
		return err
	}
	r.decided = map[int64]bool{}
	for _, b := range batches {
		if err := r.batch(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// readHeld reads every stored row of the account.
func (r *replayRun) readHeld(ctx context.Context) error {
	r.held = map[string]centavo.Transaction{}
	after := &store.Cursor{PostedAt: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), ID: math.MaxInt64}
	for {
		page, err := r.st.Transactions(ctx, store.TransactionFilter{UserID: r.a.UserID, AccountID: r.a.ID, Limit: 500, After: after})
		if err != nil {
			return err
		}
		for _, t := range page {
			r.held[t.InstitutionID] = t
		}
		if len(page) < 500 {
			return nil
		}
		last := page[len(page)-1]
		after = &store.Cursor{PostedAt: last.PostedAt, ID: last.ID}
	}
}

// readDrops reads the account's drop events written on the days: a batch
// writes those of its rows that another stored row stands for on its own
// day, and a later batch (today's replay too) those of the pending rows it
// replaced on its day.
func (r *replayRun) readDrops(ctx context.Context, days map[time.Time]bool) error {
	r.dropped = map[dropKey]bool{}
	for d := range days {
		keys, err := r.s.Objects.List(ctx, objstore.EventDayPrefix(d, r.a.UserID))
		if err != nil {
			return err
		}
		for _, k := range keys {
			data, err := r.s.Objects.Get(ctx, k)
			if objstore.IsNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			events, err := objstore.ParseEvents(data)
			if err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			for _, e := range events {
				if e.Kind == objstore.EventDrop && e.AccountID == r.a.ID {
					r.dropped[dropKey{e.InstitutionID, e.Pending}] = true
				}
			}
		}
	}
	return nil
}

// batch reads one archived batch again, pairs its rows with the stored
// ones (pairReplayed, through the batch's log), describes again those the
// reader now describes differently, and adds the posted rows nothing
// stored stands for (except those dropped on purpose).
func (r *replayRun) batch(ctx context.Context, b archivedBatch) error {
	raw, err := r.s.Objects.Get(ctx, b.key)
	if objstore.IsNotFound(err) {
		return nil // removed meanwhile
	}
	if err != nil {
		return err
	}
	var old []objstore.LogLine
	if data, err := r.s.Objects.Get(ctx, b.logKey()); err == nil {
		if old, err = objstore.ParseLog(data); err != nil {
			return fmt.Errorf("%s: %w", b.logKey(), err)
		}
	} else if !objstore.IsNotFound(err) {
		return err
	}
	r.rep.Batches++
	rows, err := r.s.reread(r.a, b, raw)
	if err != nil {
		r.rep.Unreadable++
		r.s.Logger.WarnContext(ctx, "replay: today's reader refuses an archived batch; what it stored stays", "user_id", r.a.UserID,
			"account_id", r.a.ID, "object", b.key, "error", err.Error())
		return nil
	}
	prep, err := r.s.prepare(ctx, r.st, r.a, rows)
	if err != nil {
		return err
	}
	fixes, adds := r.plan(prep.txns, old)
	if err := r.fix(ctx, fixes); err != nil {
		return err
	}
	return r.add(ctx, adds)
}

// plan decides a batch read again (txns) against its old log: the stored
// rows to describe again, and the rows to add.
func (r *replayRun) plan(txns []centavo.Transaction, old []objstore.LogLine) (fixes []fix, adds []centavo.Transaction) {
	pair := pairReplayed(txns, old)
	paired := make([]bool, len(old))
	for i, t := range txns {
		oldID := ""
		if j := pair[i]; j >= 0 {
			paired[j], oldID = true, old[j].InstitutionID
		}
		h, ok := r.held[t.InstitutionID]
		if !ok && oldID != "" {
			h, ok = r.held[oldID]
		}
		switch {
		case ok:
			if h.Pending != t.Pending || r.decided[h.ID] {
				continue // the row in its other state, or described by an earlier batch
			}
			r.decided[h.ID] = true
			if after, changed := redescribe(h, t); changed {
				fixes = append(fixes, fix{h, after, t})
			}
		case t.Pending:
			// Never added again: it has posted since, or will.
		case r.dropped[dropKey{t.InstitutionID, false}], oldID != "" && r.dropped[dropKey{oldID, false}]:
			// Left out on purpose: another source's row stands for it.
		default:
			adds = append(adds, t)
		}
	}
	for j, l := range old {
		if h, ok := r.held[l.InstitutionID]; ok && !paired[j] && h.Pending == l.Pending && !r.decided[h.ID] {
			r.decided[h.ID] = true
			r.rep.NoLongerRead++
		}
	}
	return fixes, adds
}

// fix describes stored rows again, a chunk of rows per SQL transaction,
// moving the aggregates of those filed under another category
// (ledger.Refile). Each row is read again in the transaction, locked
// (TransactionForUpdate), and described again from that reading: what the
// user did meanwhile — hidden, split, renamed, filed by hand — stays, and
// the aggregates move by its parts. A row gone, or described by someone
// else meanwhile, is left as it is.
func (r *replayRun) fix(ctx context.Context, fixes []fix) error {
	if r.s.beforeFix != nil {
		r.s.beforeFix()
	}
	for len(fixes) > 0 {
		part := fixes[:min(len(fixes), r.s.importChunkRows())]
		fixes = fixes[len(part):]
		var done []fix
		err := r.st.InTx(ctx, func(tx store.Tx) error {
			done = done[:0]
			var before, after []centavo.Transaction
			for _, f := range part {
				fresh, err := tx.TransactionForUpdate(ctx, r.a.UserID, f.before.ID)
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				if fresh.Seller != f.before.Seller {
					continue // described again meanwhile
				}
				f.before = fresh
				f.after, _ = redescribe(fresh, f.read)
				p := store.TransactionDescriptionUpdate{
					UserID: r.a.UserID, ID: f.before.ID, Seller: f.after.Seller, Merchant: f.after.Merchant, MerchantKey: f.after.MerchantKey,
					Fingerprint: f.after.Fingerprint, Category: f.after.Category, Source: f.after.CategorySource,
				}
				p.Was.Seller, p.Was.Category, p.Was.Source = f.before.Seller, f.before.Category, f.before.CategorySource
				err = tx.SetTransactionDescription(ctx, p)
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				done = append(done, f)
				if f.before.Category != f.after.Category {
					before, after = append(before, f.before), append(after, f.after)
				}
			}
			if len(done) > 0 { // the durable invalidation (docs/0040)
				if err := tx.Enqueue(ctx, jobargs.Invalidation(cache.Shared(r.s.Cache), r.a.UserID)...); err != nil {
					return err
				}
			}
			if len(before) == 0 {
				return nil
			}
			return ledger.Refile(ctx, tx, r.a.UserID, before, after, r.now)
		})
		if err != nil {
			return err
		}
		r.rep.ChangedMeanwhile += len(part) - len(done)
		for _, f := range done {
			r.held[f.after.InstitutionID] = f.after
			r.rep.DescriptionsFixed++
			r.example("description", f.before, f.before.Seller, f.after.Seller)
			if f.before.Category != f.after.Category {
				r.rep.CategoriesChanged++
				r.example("category", f.after, f.before.Category, f.after.Category)
			}
		}
		if len(done) > 0 {
			cache.Forget(ctx, r.s.Cache, r.s.Logger, r.a.UserID)
		}
	}
	return nil
}

// add records rows the old reader missed as an import records its rows
// (apply: deduplicated against what is stored, aggregates, budget
// evaluations, drop events), with their log in the object store first so
// that recompute counts them; the account's status is left as it is.
func (r *replayRun) add(ctx context.Context, adds []centavo.Transaction) error {
	if len(adds) == 0 {
		return nil
	}
	a, now := r.a, r.now
	id := r.s.importID(now)
	lines := make([]objstore.LogLine, 0, len(adds))
	for _, t := range adds {
		lines = append(lines, objstore.LogLine{UserID: t.UserID, PostedAt: t.PostedAt, Seller: t.Seller, AmountCents: t.AmountCents,
			AccountID: t.AccountID, InstitutionID: t.InstitutionID, Category: t.Category, Pending: t.Pending, Currency: t.Currency})
	}
	logKey := objstore.LogKey(now, a.UserID, a.ID, id)
	if err := r.s.Objects.Put(ctx, logKey, objstore.FormatLog(lines), "text/tab-separated-values"); err != nil {
		return err
	}
	var rec recorded
	err := r.st.InTx(ctx, func(tx store.Tx) error {
		var deltas []store.SpendingDelta
		var err error
		if rec, deltas, err = r.s.apply(ctx, tx, a, adds, newBatchIndex(adds), now); err != nil {
			return err
		}
		if rec.paired, err = pairTransfers(ctx, tx, a, adds, now); err != nil {
			return err
		}
		return r.s.followUp(ctx, tx, a, followUps{months: monthsOf(deltas), dropped: rec.dropped, invalidate: rec.changed()}, now)
	})
	if err != nil {
		return errors.Join(err, r.s.Objects.Delete(ctx, logKey))
	}
	r.s.recorded(ctx, a.UserID, rec)
	for _, t := range rec.inserted {
		r.held[t.InstitutionID] = t
		r.decided[t.ID] = true
		r.rep.Added++
		r.example("added", t, "", t.Seller)
	}
	for _, d := range rec.dropped {
		r.dropped[dropKey{d.InstitutionID, d.Pending}] = true
	}
	return nil
}

func (r *replayRun) example(kind string, t centavo.Transaction, before, after string) {
	if len(r.rep.Examples) < ReplayExamples {
		r.rep.Examples = append(r.rep.Examples, ReplayExample{Kind: kind, PostedAt: t.PostedAt, AmountCents: t.AmountCents, Before: before, After: after})
	}
}
