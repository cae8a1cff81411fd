// Package recompute is the seed's MapReduce: it rebuilds a month's spending
// from what the object store holds — the transaction logs every download
// wrote and the events of later changes — independently of the SQL
// aggregates, to check them (and, if asked, replace them).
//
// Map jobs (one per log or event object, run by River workers in any
// process) keep the lines of the month and write them partitioned by user;
// one reduce job per partition deduplicates transactions (a transaction is
// in the log of every download that saw it: the first sighting decides its
// category; a pending row and the posted row of the same id are two),
// leaves out the rows ingest dropped (pending rows replaced by their posted
// version, rows another source's row stands for), applies the category
// and parts changes (hidden, split) in time order, drops the accounts that were removed, and sums per
// user and category.
package recompute

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/objstore"
	"github.com/centavo/centavo/internal/store"
)

// Service runs map and reduce jobs, writes change events and removes the
// objects of deleted accounts and users (purge.go).
type Service struct {
	Objects *objstore.Store
	// Cluster tells whether an event's user and account still exist (an
	// event of a deleted one is not written); nil: always.
	Cluster store.Cluster
	Now     func() time.Time // nil: the events' own times
	Logger  *slog.Logger
}

// WriteEvent stores the event under a key named by the job, so a retry
// rewrites the same object. After a delete_account event, the account's
// objects are removed.
func (s *Service) WriteEvent(ctx context.Context, job *river.Job[jobargs.ArchiveEvent]) error {
	a := job.Args
	e := objstore.Event{Kind: a.Event, At: a.At, UserID: a.UserID, AccountID: a.AccountID, InstitutionID: a.InstitutionID,
		PostedAt: a.PostedAt, AmountCents: a.AmountCents, Category: a.Category, Pending: a.Pending}
	owner := a.AccountID // a change to a row needs the account; its removal, the user
	if a.Event == objstore.EventDeleteAccount {
		owner = 0
	}
	if err := s.putOwned(ctx, a.UserID, owner, objstore.EventKey(a.At, a.UserID, job.ID), objstore.FormatEvents([]objstore.Event{e})); err != nil {
		return err
	}
	if a.Event != objstore.EventDeleteAccount {
		return nil
	}
	until := a.At
	if s.Now != nil && s.Now().After(until) {
		until = s.Now()
	}
	return s.purgeAccount(ctx, a.UserID, a.AccountID, a.Since, until)
}

// WriteDrops stores a batch's drop events under a key named by the job.
func (s *Service) WriteDrops(ctx context.Context, job *river.Job[jobargs.ArchiveDrops]) error {
	a := job.Args
	events := make([]objstore.Event, len(a.Rows))
	for i, r := range a.Rows {
		events[i] = objstore.Event{Kind: objstore.EventDrop, At: a.At, UserID: a.UserID, AccountID: a.AccountID,
			InstitutionID: r.InstitutionID, PostedAt: r.PostedAt, AmountCents: r.AmountCents, Pending: r.Pending}
	}
	return s.putOwned(ctx, a.UserID, a.AccountID, objstore.EventKey(a.At, a.UserID, job.ID), objstore.FormatEvents(events))
}

func runPrefix(run string) string { return "recompute/" + run + "/" }

// MapDoneKey marks a finished map; ResultKey holds a partition's sums.
func MapDoneKey(run string, n int) string { return fmt.Sprintf("%smapdone/%06d", runPrefix(run), n) }
func mapOutKey(run string, part, n int) string {
	return fmt.Sprintf("%smap/%04d/%06d.tsv", runPrefix(run), part, n)
}
func ResultKey(run string, part int) string {
	return fmt.Sprintf("%sresult/%04d.tsv", runPrefix(run), part)
}

// changeTime writes a change's time with a fixed width, so that Reduce
// orders changes by comparing the text (RFC3339Nano drops trailing zeros:
// ".15Z" would sort before ".1Z").
const changeTime = "2006-01-02T15:04:05.000000000Z07:00"

// logOrder makes log keys (log/YYYY/MM/DD/<user>/<account>/<job>.tsv) sort
// in the order the downloads happened: date, then job id (increasing within
// the shard, which is all that matters: an account lives on one shard).
func logOrder(key string) string {
	parts := strings.Split(strings.TrimSuffix(key, ".tsv"), "/")
	if len(parts) != 7 {
		return key
	}
	job, _ := strconv.ParseInt(parts[6], 10, 64)
	return fmt.Sprintf("%s%s%s-%019d", parts[1], parts[2], parts[3], job)
}

