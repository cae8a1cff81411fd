package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/jobargs"
	"github.com/centavo/centavo/internal/rates"
	"github.com/centavo/centavo/internal/store"
)

// Digests (docs/0037-goals-and-digest.md): with the digest setting daily or
// weekly, notifications make no e-mail of their own; one e-mail per period
// tells the period's notifications, the month's spending so far and the
// bills coming up.

// Bill is an upcoming bill, as the recurring bills' service tells it.
type Bill struct {
	RecurringID int64
	Merchant    string
	Date        centavo.Day
	AmountCents int64 // what is expected to be paid, positive
	Currency    string
}

// BillSource tells a user's bills due in the days ahead (today included).
type BillSource interface {
	Upcoming(ctx context.Context, userID int64, days int) ([]Bill, error)
}

// MaxDigestNotifications is how many notifications a digest lists (the
// rest are counted).
const MaxDigestNotifications = 50

// PeriodOf is the digest period that the daily plan of day starts, for the
// setting: "daily:<day>" every day, "weekly:<day>" on Mondays (UTC); ""
// when there is none that day.
func PeriodOf(setting string, day time.Time) string {
	d := day.UTC().Format(time.DateOnly)
	switch {
	case setting == centavo.DigestDaily:
		return "daily:" + d
	case setting == centavo.DigestWeekly && day.UTC().Weekday() == time.Monday:
		return "weekly:" + d
	}
	return ""
}

// periodSpan reads a period: its setting, its first day and its length.
func periodSpan(period string) (string, time.Time, time.Duration, error) {
	kind, d, _ := strings.Cut(period, ":")
	day, err := time.Parse(time.DateOnly, d)
	if err != nil || (kind != centavo.DigestDaily && kind != centavo.DigestWeekly) {
		return "", time.Time{}, 0, fmt.Errorf("notify: bad digest period %q", period)
	}
	if kind == centavo.DigestWeekly {
		return kind, day, 7 * 24 * time.Hour, nil
	}
	return kind, day, 24 * time.Hour, nil
}

