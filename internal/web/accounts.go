package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/connector/file"
)

// The built-in sandbox bank's preset for the link forms.
const (
	sandboxOrg   = "SANDBOX"
	sandboxFID   = "9999"
	sandboxLogin = "demo-1"
	sandboxPass  = "secret-1"
)

type accountsData struct {
	Search          institutionSearch
	Accounts        []accountRow
	Linking         bool
	Form            linkForm
	SimpleFIN       simpleFINForm
	FileAccount     fileAccountForm
	SandboxURL      string
	SandboxTokenURL string // where a person gets a sandbox SimpleFIN token by hand
	Welcome         bool
	MaxImportMiB    int
	Groups          []accountGroup // the accounts as assets and liabilities (networth.go)
	Standing        standing
	Manual          manualForm
}

type accountRow struct {
	centavo.Account
	TypeName     string
	StatusName   string
	Mask         string
	Discovering  bool // linking, still asking the bank which accounts there are
	Downloading  bool // linking, first download running
	FileOnly     bool // fed by imports only: nothing to refresh
	Import       importForm
	FixOpen      bool // the "Fix connection" form is shown open
	Manual       bool // kept by hand: a house, a car, a loan
	Kind         string
	HasBalance   bool
	BalanceCents int64     // as the API shows it: a liability's is what is owed
	Balance      string    // formatted in the account's currency
	BalanceAsOf  time.Time // when the source said it
	Foreign      bool      // the account's currency is not the user's
}

type linkForm struct {
	URL, Org, FID, Login, Password string
	Preset                         bool
	// InstitutionID and InstitutionName: the directory's entry chosen.
	InstitutionID, InstitutionName string
}

// simpleFINForm is the SimpleFIN link form. The setup token is echoed back
// only when this server's sandbox made it (Preset), never after an error.
type simpleFINForm struct {
	Token, Name string
	Preset      bool
}

type fileAccountForm struct {
	Name, Currency string
}

// accountsForms is what a form adds to the accounts page it re-renders:
// the user's input and, for an import, which account's form to open.
type accountsForms struct {
	link      linkForm
	simpleFIN simpleFINForm
	file      *fileAccountForm
	manual    *manualForm
	imp       *importForm // an import form to show again, with what the user chose
	openImp   int64       // an account whose import form is shown open
	openFix   int64       // an account whose "Fix connection" form is shown open
	search    institutionSearch
}

var accountTypes = map[string]string{
	"checking": "Checking", "savings": "Savings", "money_market": "Money market", "credit_line": "Credit line",
	"credit_card": "Credit card", "file": "File imports", "": "Account",
}

var statusNames = map[string]string{
	centavo.AccountLinking: "Linking", centavo.AccountOK: "Up to date", centavo.AccountError: "Error, retrying",
	centavo.AccountNeedsAttention: "Needs attention",
}

func accountRows(list []centavo.Account) ([]accountRow, bool) {
	out := make([]accountRow, 0, len(list))
	linking := false
	for _, a := range list {
		row := accountRow{Account: a, TypeName: accountTypes[a.Type], StatusName: statusNames[a.Status],
			FileOnly: a.Connector == centavo.ConnectorFile, Manual: a.Connector == centavo.ConnectorManual,
			Kind: centavo.AccountKind(a), Import: savedImportForm(a)}
		if row.TypeName == "" {
			row.TypeName = a.Type
		}
		if id := a.Institution.AccountID; id != "" {
			row.Mask = "…" + id[max(0, len(id)-4):]
		}
		if a.Status == centavo.AccountLinking {
			linking = true
			row.Discovering = !a.Institution.Discovered()
			row.Downloading = !row.Discovering
		}
		out = append(out, row)
	}
	return out, linking
}

// sandboxURL is this server's own sandbox bank, as the browser reaches it.
func (s *server) sandboxURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || s.Secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/sandbox/ofx"
}

func (s *server) accounts(w http.ResponseWriter, r *http.Request, u *session) {
	var x accountsForms
	if r.URL.Query().Get("preset") == "sandbox" && s.Sandbox {
		x.link = linkForm{URL: s.sandboxURL(r), Org: sandboxOrg, FID: sandboxFID, Login: sandboxLogin, Password: sandboxPass, Preset: true}
	}
	// A new file account's import form is open, ready for its first file.
	if id, err := strconv.ParseInt(r.URL.Query().Get("import"), 10, 64); err == nil && id > 0 {
		x.openImp = id
	}
	s.searchInstitutions(r, &x)
	s.renderAccounts(w, r, u, http.StatusOK, x, "")
}

