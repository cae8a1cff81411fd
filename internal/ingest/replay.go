package ingest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
	"github.com/centavo/centavo/internal/connector/file"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
)

// Replay (centavo replay) reads the archived raw downloads and imported
// files again with today's readers and reconciles what is stored with
// them: it describes again the rows whose description the readers now give
// differently (and files them again unless the user filed them by hand),
// and adds the rows the old readers missed through the same matching and
// recording as an import, so nothing is counted twice
// (docs/0019-connectors-and-imports.md, "Replay").

// ReplayScope selects the archive that Replay reads again.
type ReplayScope struct {
	UserID    int64     // 0: every user
	AccountID int64     // 0: every account (of the user)
	Since     time.Time // zero: the whole archive; else what was archived on or after that day (UTC)
}

// ReplayExamples bounds the examples an account's report keeps.
const ReplayExamples = 5

// AccountReplay is what Replay did to one account.
type AccountReplay struct {
	UserID, AccountID int64
	Name              string
	Batches           int // archived downloads and imports read again
	// Unreadable: batches today's readers refuse (what they stored stays).
	Unreadable int
	Added      int // rows the old readers missed
	// DescriptionsFixed: rows described again; CategoriesChanged: those
	// of them filed under another category.
	DescriptionsFixed, CategoriesChanged int
	// ChangedMeanwhile: rows someone changed while Replay ran, left as
	// they are (run it again).
	ChangedMeanwhile int
	// NoLongerRead: stored rows that today's readers do not find in their
	// file any more (a balance line read as a transaction), left as they
	// are for the user to judge.
	NoLongerRead int
	Examples     []ReplayExample
}

// Changes is how many rows Replay changed or added.
func (r AccountReplay) Changes() int { return r.Added + r.DescriptionsFixed }

// ReplayExample is one row Replay changed or added.
type ReplayExample struct {
	Kind        string // "added", "description" or "category"
	PostedAt    time.Time
	AmountCents int64
	Before      string // the old description or category ("" when added)
	After       string
}

// ReplayReport is what Replay did, per account (those with an archive).
type ReplayReport struct {
	Accounts []AccountReplay
}

// minImportID: an import's objects are named by the clock's nanoseconds
// (importID), a download's by its River job id, which never comes near.
const minImportID = 1e15

// archivedBatch is one archived download or import: raw/<day>/<user>/<account>/<id>.<ext>.
type archivedBatch struct {
	key                   string
	day                   time.Time
	userID, accountID, id int64
	ext                   string
}

func parseRawKey(key string) (archivedBatch, bool) {
	parts := strings.Split(key, "/")
	if len(parts) != 7 || parts[0] != "raw" {
		return archivedBatch{}, false
	}
	day, err := time.Parse("2006/01/02", strings.Join(parts[1:4], "/"))
	if err != nil {
		return archivedBatch{}, false
	}
	name, ext, ok := strings.Cut(parts[6], ".")
	b := archivedBatch{key: key, day: day, ext: ext}
	var err1, err2, err3 error
	b.userID, err1 = strconv.ParseInt(parts[4], 10, 64)
	b.accountID, err2 = strconv.ParseInt(parts[5], 10, 64)
	b.id, err3 = strconv.ParseInt(name, 10, 64)
	return b, ok && err1 == nil && err2 == nil && err3 == nil
}

func (b archivedBatch) logKey() string { return objstore.LogKey(b.day, b.userID, b.accountID, b.id) }

// imported says whether the batch is a file import (else a download).
func (b archivedBatch) imported(a centavo.Account) bool {
	return a.Connector == centavo.ConnectorFile || b.id >= minImportID
}

// Replay reads the archive of the scope again and reconciles each account
// with it (replayAccount), one account after the other.
func (s *Service) Replay(ctx context.Context, scope ReplayScope, now time.Time) (ReplayReport, error) {
	var rep ReplayReport
	batches, err := s.archivedBatches(ctx, scope, now)
	if err != nil {
		return rep, err
	}
	for len(batches) > 0 {
		n := 1
		for n < len(batches) && batches[n].userID == batches[0].userID && batches[n].accountID == batches[0].accountID {
			n++
		}
		group := batches[:n]
		batches = batches[n:]
		st, a, gone, err := s.Accounts.Load(ctx, group[0].userID, group[0].accountID)
		if errors.Is(err, store.ErrNotFound) || gone {
			continue // the user or the account was removed; its objects go too
		}
		if err != nil {
			return rep, err
		}
		r := replayRun{s: s, st: st, a: a, now: now, rep: &AccountReplay{UserID: a.UserID, AccountID: a.ID, Name: a.Name}}
		if err := r.account(ctx, group); err != nil {
			return rep, fmt.Errorf("ingest: replay account %d of user %d: %w", a.ID, a.UserID, err)
		}
		rep.Accounts = append(rep.Accounts, *r.rep)
	}
	return rep, nil
}

// archivedBatches lists the archived batches of the scope, by user and
// account, then in the order they were archived.
func (s *Service) archivedBatches(ctx context.Context, scope ReplayScope, now time.Time) ([]archivedBatch, error) {
	var prefixes []string
	switch {
	case scope.UserID != 0:
		from := scope.Since
		if from.IsZero() {
			st, err := s.Accounts.Cluster.ForUser(ctx, scope.UserID)
			if err != nil {
				return nil, err
			}
			u, err := st.UserByID(ctx, scope.UserID)
			if err != nil {
				return nil, err
			}
			from = u.CreatedAt
		}
		for _, d := range objstore.Days(from, now) {
			p := fmt.Sprintf("raw/%s/%d/", d.Format("2006/01/02"), scope.UserID)
			if scope.AccountID != 0 {
				p += strconv.FormatInt(scope.AccountID, 10) + "/"
			}
			prefixes = append(prefixes, p)
		}
	case !scope.Since.IsZero():
		for _, d := range objstore.Days(scope.Since, now) {
			prefixes = append(prefixes, "raw/"+d.Format("2006/01/02")+"/")
		}
	default:
		prefixes = []string{"raw/"}
	}
	since := scope.Since.UTC().Truncate(24 * time.Hour)
	var out []archivedBatch
	for _, p := range prefixes {
		keys, err := s.Objects.List(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			b, ok := parseRawKey(k)
			if !ok || b.day.Before(since) || (scope.AccountID != 0 && b.accountID != scope.AccountID) {
				continue
			}
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(x, y archivedBatch) int {
		return cmp.Or(cmp.Compare(x.userID, y.userID), cmp.Compare(x.accountID, y.accountID), x.day.Compare(y.day), cmp.Compare(x.id, y.id))
	})
	return out, nil
}

// reread reads a batch's raw copy again with today's reader: the file
// reader for an import (with the account's saved CSV mapping, as a new
// import would), the connector's for a download.
func (s *Service) reread(a centavo.Account, b archivedBatch, raw []byte) ([]connector.Transaction, error) {
	if !b.imported(a) {
		rr, ok := s.Accounts.Connectors[a.Connector].(connector.Rereader)
		if !ok {
			return nil, fmt.Errorf("the %s connector cannot read its answers again", a.Connector)
		}
		st, err := rr.Reread(raw, a.Institution)
		return st.Transactions, err
	}
	var mapping *file.CSVMapping
	if len(a.Institution.CSVMapping) > 0 {
		var saved file.CSVMapping
		if err := json.Unmarshal(a.Institution.CSVMapping, &saved); err == nil {
			mapping = &saved
		}
	}
	res, err := file.Read(raw, file.Options{Format: file.Format(b.ext), CSV: mapping, Currency: a.Currency})
	return res.Transactions, err
}
