package recurring

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/riverqueue/river"

	centavo "github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/store"
)

// How far back detection reads (an annual series needs two years' room)
// and how recent a change must be to alert: a first download brings
// months of history (90 to 121 days, docs/0004; an import, years), and
// its old rises and misses are news to nobody.
const (
	historyDays     = 800
	priceAlertDays  = 45
	missedPeriods   = 2
	detectPageLimit = 1000
	summaryNames    = 5 // names a first detection's summary lists
)

// Run works a DetectRecurring job: detection, the stored series and the
// alerts, in one transaction with the job's completion, so a retry or a
// concurrent job never alerts twice (the notifications' keys are unique).
// A daily tick of a user who has no series does nothing: new series come
// only with new transactions, which enqueue their own detection.
func (s *Service) Run(ctx context.Context, job *river.Job[jobargs.DetectRecurring]) error {
	st, err := s.Cluster.ForUser(ctx, job.Args.UserID)
	if notFound(err) {
		return nil // the user was deleted
	}
	if err != nil {
		return err
	}
	created := 0
	err = st.InTx(ctx, func(tx store.Tx) error {
		// A change's detection reads the user's whole history: when a later
		// change's detection waits in the queue, it will do this one's work
		// with more data (a download of several accounts enqueues one per
		// account), so this one completes without detecting.
		if job.Args.Day == "" {
			later, err := tx.Superseded(ctx, job.JobRow)
			if err != nil {
				return err
			}
			if later {
				return tx.CompleteJob(ctx, job.JobRow)
			}
		}
		n, err := s.refresh(ctx, tx, job.Args.UserID, job.Args.Day != "")
		if notFound(err) {
			n, err = 0, nil // the user was deleted meanwhile
		}
		if err != nil {
			return err
		}
		created = n
		return tx.CompleteJob(ctx, job.JobRow)
	})
	if err != nil {
		return err
	}
	if created > 0 {
		s.Logger.InfoContext(ctx, "recurring alerts", "user_id", job.Args.UserID, "new", created, "job_id", job.ID)
	}
	return nil
}

// Refresh runs a detection for one user outside the job queue (the same
// work as a job: tests, an admin's command).
func (s *Service) Refresh(ctx context.Context, userID int64) (alerts int, err error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return 0, err
	}
	err = st.InTx(ctx, func(tx store.Tx) error {
		alerts, err = s.refresh(ctx, tx, userID, false)
		return err
	})
	return alerts, err
}

// refresh detects the user's series, stores them and sends their alerts;
// it returns how many notifications were new. onlyIfAny: do nothing for a
// user who has no stored series (the daily tick).
func (s *Service) refresh(ctx context.Context, tx store.Tx, userID int64, onlyIfAny bool) (int, error) {
	now := s.Now().UTC()
	today := centavo.DayOf(now)
	rows, err := tx.RecurringSeries(ctx, userID)
	if err != nil || (onlyIfAny && len(rows) == 0) {
		return 0, err
	}
	txns, err := detectionInput(ctx, tx, userID, today)
	if err != nil {
		return 0, err
	}
	detect := Detect
	if s.detector != nil {
		detect = s.detector
	}
	kept, err := s.store(ctx, tx, userID, rows, detect(txns, today), now, gone(txns, today))
	if err != nil {
		return 0, err
	}
	u, err := tx.UserByID(ctx, userID)
	if err != nil {
		return 0, err
	}
	lead, err := tx.BillReminderDays(ctx, userID)
	if err != nil {
		return 0, err
	}
	var notes []centavo.Notification
	var found []Stored // those of the recurring_detected in notes
	for _, sr := range kept {
		for _, n := range alerts(sr, today, lead, u.Currency) {
			if n.Kind == centavo.NotifyRecurringDetected {
				if told(rows, sr) {
					continue // sent, or counted in the first detection's
				}
				found = append(found, sr)
			}
			notes = append(notes, n)
		}
	}
	if len(rows) == 0 && len(found) > 1 {
		notes = summed(notes, found)
	}
	created := 0
	for _, n := range notes {
		n.UserID, n.CreatedAt = userID, now
		ok, err := notify.Create(ctx, tx, &n)
		if err != nil {
			return created, err
		}
		if ok {
			created++
		}
	}
	return created, nil
}

