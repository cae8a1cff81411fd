package httpapi

import (
	"net/http"
)

// Account security: deleting the account (docs/0025-account-security.md).

func (s *server) handleDeleteMe() http.Handler {
	type request struct {
		Password string `json:"password"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		if err := s.Auth.DeleteUser(r.Context(), userID(r.Context()), req.Password); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}
