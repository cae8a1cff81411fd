package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector/file"
	"github.com/centavo/centavo/internal/store"
)

// ImportOptions tune a file import.
type ImportOptions struct {
	Format file.Format      // "" = detect from the content
	CSV    *file.CSVMapping // nil = the account's saved mapping, else inferred
	DryRun bool             // show what would happen, change nothing
}

// ImportResult is what an import did (or, dry, would do).
type ImportResult struct {
	Format     file.Format
	Added      int
	Duplicates int
	Replaced   int // pending transactions replaced by their posted version
	Skipped    []file.Skipped
	// Preview lists the transactions that would be added, and Known those
	// already stored (dry runs only).
	Preview []centavo.Transaction
	Known   []centavo.Transaction
}

var errDryRun = errors.New("dry run")

// Import reads a statement file into an account through the same path as
// a download: raw copy and log in the object store, categorization, one SQL
// transaction, follow-up jobs. A mapping given for a CSV is saved on the
// account for the next import.
func (s *Service) Import(ctx context.Context, userID, accountID int64, data []byte, o ImportOptions) (ImportResult, error) {
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
	out := ImportResult{Format: res.Format, Skipped: res.Skipped}
	txns, err := s.prepare(ctx, st, a, res.Transactions)
	if err != nil {
		return ImportResult{}, err
	}
	now := s.Now().UTC()
	id := s.importID(now)
	if !o.DryRun {
		if err := s.archive(ctx, a, now, id, data, string(res.Format), txns); err != nil {
			return ImportResult{}, err
		}
	}
	var rec recorded
	err = st.InTx(ctx, func(tx store.Tx) error {
		var err error
		rec, err = s.record(ctx, tx, a, txns, now, fmt.Sprintf("account_updated:%d:import:%d", a.ID, id))
		if err != nil {
			return err
		}
		if o.DryRun {
			return errDryRun // everything above is rolled back
		}
		if o.CSV != nil {
			raw, err := json.Marshal(o.CSV)
			if err != nil {
				return err
			}
			inst := a.Institution
			inst.CSVMapping = raw
			return tx.UpdateAccountInstitution(ctx, store.AccountInstitutionUpdate{
				UserID: a.UserID, ID: a.ID, Name: a.Name, Type: a.Type, Currency: a.Currency, Institution: inst,
			})
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) && !o.DryRun {
		err = errors.Join(err, s.unarchive(ctx, a, now, id, string(res.Format)))
	}
	if err != nil && !errors.Is(err, errDryRun) {
		return ImportResult{}, fmt.Errorf("ingest: import into account %d: %w", a.ID, err)
	}
	out.Added, out.Duplicates, out.Replaced = len(rec.inserted), rec.duplicates, len(rec.replaced)
	if o.DryRun {
		out.Preview = rec.inserted
		added := make(map[string]bool, len(rec.inserted))
		for _, t := range rec.inserted {
			added[t.InstitutionID] = true
		}
		for _, t := range txns {
			if !added[t.InstitutionID] {
				out.Known = append(out.Known, t)
			}
		}
		return out, nil
	}
	s.recorded(ctx, userID, rec)
	s.Logger.InfoContext(ctx, "file imported", "user_id", userID, "account_id", a.ID, "format", res.Format,
		"added", out.Added, "duplicates", out.Duplicates, "replaced_pending", out.Replaced, "skipped", len(out.Skipped))
	return out, nil
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
