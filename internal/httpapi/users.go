package httpapi

import (
	"net/http"
	"time"
)

type credentialsRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type userResponse struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

type meResponse struct {
	ID                 int64     `json:"id"`
	Email              string    `json:"email"`
	Currency           string    `json:"currency"`
	MonthlyIncomeCents int64     `json:"monthly_income_cents"`
	CreatedAt          time.Time `json:"created_at"`
}

func (s *server) handleSignUp() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := decode[credentialsRequest](w, r)
		if err != nil {
			writeError(w, r, s.Logger, err)
			return
		}
		u, err := s.Auth.SignUp(r.Context(), req.Email, req.Password)
		if err != nil {
			writeError(w, r, s.Logger, err)
			return
		}
		encode(w, http.StatusCreated, userResponse{ID: u.ID, Email: u.Email})
	})
}

func (s *server) handleSignIn() http.Handler {
	type response struct {
		Token string `json:"token"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := decode[credentialsRequest](w, r)
		if err != nil {
			writeError(w, r, s.Logger, err)
			return
		}
		token, err := s.Auth.SignIn(r.Context(), req.Email, req.Password)
		if err != nil {
			writeError(w, r, s.Logger, err)
			return
		}
		encode(w, http.StatusCreated, response{Token: token})
	})
}

func (s *server) handleSignOut() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, _ := r.Context().Value(keyToken).(string)
		if err := s.Auth.SignOut(r.Context(), userID(r.Context()), token); err != nil {
			writeError(w, r, s.Logger, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

func (s *server) handleMe() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := userID(r.Context())
		st, err := s.Cluster.ForUser(r.Context(), id)
		if err != nil {
			writeError(w, r, s.Logger, err)
			return
		}
		u, err := st.UserByID(r.Context(), id)
		if err != nil {
			writeError(w, r, s.Logger, err)
			return
		}
		encode(w, http.StatusOK, meResponse{ID: u.ID, Email: u.Email, Currency: u.Currency, MonthlyIncomeCents: u.MonthlyIncomeCents, CreatedAt: u.CreatedAt})
	})
}
