package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"
	"strings"

	"github.com/pquerna/otp"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/auth"
)

// Account security in Settings, and the password reset pages
// (docs/0025-account-security.md): sessions and API tokens, the password,
// two-factor sign-in, deleting the account.

// securityData is the security part of the settings page.
type securityData struct {
	Tokens        []auth.TokenView
	TOTP          auth.TOTPStatus
	Setup         *totpSetupView // right after starting two-factor: the secret
	RecoveryCodes []string       // right after confirming it: shown once
}

type totpSetupView struct {
	Secret string
	URL    string
	QR     template.URL // a PNG data: URL of the otpauth:// URL
}

func (s *server) securityData(r *http.Request, u *session, x settingsExtra) (securityData, error) {
	tokens, err := s.Auth.Tokens(r.Context(), u.userID, u.token)
	if err != nil {
		return securityData{}, err
	}
	status, err := s.Auth.TOTP(r.Context(), u.userID)
	if err != nil {
		return securityData{}, err
	}
	return securityData{Tokens: tokens, TOTP: status, Setup: x.totpSetup, RecoveryCodes: x.recoveryCodes}, nil
}

// qrCode draws the otpauth:// URL as a QR code, for the phone's camera.
func qrCode(otpauth string) template.URL {
	key, err := otp.NewKeyFromURL(otpauth)
	if err != nil {
		return ""
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return ""
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return ""
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())) // #nosec: made here
}

// securityError shows a refused security form on the settings page.
func (s *server) securityError(w http.ResponseWriter, r *http.Request, u *session, err error) {
	status, msg := http.StatusUnprocessableEntity, ""
	switch centavo.ErrorCode(err) {
	case centavo.EUNAUTHORIZED:
		status, msg = http.StatusUnauthorized, "Wrong password."
	case centavo.EINVALID, centavo.ECONFLICT:
		msg = centavo.ErrorMessage(err) + "."
	default:
		s.fail(w, r, err)
		return
	}
	s.renderSettings(w, r, u, status, settingsExtra{err: msg})
}

func (s *server) revokeToken(w http.ResponseWriter, r *http.Request, u *session) {
	id := pathID(r)
	if id == 0 {
		s.errorPage(w, r, http.StatusNotFound, "There is no such token.")
		return
	}
	if err := s.Auth.RevokeToken(r.Context(), u.userID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/settings", "token-revoked")+"#tokens")
}

func (s *server) changePassword(w http.ResponseWriter, r *http.Request, u *session) {
	next := r.PostFormValue("new_password")
	if next != r.PostFormValue("new_password2") {
		s.renderSettings(w, r, u, http.StatusUnprocessableEntity, settingsExtra{err: "The two new passwords differ."})
		return
	}
	if err := s.Auth.ChangePassword(r.Context(), u.userID, u.token, r.PostFormValue("current_password"), next); err != nil {
		s.securityError(w, r, u, err)
		return
	}
	redirect(w, r, withMsg("/settings", "password-saved")+"#password")
}

func (s *server) beginTOTP(w http.ResponseWriter, r *http.Request, u *session) {
	setup, err := s.Auth.BeginTOTP(r.Context(), u.userID, r.PostFormValue("password"))
	if err != nil {
		s.securityError(w, r, u, err)
		return
	}
	s.renderSettings(w, r, u, http.StatusOK, settingsExtra{totpSetup: &totpSetupView{Secret: setup.Secret, URL: setup.URL, QR: qrCode(setup.URL)}})
}

func (s *server) confirmTOTP(w http.ResponseWriter, r *http.Request, u *session) {
	codes, err := s.Auth.ConfirmTOTP(r.Context(), u.userID, strings.TrimSpace(r.PostFormValue("code")))
	if err != nil {
		s.securityError(w, r, u, err)
		return
	}
	s.renderSettings(w, r, u, http.StatusOK, settingsExtra{recoveryCodes: codes})
}

func (s *server) disableTOTP(w http.ResponseWriter, r *http.Request, u *session) {
	if err := s.Auth.DisableTOTP(r.Context(), u.userID, r.PostFormValue("password")); err != nil {
		s.securityError(w, r, u, err)
		return
	}
	redirect(w, r, withMsg("/settings", "totp-off")+"#two-factor")
}

func (s *server) deleteMe(w http.ResponseWriter, r *http.Request, u *session) {
	if r.PostFormValue("confirm") != u.email {
		s.renderSettings(w, r, u, http.StatusUnprocessableEntity, settingsExtra{err: "Type your e-mail address to confirm that the account is to be deleted."})
		return
	}
	if err := s.Auth.DeleteUser(r.Context(), u.userID, r.PostFormValue("password")); err != nil {
		s.securityError(w, r, u, err)
		return
	}
	s.clearCookie(w, sessionCookie)
	redirect(w, r, withMsg("/signin", "account-deleted"))
}

// resetForm is the data of the password reset pages.
type resetForm struct {
	Available bool
	Email     string
	Token     string
	Min       int
	Sent      bool
}

func (s *server) forgotPage(w http.ResponseWriter, r *http.Request) {
	pre := s.preSession(w, r)
	s.render(w, r, http.StatusOK, "forgot", view{Title: "Forgot your password", CSRF: csrfToken(pre),
		Data: resetForm{Available: s.Auth.ResetAvailable()}})
}

func (s *server) forgot(w http.ResponseWriter, r *http.Request) {
	if !s.checkPreSession(w, r) {
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	err := s.Auth.RequestPasswordReset(r.Context(), email)
	pre := s.preSession(w, r)
	v := view{Title: "Forgot your password", CSRF: csrfToken(pre), Data: resetForm{Available: s.Auth.ResetAvailable(), Email: email, Sent: err == nil}}
	status := http.StatusOK
	if err != nil {
		status, v.Error = http.StatusUnprocessableEntity, centavo.ErrorMessage(err)+"."
		if centavo.ErrorCode(err) == centavo.EUNAVAILABLE {
			status = http.StatusServiceUnavailable
		}
	}
	s.render(w, r, status, "forgot", v)
}

func (s *server) resetPage(w http.ResponseWriter, r *http.Request) {
	pre := s.preSession(w, r)
	s.render(w, r, http.StatusOK, "reset", view{Title: "Choose a new password", CSRF: csrfToken(pre),
		Data: resetForm{Token: r.URL.Query().Get("token"), Min: auth.MinPasswordLen}})
}

func (s *server) reset(w http.ResponseWriter, r *http.Request) {
	if !s.checkPreSession(w, r) {
		return
	}
	token, next := strings.TrimSpace(r.PostFormValue("token")), r.PostFormValue("password")
	again := func(msg string) {
		pre := s.preSession(w, r)
		s.render(w, r, http.StatusUnprocessableEntity, "reset", view{Title: "Choose a new password", CSRF: csrfToken(pre), Error: msg,
			Data: resetForm{Token: token, Min: auth.MinPasswordLen}})
	}
	if next != r.PostFormValue("password2") {
		again("The two passwords differ.")
		return
	}
	if err := s.Auth.ConfirmPasswordReset(r.Context(), token, next); err != nil {
		if msg, ok := userError(err); ok {
			again(msg + ".")
			return
		}
		s.fail(w, r, err)
		return
	}
	redirect(w, r, withMsg("/signin", "password-reset"))
}
