package web

import (
	"net/http"
	"strings"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/account"
	"github.com/centavo/centavo/internal/institution"
)

// institutionSearch is the link form's search of the institution directory
// (server-rendered: a GET form and a list of results that fill the form).
type institutionSearch struct {
	Q     string
	Found []institution.Institution
	Done  bool // a search ran (so "nothing found" can be said)
}

// searchInstitutions reads the page's directory search (?institution_q=)
// and choice (?institution=ID) into the forms.
func (s *server) searchInstitutions(r *http.Request, x *accountsForms) {
	dir := s.Accounts.Institutions
	if dir == nil {
		return
	}
	if q := strings.TrimSpace(r.URL.Query().Get("institution_q")); q != "" && len(q) <= 200 {
		x.search = institutionSearch{Q: q, Found: dir.Search(q, 20), Done: true}
	}
	if in, ok := dir.ByID(r.URL.Query().Get("institution")); ok {
		x.link = linkForm{URL: in.URL, Org: in.Org, FID: in.FID, InstitutionID: in.ID, InstitutionName: in.Name}
	}
}

// repairAccount gives a needs_attention account's connection new
// credentials ("Fix connection").
func (s *server) repairAccount(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such account.")
		return
	}
	_, err := s.Accounts.Repair(r.Context(), u.userID, id, account.RepairParams{
		Login: strings.TrimSpace(r.PostFormValue("login")), Password: r.PostFormValue("password"),
		SetupToken: r.PostFormValue("setup_token"),
	})
	if err != nil {
		if msg, ok := userError(err); ok {
			s.renderAccounts(w, r, u, http.StatusUnprocessableEntity, accountsForms{openFix: id}, sentence(msg))
			return
		}
		if centavo.ErrorCode(err) == centavo.ENOTFOUND {
			s.errorPage(w, r, http.StatusNotFound, "There is no such account.")
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/accounts", "repaired"))
}
