package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/connector/file"
	"github.com/centavo/centavo/internal/store"
)

// ImportSample bounds each list of an import's answer (the rows skipped; on
// a dry run the rows that would be added and those already recorded); the
// counts are always whole.
const ImportSample = 200

// ImportBudget is how long an import may take when its caller sets no
// StopBy: well within the server's 60 s write timeout.
const ImportBudget = 45 * time.Second

// ImportOptions tune a file import.
type ImportOptions struct {
	Format file.Format      // "" = detect from the content
	CSV    *file.CSVMapping // nil = the account's saved mapping, else inferred
	DryRun bool             // show what would happen, change nothing
	// StopBy is when (machine time) a big import stops between two chunks
	// so that its caller can still answer; zero = ImportBudget from the
	// start. What it stored stays, and importing the same file again
	// finishes it.
	StopBy time.Time
	// Accounts map the accounts the file holds (file.FileAccount.Key) to
	// where their rows go (accounts.go). nil: a file of one account goes
	// into the import's account, and a file of several is refused, or on
	// a dry run previewed account by account.
	Accounts map[string]AccountTarget
}

// ImportResult is what an import did (or, dry, would do).
type ImportResult struct {
	Format     file.Format
	Added      int
	Duplicates int
	Replaced   int // pending transactions replaced by their posted version
	// ReusedIDs counts the file's rows that share an institution id with an
	// earlier row of the file but differ in date, amount or description:
	// each is kept as a transaction of its own, under a derived id (see
	// prepare). They are in Added, or in Duplicates when an earlier import
	// of the file stored them.
	ReusedIDs int
	Skipped   []file.Skipped // the first ImportSample of SkippedCount
	// SkippedCount is how many records could not be read.
	SkippedCount int
	// Preview lists the first ImportSample transactions that would be
	// added (Added in all), and Known the first ImportSample of the
	// file's transactions already stored (KnownCount in all): dry runs
	// only.
	Preview    []centavo.Transaction
	Known      []centavo.Transaction
	KnownCount int
	// Newest is when the newest transaction added (or, dry, that would be)
	// posted; zero when none.
	Newest time.Time
	// Accounts are the accounts the file holds, in its order, each with
	// where its rows went (or, dry, would go) and its own counts; the
	// counts above are their sums.
	Accounts []AccountImport
	// Holdings is how many positions the file's snapshot of the account's
	// holdings has, -1 when the file has none; HoldingsSaved says it
	// replaced the stored one (false: a newer one is stored, or a dry run).
	Holdings      int
	HoldingsSaved bool
}

var errDryRun = errors.New("dry run")

// Import reads a statement file into an account through the same path as
// a download: raw copy and log in the object store, categorization, SQL
// transactions, follow-up jobs. A file of more than ImportChunkRows rows is
// written in chunks (chunk.go). A mapping given for a CSV is saved on the
// account for the next import. A user imports one file at a time, the
// server a few (ReserveImport).
func (s *Service) Import(ctx context.Context, userID, accountID int64, data []byte, o ImportOptions) (ImportResult, error) {
	release, err := s.ReserveImport(userID)
	if err != nil {
		return ImportResult{}, err
	}
	defer release()
	if o.StopBy.IsZero() {
		o.StopBy = clock.Real().Add(ImportBudget)
	}
	st, a, gone, err := s.Accounts.Load(ctx, userID, accountID)
	if err != nil {
		return ImportResult{}, err
	}
	if gone {
		return ImportResult{}, centavo.Errorf(centavo.ENOTFOUND, "no account %d", accountID)
	}
	mapping := o.CSV
	if mapping == nil && len(a.Institution.CSVMapping) > 0 {
		var saved file.CSVMapping
		if err := json.Unmarshal(a.Institution.CSVMapping, &saved); err == nil {
			mapping = &saved
		}
	}
	res, err := file.Read(data, file.Options{Format: o.Format, CSV: mapping, Currency: a.Currency})
	if err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			return ImportResult{}, centavo.Errorf(centavo.EINVALID, "%s", fe.Message)
		}
		return ImportResult{}, err
	}
	out := ImportResult{Format: res.Format, Skipped: res.Skipped[:min(len(res.Skipped), ImportSample)], SkippedCount: len(res.Skipped), Holdings: -1}
	found := res.AccountsFound
	if len(found) == 0 { // positions only (holdings, no cash rows): the account of the URL
		found = []file.FileAccount{{Currency: res.Currency}}
	}
	plans, err := s.planAccounts(ctx, st, a, found, o, res.Export)
	if err != nil {
		return ImportResult{}, err
	}
	if !o.DryRun {
		if err := s.createAccounts(ctx, plans); err != nil {
			return ImportResult{}, err
		}
	}
	rows := byFileAccount(res.Transactions)
	res.Transactions = nil // each account's rows are in rows now
	// One account after another, each as atomic as a one-account import:
	// a failure leaves the accounts before it imported.
	for _, p := range plans {
		// The map lets go of the account's rows before they are imported,
		// so that they are garbage once prepared (docs/0041).
		in := rows[p.file.Key]
		rows[p.file.Key] = nil
		ai, t, err := s.importAccount(ctx, st, p, in, balancesUnder(res.Balances, p.file.Key), data, res.Format, o)
		if err != nil {
			return ImportResult{}, err
		}
		out.add(ai, t)
	}
	if err := s.importHoldings(ctx, st, plans, res.Holdings, o, &out); err != nil {
		return ImportResult{}, err
	}
	if !o.DryRun {
		s.Logger.InfoContext(ctx, "file imported", "user_id", userID, "account_id", a.ID, "format", res.Format, "accounts", len(out.Accounts),
			"added", out.Added, "duplicates", out.Duplicates, "replaced_pending", out.Replaced, "skipped", out.SkippedCount,
			"reused_ids", out.ReusedIDs, "holdings", out.Holdings, "holdings_saved", out.HoldingsSaved)
	}
	return out, nil
}