// Map reads one log or event object and writes its lines of the month,
// partitioned by user, then marks itself done.
func (s *Service) Map(ctx context.Context, job *river.Job[jobargs.RecomputeMap]) error {
	a := job.Args
	month, err := centavo.ParseMonth(a.Month)
	if err != nil {
		return river.JobCancel(err)
	}
	data, err := s.Objects.Get(ctx, a.Key)
	if objstore.IsNotFound(err) {
		data, err = nil, nil // removed since the listing: a deleted account's or user's
	}
	if err != nil {
		return err
	}
	parts := make([]bytes.Buffer, a.Parts)
	switch {
	case strings.HasPrefix(a.Key, "log/"):
		lines, err := objstore.ParseLog(data)
		if err != nil {
			return river.JobCancel(fmt.Errorf("%s: %w", a.Key, err))
		}
		order := logOrder(a.Key)
		for _, l := range lines {
			if centavo.MonthOf(l.PostedAt) != month {
				continue
			}
			fmt.Fprintf(&parts[part(l.UserID, a.Parts)], "T\t%d\t%d\t%s\t%s\t%s\t%d\t%s\t%s\n", l.UserID, l.AccountID, clean(l.InstitutionID), order, l.Category, l.AmountCents, pendingFlag(l.Pending), clean(l.Currency))
		}
	case strings.HasPrefix(a.Key, "events/"):
		events, err := objstore.ParseEvents(data)
		if err != nil {
			return river.JobCancel(fmt.Errorf("%s: %w", a.Key, err))
		}
		for _, e := range events {
			switch {
			case e.Kind == objstore.EventCategory && centavo.MonthOf(e.PostedAt) == month:
				fmt.Fprintf(&parts[part(e.UserID, a.Parts)], "C\t%d\t%d\t%s\t%s\t%s\t%s\n", e.UserID, e.AccountID, clean(e.InstitutionID), e.At.UTC().Format(changeTime), e.Category, pendingFlag(e.Pending))
			case e.Kind == objstore.EventParts && centavo.MonthOf(e.PostedAt) == month:
				fmt.Fprintf(&parts[part(e.UserID, a.Parts)], "P\t%d\t%d\t%s\t%s\t%s\t%s\n", e.UserID, e.AccountID, clean(e.InstitutionID), e.At.UTC().Format(changeTime), e.Category, pendingFlag(e.Pending))
			case e.Kind == objstore.EventDrop && centavo.MonthOf(e.PostedAt) == month:
				fmt.Fprintf(&parts[part(e.UserID, a.Parts)], "X\t%d\t%d\t%s\t%s\n", e.UserID, e.AccountID, clean(e.InstitutionID), pendingFlag(e.Pending))
			case e.Kind == objstore.EventDeleteAccount:
				fmt.Fprintf(&parts[part(e.UserID, a.Parts)], "D\t%d\t%d\n", e.UserID, e.AccountID)
			}
		}
	default:
		return river.JobCancel(fmt.Errorf("recompute: %s is neither a log nor an event", a.Key))
	}
	for p := range parts {
		if parts[p].Len() == 0 {
			continue
		}
		if err := s.Objects.Put(ctx, mapOutKey(a.Run, p, a.N), parts[p].Bytes(), "text/tab-separated-values"); err != nil {
			return err
		}
	}
	return s.Objects.Put(ctx, MapDoneKey(a.Run, a.N), []byte(a.Key), "text/plain")
}

func part(userID int64, parts int) int { return int(uint64(userID) % uint64(parts)) }

// pendingFlag is the map output's pending column: "p" or "-".
func pendingFlag(pending bool) string {
	if pending {
		return "p"
	}
	return "-"
}

func clean(s string) string { return strings.NewReplacer("\t", " ", "\n", " ").Replace(s) }

// txKey identifies a transaction: account ids are unique within a shard
// only, so the user (unique across shards) is part of the key; a pending row
// and the posted row that replaced it under the same id are two keys.
type txKey struct {
	user    int64
	account int64
	id      string
	pending bool
}

type txVal struct {
	user     int64
	order    string
	category string
	parts    string // the latest parts event's text; "": whole
	amount   int64
	currency string // "" for a transaction logged before logs had the currency
}

// change is a category event, or with parts set a parts event.
type change struct {
	key      txKey
	at       string
	category string
	parts    bool
}

