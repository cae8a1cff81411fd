// Package web is Centavo's web interface: server-rendered HTML pages from
// templates embedded in the binary, one file per page (dashboard, accounts,
// transactions, search, budgets and the recommendation's proposal,
// recurring bills, goals, alerts, settings, sign-in), SVG charts drawn by
// chart.go, linechart.go and recurring_chart.go, one CSS file and one small
// optional script. It calls the same services as the JSON API
// (internal/httpapi), never the API itself.
//
// Sessions are a cookie holding an auth token; every form carries a CSRF
// token derived from the cookie's secret (session.go). Every answer has a
// Content-Security-Policy that forbids inline script and style.
package web

import (
	"bytes"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/auth"
	"github.com/centavo/centavo/internal/budget"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/clock"
	"github.com/centavo/centavo/internal/goal"
	"github.com/centavo/centavo/internal/ingest"
	"github.com/centavo/centavo/internal/ledger"
	"github.com/centavo/centavo/internal/notify"
	"github.com/centavo/centavo/internal/recurring"
)

// Deps are what the web interface serves from: the services the JSON API
// uses too.
type Deps struct {
	Auth       *auth.Service
	Accounts   *account.Service
	Categorize *categorize.Service
	Ingest     *ingest.Service
	Ledger     *ledger.Service
	Budget     *budget.Service
	Notify     *notify.Service
	Recurring  *recurring.Service // the recurring page, the dashboard's upcoming bills
	Goals      *goal.Service
	Logger     *slog.Logger
	Now        func() time.Time
	// Secure marks cookies Secure: set it when users reach the server over
	// TLS (directly or through a TLS-terminating proxy).
	Secure bool
	// Sandbox says the root router serves the sandbox bank at /sandbox/:
	// the accounts page then offers it.
	Sandbox bool
}

// CSP is the Content-Security-Policy of every answer: nothing inline.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

// maxFormBytes bounds a form body.
const maxFormBytes = 64 << 10

type server struct {
	Deps
	mux      *http.ServeMux
	pages    map[string]*template.Template
	assets   *assets
	previews *previews    // dry-run uploads awaiting confirmation
	loopback *http.Client // asks this server's sandbox bank for SimpleFIN tokens
}

