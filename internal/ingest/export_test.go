package ingest

import (
	"context"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/store"
)

// SetChunking makes s write big imports in chunks of rows rows (0: the
// default; a huge number: one transaction, the unchunked path) and call
// after, when not nil, after each committed chunk — a test's crash between
// two chunks. Set it before any import runs.
func SetChunking(s *Service, rows int, after func(done int) error) {
	s.chunkRows, s.afterChunk = rows, after
}

// SetBeforeFix makes replay call fn before it describes rows again (after
// it planned them from what it read): a user's edit meanwhile.
func SetBeforeFix(s *Service, fn func()) { s.beforeFix = fn }

// PrepareTwice prepares rows for account a as a download is (prepare) and
// as a file import is (the keys of the first pass, then every row again):
// the rows, repeats, reused ids and logs of both.
func PrepareTwice(ctx context.Context, s *Service, st store.Store, a centavo.Account, in []connector.Transaction) (once, twice []centavo.Transaction, counts [2][2]int, logs [2][]byte, err error) {
	return PrepareTwiceBetween(ctx, s, st, a, in, nil)
}

// PrepareTwiceBetween is PrepareTwice calling between, when not nil, after
// the first pass and before the rows are prepared again (what changes
// while a big import writes its chunks).
func PrepareTwiceBetween(ctx context.Context, s *Service, st store.Store, a centavo.Account, in []connector.Transaction, between func()) (once, twice []centavo.Transaction, counts [2][2]int, logs [2][]byte, err error) {
	prep, err := s.prepare(ctx, st, a, in)
	if err != nil {
		return nil, nil, counts, logs, err
	}
	keyed, err := s.prepareKeys(ctx, st, a, in)
	if err != nil {
		return nil, nil, counts, logs, err
	}
	if between != nil {
		between()
	}
	if twice, err = keyed.rows(ctx, nil, nil, true); err != nil {
		return nil, nil, counts, logs, err
	}
	for _, t := range prep.txns {
		logs[0] = appendLog(logs[0], t)
	}
	if logs[1], err = keyed.log(ctx); err != nil {
		return nil, nil, counts, logs, err
	}
	counts = [2][2]int{{prep.repeats, prep.reused}, {keyed.repeats, keyed.reused}}
	return prep.txns, twice, counts, logs, nil
}