// Reduce sums one partition: dedupe, apply changes, drop removed accounts.
func (s *Service) Reduce(ctx context.Context, job *river.Job[jobargs.RecomputeReduce]) error {
	a := job.Args
	keys, err := s.Objects.List(ctx, fmt.Sprintf("%smap/%04d/", runPrefix(a.Run), a.Part))
	if err != nil {
		return err
	}
	txns := map[txKey]txVal{}
	var changes []change
	type accountKey struct{ user, account int64 }
	deleted := map[accountKey]bool{}
	dropped := map[txKey]bool{}
	for _, k := range keys {
		data, err := s.Objects.Get(ctx, k)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
			f := strings.Split(line, "\t")
			switch {
			case f[0] == "T" && len(f) == 9:
				user, _ := strconv.ParseInt(f[1], 10, 64)
				acct, _ := strconv.ParseInt(f[2], 10, 64)
				amount, _ := strconv.ParseInt(f[6], 10, 64)
				k := txKey{user, acct, f[3], f[7] == "p"}
				if old, ok := txns[k]; !ok || f[4] < old.order {
					txns[k] = txVal{user: user, order: f[4], category: f[5], amount: amount, currency: f[8]}
				}
			case (f[0] == "C" || f[0] == "P") && len(f) == 7:
				user, _ := strconv.ParseInt(f[1], 10, 64)
				acct, _ := strconv.ParseInt(f[2], 10, 64)
				changes = append(changes, change{key: txKey{user, acct, f[3], f[6] == "p"}, at: f[4], category: f[5], parts: f[0] == "P"})
			case f[0] == "X" && len(f) == 5:
				user, _ := strconv.ParseInt(f[1], 10, 64)
				acct, _ := strconv.ParseInt(f[2], 10, 64)
				dropped[txKey{user, acct, f[3], f[4] == "p"}] = true
			case f[0] == "D" && len(f) == 3:
				user, _ := strconv.ParseInt(f[1], 10, 64)
				acct, _ := strconv.ParseInt(f[2], 10, 64)
				deleted[accountKey{user, acct}] = true
			default:
				return river.JobCancel(fmt.Errorf("recompute: %s: bad line %q", k, line))
			}
		}
	}
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].at < changes[j].at })
	for _, c := range changes {
		if v, ok := txns[c.key]; ok {
			if c.parts {
				v.parts = c.category
			} else {
				v.category = c.category
			}
			txns[c.key] = v
		}
	}
	type sumKey struct {
		user     int64
		category string
		currency string
	}
	sums := map[sumKey]*centavo.CategorySpending{}
	for k, v := range txns {
		if deleted[accountKey{k.user, k.account}] || dropped[k] {
			continue
		}
		parts, err := v.partsOf()
		if err != nil {
			return river.JobCancel(fmt.Errorf("recompute: %w", err))
		}
		for _, p := range parts {
			sk := sumKey{v.user, p.Category, v.currency}
			if sums[sk] == nil {
				sums[sk] = &centavo.CategorySpending{Category: p.Category, Currency: v.currency}
			}
			sums[sk].AmountCents += p.AmountCents
			sums[sk].Count++
		}
	}
	var out bytes.Buffer
	for k, v := range sums {
		fmt.Fprintf(&out, "%d\t%s\t%d\t%d\t%s\n", k.user, k.category, v.AmountCents, v.Count, k.currency)
	}
	return s.Objects.Put(ctx, ResultKey(a.Run, a.Part), out.Bytes(), "text/tab-separated-values")
}

// partsOf is what the transaction adds to the sums, as
// centavo.Transaction.Parts: nothing when hidden, its parts when split,
// else itself under its category.
func (v txVal) partsOf() ([]centavo.Part, error) {
	if v.parts == "" {
		return []centavo.Part{{Category: v.category, AmountCents: v.amount}}, nil
	}
	parts, whole, err := objstore.ParseParts(v.parts)
	if whole {
		return []centavo.Part{{Category: v.category, AmountCents: v.amount}}, nil
	}
	return parts, err
}

// ParseResult reads a partition's sums.
func ParseResult(data []byte) ([]store.UserSpending, error) {
	var out []store.UserSpending
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("recompute: bad result line %q", line)
		}
		var r store.UserSpending
		var err1, err2, err3 error
		r.UserID, err1 = strconv.ParseInt(f[0], 10, 64)
		r.Category = f[1]
		r.AmountCents, err2 = strconv.ParseInt(f[2], 10, 64)
		r.Count, err3 = strconv.ParseInt(f[3], 10, 64)
		r.Currency = f[4]
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("recompute: bad result line %q", line)
		}
		out = append(out, r)
	}
	return out, nil
}