// New returns the web interface's handler. The process's root router
// (internal/app) serves it at "/": every path that is not the API's, an
// operation's or the sandbox bank's.
func New(d Deps) http.Handler {
	if d.Now == nil {
		d.Now = clock.Real
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	s := &server{Deps: d, mux: http.NewServeMux(), assets: loadAssets(), previews: newPreviews(d.Now), loopback: loopbackClient()}
	s.pages = parsePages(s.funcs())
	s.routes()
	return s.headers(http.HandlerFunc(s.serve))
}

// routes is the whole surface of the web interface.
func (s *server) routes() {
	s.mux.Handle("GET /static/{name}", s.assets)
	s.mux.Handle("GET /favicon.ico", http.RedirectHandler(s.assets.url("icon.svg"), http.StatusMovedPermanently))

	s.mux.HandleFunc("GET /signin", s.signInPage)
	s.mux.HandleFunc("POST /signin", s.signIn)
	s.mux.HandleFunc("GET /signup", s.signUpPage)
	s.mux.HandleFunc("POST /signup", s.signUp)
	s.mux.Handle("POST /signout", s.form(s.signOut))

	s.mux.Handle("GET /{$}", s.page(s.dashboard))
	s.mux.Handle("GET /accounts", s.page(s.accounts))
	s.mux.Handle("GET /accounts/status", s.poll(s.accountsStatus))
	s.mux.Handle("POST /accounts", s.form(s.linkAccount))
	s.mux.Handle("POST /accounts/simplefin", s.form(s.linkSimpleFIN))
	s.mux.Handle("POST /accounts/simplefin/sandbox", s.form(s.sandboxSimpleFIN))
	s.mux.Handle("POST /accounts/file", s.form(s.createFileAccount))
	s.mux.Handle("POST /accounts/manual", s.form(s.createManualAccount))
	s.mux.Handle("POST /accounts/{id}/balance", s.form(s.setAccountBalance))
	s.mux.Handle("POST /accounts/{id}/credentials", s.form(s.repairAccount))
	s.mux.Handle("POST /accounts/{id}/import", s.upload(s.importStatement))
	s.mux.Handle("POST /accounts/{id}/import/confirm", s.form(s.confirmImport))
	s.mux.Handle("POST /accounts/{id}/refresh", s.form(s.refreshAccount))
	s.mux.Handle("POST /accounts/{id}/delete", s.form(s.deleteAccount))
	s.mux.Handle("GET /transactions", s.page(s.transactions))
	s.mux.Handle("POST /transactions/{id}/category", s.form(s.setCategory))
	s.mux.Handle("POST /transactions/{id}/edit", s.form(s.editTransaction))
	s.mux.Handle("GET /transactions/{id}/split", s.page(s.splitPage))
	s.mux.Handle("POST /transactions/{id}/split", s.form(s.saveSplit))
	s.mux.Handle("POST /transactions/{id}/unsplit", s.form(s.unsplit))
	s.mux.Handle("POST /transactions/bulk", s.form(s.bulkEdit))
	s.mux.Handle("GET /search", s.page(s.search))
	s.mux.Handle("GET /search/export", s.page(s.searchExport))
	s.mux.Handle("GET /budgets", s.page(s.budgets))
	s.mux.Handle("POST /budgets/income", s.form(s.setIncome))
	s.mux.Handle("POST /budgets/recommendation", s.form(s.acceptRecommendation))
	s.mux.Handle("GET /budgets/proposal", s.page(s.proposal))
	s.mux.Handle("POST /budgets/proposal/savings", s.form(s.setSavingsTarget))
	s.mux.Handle("POST /budgets/{category}/rollover", s.form(s.setRollover))
	s.mux.Handle("POST /budgets/{category}", s.form(s.setBudget))
	s.mux.Handle("POST /budgets/{category}/revert", s.form(s.revertBudget))
	s.mux.Handle("GET /recurring", s.page(s.recurringPage))
	s.mux.Handle("POST /recurring/{id}/state", s.form(s.recurringState))
	s.mux.Handle("POST /recurring/{id}/name", s.form(s.recurringName))
	s.mux.Handle("GET /goals", s.page(s.goals))
	s.mux.Handle("POST /goals", s.form(s.createGoal))
	s.mux.Handle("POST /goals/{id}", s.form(s.updateGoal))
	s.mux.Handle("POST /goals/{id}/delete", s.form(s.deleteGoal))
	s.mux.Handle("POST /goals/{id}/contributions", s.form(s.contributeToGoal))
	s.mux.Handle("GET /alerts", s.page(s.alerts))
	s.mux.Handle("POST /alerts/read", s.form(s.markAllRead))
	s.mux.Handle("POST /alerts/{id}/read", s.form(s.markRead))
	s.mux.Handle("GET /settings", s.page(s.settings))
	s.mux.Handle("POST /settings/notifications", s.form(s.saveNotifications))
	s.mux.Handle("POST /settings/profile", s.form(s.saveProfile))
	s.mux.Handle("POST /settings/webhooks", s.form(s.addWebhook))
	s.mux.Handle("POST /settings/webhooks/{id}/delete", s.form(s.deleteWebhook))
	s.mux.Handle("POST /settings/tokens", s.form(s.issueToken))
	s.mux.Handle("POST /settings/tokens/{id}/revoke", s.form(s.revokeToken))
	s.mux.Handle("POST /settings/password", s.form(s.changePassword))
	s.mux.Handle("POST /settings/totp", s.form(s.beginTOTP))
	s.mux.Handle("POST /settings/totp/confirm", s.form(s.confirmTOTP))
	s.mux.Handle("POST /settings/totp/disable", s.form(s.disableTOTP))
	s.mux.Handle("POST /settings/delete", s.form(s.deleteMe))
	s.mux.HandleFunc("GET /forgot-password", s.forgotPage)
	s.mux.HandleFunc("POST /forgot-password", s.forgot)
	s.mux.HandleFunc("GET /reset-password", s.resetPage)
	s.mux.HandleFunc("POST /reset-password", s.reset)
	s.mux.Handle("POST /settings/rules/{id}/apply", s.form(s.applyRule))
	s.mux.Handle("POST /settings/rules/{id}/delete", s.form(s.deleteRule))
	s.mux.Handle("GET /rules", s.page(s.rulesPage))
	s.mux.Handle("GET /categories", s.page(s.categoriesPage))
	s.mux.Handle("POST /categories", s.form(s.addCategory))
	s.mux.Handle("POST /categories/{id}/rename", s.form(s.renameCategory))
	s.mux.Handle("POST /categories/{id}/delete", s.form(s.deleteCategory))
	s.mux.Handle("POST /rules", s.form(s.addRule))
	s.mux.Handle("POST /rules/{id}/move", s.form(s.moveRule))
	s.mux.Handle("POST /rules/{id}/apply", s.form(s.applyAnyRule))
	s.mux.Handle("POST /rules/{id}/delete", s.form(s.deleteAnyRule))
}

// serve dispatches to the UI's routes, with our own 404 and 405 pages.
func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern == "" {
		// The mux would answer a plain-text 404 or 405: ours are pages.
		rec := &statusProbe{header: http.Header{}}
		h.ServeHTTP(rec, r)
		if rec.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", rec.header.Get("Allow"))
			s.errorPage(w, r, http.StatusMethodNotAllowed, "This address does not accept that kind of request.")
			return
		}
		if rec.status == http.StatusMovedPermanently || rec.status == http.StatusTemporaryRedirect || rec.status == http.StatusPermanentRedirect {
			h.ServeHTTP(w, r)
			return
		}
		s.errorPage(w, r, http.StatusNotFound, "There is no page at this address.")
		return
	}
	s.mux.ServeHTTP(w, r) // (not h: serving through the mux sets the path values)
}

