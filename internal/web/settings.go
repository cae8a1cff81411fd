package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/notify"
)

type settingsData struct {
	Settings       centavo.NotificationSettings
	Thresholds     string
	EmailAvailable bool
	Webhooks       []notify.WebhookView
	MaxWebhooks    int
	WebhookURL     string // the add form's value after an error
	NewWebhook     *centavo.Webhook
	NewSecret      string // shown once, right after creation
	NewToken       string // shown once, right after creation
	Currency       string
	Rules          []centavo.Rule
	CategoryOf     func(string) string // names a rule's category, the user's own too
	APIBase        string
	Security       securityData
}

// settingsExtra is what a form adds to the page it renders.
type settingsExtra struct {
	err        string
	thresholds string
	webhookURL string
	newWebhook *centavo.Webhook
	secret     string
	token      string
	// two-factor: the new secret, then the recovery codes, each shown once
	totpSetup     *totpSetupView
	recoveryCodes []string
}

func (s *server) settings(w http.ResponseWriter, r *http.Request, u *session) {
	s.renderSettings(w, r, u, http.StatusOK, settingsExtra{})
}

func (s *server) renderSettings(w http.ResponseWriter, r *http.Request, u *session, status int, x settingsExtra) {
	ctx := r.Context()
	set, err := s.Notify.Settings(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hooks, err := s.Notify.Webhooks(ctx, u.userID, 3)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rules, err := s.Categorize.Rules(ctx, u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := settingsData{Settings: set, Thresholds: joinInts(set.Thresholds), EmailAvailable: s.Notify.Mailer != nil,
		Webhooks: hooks, MaxWebhooks: notify.MaxWebhooks, WebhookURL: x.webhookURL, NewWebhook: x.newWebhook, NewSecret: x.secret,
		NewToken: x.token, Currency: u.user.Currency, Rules: rules, CategoryOf: s.ownNames(r, u), APIBase: strings.TrimSuffix(s.sandboxURL(r), "/sandbox/ofx")}
	if d.Security, err = s.securityData(r, u, x); err != nil {
		s.fail(w, r, err)
		return
	}
	if x.thresholds != "" {
		d.Thresholds = x.thresholds
	}
	v := s.view(r, u, "Settings", "settings")
	v.Error = x.err
	v.Data = d
	s.render(w, r, status, "settings", v)
}

func joinInts(v []int) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// parseThresholds reads "80, 100" or "80 100 %".
func parseThresholds(s string) ([]int, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '%' || r == ';' })
	if len(f) == 0 || len(f) > notify.MaxThresholds {
		return nil, false
	}
	out := make([]int, 0, len(f))
	for _, p := range f {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

func (s *server) saveNotifications(w http.ResponseWriter, r *http.Request, u *session) {
	raw := r.PostFormValue("thresholds")
	th, ok := parseThresholds(raw)
	if !ok {
		s.renderSettings(w, r, u, http.StatusUnprocessableEntity, settingsExtra{thresholds: raw,
			err: "Thresholds must be one to " + strconv.Itoa(notify.MaxThresholds) + " percents, such as 80, 100."})
		return
	}
	set := centavo.NotificationSettings{UserID: u.userID, Email: r.PostFormValue("email") != "", Webhooks: r.PostFormValue("webhooks") != "", Thresholds: th}
	// The bill reminders' days: the form sends the current value; a form
	// without the field (an old page) leaves it as it is.
	if v, ok := r.PostForm["bill_reminder_days"]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(v[0]))
		if err != nil || n < 0 || n > 30 {
			s.renderSettings(w, r, u, http.StatusUnprocessableEntity, settingsExtra{thresholds: raw,
				err: "Bill reminders: a number of days from 0 (off) to 30."})
			return
		}
		set.BillReminderDays = &n
	}
	if err := s.Notify.SetSettings(r.Context(), set); err != nil {
		if msg, ok := userError(err); ok {
			s.renderSettings(w, r, u, http.StatusUnprocessableEntity, settingsExtra{thresholds: raw, err: msg})
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/settings", "notifications")+"#notifications")
}

func (s *server) saveProfile(w http.ResponseWriter, r *http.Request, u *session) {
	cur := r.PostFormValue("currency")
	if _, err := s.Auth.UpdateProfile(r.Context(), u.userID, nil, &cur); err != nil {
		if msg, ok := userError(err); ok {
			s.renderSettings(w, r, u, http.StatusUnprocessableEntity, settingsExtra{err: msg})
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/settings", "profile"))
}

// addWebhook registers a webhook and shows its secret on this answer only:
// it is stored sealed and never shown again.
func (s *server) addWebhook(w http.ResponseWriter, r *http.Request, u *session) {
	raw := strings.TrimSpace(r.PostFormValue("url"))
	h, secret, err := s.Notify.CreateWebhook(r.Context(), u.userID, raw)
	if err != nil {
		if msg, ok := userError(err); ok {
			s.renderSettings(w, r, u, http.StatusUnprocessableEntity, settingsExtra{webhookURL: raw, err: msg})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.renderSettings(w, r, u, http.StatusOK, settingsExtra{newWebhook: &h, secret: secret})
}

func (s *server) deleteWebhook(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such webhook.")
		return
	}
	if err := s.Notify.DeleteWebhook(r.Context(), u.userID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/settings", "webhook-removed")+"#webhooks")
}

// issueToken creates an API token and shows it on this answer only.
func (s *server) issueToken(w http.ResponseWriter, r *http.Request, u *session) {
	token, err := s.Auth.IssueNamedToken(r.Context(), u.userID, auth.TokenName(r.PostFormValue("name"), "API token", ""))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderSettings(w, r, u, http.StatusOK, settingsExtra{token: token})
}

func (s *server) applyRule(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such rule.")
		return
	}
	if _, _, err := s.Ledger.ApplyRule(r.Context(), u.userID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/settings", "rule-applied")+"#rules")
}

func (s *server) deleteRule(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such rule.")
		return
	}
	if err := s.Categorize.DeleteRule(r.Context(), u.userID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/settings", "rule-removed")+"#rules")
}