func (s *server) renderAccounts(w http.ResponseWriter, r *http.Request, u *session, status int, x accountsForms, errMsg string) {
	list, err := s.Accounts.Accounts(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, linking := accountRows(list)
	for i := range rows {
		if rows[i].ID == x.openImp {
			rows[i].Import.Open = true
		}
		rows[i].FixOpen = rows[i].ID == x.openFix
		if x.imp != nil && rows[i].ID == x.imp.AccountID {
			rows[i].Import = *x.imp
		}
	}
	fileForm := fileAccountForm{Currency: u.user.Currency}
	if x.file != nil {
		fileForm = *x.file
	}
	if fileForm.Currency == "" {
		fileForm.Currency = "USD"
	}
	groups, standing, err := s.groupAccounts(r.Context(), u, rows)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	manual := manualForm{Kind: centavo.KindAsset, Currency: fileForm.Currency}
	if x.manual != nil {
		manual = *x.manual
	}
	v := s.view(r, u, "Accounts", "accounts")
	v.Error = errMsg
	data := accountsData{Search: x.search, Accounts: rows, Linking: linking, Form: x.link, SimpleFIN: x.simpleFIN, FileAccount: fileForm,
		Welcome: r.URL.Query().Get("msg") == "welcome", MaxImportMiB: file.DefaultMaxBytes >> 20,
		Groups: groups, Standing: standing, Manual: manual}
	if s.Sandbox { // offered only where the root router serves it
		data.SandboxURL, data.SandboxTokenURL = s.sandboxURL(r), sandboxTokenPath+"?"+sandboxCredentials().Encode()
	}
	v.Data = data
	if linking {
		v.Refresh, v.Poll, v.Signature = 3, true, accountsSignature(list)
	}
	s.render(w, r, status, "accounts", v)
}

// accountsStatus is what the page's script polls while accounts link: a
// signature of every account's status, which changes when one does.
func (s *server) accountsStatus(w http.ResponseWriter, r *http.Request, u *session) {
	list, err := s.Accounts.Accounts(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, linking := accountRows(list)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]any{"linking": linking, "signature": accountsSignature(list)})
}

// accountsSignature changes when an account is added, removed or changes
// status.
func accountsSignature(list []centavo.Account) string {
	var sig strings.Builder
	for _, a := range list {
		sig.WriteString(strconv.FormatInt(a.ID, 10) + ":" + a.Status + ";")
	}
	return sig.String()
}

