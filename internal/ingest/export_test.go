package ingest

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
