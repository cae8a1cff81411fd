package web

import (
	"net/http"

	"github.com/centavo/centavo"
)

// The categories page (docs/0029-own-categories.md): the user's own
// categories under the fixed ones — make, rename, remove.

type categoriesData struct {
	Parents []centavo.Category // where an own category may go
	Groups  []categoryGroup
	Name    string // the add form's name after an error
	Parent  string
}

// categoryGroup is a fixed category with the user's own under it.
type categoryGroup struct {
	centavo.Category
	Own []centavo.OwnCategory
}

func (s *server) categoriesPage(w http.ResponseWriter, r *http.Request, u *session) {
	s.renderCategories(w, r, u, http.StatusOK, categoriesData{}, "")
}

func (s *server) renderCategories(w http.ResponseWriter, r *http.Request, u *session, status int, d categoriesData, errMsg string) {
	own, err := s.Categorize.Categories(r.Context(), u.userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range centavo.Categories() {
		if !centavo.CanParent(c.ID) {
			continue
		}
		d.Parents = append(d.Parents, c)
		g := categoryGroup{Category: c}
		for _, o := range own {
			if o.Parent == c.ID {
				g.Own = append(g.Own, o)
			}
		}
		if len(g.Own) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	v := s.view(r, u, "Categories", "settings")
	v.Error = errMsg
	v.Data = d
	s.render(w, r, status, "categories", v)
}

func (s *server) addCategory(w http.ResponseWriter, r *http.Request, u *session) {
	name, parent := r.PostFormValue("name"), r.PostFormValue("parent")
	if _, err := s.Categorize.CreateCategory(r.Context(), u.userID, name, parent); err != nil {
		s.categoryError(w, r, u, categoriesData{Name: name, Parent: parent}, err)
		return
	}
	redirect(w, r, withMsg("/categories", "category-added"))
}

func (s *server) renameCategory(w http.ResponseWriter, r *http.Request, u *session) {
	if _, err := s.Categorize.RenameCategory(r.Context(), u.userID, r.PathValue("id"), r.PostFormValue("name")); err != nil {
		s.categoryError(w, r, u, categoriesData{}, err)
		return
	}
	redirect(w, r, withMsg("/categories", "category-renamed"))
}

func (s *server) deleteCategory(w http.ResponseWriter, r *http.Request, u *session) {
	if _, err := s.Ledger.DeleteCategory(r.Context(), u.userID, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/categories", "category-removed"))
}

func (s *server) categoryError(w http.ResponseWriter, r *http.Request, u *session, d categoriesData, err error) {
	switch centavo.ErrorCode(err) {
	case centavo.EINVALID, centavo.ECONFLICT:
		s.renderCategories(w, r, u, http.StatusUnprocessableEntity, d, capitalize(centavo.ErrorMessage(err))+".")
	default:
		s.fail(w, r, err)
	}
}