// SendDigest builds the user's digest of the job's period (once: under the
// period's key) and sends it; a failure is recorded and retried, a digest
// sent (or with nothing to say) is never sent again.
func (s *Service) SendDigest(ctx context.Context, job *river.Job[jobargs.Digest]) error {
	userID, period := job.Args.UserID, job.Args.Period
	kind, start, span, err := periodSpan(period)
	if err != nil {
		return river.JobCancel(err)
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	d, err := st.Digest(ctx, userID, period)
	if errors.Is(err, store.ErrNotFound) {
		var ok bool
		d, ok, err = s.buildDigest(ctx, st, userID, kind, period, start, span)
		if err != nil || !ok {
			return err
		}
	} else if err != nil {
		return err
	}
	if d.Status == centavo.DeliveryDelivered || d.Status == centavo.DigestEmpty {
		return nil
	}
	return s.deliverDigest(ctx, st, job, d)
}

// buildDigest writes the period's digest (ok false: the user asks for no
// such digest any more, or is gone).
func (s *Service) buildDigest(ctx context.Context, st store.Store, userID int64, kind, period string, start time.Time, span time.Duration) (centavo.Digest, bool, error) {
	settings, err := st.NotificationSettings(ctx, userID)
	if err != nil || settings.Digest != kind || !settings.Email {
		return centavo.Digest{}, false, err
	}
	u, err := st.UserByID(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return centavo.Digest{}, false, nil
	}
	if err != nil {
		return centavo.Digest{}, false, err
	}
	c, err := s.digestContent(ctx, st, u, kind, start, span)
	if err != nil {
		return centavo.Digest{}, false, err
	}
	now := s.Now().UTC()
	d := centavo.Digest{UserID: userID, Period: period, ThroughNotificationID: c.through, Status: centavo.DeliveryPending, CreatedAt: now}
	if c.empty() {
		d.Status = centavo.DigestEmpty
	} else {
		d.Subject, d.Text, d.HTML = c.render(kind, s.PublicURL)
	}
	var created bool
	err = st.InTx(ctx, func(tx store.Tx) (err error) { created, err = tx.CreateDigest(ctx, &d); return err })
	if err != nil {
		return centavo.Digest{}, false, err
	}
	if !created { // built meanwhile: that one counts
		d, err = st.Digest(ctx, userID, period)
		if err != nil {
			return centavo.Digest{}, false, err
		}
	}
	if d.Status == centavo.DigestEmpty {
		s.Logger.InfoContext(ctx, "digest: nothing to say", "user_id", userID, "period", period)
	}
	return d, true, nil
}

// deliverDigest sends a built digest and records the attempt.
func (s *Service) deliverDigest(ctx context.Context, st store.Store, job *river.Job[jobargs.Digest], d centavo.Digest) error {
	var sendErr error
	if s.Mailer == nil {
		sendErr = errNoMailer
	} else if u, err := st.UserByID(ctx, d.UserID); errors.Is(err, store.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	} else {
		sendErr = s.Mailer.Send(ctx, u.Email, d.Subject, d.Text, d.HTML)
	}
	d.Attempts, d.UpdatedAt = job.Attempt, s.Now().UTC()
	if sendErr != nil {
		d.Status, d.LastError = centavo.DeliveryFailed, clip(sendErr.Error(), 300)
	} else {
		d.Status, d.LastError = centavo.DeliveryDelivered, ""
	}
	err := st.InTx(ctx, func(tx store.Tx) error {
		if err := tx.UpdateDigest(ctx, d); err != nil {
			return err
		}
		if sendErr == nil {
			return tx.CompleteJob(ctx, job.JobRow)
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if sendErr != nil {
		s.Logger.WarnContext(ctx, "digest delivery failed", "user_id", d.UserID, "period", d.Period, "attempt", job.Attempt, "err", sendErr)
		return sendErr
	}
	s.Logger.InfoContext(ctx, "digest delivered", "user_id", d.UserID, "period", d.Period, "attempt", job.Attempt)
	return nil
}

// digestContent is what a digest tells.
type digestContent struct {
	notes   []centavo.Notification // oldest first
	more    int                    // notifications past MaxDigestNotifications
	through int64
	month   centavo.Month
	spent   int64 // the month's spending so far, in the home currency
	home    string
	bills   []Bill
}

func (c digestContent) empty() bool { return len(c.notes) == 0 && len(c.bills) == 0 }

// digestReader is what a digest reads.
type digestReader interface {
	store.AlertReader
	store.DigestReader
	rates.SpendingReader
}

// digestContent gathers the notifications since the last digest (and
// within the period's length before its start), the spending of the month
// of the period's eve, and the bills of the period's days.
func (s *Service) digestContent(ctx context.Context, st digestReader, u centavo.User, kind string, start time.Time, span time.Duration) (digestContent, error) {
	c := digestContent{home: u.Currency, month: centavo.MonthOf(start.Add(-time.Second))}
	if last, err := st.LastDigest(ctx, u.ID); err == nil {
		c.through = last.ThroughNotificationID
	} else if !errors.Is(err, store.ErrNotFound) {
		return c, err
	}
	after := c.through
	notes, err := st.Notifications(ctx, store.NotificationFilter{UserID: u.ID, Limit: 1000})
	if err != nil {
		return c, err
	}
	for i := len(notes) - 1; i >= 0; i-- { // oldest first
		n := notes[i]
		if n.ID <= after || n.CreatedAt.Before(start.Add(-span)) {
			continue
		}
		c.through = max(c.through, n.ID)
		if len(c.notes) < MaxDigestNotifications {
			c.notes = append(c.notes, n)
		} else {
			c.more++
		}
	}
	home, err := rates.InHome(ctx, st, s.Rates, u.ID, c.month, u.Currency)
	if err != nil {
		return c, err
	}
	for _, row := range home.Categories {
		if centavo.CountsAsSpending(row.Category) {
			c.spent += row.SpentCents()
		}
	}
	if s.Bills != nil {
		days := 1
		if kind == centavo.DigestWeekly {
			days = 7
		}
		if c.bills, err = s.Bills.Upcoming(ctx, u.ID, days); err != nil {
			return c, err
		}
	}
	return c, nil
}

// render writes the digest's e-mail: subject, plain text, HTML.
func (c digestContent) render(kind, publicURL string) (subject, text, html string) {
	subject = "Centavo: your daily digest"
	if kind == centavo.DigestWeekly {
		subject = "Centavo: your weekly digest"
	}
	view := digestView{Subject: subject, Spent: fmt.Sprintf("Spent in %s so far: %s", c.month, centavo.FormatMoney(c.spent, c.home))}
	for _, n := range c.notes {
		view.Notes = append(view.Notes, n.CreatedAt.UTC().Format("Jan 2 15:04")+" — "+n.Message)
	}
	if c.more > 0 {
		view.More = fmt.Sprintf("and %d more in your inbox", c.more)
	}
	for _, b := range c.bills {
		view.Bills = append(view.Bills, fmt.Sprintf("%s: %s, %s", b.Date, b.Merchant, centavo.FormatMoney(b.AmountCents, b.Currency)))
	}
	if publicURL != "" {
		view.Link, view.Settings = publicURL+"/notifications", publicURL+"/settings"
	}
	var t strings.Builder
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		t.WriteString(title + "\r\n")
		for _, l := range lines {
			t.WriteString("- " + l + "\r\n")
		}
		t.WriteString("\r\n")
	}
	section("Notifications", append(view.Notes, nonEmpty(view.More)...))
	section("Bills coming up", view.Bills)
	t.WriteString(view.Spent + "\r\n")
	if view.Link != "" {
		t.WriteString("\r\nOpen Centavo: " + view.Link + "\r\n")
	}
	t.WriteString("\r\n-- \r\nCentavo. Change what you receive in your notification settings")
	if view.Settings != "" {
		t.WriteString(": " + view.Settings)
	}
	t.WriteString(".\r\n")
	var b bytes.Buffer
	_ = digestHTML.Execute(&b, view)
	return subject, t.String(), b.String()
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

type digestView struct {
	Subject, Spent, More, Link, Settings string
	Notes, Bills                         []string
}

var digestHTML = template.Must(template.New("digest").Parse(`<!doctype html>
<html><body style="font-family: system-ui, sans-serif; color: #1d2a33; max-width: 36rem">
<h1 style="font-size: 1.2rem">{{.Subject}}</h1>
{{- if .Notes}}
<h2 style="font-size: 1rem">Notifications</h2>
<ul>{{range .Notes}}<li>{{.}}</li>{{end}}{{with .More}}<li>{{.}}</li>{{end}}</ul>
{{- end}}
{{- if .Bills}}
<h2 style="font-size: 1rem">Bills coming up</h2>
<ul>{{range .Bills}}<li>{{.}}</li>{{end}}</ul>
{{- end}}
<p style="font-size: 1rem">{{.Spent}}</p>
{{- with .Link}}
<p style="font-size: 1rem"><a href="{{.}}">Open Centavo</a></p>
{{- end}}
<p style="color: #5b6b76; font-size: .85rem">Centavo. Change what you receive in your {{with .Settings}}<a href="{{.}}">notification settings</a>{{else}}notification settings{{end}}.</p>
</body></html>
`))