// statusProbe records what the mux's own fallback handler would answer.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return len(b), nil
}
func (p *statusProbe) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}

// loopbackClient talks to this server itself (sandboxToken): no proxy, no
// redirects, no idle connections left behind.
func loopbackClient() *http.Client {
	return &http.Client{
		Timeout:       5 * time.Second,
		Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// headers sets the security headers of every answer.
func (s *server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// view is what every page template gets.
type view struct {
	Title   string
	Nav     string // the active section
	Email   string // signed-in user, "" when signed out
	CSRF    string
	Unread  int
	Flash   string
	Error   string
	Refresh int  // seconds between reloads without JavaScript (0: none)
	Poll    bool // the script polls the accounts' status and reloads when it changes
	// Signature is the accounts' status when the page was made.
	Signature string
	Month     centavo.Month
	Data      any
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 page instead of half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	t, ok := s.pages[name]
	if !ok {
		s.internalError(w, r, errors.New("web: no page template "+name))
		return
	}
	s.execute(w, r, status, t, "layout", v)
}

// execute writes template name of t with data, buffered: a failing
// template becomes a clean 500 page instead of half an answer.
func (s *server) execute(w http.ResponseWriter, r *http.Request, status int, t *template.Template, name string, data any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		s.internalError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage answers a status with a page explaining it.
func (s *server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	v := view{Title: http.StatusText(status), Data: errorData{Status: status, Message: msg, RequestID: w.Header().Get("X-Request-ID")}}
	if sess, ok := s.session(r); ok {
		v.Email, v.CSRF = sess.email, sess.csrf
	}
	s.render(w, r, status, "error", v)
}

type errorData struct {
	Status    int
	Message   string
	RequestID string
}

// internalError logs err and answers 500 without its details.
func (s *server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.Logger.ErrorContext(r.Context(), "web: request failed", "err", err, "method", r.Method, "path", r.URL.Path,
		"request_id", w.Header().Get("X-Request-ID"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if t, ok := s.pages["error"]; ok {
		var buf bytes.Buffer
		v := view{Title: "Something went wrong", Data: errorData{Status: 500, Message: "Something went wrong on our side. Please try again.",
			RequestID: w.Header().Get("X-Request-ID")}}
		if t.ExecuteTemplate(&buf, "layout", v) == nil {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write(buf.Bytes())
			return
		}
	}
	http.Error(w, "internal error", http.StatusInternalServerError)
}

// fail answers a service error: a page with the client-safe message for
// what the user can fix, a logged 500 for the rest.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch centavo.ErrorCode(err) {
	case centavo.ENOTFOUND:
		s.errorPage(w, r, http.StatusNotFound, "That does not exist, or it is not yours.")
	case centavo.EINVALID, centavo.EBADREQUEST, centavo.ECONFLICT:
		s.errorPage(w, r, http.StatusUnprocessableEntity, centavo.ErrorMessage(err))
	case centavo.EUNAVAILABLE:
		setRetryAfter(w, err)
		s.errorPage(w, r, http.StatusServiceUnavailable, "The service is busy; please try again in a moment.")
	case centavo.ETOOMANY:
		setRetryAfter(w, err)
		s.errorPage(w, r, http.StatusTooManyRequests, capitalize(centavo.ErrorMessage(err))+".")
	default:
		s.internalError(w, r, err)
	}
}

// userError reports whether err is something to show on the form that
// caused it, and its message.
func userError(err error) (string, bool) {
	switch centavo.ErrorCode(err) {
	case centavo.EINVALID, centavo.EBADREQUEST, centavo.ECONFLICT:
		return centavo.ErrorMessage(err), true
	}
	return "", false
}

// redirect answers a form with 303 See Other (post, redirect, get).
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// withMsg adds a flash message code to a local URL.
func withMsg(to, msg string) string {
	u, err := url.Parse(to)
	if err != nil {
		return "/"
	}
	q := u.Query()
	q.Set("msg", msg)
	u.RawQuery = q.Encode()
	return u.String()
}

// flashes are the messages a redirect may show, by code: fixed texts, so a
// link cannot make the page say anything else.
var flashes = map[string]string{
	"signed-out":          "You are signed out.",
	"welcome":             "Welcome to Centavo! Link an account to get started.",
	"linking":             "Linking started: Centavo is contacting your bank. This page updates by itself.",
	"file-account":        "Account created. Import a statement into it: OFX, QFX, QIF or CSV.",
	"refreshing":          "Refresh queued: new transactions will appear in a moment.",
	"removed":             "Account removed, with its transactions.",
	"manual-account":      "Added. Update its value whenever it changes: net worth follows.",
	"balance-set":         "Value recorded: the account's balance and your net worth follow it.",
	"repaired":            "New credentials saved, sealed: the connection's accounts are refreshing.",
	"category":            "Category changed.",
	"category-rule":       "Category changed, and future transactions of this merchant will follow.",
	"edited":              "Transaction saved.",
	"split":               "Transaction split: spending counts its parts.",
	"unsplit":             "Split undone.",
	"bulk":                "The transactions you picked are changed.",
	"bulk-none":           "Pick transactions first: tick the box of each row.",
	"budget":              "Budget saved. It applies from this month on.",
	"reverted":            "Budget returned to the template from this month on.",
	"income":              "Income saved: the budget template follows it.",
	"recommendation":      "Recommended budgets accepted from this month on.",
	"savings-target":      "Savings target saved: the proposal below follows it.",
	"rollover-on":         "Rollover on: what this budget leaves each month carries into the next, from this month on.",
	"rollover-off":        "Rollover off from this month on: each month starts from its budget.",
	"read":                "Marked as read.",
	"all-read":            "All alerts marked as read.",
	"recurring-confirmed": "Confirmed: Centavo reminds you before it is due.",
	"recurring-ignored":   "Ignored: it is left out of the totals, the calendar and the alerts.",
	"recurring-restored":  "Back among the suggestions.",
	"recurring-renamed":   "Name saved.",
	"notifications":       "Notification settings saved.",
	"profile":             "Profile saved.",
	"webhook-removed":     "Webhook removed.",
	"rule-applied":        "Rule applied to your past transactions.",
	"token-revoked":       "Token revoked.",
	"password-saved":      "Password changed. Your other sessions and API tokens are signed out.",
	"totp-off":            "Two-factor sign-in is off.",
	"account-deleted":     "Your account and everything in it are deleted.",
	"password-reset":      "Your password is changed: sign in with it.",
	"rule-removed":        "Rule removed. Transactions it filed keep their category.",
	"rule-added":          "Rule added: it runs on your new transactions.",
	"rule-moved":          "Rule moved.",
	"category-added":      "Category added: file transactions, budget and make rules with it.",
	"category-renamed":    "Category renamed.",
	"category-removed":    "Category removed: its transactions are back under the fixed category.",
	"goal-added":          "Goal added.",
	"goal-saved":          "Goal saved.",
	"goal-removed":        "Goal removed, with what was recorded for it.",
	"contribution":        "Recorded: the goal's progress follows.",
}

func flash(r *http.Request) string { return flashes[r.URL.Query().Get("msg")] }

// localPath keeps redirects on this site: it returns p when p is a path of
// this site and "" otherwise (the caller then goes to "/"). Browsers forgive
// a lot in a Location header — they drop tabs and newlines, read "\\" as
// "/", trim spaces — so "/\t/evil.example" would become the
// protocol-relative "//evil.example". Only plain printable ASCII is
// accepted (what signInFirst produces: an escaped request URI), no
// backslash anywhere, and after parsing: no scheme, no host, a path that
// starts with a single "/" and has no empty or dot segments, decoded or
// not.
func localPath(p string) string {
	if p == "" || len(p) > maxLocalPath || p[0] != '/' || (len(p) > 1 && p[1] == '/') {
		return ""
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return ""
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !cleanPath(u.Path) || !cleanPath(u.EscapedPath()) {
		return ""
	}
	return p
}

// maxLocalPath bounds a redirect target (a request URI of ours is short).
const maxLocalPath = 2048

// cleanPath reports whether a decoded path starts with one "/" and has no
// empty, "." or ".." segments (a trailing "/" is fine), and no control
// character or backslash.
func cleanPath(p string) bool {
	if p == "" || p[0] != '/' || strings.ContainsFunc(p, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\\' }) {
		return false
	}
	if p == "/" {
		return true
	}
	return path.Clean(p) == strings.TrimSuffix(p, "/")
}