func (s *server) linkAccount(w http.ResponseWriter, r *http.Request, u *session) {
	f := linkForm{
		URL: strings.TrimSpace(r.PostFormValue("url")), Org: strings.TrimSpace(r.PostFormValue("org")),
		FID: strings.TrimSpace(r.PostFormValue("fid")), Login: strings.TrimSpace(r.PostFormValue("login")),
		Password: r.PostFormValue("password"), InstitutionID: strings.TrimSpace(r.PostFormValue("institution_id")),
	}
	_, err := s.Accounts.Link(r.Context(), u.userID, account.LinkParams{
		Connector: centavo.ConnectorOFX, URL: f.URL, Org: f.Org, FID: f.FID, Login: f.Login, Password: f.Password,
		InstitutionID: f.InstitutionID,
	})
	if err != nil {
		if msg, ok := userError(err); ok {
			f.Password = "" // never echoed back
			s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, accountsForms{link: f}, msg)
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/accounts", "linking"))
}

// pathID reads the {id} path segment; 0 when it is not an id.
func pathID(r *http.Request) int64 {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

func (s *server) refreshAccount(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such account.")
		return
	}
	if err := s.Accounts.Refresh(r.Context(), u.userID, id); err != nil {
		if centavo.ErrorCode(err) == centavo.ETOOMANY {
			w.Header().Set("Retry-After", strconv.Itoa(int(centavo.RetryAfter(err).Seconds())+1))
			s.renderAccounts(w, r, u, http.StatusTooManyRequests, accountsForms{}, sentence(centavo.ErrorMessage(err)))
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/accounts", "refreshing"))
}

func (s *server) deleteAccount(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such account.")
		return
	}
	if err := s.Accounts.Delete(r.Context(), u.userID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/accounts", "removed"))
}

// The sandbox bank's SimpleFIN setup tokens, where the root router
// (internal/app) serves the bank.
const sandboxTokenPath = "/sandbox/simplefin/setup-token"

func sandboxCredentials() url.Values {
	return url.Values{"login": {sandboxLogin}, "password": {sandboxPass}}
}

func (s *server) linkSimpleFIN(w http.ResponseWriter, r *http.Request, u *session) {
	f := simpleFINForm{Name: strings.TrimSpace(r.PostFormValue("name"))}
	_, err := s.Accounts.Link(r.Context(), u.userID, account.LinkParams{
		Connector: centavo.ConnectorSimpleFIN, SetupToken: r.PostFormValue("setup_token"), Name: f.Name,
	})
	if err != nil {
		// The token is not shown again: it may still be good.
		if msg, ok := userError(err); ok {
			s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, accountsForms{simpleFIN: f}, sentence(msg))
			return
		}
		if centavo.ErrorCode(err) == centavo.EUNAVAILABLE {
			s.Logger.WarnContext(r.Context(), "web: SimpleFIN bridge unreachable", "err", err, "user_id", u.userID,
				"request_id", w.Header().Get("X-Request-ID"))
			s.renderAccounts(w, r, u, http.StatusServiceUnavailable, accountsForms{simpleFIN: f},
				"The SimpleFIN Bridge could not be reached. Nothing was linked; try again later.")
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/accounts", "linking"))
}

// sandboxSimpleFIN fills the SimpleFIN form with a setup token of the
// sandbox bank's demo-1, asked of this server's own sandbox.
func (s *server) sandboxSimpleFIN(w http.ResponseWriter, r *http.Request, u *session) {
	if !s.Sandbox {
		s.errorPage(w, r, http.StatusNotFound, "This server has no sandbox bank.")
		return
	}
	token, err := s.sandboxToken(r)
	if err != nil {
		s.Logger.WarnContext(r.Context(), "web: no sandbox SimpleFIN token", "err", err, "request_id", w.Header().Get("X-Request-ID"))
		s.renderAccounts(w, r, u, http.StatusServiceUnavailable, accountsForms{},
			"This server's sandbox bank did not hand out a setup token. Open the sandbox link under the SimpleFIN form and paste the text it shows.")
		return
	}
	s.renderAccounts(w, r, u, http.StatusOK, accountsForms{simpleFIN: simpleFINForm{Token: token, Preset: true}}, "")
}

// sandboxToken asks the sandbox bank for a setup token over loopback, on
// the port this request came in on. It never dials the Host header, which
// the client writes; and a loopback claim URL is the only plain-http one
// the SimpleFIN connector accepts.
func (s *server) sandboxToken(r *http.Request) (string, error) {
	addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return "", errors.New("web: sandbox token: no local address")
	}
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "", fmt.Errorf("web: sandbox token: not listening on TCP (%s)", addr.Network())
	}
	host := "127.0.0.1"
	if tcp.IP.To4() == nil {
		host = "::1"
	}
	u := url.URL{Scheme: "http", Host: net.JoinHostPort(host, strconv.Itoa(tcp.Port)), Path: sandboxTokenPath,
		RawQuery: sandboxCredentials().Encode()}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", fmt.Errorf("web: sandbox token: %w", err)
	}
	res, err := s.loopback.Do(req)
	if err != nil {
		return "", fmt.Errorf("web: sandbox token: %w", err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 4097))
	if err != nil {
		return "", fmt.Errorf("web: sandbox token: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("web: sandbox token: status %d", res.StatusCode)
	}
	token := strings.TrimSpace(string(b))
	if _, err := base64.StdEncoding.DecodeString(token); err != nil || token == "" || len(token) > 4096 {
		return "", errors.New("web: sandbox token: the answer is not a setup token")
	}
	return token, nil
}

func (s *server) createFileAccount(w http.ResponseWriter, r *http.Request, u *session) {
	f := fileAccountForm{Name: strings.TrimSpace(r.PostFormValue("name")), Currency: strings.ToUpper(strings.TrimSpace(r.PostFormValue("currency")))}
	list, err := s.Accounts.Link(r.Context(), u.userID, account.LinkParams{Connector: centavo.ConnectorFile, Name: f.Name, Currency: f.Currency})
	if err != nil {
		if msg, ok := userError(err); ok {
			s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, accountsForms{file: &f}, sentence(msg))
			return
		}
		s.fail(w, r, err)
		return
	}
	id := strconv.FormatInt(list[0].ID, 10)
	redirect(w, r, withMsg("/accounts?import="+id+"#account-"+id, "file-account"))
}
