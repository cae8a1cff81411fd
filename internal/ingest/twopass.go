package ingest

import (
	"context"
	"iter"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
)

// A file import prepares its rows twice (docs/0041-import-memory.md). The
// first pass describes every row, gives it its final id (numbering), writes
// its line of the log, and keeps of it only what the import decides over
// the whole file: a rowKey, about a fifth of a prepared row. The chunks
// then describe their rows again from the parsed rows, with the same
// categorizer, rules and names, so that at most a chunk of prepared rows
// is in memory at once.

// rowKey is what an import decides over its whole file, per row: the
// final id (fp:<fp>:<n> numbering, repeats, reused ids), the fingerprint
// (deduplication), pending, day, amount and merchant key (the pending
// part, transfers), currency and category (checkTotals).
type rowKey struct {
	postedAt    time.Time
	amount      int64
	id          string
	fingerprint string
	merchantKey string
	currency    string
	category    string
	src         int32 // the row's index in keyedRows.in
	pending     bool
}

// keyedRows are an import's rows after the first pass.
type keyedRows struct {
	a       centavo.Account
	p       *preparer
	in      []connector.Transaction // the parsed rows, described again a chunk at a time
	keys    []rowKey                // the rows kept, in order
	repeats int                     // see prepared
	reused  int
	log     []byte // the rows' log, rendered (nil when not asked for)
}

// prepareKeys is prepare's first pass over an import's rows (see above);
// with log, it also renders the log of the rows kept.
func (s *Service) prepareKeys(ctx context.Context, st rulesReader, a centavo.Account, in []connector.Transaction, log bool) (*keyedRows, error) {
	p, err := s.newPreparer(ctx, st, a)
	if err != nil {
		return nil, err
	}
	r := &keyedRows{a: a, p: p, in: in, keys: make([]rowKey, 0, len(in))}
	if log {
		r.log = make([]byte, 0, 128*len(in))
	}
	n := newNumbering(len(in))
	// A row whose id an earlier row has is compared with that row as
	// prepared: described again (rare: a file listing a row twice).
	first := func(i int32) (centavo.Transaction, error) { return p.describe(ctx, in[r.keys[i].src]) }
	for i, t := range in {
		tx, err := p.describe(ctx, t)
		if err != nil {
			return nil, err
		}
		keep, err := n.assign(&tx, int32(len(r.keys)), first)
		if err != nil {
			return nil, err
		}
		if !keep {
			continue
		}
		fp := tx.Fingerprint
		if id := tx.InstitutionID; strings.HasPrefix(id, "fp:"+fp) {
			fp = id[3 : 3+len(fp)] // one string for the id and the fingerprint
		}
		r.keys = append(r.keys, rowKey{postedAt: tx.PostedAt, amount: tx.AmountCents, id: tx.InstitutionID, fingerprint: fp,
			merchantKey: tx.MerchantKey, currency: tx.Currency, category: tx.Category, src: int32(i), pending: tx.Pending})
		if log {
			r.log = appendLog(r.log, tx)
		}
	}
	r.repeats, r.reused = n.repeats, n.reused
	return r, nil
}

// key is the transaction of key k with only what the import decides over
// the whole file.
func (r *keyedRows) key(k *rowKey) centavo.Transaction {
	return centavo.Transaction{UserID: r.a.UserID, AccountID: r.a.ID, InstitutionID: k.id, PostedAt: k.postedAt,
		AmountCents: k.amount, Currency: k.currency, Category: k.category, MerchantKey: k.merchantKey,
		Fingerprint: k.fingerprint, Pending: k.pending}
}

// all yields the keys of every row, in order, as transactions (key).
func (r *keyedRows) all() iter.Seq2[int, centavo.Transaction] {
	return func(yield func(int, centavo.Transaction) bool) {
		for i := range r.keys {
			if !yield(i, r.key(&r.keys[i])) {
				return
			}
		}
	}
}

// values is all without the indexes.
func (r *keyedRows) values() iter.Seq[centavo.Transaction] {
	return func(yield func(centavo.Transaction) bool) {
		for _, t := range r.all() {
			if !yield(t) {
				return
			}
		}
	}
}

// rows appends to into the kept rows at the indexes idx (every row when
// all), prepared again: the second pass.
func (r *keyedRows) rows(ctx context.Context, into []centavo.Transaction, idx []int32, all bool) ([]centavo.Transaction, error) {
	one := func(k *rowKey) error {
		tx, err := r.p.describe(ctx, r.in[k.src])
		if err != nil {
			return err
		}
		// The first pass's decisions stand: the id, and the category
		// checkTotals counted.
		tx.InstitutionID, tx.Category = k.id, k.category
		into = append(into, tx)
		return nil
	}
	if all {
		for i := range r.keys {
			if err := one(&r.keys[i]); err != nil {
				return nil, err
			}
		}
		return into, nil
	}
	for _, i := range idx {
		if err := one(&r.keys[i]); err != nil {
			return nil, err
		}
	}
	return into, nil
}
