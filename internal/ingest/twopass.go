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
// first pass describes every row, gives it its final id (numbering), and
// keeps of it only what the import decides over the whole file and what
// describing it again needs: a rowKey, about a third of a parsed and a
// prepared row together. The parsed rows are then let go; the log and the
// chunks describe their rows again from the keys, with the same
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
	desc        string // the row's descriptor as read
	// source is the row as read when keys alone cannot give it back
	// (source): an id, a type, a file's category, tags or notes, or
	// fields that describing changed. A bank's CSV row has none.
	source  *connector.Transaction
	pending bool
}

// keyOf is the key of a row t described as tx (cur: the account's
// currency, what a row without one is in).
func keyOf(t connector.Transaction, tx centavo.Transaction, cur string) rowKey {
	fp := tx.Fingerprint
	if id := tx.InstitutionID; strings.HasPrefix(id, "fp:"+fp) {
		fp = id[3 : 3+len(fp)] // one string for the id and the fingerprint
	}
	k := rowKey{postedAt: tx.PostedAt, amount: tx.AmountCents, id: tx.InstitutionID, fingerprint: fp,
		merchantKey: tx.MerchantKey, currency: tx.Currency, category: tx.Category, desc: t.Descriptor, pending: tx.Pending}
	if t.InstitutionID != "" || t.TrnType != "" || t.MCC != "" || t.Category != "" || t.Tags != nil || t.Notes != "" || t.Hidden ||
		(t.Currency != tx.Currency && (t.Currency != "" || tx.Currency != cur)) || t.PostedAt != tx.PostedAt || t.AmountCents != tx.AmountCents || t.Pending != tx.Pending {
		src := t
		src.Raw, src.FileAccount = "", "" // never read by describe
		k.source = &src
	}
	return k
}

// row is the row of key k as read, for describing it again.
func (k *rowKey) row() connector.Transaction {
	if k.source != nil {
		return *k.source
	}
	return connector.Transaction{PostedAt: k.postedAt, AmountCents: k.amount, Currency: k.currency, Descriptor: k.desc, Pending: k.pending}
}

// keyedRows are an import's rows after the first pass.
type keyedRows struct {
	a       centavo.Account
	p       *preparer
	keys    []rowKey // the rows kept, in order
	repeats int      // see prepared
	reused  int
}

// prepareKeys is prepare's first pass over an import's rows (see above).
// Nothing keeps in once it returns.
func (s *Service) prepareKeys(ctx context.Context, st rulesReader, a centavo.Account, in []connector.Transaction) (*keyedRows, error) {
	p, err := s.newPreparer(ctx, st, a)
	if err != nil {
		return nil, err
	}
	r := &keyedRows{a: a, p: p, keys: make([]rowKey, 0, len(in))}
	n := newNumbering(len(in))
	// A row whose id an earlier row has is compared with that row as
	// prepared: described again (rare: a file listing a row twice).
	first := func(i int32) (centavo.Transaction, error) { return p.describe(ctx, r.keys[i].row()) }
	for _, t := range in {
		tx, err := p.describe(ctx, t)
		if err != nil {
			return nil, err
		}
		keep, err := n.assign(&tx, int32(len(r.keys)), first)
		if err != nil {
			return nil, err
		}
		if keep {
			r.keys = append(r.keys, keyOf(t, tx, a.Currency))
		}
	}
	r.repeats, r.reused = n.repeats, n.reused
	return r, nil
}

// log renders the log of the rows (archive), describing them again.
func (r *keyedRows) log(ctx context.Context) ([]byte, error) {
	log := make([]byte, 0, 128*len(r.keys))
	for i := range r.keys {
		tx, err := r.describe(ctx, &r.keys[i])
		if err != nil {
			return nil, err
		}
		log = appendLog(log, tx)
	}
	return log, nil
}

// describe prepares the row of key k again: the second pass.
func (r *keyedRows) describe(ctx context.Context, k *rowKey) (centavo.Transaction, error) {
	tx, err := r.p.describe(ctx, k.row())
	// The first pass's decisions stand: the id, and the category
	// checkTotals counted.
	tx.InstitutionID, tx.Category = k.id, k.category
	return tx, err
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
		tx, err := r.describe(ctx, k)
		if err != nil {
			return err
		}
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