// detectionInput reads what detection reads: the user's posted
// transactions of the last historyDays, less transfers (category Transfer
// or paired) and hidden rows.
func detectionInput(ctx context.Context, r store.LedgerReader, userID int64, today centavo.Day) ([]Txn, error) {
	since := (today - historyDays).Time()
	var out []Txn
	f := store.TransactionFilter{UserID: userID, Limit: detectPageLimit}
	for {
		page, err := r.Transactions(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, t := range page {
			if t.PostedAt.Before(since) {
				return out, nil
			}
			if t.Pending || t.Hidden || t.Category == centavo.CatTransfer || t.TransferPairID != 0 || t.TransferWith != 0 {
				continue
			}
			out = append(out, Txn{
				ID: t.ID, AccountID: t.AccountID, Date: centavo.DayOf(t.PostedAt), AmountCents: t.AmountCents, Currency: t.Currency,
				MerchantKey: t.MerchantKey, Merchant: t.Merchant, Category: t.Category,
			})
		}
		if len(page) < f.Limit {
			return out, nil
		}
		last := page[len(page)-1]
		f.After = &store.Cursor{PostedAt: last.PostedAt, ID: last.ID}
	}
}

// store upserts the detected series (keeping the user's state and name),
// removes the stored ones detection no longer finds unless the user
// confirmed or ignored them (those stay, ended), and returns the series
// as now stored.
func (s *Service) store(ctx context.Context, tx store.Tx, userID int64, rows []store.RecurringSeries, found []Series, now time.Time,
	gone func(Occurrence) bool) ([]Stored, error) {
	held := make(map[string]store.RecurringSeries, len(rows))
	for _, r := range rows {
		held[r.Key] = r
	}
	adoptKeys(rows, found)
	seen := make(map[string]bool, len(found))
	for _, sr := range found {
		seen[sr.Key] = true
	}
	// Every row this run writes, found or no longer found, in one key
	// order: two jobs of one user lock the rows in the same order
	// (PostgreSQL), so one waits for the other, never in a cycle.
	var unseen []store.RecurringSeries
	for _, r := range rows {
		if !seen[r.Key] {
			unseen = append(unseen, r)
		}
	}
	sort.Slice(unseen, func(i, j int) bool { return unseen[i].Key < unseen[j].Key })
	out := make([]Stored, 0, len(found))
	i, j := 0, 0
	for i < len(found) || j < len(unseen) {
		if j == len(unseen) || (i < len(found) && found[i].Key < unseen[j].Key) {
			sr := found[i]
			i++
			row := toRow(userID, sr, now)
			if err := tx.UpsertRecurringSeries(ctx, &row); err != nil {
				return nil, err
			}
			st := Stored{ID: row.ID, State: Suggested, UpdatedAt: now, Series: sr}
			if old, ok := held[sr.Key]; ok {
				st.State, st.Name = old.State, old.Name
			}
			out = append(out, st)
			continue
		}
		r := unseen[j]
		j++
		if err := s.storeUnseen(ctx, tx, userID, r, now, gone); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// storeUnseen keeps a stored series detection no longer finds: removed if
// still suggested, else (the user's decision stands) ended, its gone
// occurrences pruned.
func (s *Service) storeUnseen(ctx context.Context, tx store.Tx, userID int64, r store.RecurringSeries, now time.Time, gone func(Occurrence) bool) error {
	if r.State == Suggested {
		return tx.DeleteRecurringSeries(ctx, userID, r.ID)
	}
	pruned := prune(&r, gone)
	if r.Status == Ended && !pruned {
		return nil
	}
	r.Status, r.UpdatedAt = Ended, now
	return tx.UpsertRecurringSeries(ctx, &r)
}

// gone reports whether an occurrence's transaction is no longer one
// detection reads though its date is in the window read: deleted (with
// its account), hidden, or filed as a transfer.
func gone(txns []Txn, today centavo.Day) func(Occurrence) bool {
	read := make(map[int64]bool, len(txns))
	for _, t := range txns {
		read[t.ID] = true
	}
	since := today - historyDays
	return func(o Occurrence) bool { return o.Date >= since && !read[o.TxnID] }
}

// prune drops from a stored row that detection no longer finds the
// occurrences and price changes that are gone, so its transaction_ids
// never name a deleted transaction (an account deleted under a confirmed series); it reports
// whether it dropped any.
func prune(r *store.RecurringSeries, gone func(Occurrence) bool) bool {
	var h storedHistory
	if err := json.Unmarshal([]byte(r.History), &h); err != nil {
		return false
	}
	kept := h.Occurrences[:0:0]
	for _, o := range h.Occurrences {
		if !gone(o) {
			kept = append(kept, o)
		}
	}
	rises := h.PriceChanges[:0:0]
	for _, p := range h.PriceChanges {
		if !gone(Occurrence{TxnID: p.TxnID, Date: p.Date}) {
			rises = append(rises, p)
		}
	}
	if len(kept) == len(h.Occurrences) && len(rises) == len(h.PriceChanges) {
		return false
	}
	h.Occurrences, h.PriceChanges = kept, rises
	b, err := json.Marshal(h)
	if err != nil {
		return false
	}
	r.History = string(b)
	return true
}

// alerts are the notifications a series calls for today (without user and
// time): each under a key of its own, so it is sent once whatever the
// number of detections. Tentative and ignored series never alert.
func alerts(sr Stored, today centavo.Day, lead int, home string) []centavo.Notification {
	if sr.Tentative || sr.State == Ignored {
		return nil
	}
	name := sr.DisplayName()
	cur := sr.Currency
	if cur == "" {
		cur = home
	}
	money := func(c int64) string { return centavo.FormatMoney(absCents(c), cur) }
	var out []centavo.Notification
	add := func(kind, key, msg string) {
		out = append(out, centavo.Notification{Kind: kind, Key: key, Message: msg, Category: sr.Category, AccountID: sr.AccountID})
	}
	if sr.Status == Active {
		what := "recurring charge"
		if sr.Income {
			what = "recurring income"
		}
		add(centavo.NotifyRecurringDetected, fmt.Sprintf("recurring:%d:detected", sr.ID),
			fmt.Sprintf("New %s: %s, %s %s.", what, name, money(sr.AmountCents), sr.Cadence))
	}
	for _, p := range sr.PriceChanges {
		if age := today - p.Date; age >= 0 && age <= priceAlertDays {
			add(centavo.NotifyPriceIncrease, fmt.Sprintf("price:%d:%d", sr.ID, p.TxnID),
				fmt.Sprintf("%s went up from %s to %s on %s.", name, money(p.FromCents), money(p.ToCents), p.Date))
		}
	}
	window := centavo.Day(missedPeriods * periodDays(sr.Cadence))
	// Only the misses that end a series are news (a series cancelled long
	// ago has missed many more), and only recent ones.
	for _, d := range sr.Missed[:min(len(sr.Missed), missedPeriods)] {
		if age := today - d; age >= 0 && age <= window {
			add(centavo.NotifyRecurringMissed, fmt.Sprintf("missed:%d:%s", sr.ID, d),
				fmt.Sprintf("%s of about %s expected on %s did not come.", name, money(sr.AmountCents), d))
		}
	}
	if sr.State == Confirmed && sr.Status == Active && !sr.Income && lead > 0 {
		for _, d := range sr.Expected(today, today+centavo.Day(lead)) {
			add(centavo.NotifyBillUpcoming, fmt.Sprintf("upcoming:%d:%s", sr.ID, d),
				fmt.Sprintf("%s of about %s is due on %s.", name, money(sr.NextAmountCents), d))
		}
	}
	return out
}

func absCents(c int64) int64 {
	if c < 0 {
		return -c
	}
	return c
}

// told reports whether a series' recurring_detected was dealt with: it
// was stored before as a certain series the user did not ignore, so the
// detection that stored it sent its alert, or counted it in the first
// detection's summary, or found it ended (old news). A series that comes
// back after a pause starts another key, and is news again.
func told(rows []store.RecurringSeries, sr Stored) bool {
	for _, r := range rows {
		if r.ID == sr.ID {
			return !r.Tentative && r.State != Ignored
		}
	}
	return false
}

// summed replaces the recurring_detected alerts of a user's first
// detection (no series stored before: an account just linked, a
// statement imported) with one that counts them: linking an account finds
// a dozen series at once, one piece of news, not a dozen notifications
// (docs/0035). Its key names its lowest series id, the same for a
// concurrent job that stores the same series.
func summed(notes []centavo.Notification, found []Stored) []centavo.Notification {
	out := make([]centavo.Notification, 0, len(notes)-len(found)+1)
	for _, n := range notes {
		if n.Kind != centavo.NotifyRecurringDetected {
			out = append(out, n)
		}
	}
	first, names := found[0].ID, make([]string, 0, summaryNames)
	for _, sr := range found {
		first = min(first, sr.ID)
		if len(names) < summaryNames {
			names = append(names, sr.DisplayName())
		}
	}
	list := strings.Join(names, ", ")
	if more := len(found) - len(names); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	return append(out, centavo.Notification{
		Kind: centavo.NotifyRecurringDetected, Key: fmt.Sprintf("recurring:found:%d", first),
		Message: fmt.Sprintf("%d recurring charges and incomes found: %s. Confirm or ignore them on the Recurring page.", len(found), list),
	})
}
