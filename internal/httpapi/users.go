package httpapi

import (
	"net/http"
	"time"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/auth"
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
	// SavingsTargetPercent of income the budget recommendation leaves
	// unbudgeted (docs/0036).
	SavingsTargetPercent int `json:"savings_target_percent"`
}

func toMe(u centavo.User, p centavo.BudgetPlan) meResponse {
	return meResponse{ID: u.ID, Email: u.Email, Currency: u.Currency, MonthlyIncomeCents: u.MonthlyIncomeCents, CreatedAt: u.CreatedAt,
		SavingsTargetPercent: p.SavingsTargetPercent}
}

func (s *server) handleSignUp() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[credentialsRequest](w, r)
		if err != nil {
			return err
		}
		u, err := s.Auth.SignUp(r.Context(), req.Email, req.Password)
		if err != nil {
			return err
		}
		encode(w, http.StatusCreated, userResponse{ID: u.ID, Email: u.Email})
		return nil
	})
}

func (s *server) handleSignIn() http.Handler {
	type response struct {
		Token string `json:"token"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[signInRequest](w, r)
		if err != nil {
			return err
		}
		token, err := s.signIn(r, req)
		if err != nil {
			return err
		}
		encode(w, http.StatusCreated, response{Token: token})
		return nil
	})
}

func (s *server) handleSignOut() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		token, _ := r.Context().Value(keyToken).(string)
		if err := s.Auth.SignOut(r.Context(), userID(r.Context()), token); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

func (s *server) handleMe() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.Auth.User(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		p, err := s.Auth.BudgetPlan(r.Context(), u.ID)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toMe(u, p))
		return nil
	})
}

func (s *server) handlePatchMe() http.Handler {
	type request struct {
		MonthlyIncomeCents *int64  `json:"monthly_income_cents"`
		Currency           *string `json:"currency"`
		SavingsTarget      *int    `json:"savings_target_percent"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		u, p, err := s.Auth.ChangeProfile(r.Context(), userID(r.Context()),
			auth.ProfileChange{IncomeCents: req.MonthlyIncomeCents, Currency: req.Currency, SavingsTargetPercent: req.SavingsTarget})
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, toMe(u, p))
		return nil
	})
}