// importHoldings saves the file's snapshot of positions, in its own
// transaction (a snapshot stands apart from the rows, and importing the
// file again saves it again), into the one account the file's rows went
// to. A file of several accounts keeps no snapshot: the reader gives one
// per file, not per account (docs/0019-connectors-and-imports.md).
func (s *Service) importHoldings(ctx context.Context, st store.Store, plans []accountPlan, h *connector.Holdings, o ImportOptions, out *ImportResult) error {
	if h == nil {
		return nil
	}
	out.Holdings = len(h.Positions)
	var into []accountPlan // the plans that import somewhere
	for _, p := range plans {
		if p.action != ActionSkip {
			into = append(into, p)
		}
	}
	if o.DryRun || len(into) != 1 || into[0].account.ID == 0 {
		return nil
	}
	a := into[0].account
	return st.InTx(ctx, func(tx store.Tx) error {
		var err error
		out.HoldingsSaved, err = saveHoldings(ctx, tx, a, h, s.Now().UTC())
		if err != nil {
			return fmt.Errorf("ingest: save holdings of account %d: %w", a.ID, err)
		}
		return nil
	})
}

// importInto records rows of a file into one account, in one SQL
// transaction or, past ImportChunkRows, in chunks.
func (s *Service) importInto(ctx context.Context, st store.Store, a centavo.Account, in []connector.Transaction, bals []connector.Balance, data []byte, format file.Format, o ImportOptions) (importTally, error) {
	// The first pass (twopass.go): the rows' keys. Nothing reads in after
	// it: the parsed rows are garbage from here on (Import let go of them).
	keyed, err := s.prepareKeys(ctx, st, a, in)
	if err != nil {
		return importTally{}, err
	}
	now := s.Now().UTC()
	id := s.importID(now)
	if !o.DryRun {
		log, err := keyed.log(ctx)
		if err != nil {
			return importTally{}, err
		}
		if err := s.archiveLog(ctx, a, now, id, data, string(format), log); err != nil {
			return importTally{}, err
		}
	}
	run := importRun{a: a, keyed: keyed, balances: bals, now: now, notifyKey: fmt.Sprintf("account_updated:%d:import:%d", a.ID, id), opts: o}
	if len(keyed.keys) > s.importChunkRows() {
		err = s.recordChunked(ctx, st, &run)
	} else if run.txns, err = keyed.rows(ctx, make([]centavo.Transaction, 0, len(keyed.keys)), nil, true); err == nil {
		err = s.recordWhole(ctx, st, &run)
	}
	if errors.Is(err, store.ErrNotFound) && !o.DryRun {
		// The account was deleted meanwhile: what this import archived
		// goes with it.
		err = errors.Join(err, s.unarchive(ctx, a, now, id, string(format)))
	}
	if err != nil {
		return importTally{}, err
	}
	run.tally.duplicates += keyed.repeats
	run.tally.reused = keyed.reused
	if !o.DryRun {
		s.Logger.InfoContext(ctx, "file imported into account", "user_id", a.UserID, "account_id", a.ID, "format", format, "rows", len(keyed.keys),
			"chunks", run.tally.chunks, "added", run.tally.added, "duplicates", run.tally.duplicates, "replaced_pending", run.tally.replaced, "reused_ids", keyed.reused)
	}
	return run.tally, nil
}

