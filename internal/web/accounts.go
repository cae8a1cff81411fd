package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/ingest"
)

// The built-in sandbox bank's preset for the link form.
const (
	sandboxOrg   = "SANDBOX"
	sandboxFID   = "9999"
	sandboxLogin = "demo-1"
	sandboxPass  = "secret-1"
)

type accountsData struct {
	Accounts   []accountRow
	Linking    bool
	Form       linkForm
	SandboxURL string
	Welcome    bool
}

type accountRow struct {
	centavo.Account
	TypeName    string
	StatusName  string
	Mask        string
	Discovering bool // linking, still asking the bank which accounts there are
	Downloading bool // linking, first download running
}

type linkForm struct {
	URL, Org, FID, Login, Password string
	Preset                         bool
}

var accountTypes = map[string]string{
	"checking": "Checking", "savings": "Savings", "money_market": "Money market", "credit_line": "Credit line",
	"credit_card": "Credit card", "": "Account",
}

var statusNames = map[string]string{
	centavo.AccountLinking: "Linking", centavo.AccountOK: "Up to date", centavo.AccountError: "Error, retrying",
	centavo.AccountNeedsAttention: "Needs attention",
}

func accountRows(list []centavo.Account) ([]accountRow, bool) {
	out := make([]accountRow, 0, len(list))
	linking := false
	for _, a := range list {
		row := accountRow{Account: a, TypeName: accountTypes[a.Type], StatusName: statusNames[a.Status]}
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
	f := linkForm{}
	if r.URL.Query().Get("preset") == "sandbox" {
		f = linkForm{URL: s.sandboxURL(r), Org: sandboxOrg, FID: sandboxFID, Login: sandboxLogin, Password: sandboxPass, Preset: true}
	}
	s.renderAccounts(w, r, u, http.StatusOK, f, "")
}

func (s *server) renderAccounts(w http.ResponseWriter, r *http.Request, u *session, status int, f linkForm, errMsg string) {
	list, err := u.st.Accounts(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, linking := accountRows(list)
	v := s.view(r, u, "Accounts", "accounts")
	v.Error = errMsg
	v.Data = accountsData{Accounts: rows, Linking: linking, Form: f, SandboxURL: s.sandboxURL(r), Welcome: r.URL.Query().Get("msg") == "welcome"}
	if linking {
		v.Refresh, v.Poll, v.Signature = 3, true, accountsSignature(list)
	}
	s.render(w, r, status, "accounts", v)
}

// accountsStatus is what the page's script polls while accounts link: a
// signature of every account's status, which changes when one does.
func (s *server) accountsStatus(w http.ResponseWriter, r *http.Request, u *session) {
	list, err := u.st.Accounts(r.Context(), u.userID)
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
		Password: r.PostFormValue("password"),
	}
	_, err := s.Ingest.Link(r.Context(), u.userID, ingest.LinkParams{
		Connector: centavo.ConnectorOFX, URL: f.URL, Org: f.Org, FID: f.FID, Login: f.Login, Password: f.Password,
	})
	if err != nil {
		if msg, ok := userError(err); ok {
			f.Password = "" // never echoed back
			s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, f, msg)
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
	if err := s.Ingest.Refresh(r.Context(), u.userID, id); err != nil {
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
	if err := s.Ingest.Delete(r.Context(), u.userID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/accounts", "removed"))
}
