package httpapi

import (
	"net/http"

	"github.com/centavo/centavo"
)

// categoryJSON is one entry of the taxonomy: a fixed category (parent
// null) or one of the user's own (docs/0029-own-categories.md).
type categoryJSON struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Kind        string  `json:"kind"`
	Description string  `json:"description"`
	Parent      *string `json:"parent"`
}

func toOwnCategoryJSON(c centavo.OwnCategory) categoryJSON {
	parent := c.Parent
	return categoryJSON{ID: c.ID, Name: c.Name, Kind: c.Category().Kind, Parent: &parent}
}

// handleCategories lists the fixed categories, each followed by the
// user's own under it.
func (s *server) handleCategories() http.Handler {
	type response struct {
		Categories []categoryJSON `json:"categories"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		own, err := s.Categorize.Categories(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		var out response
		for _, c := range centavo.Categories() {
			out.Categories = append(out.Categories, categoryJSON{ID: c.ID, Name: c.Name, Kind: c.Kind, Description: c.Description})
			for _, o := range own {
				if o.Parent == c.ID {
					out.Categories = append(out.Categories, toOwnCategoryJSON(o))
				}
			}
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

func (s *server) handleCreateCategory() http.Handler {
	type request struct {
		Name   string `json:"name"`
		Parent string `json:"parent"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		c, err := s.Categorize.CreateCategory(r.Context(), userID(r.Context()), req.Name, req.Parent)
		if err != nil {
			return err
		}
		encode(w, http.StatusCreated, toOwnCategoryJSON(c))
		return nil
	})
}

func (s *server) handleRenameCategory() http.Handler {
	type request struct {
		Name string `json:"name"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		c, err := s.Categorize.RenameCategory(r.Context(), userID(r.Context()), r.PathValue("id"), req.Name)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toOwnCategoryJSON(c))
		return nil
	})
}

func (s *server) handleDeleteCategory() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if _, err := s.Ledger.DeleteCategory(r.Context(), userID(r.Context()), r.PathValue("id")); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}