// importRun is one import's rows and what recording them did so far.
type importRun struct {
	a         centavo.Account
	keyed     *keyedRows            // every row's key; the rows again a chunk at a time
	txns      []centavo.Transaction // recordWhole: every row, prepared
	balances  []connector.Balance   // the file's balances of the account
	now       time.Time
	notifyKey string
	opts      ImportOptions
	tally     importTally
}

// recordWhole records an import in one SQL transaction, as a download is.
func (s *Service) recordWhole(ctx context.Context, st store.Store, run *importRun) error {
	var rec recorded
	err := st.InTx(ctx, func(tx store.Tx) error {
		var err error
		rec, err = s.record(ctx, tx, run.a, run.txns, run.now, run.notifyKey)
		if err != nil {
			return err
		}
		if err := recordBalances(ctx, tx, run.a, run.balances, run.now); err != nil {
			return err
		}
		if run.opts.DryRun {
			return errDryRun // everything above is rolled back
		}
		return saveMapping(ctx, tx, run.a, run.opts.CSV)
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return fmt.Errorf("ingest: import into account %d: %w", run.a.ID, err)
	}
	run.tally.add(rec, run.txns)
	run.tally.chunks = 1
	if !run.opts.DryRun {
		s.recorded(ctx, run.a.UserID, rec)
	}
	return nil
}

// saveMapping stores a mapping sent with a CSV on the account, for the next
// file.
func saveMapping(ctx context.Context, tx store.Tx, a centavo.Account, m *file.CSVMapping) error {
	if m == nil {
		return nil
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	inst := a.Institution
	inst.CSVMapping = raw
	return tx.UpdateAccountInstitution(ctx, store.AccountInstitutionUpdate{
		UserID: a.UserID, ID: a.ID, Name: a.Name, Type: a.Type, Currency: a.Currency, Institution: inst,
	})
}

// importTally is what an import recorded over all its SQL transactions:
// the counts, the newest row added, and bounded samples for a dry run's
// answer.
type importTally struct {
	added, duplicates, replaced int
	newest                      time.Time
	preview, known              []centavo.Transaction // at most ImportSample each
	knownCount                  int
	chunks                      int
	reused                      int // rows kept under a derived id (ReusedIDs)
}

// add counts what recording rows (a batch or a chunk) did.
func (t *importTally) add(rec recorded, rows []centavo.Transaction) {
	t.added += len(rec.inserted)
	t.duplicates += rec.duplicates
	t.replaced += len(rec.replaced)
	added := make(map[string]bool, len(rec.inserted))
	for _, r := range rec.inserted {
		added[r.InstitutionID] = true
		if r.PostedAt.After(t.newest) {
			t.newest = r.PostedAt
		}
		if len(t.preview) < ImportSample {
			t.preview = append(t.preview, r)
		}
	}
	for _, r := range rows {
		if added[r.InstitutionID] {
			continue
		}
		t.knownCount++
		if len(t.known) < ImportSample {
			t.known = append(t.known, r)
		}
	}
}

// importID names an import's objects and notification as a job id names a
// download's: the clock's nanoseconds, so that an account's imports sort in
// the order they happened (recompute lets the first sighting of a row decide
// its category), but always more than the last id this service gave, so that
// two imports at one instant of a frozen or coarse clock never share keys
// (the second would overwrite the first's raw copy and log).
func (s *Service) importID(now time.Time) int64 {
	for {
		last := s.lastImport.Load()
		id := max(now.UnixNano(), last+1)
		if s.lastImport.CompareAndSwap(last, id) {
			return id
		}
	}
}
