package httpapi

import (
	"net/http"
	"time"

	"github.com/centavo/centavo/internal/auth"
)

// Account security: deleting the account, tokens, the password, password
// resets and two-factor sign-in (docs/0025-account-security.md).

// passwordRequest is the body of the changes that ask for the password again.
type passwordRequest struct {
	Password string `json:"password"`
}

func currentToken(r *http.Request) string {
	token, _ := r.Context().Value(keyToken).(string)
	return token
}

func (s *server) handleDeleteMe() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[passwordRequest](w, r)
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

type tokenResponse struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	Current    bool       `json:"current"`
}

func (s *server) handleTokens() http.Handler {
	type response struct {
		Tokens []tokenResponse `json:"tokens"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		list, err := s.Auth.Tokens(r.Context(), userID(r.Context()), currentToken(r))
		if err != nil {
			return err
		}
		out := response{Tokens: make([]tokenResponse, len(list))}
		for i, t := range list {
			out.Tokens[i] = tokenResponse{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, ExpiresAt: t.ExpiresAt, Current: t.Current}
		}
		encode(w, http.StatusOK, out)
		return nil
	})
}

func (s *server) handleRevokeToken() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := s.Auth.RevokeToken(r.Context(), userID(r.Context()), id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

func (s *server) handleChangePassword() http.Handler {
	type request struct {
		CurrentPassword string `json:"current_password"`
		NewPassword     string `json:"new_password"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		if err := s.Auth.ChangePassword(r.Context(), userID(r.Context()), currentToken(r), req.CurrentPassword, req.NewPassword); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

func (s *server) handlePasswordReset() http.Handler {
	type request struct {
		Email string `json:"email"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		if err := s.Auth.RequestPasswordReset(r.Context(), req.Email); err != nil {
			return err
		}
		encode(w, http.StatusAccepted, map[string]string{"status": "if the address is registered, a reset token is on its way"})
		return nil
	})
}

func (s *server) handleConfirmPasswordReset() http.Handler {
	type request struct {
		Token       string `json:"token"`
		NewPassword string `json:"new_password"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		if err := s.Auth.ConfirmPasswordReset(r.Context(), req.Token, req.NewPassword); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

type totpResponse struct {
	Enabled           bool `json:"enabled"`
	Pending           bool `json:"pending"`
	RecoveryCodesLeft int  `json:"recovery_codes_left"`
}

func (s *server) handleGetTOTP() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		st, err := s.Auth.TOTP(r.Context(), userID(r.Context()))
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, totpResponse{Enabled: st.Enabled, Pending: st.Pending, RecoveryCodesLeft: st.RecoveryCodesLeft})
		return nil
	})
}

func (s *server) handleBeginTOTP() http.Handler {
	type response struct {
		Secret     string `json:"secret"`
		OTPAuthURL string `json:"otpauth_url"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[passwordRequest](w, r)
		if err != nil {
			return err
		}
		setup, err := s.Auth.BeginTOTP(r.Context(), userID(r.Context()), req.Password)
		if err != nil {
			return err
		}
		encode(w, http.StatusCreated, response{Secret: setup.Secret, OTPAuthURL: setup.URL})
		return nil
	})
}

func (s *server) handleConfirmTOTP() http.Handler {
	type request struct {
		Code string `json:"code"`
	}
	type response struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[request](w, r)
		if err != nil {
			return err
		}
		codes, err := s.Auth.ConfirmTOTP(r.Context(), userID(r.Context()), req.Code)
		if err != nil {
			return err
		}
		encode(w, http.StatusOK, response{RecoveryCodes: codes})
		return nil
	})
}

func (s *server) handleDisableTOTP() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		req, err := decode[passwordRequest](w, r)
		if err != nil {
			return err
		}
		if err := s.Auth.DisableTOTP(r.Context(), userID(r.Context()), req.Password); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

// signInRequest is POST /api/v1/sessions: the credentials, the two-factor
// code when the account has it on, and an optional name for the token.
type signInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	TOTPCode string `json:"totp_code"`
	Name     string `json:"name"`
}

func (s *server) signIn(r *http.Request, req signInRequest) (string, error) {
	return s.Auth.SignInWith(r.Context(), auth.SignInRequest{Email: req.Email, Password: req.Password, TOTPCode: req.TOTPCode,
		TokenName: auth.TokenName(req.Name, "API sign-in", r.UserAgent())})
}
